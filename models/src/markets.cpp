// Township commerce centres, county-seat business districts and online sellers: the day's sales
// of every channel but the village store, rural sellers' sales to outside buyers and the
// carriers' fees (docs/ODD.md 7.5-7.7).

#include "ruralsim/models/markets.hpp"

#include <algorithm>
#include <cmath>

#include "pinned_size.hpp"
#include "ruralsim/models/facilities.hpp"
#include "ruralsim/models/logistics.hpp"

namespace ruralsim::models {

namespace {

class Markets final : public Module {
public:
    explicit Markets(const Context& c)
        : c_(c), p_(bound<MarketParams>(c.scenario)), net_params_(bound<LogisticsParams>(c.scenario)),
          fac_params_(bound<FacilityParams>(c.scenario)) {
        const Geography& g = c.geo;
        const std::size_t C = g.counties.size();
        township_cash_.assign(g.townships.size(), 0.0);
        district_cash_.assign(C, 0.0);
        for (auto* v : {&township_sales_,        &township_cogs_,         &township_fixed_, &district_sales_,
                        &district_cogs_,         &rural_online_,          &urban_online_,   &outside_online_,
                        &rural_online_local_,    &urban_online_local_,    &ext_urban_,      &station_sales_,
                        &seller_sales_,          &seller_produce_,        &seller_gain_,    &fees_.down_outside,
                        &fees_.down_local_rural, &fees_.down_local_urban, &fees_.up,        &urban_weight_})
            v->assign(C, 0.0);
        double urban = 0;
        for (const Place& pl : g.places)
            if (pl.urban) urban += pl.real_households;
        for (const Place& pl : g.places)
            if (pl.urban) urban_weight_[pl.county] += urban > 0 ? pl.real_households / urban : 0.0;
        col_.sellers = c.table.column("sellers");
        col_.sales = c.table.column("seller_sales");
        col_.produce = c.table.column("seller_produce");
        col_.down = c.table.column("parcels_down");
        col_.up = c.table.column("parcels_up");
        c.shared.publish("markets.fees", fees_);
    }

    void start(const Shared& shared) override {
        fac_ = &shared.get<Facilities>("facilities");
        net_ = &shared.get<Network>("network");
    }

    void declare_indicators(sim::Indicators& I) override {
        using sim::Aggregation;
        id_.rural = I.add({"rural_retail_sales", "yuan",
                           "retail sales by sellers located in townships and villages: village stores, township "
                           "centres, rural online sellers",
                           Aggregation::Sum});
        id_.urban = I.add(
            {"urban_retail_sales", "yuan",
             "retail sales by sellers located in urban areas: county-seat business districts, urban online sellers",
             Aggregation::Sum});
        id_.rural_online = I.add({"rural_online_retail", "yuan",
                                  "online sales by sellers located in rural areas (to any buyer)", Aggregation::Sum});
        id_.urban_online = I.add({"urban_online_retail", "yuan",
                                  "online sales by Chongqing sellers located in urban areas", Aggregation::Sum});
        id_.outside = I.add({"online_purchases_outside", "yuan",
                             "online purchases by Chongqing households from sellers outside Chongqing (counted in "
                             "neither retail total)",
                             Aggregation::Sum});
        id_.township = I.add({"township_centre_sales", "yuan", "sales of township commerce centres", Aggregation::Sum});
        id_.district =
            I.add({"county_district_sales", "yuan", "sales of county-seat business districts", Aggregation::Sum});
        id_.agri = I.add({"agri_online_retail", "yuan",
                          "farm-produce part of online sales by Chongqing (rural) sellers", Aggregation::Sum});
        id_.sellers =
            I.add({"rural_online_sellers", "households", "rural households selling online", Aggregation::Last});
        id_.stations = I.add({"filling_station_sales", "yuan",
                              "sales of filling-station centres (part of township sales)", Aggregation::Sum});
        id_.down = I.add({"parcels_down", "parcels", "parcels delivered to rural households", Aggregation::Sum});
        id_.up = I.add({"parcels_up", "parcels", "parcels of rural sellers sent out", Aggregation::Sum});
        const auto rg = I.add_growth("rural_retail_growth", id_.rural, "year-on-year growth of rural retail sales");
        const auto ug = I.add_growth("urban_retail_growth", id_.urban, "year-on-year growth of urban retail sales");
        I.add_difference("rural_urban_growth_gap", rg, ug, "percentage points",
                         "rural minus urban retail sales growth");
        I.add_growth("rural_online_retail_growth", id_.rural_online, "year-on-year growth of rural online retail");
        I.add_growth("agri_online_retail_growth", id_.agri, "year-on-year growth of agri-product online retail");
    }

