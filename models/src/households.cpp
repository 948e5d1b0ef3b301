// Household phases: policy disbursement that reaches households (training),
// digital adoption, and the daily income - consumption - channel choice loop.

#include <algorithm>
#include <cmath>

#include "budgets.hpp"
#include "model_state.hpp"
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

PlaceShares place_shares(const Params& p, const Geography& geo, std::size_t i, const PlaceState& st) {
    const Place& pl = geo.places[i];
    const Terrain terrain = geo.counties[pl.county].terrain;
    const double speed = terrain == Terrain::Plain  ? p.speed_plain
                         : terrain == Terrain::Hill ? p.speed_hill
                                                    : p.speed_mountain;
    std::array<double, kChannels> u{};
    std::array<bool, kChannels> avail{};
    for (int c = 0; c < kChannels; ++c) {
        double lv = p.log_variety[c];
        if (c == kVillageStore && st.store_upgraded) lv += p.store_upgrade_variety;
        if (c == kTownshipCentre && st.township_upgraded) lv += p.township_upgrade_variety;
        if (c == kCountyDistrict && st.district_upgraded) lv += p.district_upgrade_variety;
        u[c] = p.asc[c] + p.beta_variety * lv - p.beta_price * std::log(p.price_index[c]);
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

PlaceState Model::place_state(std::size_t i, bool online_peak) const {
    const Place& pl = geo_.places[i];
    PlaceState st;
    st.store_open = st_.open[i] != 0;
    st.store_upgraded = st_.upgraded[i] != 0;
    st.township_upgraded = fac_.township_upgraded[pl.township] != 0;
    st.district_upgraded = fac_.district_upgraded[pl.county] != 0;
    st.online_peak = online_peak;
    st.service = static_cast<Service>(net_.service[i]);
    st.extra_days = net_.extra_days[pl.county];
    st.offline_access = day_->offline_access;
    return st;
}

void Model::phase_adoption(const sim::Step& s) {
    if (!s.month_start || s.day == 0) return;
    Daily& d = *day_;
    // Peers' adopting share: the village's own share, shrunk towards its township's share when the
    // village has few agents (k = kPeerPrior agents), so imitation does not depend on run.scale
    // (with one agent a village's own share would be just that agent's state).
    std::vector<double> t_adopt(geo_.townships.size(), 0.0), t_agents(geo_.townships.size(), 0.0),
        t_sellers(geo_.townships.size(), 0.0);
    for (std::size_t i = 0; i < geo_.places.size(); ++i) {
        const double n = hh_.first[i + 1] - hh_.first[i];
        t_adopt[geo_.places[i].township] += village_adoption_[i] * n;
        t_agents[geo_.places[i].township] += n;
        t_sellers[geo_.places[i].township] += hh_.weight[i] > 0 ? place_sellers_[i] / hh_.weight[i] : 0.0;
    }
    // Pass 1: spontaneous adoption (Bass) and the households the training would reach.
    const std::size_t P = geo_.places.size();
    std::vector<double> bass(P, 0.0), sell(P, 0.0), cand_buy(P, 0.0), cand_sell(P, 0.0);
    exec_.for_each(P, [&](std::size_t i) {
        const std::uint32_t h0 = hh_.first[i], h1 = hh_.first[i + 1];
        if (h0 == h1) return;
        const bool rural = !geo_.places[i].urban;
        const std::uint32_t t = geo_.places[i].township;
        const double n = h1 - h0;
        const double peers = (n * village_adoption_[i] + kPeerPrior * t_adopt[t] / t_agents[t]) / (n + kPeerPrior);
        bass[i] = p_.bass_p + p_.bass_q * peers;
        // Online selling (rural households): Bass with imitation from the township's sellers,
        // stronger where the township centre has an e-commerce station.
        const double sell_q = p_.seller_q * (fac_.township_upgraded[t] ? 1.0 + p_.station_q_boost : 1.0);
        sell[i] = p_.seller_p + sell_q * t_sellers[t] / std::max(1.0, t_agents[t]);
        for (std::uint32_t h = h0; h < h1; ++h) {
            if (rural && !hh_.seller[h]) {
                const double u =
                    sim::Stream(seed_, streams::kSelling, h, static_cast<std::uint64_t>(s.month)).uniform();
                if (u < sell[i])
                    hh_.seller[h] = 1;
                else if (u < sell[i] + seller_training_prob_[geo_.places[i].county])
                    cand_sell[i] += 1;
            }
            if (!hh_.adopted[h]) {
                const double u =
                    sim::Stream(seed_, streams::kAdoption, h, static_cast<std::uint64_t>(s.month)).uniform();
                if (u < bass[i])
                    hh_.adopted[h] = 1;
                else if (rural && u < bass[i] + training_prob_[geo_.places[i].county])
                    cand_buy[i] += 1;
            }
        }
    });
    // The training money is handed out place by place in a fixed order, so the households
    // trained never cost more than the money released (the chance drawn above is the expected
    // share; the last places may find the money gone). A county's earmark pays for its own
    // places first, the city-wide money for the rest; the county must co-finance its share.
    const std::size_t C = geo_.counties.size();
    auto split = [&](double money, double& buyers, double& sellers) {
        sellers = money * p_.seller_training_budget_share;
        buyers = money - sellers;
    };
    double buyer_left = 0, seller_left = 0;
    split(ecommerce_carry_, buyer_left, seller_left);
    std::vector<double> c_buyer(C, 0.0), c_seller(C, 0.0);
    for (std::size_t c = 0; c < C; ++c)
        if (ecommerce_county_[c] > 0) split(ecommerce_county_[c], c_buyer[c], c_seller[c]);
    for (std::size_t i = 0; i < P; ++i) {
        const double w = hh_.weight[i];
        if (w <= 0) continue;
        const std::size_t c = geo_.places[i].county;
        const double buy_unit = p_.training_cost * w, sell_unit = p_.seller_training_cost * w;
        auto take = [&](double want, double unit, double& county_money, double& city_money) {
            const double from_county = std::min(want, std::floor(std::max(0.0, county_money) / unit));
            const double from_city = std::min(want - from_county, std::floor(std::max(0.0, city_money) / unit));
            county_money -= from_county * unit;
            city_money -= from_city * unit;
            return from_county + from_city;
        };
        // What the county can co-finance caps the place's trainees (buyers first).
        if (const double want = cand_buy[i] * buy_unit + cand_sell[i] * sell_unit; !funding_->covers(c, want)) {
            double cap = funding_->affordable(c, want);
            cand_buy[i] = std::min(cand_buy[i], std::floor(cap / buy_unit));
            cap -= cand_buy[i] * buy_unit;
            cand_sell[i] = std::min(cand_sell[i], std::floor(std::max(0.0, cap) / sell_unit));
        }
        cand_buy[i] = take(cand_buy[i], buy_unit, c_buyer[c], buyer_left);
        cand_sell[i] = take(cand_sell[i], sell_unit, c_seller[c], seller_left);
        funding_->spend(c, cand_buy[i] * buy_unit + cand_sell[i] * sell_unit);
    }
    ecommerce_carry_ = buyer_left + seller_left;
    for (std::size_t c = 0; c < C; ++c)
        if (ecommerce_county_[c] > 0) ecommerce_county_[c] = c_buyer[c] + c_seller[c];
    // Pass 2: train the first households of each place's quota (same draws as pass 1).
    exec_.for_each(P, [&](std::size_t i) {
        const std::uint32_t h0 = hh_.first[i], h1 = hh_.first[i + 1];
        if (h0 == h1) return;
        double buy_quota = cand_buy[i], sell_quota = cand_sell[i];
        double sellers = 0, adopters = 0;
        for (std::uint32_t h = h0; h < h1; ++h) {
            if (sell_quota > 0 && !hh_.seller[h]) {
                const double u =
                    sim::Stream(seed_, streams::kSelling, h, static_cast<std::uint64_t>(s.month)).uniform();
                if (u < sell[i] + seller_training_prob_[geo_.places[i].county]) {
                    hh_.seller[h] = 1;
                    sell_quota -= 1;
                }
            }
            if (buy_quota > 0 && !hh_.adopted[h]) {
                const double u =
                    sim::Stream(seed_, streams::kAdoption, h, static_cast<std::uint64_t>(s.month)).uniform();
                if (u < bass[i] + training_prob_[geo_.places[i].county]) {
                    hh_.adopted[h] = 1;
                    buy_quota -= 1;
                }
            }
            sellers += hh_.seller[h];
            adopters += hh_.adopted[h];
        }
        village_adoption_[i] = adopters / (h1 - h0);
        place_sellers_[i] = sellers * hh_.weight[i];
        d.place[i][kTrainees] = cand_buy[i] * hh_.weight[i];
        d.place[i][kSellerTrainees] = cand_sell[i] * hh_.weight[i];
    });
    for (std::size_t i = 0; i < P; ++i)
        d.spend_ecommerce[geo_.places[i].county] +=
            d.place[i][kTrainees] * p_.training_cost + d.place[i][kSellerTrainees] * p_.seller_training_cost;
}

void Model::phase_households(const sim::Step& s) {
    Daily& d = *day_;
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
                Row& out = d.place[i];
                if (h0 == h1) continue;
                const bool urban = geo_.places[i].urban;
                const double scale = hh_.weight[i];
                // The shares depend on a handful of place flags that change a few times a year at most.
                const PlaceState state = place_state(i, d.online_peak);
                if (!share_valid_[i] || !(state == share_state_[i])) {
                    share_cache_[i] = place_shares(p_, geo_, i, state);
                    share_state_[i] = state;
                    share_valid_[i] = 1;
                }
                const PlaceShares& sh = share_cache_[i];
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
                    st_.sales_ema[i] = 0.9 * st_.sales_ema[i] + 0.1 * demand[kVillageStore] / m;
                }
                out[kVillageSales] = store_sales;
                out[kTownshipDemand] = demand[kTownshipCentre] + (demand[kVillageStore] - store_sales);
                out[kDistrictDemand] = demand[kCountyDistrict];
                out[kOnlineBuys] = demand[kOnline];
            }
        },
        1);
}

}  // namespace ruralsim::models
