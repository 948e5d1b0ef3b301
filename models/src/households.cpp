// Households: the channel choice (multinomial logit over the channels a place has) and the daily
// income - consumption - channel choice loop, with the village store's sales from stock.

#include <algorithm>
#include <cmath>

#include "budgets.hpp"
#include "ruralsim/models/facilities.hpp"
#include "ruralsim/models/markets.hpp"
#include "ruralsim/models/model.hpp"
#ifdef RURALSIM_AVX512
#include <immintrin.h>
#endif
#include "ruralsim/models/streams.hpp"
#include "ruralsim/sim/draws.hpp"
#include "ruralsim/sim/rng.hpp"

namespace ruralsim::models {

namespace {

/// Multinomial-logit shares over the available channels.
void logit(const std::array<double, kChannels>& u, const std::array<bool, kChannels>& available,
           std::array<double, kChannels>& share) {
    double top = -1e300;
    for (int c = 0; c < kChannels; ++c)
        if (available[c]) top = std::max(top, u[c]);
    double sum = 0;
    for (int c = 0; c < kChannels; ++c) sum += share[c] = available[c] ? std::exp(u[c] - top) : 0.0;
    for (auto& x : share) x /= sum;
}

}  // namespace

#ifdef RURALSIM_AVX512
/// budgets_scalar eight households at a time, the last group masked (places hold a few to a few
/// hundred agents, so a scalar remainder would cost as much as the vector part). The results
/// go to inc, cons and after with whole-vector stores, which the caller's scalar loads can read
/// straight from the store buffer (a masked store would stall them).
/// max_pd(v, 0) is std::max(0.0, v) and min_pd(b, c) is std::min(c, b), zeros and NaN included.
__attribute__((target("avx512f,avx512bw,avx512vl"))) void detail::budgets_avx512(
    const BudgetTerms& t, std::uint32_t n, const float* __restrict income, const std::uint8_t* __restrict adopted,
    const double* __restrict noise, double* __restrict wealth, double* __restrict inc, double* __restrict cons,
    double* __restrict after) {
    const __m512d gf = _mm512_set1_pd(t.gf), mpc = _mm512_set1_pd(t.mpc), buffer = _mm512_set1_pd(t.buffer_months),
                  ws = _mm512_set1_pd(t.wealth_spend), season = _mm512_set1_pd(t.season),
                  open0 = _mm512_set1_pd(t.open[0]), open1 = _mm512_set1_pd(t.open[1]),
                  month = _mm512_set1_pd(detail::kMonthDays), zero = _mm512_setzero_pd();
    for (std::uint32_t k = 0; k < n; k += 8) {
        const std::uint32_t m = std::min(8u, n - k);
        const __mmask8 lanes = static_cast<__mmask8>((1u << m) - 1u);
        const __mmask8 adopter = _mm_mask_test_epi8_mask(lanes, _mm_maskz_loadu_epi8(lanes, adopted + k),
                                                         _mm_set1_epi8(-1));  // flag != 0
        const __m512d y = _mm512_mul_pd(_mm512_cvtps_pd(_mm256_maskz_loadu_ps(lanes, income + k)), gf);
        const __m512d w = _mm512_maskz_loadu_pd(lanes, wealth + k);
        const __m512d excess = _mm512_max_pd(_mm512_sub_pd(w, _mm512_mul_pd(_mm512_mul_pd(buffer, y), month)), zero);
        const __m512d open = _mm512_mask_blend_pd(adopter, open0, open1);
        __m512d c = _mm512_add_pd(_mm512_mul_pd(mpc, y), _mm512_div_pd(_mm512_mul_pd(ws, excess), month));
        c = _mm512_mul_pd(_mm512_mul_pd(_mm512_mul_pd(c, season), open), _mm512_maskz_loadu_pd(lanes, noise + k));
        c = _mm512_min_pd(_mm512_add_pd(w, y), c);
        const __m512d w1 = _mm512_add_pd(w, _mm512_sub_pd(y, c));
        _mm512_mask_storeu_pd(wealth + k, lanes, w1);
        _mm512_storeu_pd(after + k, w1);
        _mm512_storeu_pd(inc + k, y);
        _mm512_storeu_pd(cons + k, c);
    }
}
#endif

namespace {

using detail::BudgetTerms;
constexpr std::uint32_t kAvxMin = 4;
/// A store's smoothed daily sales: yesterday's smoothed value kept, today's demand added (docs/ODD.md 7.16:
/// an assumption). Two constants: 1 - 0.1 is not 0.9 in floating point.
constexpr double kSalesKeep = 0.9, kSalesNew = 0.1;

/// budgets_scalar, eight at a time where the CPU has AVX-512 and the place is large enough to pay
/// for the call (places of a few agents, common at coarse scales, stay inline).
inline void budgets(const BudgetTerms& t, std::uint32_t n, const float* income, const std::uint8_t* adopted,
                    const double* noise, double* wealth, double* inc, double* cons, double* after) {
#ifdef RURALSIM_AVX512
    static const bool avx512 = sim::avx512_kernels();
    if (avx512 && n >= kAvxMin) return detail::budgets_avx512(t, n, income, adopted, noise, wealth, inc, cons, after);
#endif
    detail::budgets_scalar(t, n, income, adopted, noise, wealth, inc, cons, after);
}

}  // namespace

PlaceShares place_shares(const Params& p, const std::array<double, kChannels>& price, const Geography& geo,
                         std::size_t i, const PlaceState& st) {
    const Place& pl = geo.places[i];
    const Terrain terrain = geo.counties[pl.county].terrain;
    const double speed = terrain == Terrain::Plain  ? p.speed_plain
                         : terrain == Terrain::Hill ? p.speed_hill
                                                    : p.speed_mountain;
    std::array<double, kChannels> u{};
    std::array<bool, kChannels> avail{};
    for (int c = 0; c < kChannels; ++c) {
        double lv = p.log_variety[c];
        if (c == kVillageStore && st.store_variety != 0) lv += st.store_variety;
        if (c == kTownshipCentre && st.township_variety != 0) lv += st.township_variety;
        if (c == kCountyDistrict && st.district_variety != 0) lv += st.district_variety;
        u[c] = p.asc[c] + p.beta_variety * lv - p.beta_price * std::log(price[c]);
    }
    double days = p.delivery_days_base + st.extra_days;
    if (pl.urban) {
        avail = {false, false, true, true};
        u[kCountyDistrict] -= p.beta_time * p.urban_trip_hours;
    } else {
        const double county_km = geo.townships[pl.township].county_km;
        const double t_township = 2.0 * pl.township_km / speed;
        const double t_county = 2.0 * (pl.township_km + county_km) / speed;
        avail = {st.store_open, true, true, st.service != kNoService};
        u[kTownshipCentre] -= p.beta_time * t_township;
        u[kCountyDistrict] -= p.beta_time * t_county;
        // Parcels come to the village daily or on periodic route days; at pick-up-only
        // villages the household fetches them from the township (half a trip: combined with others).
        if (st.service != kDaily) days += p.delivery_days_periodic;
        if (st.service == kPickup) u[kOnline] -= p.beta_time * 0.5 * t_township;
    }
    u[kOnline] -= p.beta_delivery * days;
    // A demand shock closes a share of physical shopping (markets, centres, shops): the offline
    // channels' logit weights shrink by it, so households who can buy online turn to it.
    if (st.offline_access < 1.0) {
        const double lost = std::log(std::max(st.offline_access, 1e-9));
        u[kVillageStore] += lost;
        u[kTownshipCentre] += lost;
        u[kCountyDistrict] += lost;
        // Village closures stop part of the rural parcel service too.
        if (!pl.urban) u[kOnline] += std::log(std::max(p.macro.rural_parcel_access(st.offline_access), 1e-9));
    }
    if (st.online_peak) u[kOnline] += p.online_peak_utility;
    PlaceShares s;
    logit(u, avail, s.adopter);
    avail[kOnline] = false;
    logit(u, avail, s.other);
    return s;
}

ChannelChoice::ChannelChoice(const sim::Scenario& sc, const Params& p, const Geography& geo,
                             const VillageStores& stores, const DayFactors& day)
    : p_(p), geo_(geo), stores_(stores), day_(day) {
    // Each channel's price relative to wholesale cost: the store's, the markets' markups, online
    // relative to the district's shelf price; the variety an upgraded facility adds.
    const auto market = bound<MarketParams>(sc);
    const auto facilities = bound<FacilityParams>(sc);
    price_ = {1.0 + p_.store_markup, 1.0 + market.township_markup, 1.0 + market.district_markup,
              (1.0 + market.district_markup) * p_.price_online};
    township_variety_ = facilities.township_upgrade_variety;
    district_variety_ = facilities.district_upgrade_variety;
    forget();
}

void ChannelChoice::start(const Shared& shared) {
    fac_ = &shared.get<Facilities>("facilities");
    net_ = &shared.get<Network>("network");
}

void ChannelChoice::forget() {
    const std::size_t P = geo_.places.size();
    state_.assign(P, PlaceState{});
    cache_.assign(P, PlaceShares{});
    valid_.assign(P, 0);
}

PlaceState ChannelChoice::state(std::size_t i, bool online_peak) const {
    const Place& pl = geo_.places[i];
    PlaceState st;
    st.store_open = stores_.open[i] != 0;
    st.store_variety = stores_.upgraded[i] ? p_.store_upgrade_variety : 0.0;
    st.township_variety = fac_->township_upgraded[pl.township] ? township_variety_ : 0.0;
    st.district_variety = fac_->district_upgraded[pl.county] ? district_variety_ : 0.0;
    st.online_peak = online_peak;
    st.service = static_cast<Service>(net_->service[i]);
    st.extra_days = net_->extra_days[pl.county];
    st.offline_access = day_.offline_access;
    return st;
}

const PlaceShares& ChannelChoice::cached(std::size_t i, const PlaceState& st) {
    if (!valid_[i] || !(st == state_[i])) {
        cache_[i] = shares(i, st);
        state_[i] = st;
        valid_[i] = 1;
    }
    return cache_[i];
}

void Model::phase_households(const sim::Step& s) {
    const DayFactors& d = day_;
    const double persons = p_.persons_per_household;
    const double sigma = p_.spending_noise;
    const auto day = static_cast<std::uint32_t>(s.day);
    // Blocks of consecutive places (hh_blocks_) run in parallel. Within a block the spending
    // noise is drawn for up to kBatch consecutive households at a time (vectorised), across place
    // boundaries, so small places share one batch; a draw depends only on its household and day.
    constexpr std::uint32_t kBatch = 256;
    const double gf_urban = d.gf_urban * persons / 365.0, gf_rural = d.gf_rural * persons / 365.0;
    exec_.for_each(
        hh_blocks_.size() - 1,
        [&](std::size_t blk) {
            const std::uint32_t block_end = hh_.first[hh_blocks_[blk + 1]];
            double noise[kBatch], cons[kBatch + 8], inc[kBatch + 8], after[kBatch + 8];
            std::uint32_t w0 = 0, w1 = 0;  // households [w0, w1) have their noise in noise[]
            for (std::size_t i = hh_blocks_[blk]; i < hh_blocks_[blk + 1]; ++i) {
                if (s.month_start) place_month_goods_[i] = 0.0;
                const std::uint32_t h0 = hh_.first[i], h1 = hh_.first[i + 1];
                double* out = table_.place(i);
                if (h0 == h1) continue;
                const bool urban = geo_.places[i].urban;
                const double scale = hh_.weight[i];
                const PlaceShares& sh = choice_->cached(i, choice_->state(i, d.online_peak));
                const double gf = urban ? gf_urban : gf_rural;
                const double mpc = urban ? p_.mpc_urban : p_.mpc_rural;
                const double goods_share = urban ? p_.goods_share_urban : p_.goods_share_rural;
                // Spending left when shops close (demand shocks): the open share for a household not shopping
                // online [0] and one that does [1]; online shoppers make up part of it where parcels come.
                // They lose only on what they bought offline before the closure, the share `off` (undoing the
                // closure's logit weights: ln(offline_access) offline, ln(parcel access) online in villages).
                // (With every shop open the formula below gives exactly 1: skipped.)
                std::array<double, 2> open{d.offline_access, d.offline_access};
                if (sh.adopter[kOnline] > 0 && d.offline_access != 1.0) {
                    // In villages only the working parcel service takes up the substitution.
                    const double parcels = urban ? 1.0 : std::max(p_.macro.rural_parcel_access(d.offline_access), 1e-9);
                    const double a = std::max(d.offline_access, 1e-9);
                    const double off_w = (1.0 - sh.adopter[kOnline]) / a, on_w = sh.adopter[kOnline] / parcels;
                    const double off = off_w / (off_w + on_w);
                    // Lost: closed shops' part of the offline purchases not bought online instead, and the
                    // online purchases the stopped parcel service cannot bring.
                    open[1] = 1.0 - (1.0 - d.offline_access) * (1.0 - p_.macro.online_substitution * parcels) * off -
                              (1.0 - parcels) * (1.0 - off);
                }
                double income = 0, spend = 0, goods_a = 0, goods_o = 0, wealth = 0, adopters = 0;
                // A batch of households at a time: spending noise (vectorised draws), then the budgets
                // (eight households at a time), then the sums in household order (the same order at any
                // thread count).
                const BudgetTerms terms{gf, mpc, p_.buffer_months, p_.wealth_spend, d.season, {open[0], open[1]}};
                for (std::uint32_t b0 = h0, n = 0; b0 < h1; b0 += n) {
                    if (b0 >= w1) {
                        w0 = b0;
                        w1 = w0 + std::min(kBatch, block_end - w0);
                        sim::lognormal_noise(seed_, streams::kSpending, w0, w1 - w0, day, sigma, noise);
                    }
                    n = std::min(h1, w1) - b0;
                    const std::uint8_t* ad = hh_.adopted.data() + b0;
                    budgets(terms, n, hh_.income.data() + b0, ad, noise + (b0 - w0), hh_.wealth.data() + b0, inc, cons,
                            after);
                    for (std::uint32_t k = 0; k < n; ++k) {
                        income += inc[k];
                        spend += cons[k];
                        wealth += after[k];
                        // Branch-free split of goods spending (a is 0 or 1: adding 0 leaves a sum unchanged).
                        const double a = ad[k], g = cons[k] * goods_share;
                        goods_a += a * g;
                        goods_o += (1.0 - a) * g;
                        adopters += a;
                    }
                }
                const double agents = h1 - h0;
                // Module payments (sericulture, remittances, ...) booked yesterday, shared equally.
                if (pending_income_[i] != 0.0) {
                    const double each = pending_income_[i] / (agents * scale);
                    wealth = 0;
                    for (std::uint32_t h = h0; h < h1; ++h) wealth += (hh_.wealth[h] += each);
                    out[kModuleIncome] = pending_income_[i];
                    pending_income_[i] = 0.0;
                }
                out[kIncome] = income * scale;
                out[kConsumption] = spend * scale;
                out[kGoods] = (goods_a + goods_o) * scale;
                out[kWealth] = wealth * scale;
                out[kAdopters] = adopters * scale;
                out[kHouseholds] = agents * scale;
                out[kPersons] = agents * scale * persons;
                std::array<double, kChannels> demand{};
                for (int c = 0; c < kChannels; ++c)
                    demand[c] = (goods_a * sh.adopter[c] + goods_o * sh.other[c]) * scale;
                place_month_goods_[i] += out[kGoods];

                // The village store sells from stock; what it cannot supply is bought at the township centre.
                double store_sales = 0;
                if (st_.open[i]) {
                    const double m = 1.0 + p_.store_markup;
                    store_sales = std::min(demand[kVillageStore], std::max(0.0, st_.stock[i]) * m);
                    st_.stock[i] -= store_sales / m;
                    st_.cash[i] += store_sales;
                    st_.month_profit[i] += store_sales - store_sales / m;
                    st_.sales_ema[i] = kSalesKeep * st_.sales_ema[i] + kSalesNew * demand[kVillageStore] / m;
                }
                out[kVillageSales] = store_sales;
                out[kTownshipDemand] = demand[kTownshipCentre] + (demand[kVillageStore] - store_sales);
                out[kDistrictDemand] = demand[kCountyDistrict];
                out[kOnlineBuys] = demand[kOnline];
            }
        },
        1);
}

/// Household income, wealth and the budget rule (docs/ODD.md 7.2).
void bind_household_params(sim::ParamBinder& b, Params& p) {
    b.real("household.persons", p.persons_per_household, 2.45, {1, 10}, {2.3, 2.8}, "persons", "persons per household",
           sim::source("2020 census communique no. 1 (average family household size 2.45)"));
    b.real("household.income_urban", p.income_urban, 43502, {0, 1e6}, {38000, 48000}, "yuan/person/year",
           "urban per-capita disposable income in household.income_year (annual figure; the macro path carries it to "
           "the start date)",
           sim::source(
               "data/city_facts.csv: Chongqing 2021 urban per-capita disposable income 43,502 yuan (A: as commonly "
               "reported, communique not retrieved)"));
    b.real("household.income_rural", p.income_rural, 18100, {0, 1e6}, {16000, 20000}, "yuan/person/year",
           "rural per-capita disposable income in household.income_year (annual figure; the macro path carries it to "
           "the start date)",
           sim::source(
               "data/city_facts.csv: Chongqing 2021 rural per-capita disposable income 18,100 yuan (A); national 2021 "
               "rural 18,931 (NBS, H)"));
    b.integer("household.income_year", p.income_year, 2021, {1990, 2100}, {2021, 2021}, "year",
              "year whose annual per-capita incomes household.income_urban/rural give",
              sim::source("data/city_facts.csv (2021 figures)"));
    b.real("household.income_sigma", p.income_sigma, 0.55, {0, 2}, {0.4, 0.7}, "log-sd",
           "dispersion of per-capita income across households (log-normal)", sim::assumption());
    b.real("household.income_rural_ne", p.income_group_rural[1], 0.92, {0.1, 2}, {0.85, 1.0}, "1",
           "rural income multiplier, north-east Three Gorges cluster", sim::assumption());
    b.real("household.income_rural_se", p.income_group_rural[2], 0.90, {0.1, 2}, {0.82, 1.0}, "1",
           "rural income multiplier, south-east Wuling cluster", sim::assumption());
    b.real("household.mpc_urban", p.mpc_urban, 0.62, {0, 1.5}, {0.55, 0.7}, "1", "share of current income spent, urban",
           sim::assumption("urban consumption/income ratio in Chongqing about 0.6-0.65"));
    b.real("household.mpc_rural", p.mpc_rural, 0.82, {0, 1.5}, {0.75, 0.9}, "1", "share of current income spent, rural",
           sim::assumption("rural consumption/income ratio in Chongqing about 0.8-0.9"));
    b.real("household.wealth_spend", p.wealth_spend, 0.01, {0, 1}, {0.005, 0.03}, "1/month",
           "share of liquid wealth above the buffer spent each month (buffer-stock rule)", sim::assumption());
    b.real("household.buffer_months", p.buffer_months, 6, {0, 120}, {3, 12}, "months of income",
           "target buffer of liquid wealth", sim::assumption());
    b.real("household.initial_wealth_months", p.initial_wealth_months, 10, {0, 240}, {6, 18}, "months of income",
           "mean liquid wealth at the start", sim::assumption());
    b.real("household.wealth_sigma", p.wealth_sigma, 0.8, {0, 3}, {0.5, 1.2}, "log-sd", "dispersion of initial wealth",
           sim::assumption());
    b.real("household.goods_share_urban", p.goods_share_urban, 0.5, {0, 1}, {0.42, 0.58}, "1",
           "share of urban consumption spent on goods (retail) rather than services", sim::assumption());
    b.real("household.goods_share_rural", p.goods_share_rural, 0.58, {0, 1}, {0.5, 0.66}, "1",
           "share of rural consumption spent on goods", sim::assumption());
    b.real("adoption.rural_initial", p.adoption_rural0, 0.45, {0, 1}, {0.35, 0.55}, "1",
           "share of rural households shopping online at the start",
           sim::assumption("below CNNIC rural internet penetration 57.6 % (Dec 2021)"));
    b.real("adoption.urban_initial", p.adoption_urban0, 0.78, {0, 1}, {0.7, 0.85}, "1",
           "share of urban households shopping online at the start",
           sim::assumption("below CNNIC urban internet penetration 81.3 % (Dec 2021)"));
    b.real("ecommerce.seller_share_initial", p.seller_share0, 0.03, {0, 1}, {0.015, 0.06}, "1",
           "share of rural households selling online at the start", sim::assumption());
    b.real("household.spending_noise", p.spending_noise, 0.3, {0, 2}, {0.15, 0.45}, "log-sd",
           "day-to-day noise of a household's spending", sim::assumption());
    b.real("household.spring_festival_boost", p.spring_festival_boost, 0.6, {0, 5}, {0.3, 1.0}, "1",
           "extra spending in the 14 days before Spring Festival (0.6 = +60 %)", sim::assumption());
    static const char* kMonths[] = {"jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"};
    // Shaped on the NBS monthly retail sales profile.
    static const double kMonthFactor[] = {1.00, 0.97, 0.97, 0.95, 1.00, 1.02, 0.96, 0.97, 1.01, 1.05, 1.04, 1.08};
    for (std::size_t m = 0; m < 12; ++m)
        b.real(std::string("season.") + kMonths[m], p.month_factor[m], kMonthFactor[m], {0.2, 3},
               {kMonthFactor[m] * 0.9, kMonthFactor[m] * 1.1}, "1",
               std::string("seasonal spending factor for ") + kMonths[m] + " (the Spring Festival boost comes on top)",
               sim::assumption("shaped on NBS monthly retail sales profile"));
}

/// The channel choice (docs/ODD.md 7.3).
void bind_channel_params(sim::ParamBinder& b, Params& p) {
    // --- channel choice (multinomial logit) --------------------------------------
    b.real("channel.asc_township", p.asc[1], -0.2, {-10, 10}, {-1.5, 0.5}, "utils",
           "alternative-specific constant of the township centre (village store = 0)", sim::assumption());
    b.real("channel.asc_county", p.asc[2], -0.4, {-10, 10}, {-1.5, 0.5}, "utils",
           "alternative-specific constant of the county-seat business district", sim::assumption());
    b.real("channel.asc_online", p.asc[3], -1.6, {-10, 10}, {-2.5, -0.5}, "utils",
           "alternative-specific constant of online shopping", sim::assumption());
    b.real("channel.variety_village", p.log_variety[0], 0.0, {-5, 5}, {0, 0}, "log index", "variety of a village store",
           sim::assumption());
    b.real("channel.variety_township", p.log_variety[1], 0.7, {-5, 5}, {0.4, 1.0}, "log index",
           "variety of a township centre", sim::assumption());
    b.real("channel.variety_county", p.log_variety[2], 1.4, {-5, 5}, {1.0, 1.8}, "log index",
           "variety of a county business district", sim::assumption());
    b.real("channel.variety_online", p.log_variety[3], 2.2, {-5, 5}, {1.6, 2.8}, "log index", "variety online",
           sim::assumption());
    b.real("channel.beta_variety", p.beta_variety, 0.8, {0, 10}, {0.4, 1.2}, "utils per log variety",
           "taste for variety", sim::assumption());
    b.real("channel.beta_price", p.beta_price, 4.0, {0, 50}, {2, 8}, "utils per log price", "price sensitivity",
           sim::assumption());
    b.real("channel.beta_time", p.beta_time, 0.9, {0, 20}, {0.4, 1.5}, "utils per hour",
           "disutility of round-trip travel time", sim::assumption());
    b.real("channel.beta_delivery", p.beta_delivery, 0.12, {0, 5}, {0.05, 0.3}, "utils per day",
           "disutility of waiting for a parcel", sim::assumption());
    b.real("channel.online_peak_utility", p.online_peak_utility, 0.5, {0, 5}, {0.2, 1.0}, "utils",
           "extra online utility on the 618 (1-18 June) and Double 11 (1-11 November) promotion days",
           sim::assumption());
    b.real("channel.price_online", p.price_online, 0.93, {0.1, 5}, {0.85, 1.0}, "1",
           "online price level relative to the county district's shelf price", sim::assumption());
    b.real("channel.urban_trip_hours", p.urban_trip_hours, 0.5, {0, 10}, {0.3, 1.0}, "hours",
           "round-trip time of an urban household to its business district", sim::assumption());
    b.real("terrain.speed_plain", p.speed_plain, 40, {1, 200}, {30, 50}, "km/h", "travel speed on rural roads, plain",
           sim::assumption());
    b.real("terrain.speed_hill", p.speed_hill, 30, {1, 200}, {22, 38}, "km/h", "travel speed on rural roads, hill",
           sim::assumption());
    b.real("terrain.speed_mountain", p.speed_mountain, 22, {1, 200}, {15, 30}, "km/h",
           "travel speed on rural roads, mountain", sim::assumption());
    b.real("delivery.base_days", p.delivery_days_base, 2.0, {0, 30}, {1.5, 3}, "days",
           "days from order to a parcel reaching the township", sim::assumption());
    b.real("delivery.periodic_extra_days", p.delivery_days_periodic, 2.0, {0, 30}, {1, 3}, "days",
           "extra days to villages served periodically rather than daily", sim::assumption());
    b.real("delivery.daily_route_km", p.daily_route_km, 6.0, {0, 100}, {3, 10}, "km",
           "villages within this distance of the township are served daily; farther ones periodically",
           sim::assumption());
}

}  // namespace ruralsim::models