    void add_phases(sim::Scheduler& s) override {
        // After the households have chosen their channels (and the stores restocked), before the network.
        s.add("markets", [this](const sim::Step& st) { step(st); },
              {.after = {"restock"}, .before = {"store_dynamics"}});
    }

    /// Households pay the centres, districts and sellers; outside buyers pay the sellers; whoever sold
    /// pays the carriers' fees; rural sellers pass their gain to the selling households (paid out
    /// tomorrow) and buy the rest of what they sell; urban sellers buy what they sell at the district
    /// markup's cost; centres and districts buy their goods and centres pay their fixed costs.
    void book(const sim::Step&) override {
        sim::Ledger& L = c_.ledger;
        const SectorAccounts& a = c_.accounts;
        auto sum = [](const std::vector<double>& v) { return sim::ordered_sum(v); };
        L.transfer(a.households, a.township_centres, sum(township_sales_));
        L.transfer(a.households, a.districts, sum(district_sales_));
        L.transfer(a.households, a.rural_sellers, sum(rural_online_local_));
        L.transfer(a.households, a.urban_sellers, sum(urban_online_local_));
        L.transfer(a.households, a.out_of_region, sum(outside_online_));
        L.transfer(a.out_of_region, a.rural_sellers, sum(seller_sales_));
        L.transfer(a.out_of_region, a.urban_sellers, sum(ext_urban_));
        L.transfer(a.out_of_region, a.carriers, sum(fees_.down_outside));
        L.transfer(a.rural_sellers, a.carriers, sum(fees_.down_local_rural) + sum(fees_.up));
        L.transfer(a.urban_sellers, a.carriers, sum(fees_.down_local_urban));
        L.transfer(a.rural_sellers, a.pending_income, sum(seller_gain_));
        L.transfer(a.rural_sellers, a.suppliers,
                   sum(rural_online_) - sum(fees_.down_local_rural) - sum(fees_.up) - sum(seller_gain_));
        L.transfer(a.urban_sellers, a.suppliers, sum(urban_online_) / (1.0 + p_.district_markup));
        L.transfer(a.township_centres, a.suppliers, sum(township_cogs_));
        L.transfer(a.township_centres, a.rest_of_economy, sum(township_fixed_));
        L.transfer(a.districts, a.suppliers, sum(district_cogs_));
        L.report_holdings(a.township_centres, sum(township_cash_));
        L.report_holdings(a.districts, sum(district_cash_));
    }

    void record(const sim::Step& st, sim::Indicators& I) override {
        const DayTable& t = c_.table;
        CountyRecorder R(I, st.day, c_.geo.counties.size());
        R.sum(id_.rural,
              [&](std::size_t k) { return t.county(k)[kVillageSales] + township_sales_[k] + rural_online_[k]; });
        R.sum(id_.urban, [&](std::size_t k) { return district_sales_[k] + urban_online_[k]; });
        R.sum(id_.rural_online, [&](std::size_t k) { return rural_online_[k]; });
        R.sum(id_.urban_online, [&](std::size_t k) { return urban_online_[k]; });
        R.sum(id_.outside, [&](std::size_t k) { return outside_online_[k]; });
        R.sum(id_.township, [&](std::size_t k) { return township_sales_[k]; });
        R.sum(id_.district, [&](std::size_t k) { return district_sales_[k]; });
        R.sum(id_.agri, [&](std::size_t k) { return seller_produce_[k] + rural_online_local_[k] * p_.produce_share; });
        R.sum(id_.sellers, [&](std::size_t k) { return t.rural(k)[col_.sellers]; });
        R.sum(id_.stations, [&](std::size_t k) { return station_sales_[k]; });
        R.sum(id_.down, [&](std::size_t k) { return t.rural(k)[col_.down]; });
        R.sum(id_.up, [&](std::size_t k) { return t.rural(k)[col_.up]; });
    }

    const char* name() const override { return "markets"; }

    /// Derived, not saved: c_ and the parameters (the scenario), urban_weight_ (the geography), the
    /// day's per-county sums (rebuilt each day before use), the pointers, columns and ids.
    void state(sim::checkpoint::Archive& a) override {
        a("township_cash", township_cash_);
        a("district_cash", district_cash_);
    }

private:
    void step(const sim::Step& s);

    Context c_;
    MarketParams p_;
    LogisticsParams net_params_;  ///< parcel values and fees, the perishable share, the service's reach
    FacilityParams fac_params_;   ///< the filling-station centres' share of their township's sales
    const Facilities* fac_ = nullptr;
    const Network* net_ = nullptr;
    std::vector<double> township_cash_, district_cash_;  ///< per township, per county
    std::vector<double> urban_weight_;                   ///< per county: its share of urban households
    // per county, today
    std::vector<double> township_sales_, township_cogs_, township_fixed_, district_sales_, district_cogs_,
        rural_online_, urban_online_, outside_online_, rural_online_local_, urban_online_local_, ext_urban_,
        station_sales_, seller_sales_, seller_produce_, seller_gain_;
    CarrierFees fees_;
    struct {
        int sellers = 0, sales = 0, produce = 0, down = 0, up = 0;
    } col_;
    struct {
        sim::Indicators::Id rural{}, urban{}, rural_online{}, urban_online{}, outside{}, township{}, district{}, agri{},
            sellers{}, stations{}, down{}, up{};
    } id_;
};

RURALSIM_PIN_SIZE(Markets, 1392);

void Markets::step(const sim::Step& s) {
    const Geography& g = c_.geo;
    const DayFactors& d = c_.day;
    const Households& hh = c_.households;
    const LogisticsParams& lp = net_params_;
    const std::size_t C = g.counties.size();
    // Every per-county sum below is stored whole (per county, or after the loop); only the month-end
    // fixed costs are added to.
    std::fill(township_fixed_.begin(), township_fixed_.end(), 0.0);
    const double mt = 1.0 + p_.township_markup, md = 1.0 + p_.district_markup;
    const double demand_growth = growth_factor(p_.external_online_growth, s.day) * d.external_season / 365.0 *
                                 (d.online_peak ? 1.0 + p_.external_peak_boost : 1.0);

    const double seller_season = d.external_season * (d.online_peak ? 1.0 + p_.external_peak_boost : 1.0);
    // MarketParams::seller_offer with its growth factor computed once for the day, not per place.
    const double offer_growth = growth_factor(p_.seller_sales_growth, s.day);
    auto offer_of = [&](std::size_t i) { return hh.sellers[i] * p_.seller_sales / 365.0 * offer_growth; };
    // Farm-gate share of the retail price in the three-tier produce chain: selling online skips it.
    const double farm_gate = 1.0 / ((1.0 + p_.tier_markup[0]) * (1.0 + p_.tier_markup[1]) * (1.0 + p_.tier_markup[2]));
    const double fee_share = lp.parcel_fee / lp.parcel_value_up;

    // Parallel over counties, each county's places in order: a place writes its own row and its
    // township's cash (townships lie within one county); the county's sums are kept in locals
    // (in place order, from zero: the same sums) and stored once per county.
    c_.exec.for_each(
        C,
        [&](std::size_t k) {
            // Cold chain: the perishable part of rural sellers' produce ships only up to the county's
            // capacity. (A place without sellers adds zero to the perishable offer: skipped, the same sum.)
            double perishable = 0;
            for (std::size_t i = g.first_place[k]; i < g.first_place[k + 1]; ++i)
                if (!g.places[i].urban && hh.sellers[i] != 0.0)
                    perishable += offer_of(i) * p_.produce_share * lp.perishable_share;
            const double cold = perishable > 0 ? std::min(1.0, net_->cold_capacity[k] / perishable) : 1.0;
            double station_sales = 0, township_sales = 0, township_cogs = 0, district_sales = 0, district_cogs = 0;
            double rural_online_local = 0, urban_online_local = 0, outside_online = 0, fees_down_outside = 0,
                   fees_down_local_rural = 0, fees_down_local_urban = 0, fees_up = 0, seller_sales = 0,
                   seller_produce = 0, seller_gain = 0;
            for (std::size_t i = g.first_place[k]; i < g.first_place[k + 1]; ++i) {
                const Place& pl = g.places[i];
                double* r = c_.table.place(i);
                double t = r[kTownshipDemand];
                if (fac_->station[pl.township]) {
                    const double station = t * fac_params_.station_sales_share;
                    station_sales += station;
                }
                township_cash_[pl.township] += t - t / mt;
                township_sales += t;
                township_cogs += t / mt;
                district_sales += r[kDistrictDemand];
                district_cogs += r[kDistrictDemand] / md;
                const double buys = r[kOnlineBuys];
                const double local = buys * p_.local_seller_share;
                rural_online_local += local * p_.rural_seller_share;
                urban_online_local += local * (1.0 - p_.rural_seller_share);
                outside_online += buys - local;
                if (pl.urban) {
                    r[col_.down] = buys / lp.parcel_value_down;
                    continue;
                }
                // Rural parcels pay the carriers' fee, charged to whoever sold.
                r[col_.down] = buys / lp.parcel_value_down;
                const double fee = r[col_.down] * lp.parcel_fee;
                fees_down_outside += fee * (1.0 - p_.local_seller_share);
                fees_down_local_rural += fee * p_.local_seller_share * p_.rural_seller_share;
                fees_down_local_urban += fee * p_.local_seller_share * (1.0 - p_.rural_seller_share);
                // Without online sellers the place sells nothing outside and gains nothing: its rows keep
                // their zeros and every sum below would add +0.0 (skipped, the same bits).
                if (hh.sellers[i] == 0.0) continue;
                // Rural sellers' sales to outside buyers: their offer, times demand growth and season,
                // reduced where parcels leave the village less often and where cold chain is short.
                const auto service = static_cast<Service>(net_->service[i]);
                const double reach = service == kDaily      ? 1.0
                                     : service == kPeriodic ? lp.sales_factor_periodic
                                     : service == kPickup   ? lp.sales_factor_pickup
                                                            : 0.0;
                const double offer =
                    offer_of(i) * seller_season * reach * c_.params.macro.rural_parcel_access(d.offline_access);
                const double produce =
                    offer * p_.produce_share * (1.0 - lp.perishable_share + lp.perishable_share * cold);
                const double sales = produce + offer * (1.0 - p_.produce_share);
                r[col_.sellers] = hh.sellers[i];
                r[col_.sales] = sales;
                r[col_.produce] = produce;
                r[col_.up] = sales / lp.parcel_value_up;
                fees_up += r[col_.up] * lp.parcel_fee;
                seller_sales += sales;
                seller_produce += produce;
                // What selling online earns the household beyond selling the produce through the chain.
                const double gain =
                    produce * std::max(0.0, 1.0 - fee_share - farm_gate) + (sales - produce) * p_.seller_goods_margin;
                c_.pending_income[i] += gain;
                seller_gain += gain;
            }
            station_sales_[k] = station_sales;
            township_sales_[k] = township_sales;
            township_cogs_[k] = township_cogs;
            district_sales_[k] = district_sales;
            district_cogs_[k] = district_cogs;
            rural_online_local_[k] = rural_online_local;
            urban_online_local_[k] = urban_online_local;
            outside_online_[k] = outside_online;
            fees_.down_outside[k] = fees_down_outside;
            fees_.down_local_rural[k] = fees_down_local_rural;
            fees_.down_local_urban[k] = fees_down_local_urban;
            fees_.up[k] = fees_up;
            seller_sales_[k] = seller_sales;
            seller_produce_[k] = seller_produce;
            seller_gain_[k] = seller_gain;
        },
        1);
    for (std::size_t k = 0; k < C; ++k) district_cash_[k] += district_sales_[k] - district_cogs_[k];
    if (s.month_end) {
        for (std::size_t t = 0; t < g.townships.size(); ++t) {
            if (g.townships[t].urban) continue;
            township_cash_[t] -= p_.township_fixed_cost;
            township_fixed_[g.townships[t].county] += p_.township_fixed_cost;
        }
    }
    // Outside buyers' demand for Chongqing urban online sellers (exogenous), shared over counties
    // by urban households.
    for (std::size_t k = 0; k < C; ++k) {
        ext_urban_[k] = p_.external_urban_online * demand_growth * urban_weight_[k];
        rural_online_[k] = rural_online_local_[k] + seller_sales_[k];
        urban_online_[k] = urban_online_local_[k] + ext_urban_[k];
    }
}

}  // namespace

std::unique_ptr<Module> make_markets(const Context& c) { return std::make_unique<Markets>(c); }

/// Township centres and county districts, online purchases, rural online sellers (docs/ODD.md 7.5, 7.6, 7.7:
/// one group each).
void MarketParams::bind(sim::ParamBinder& b) {
    b.group("online");
    b.real("online.local_seller_share", local_seller_share, 0.15, {0, 1}, {0.08, 0.25}, "1",
           "share of Chongqing households' online purchases bought from Chongqing sellers", sim::assumption());
    b.real("online.rural_seller_share", rural_seller_share, 0.2, {0, 1}, {0.1, 0.35}, "1",
           "share of Chongqing sellers' sales to Chongqing households made by rural sellers", sim::assumption());
    b.real("online.external_urban", external_urban_online, 6.0e10, {0, 1e13}, {3e10, 1.2e11}, "yuan/year",
           "online sales of Chongqing urban sellers to buyers outside Chongqing at the start (exogenous; rural sellers "
           "are agents)",
           sim::assumption());
    b.real("online.external_growth", external_online_growth, 0.10, {-0.5, 1}, {0.05, 0.15}, "1/year",
           "growth of outside buyers' demand for Chongqing online sellers (urban sellers' sales and each rural "
           "seller's sales)",
           sim::assumption("near national online retail growth 2020-2021 (+10.9 %, +14.1 %, NBS)"));
    b.real("online.external_peak_boost", external_peak_boost, 0.5, {0, 10}, {0.2, 1.0}, "1",
           "proportional rise of outside buyers' demand on the 618 and Double 11 promotion days (0.5 = +50 %)",
           sim::assumption());
    b.group("markets");
    b.real("township.markup", township_markup, 0.18, {0, 3}, {0.12, 0.25}, "1",
           "township centre markup over wholesale cost", sim::assumption());
    b.real("township.fixed_cost", township_fixed_cost, 15000, {0, 1e8}, {8000, 30000}, "yuan/month",
           "township centre fixed cost", sim::assumption());
    b.real("district.markup", district_markup, 0.15, {0, 3}, {0.1, 0.22}, "1",
           "county business district markup over wholesale cost", sim::assumption());
    b.group("sellers");
    b.real("ecommerce.seller_sales", seller_sales, 90000, {0, 1e8}, {50000, 150000}, "yuan/year",
           "online sales of a selling household at the start (grows with ecommerce.seller_sales_growth)",
           sim::assumption());
    b.real("ecommerce.seller_sales_growth", seller_sales_growth, 0.04, {-0.5, 1}, {0.0, 0.08}, "1/year",
           "growth of a selling household's online sales (market growth net of new sellers' competition)",
           sim::assumption());
    b.real("ecommerce.produce_share", produce_share, 0.6, {0, 1}, {0.4, 0.8}, "1",
           "share of rural online sales that is farm produce (agri-product online retail)", sim::assumption());
    b.real("ecommerce.goods_margin", seller_goods_margin, 0.2, {0, 1}, {0.1, 0.3}, "1",
           "margin of a rural seller on non-produce goods", sim::assumption());
    b.real("market.wholesale_markup", tier_markup[0], 0.15, {0, 3}, {0.08, 0.25}, "1",
           "farm-produce chain: wholesale market markup", sim::assumption());
    b.real("market.midtier_markup", tier_markup[1], 0.2, {0, 3}, {0.1, 0.3}, "1",
           "farm-produce chain: mid-tier (collector, township market) markup", sim::assumption());
    b.real("market.retail_markup", tier_markup[2], 0.3, {0, 3}, {0.2, 0.45}, "1", "farm-produce chain: retail markup",
           sim::assumption());
}

}  // namespace ruralsim::models
