// County commerce facilities (project 4): township commerce centres ("six ones"), county-seat
// business districts ("ten ones"), filling-station service centres and village store upgrades;
// their state at the start and the budget rule that upgrades them (docs/ODD.md 7.5, 7.10).

#include "ruralsim/models/facilities.hpp"

#include <algorithm>

#include "pinned_size.hpp"
#include "ruralsim/models/streams.hpp"
#include "ruralsim/sim/rng.hpp"

namespace ruralsim::models {

namespace {

class FacilitiesModule final : public Module {
public:
    /// Upgraded township centres and business districts at the start (drawn), no filling-station centres.
    explicit FacilitiesModule(const Context& c) : c_(c), p_(bound<FacilityParams>(c.scenario)) {
        const Geography& g = c.geo;
        const std::size_t C = g.counties.size(), T = g.townships.size();
        fac_.township_upgraded.assign(T, 0);
        fac_.station.assign(T, 0);
        fac_.district_upgraded.assign(C, 0);
        for (std::size_t t = 0; t < T; ++t) {
            sim::Stream r(c.seed, streams::kGeography, 2'000'000 + t, 0);
            fac_.township_upgraded[t] = !g.townships[t].urban && r.uniform() < p_.township_upgraded0;
        }
        for (std::size_t k = 0; k < C; ++k) {
            sim::Stream r(c.seed, streams::kGeography, 3'000'000 + k, 0);
            fac_.district_upgraded[k] = r.uniform() < p_.district_upgraded0;
        }
        earmark_ = county_earmarks(p_.budget, g, c.scenario, "facilities");
        money_.setup(C);
        spend_.assign(C, 0.0);
        rural_townships_.assign(C, 0.0);
        for (const Township& t : g.townships)
            if (!t.urban) rural_townships_[t.county] += 1;
        c.shared.publish("facilities", fac_);
    }

    void declare_indicators(sim::Indicators& I) override {
        using sim::Aggregation;
        id_.towns = I.add({"township_centre_coverage", "1",
                           "share of rural townships with an upgraded commerce centre (six ones)", Aggregation::Last});
        id_.districts = I.add({"business_district_coverage", "1",
                               "share of counties with an upgraded business district (ten ones)", Aggregation::Last});
        id_.stations = I.add(
            {"filling_station_centres", "centres", "rural service centres at filling stations", Aggregation::Last});
        id_.spend = I.add(
            {"spending_facilities", "yuan", "public spending on project 4 (village store upgrades)", Aggregation::Sum});
    }

    void add_phases(sim::Scheduler& s) override {
        // Month start, before the households' day: the project's rule (claims on the counties'
        // co-financing in the order of the module list).
        s.add("facilities", [this](const sim::Step& st) { disburse(st); },
              {.after = {"begin"}, .before = {"households"}});
    }

    void book(const sim::Step&) override {
        c_.ledger.transfer(c_.accounts.government, c_.accounts.rest_of_economy, sim::ordered_sum(spend_));
    }

    void record(const sim::Step& st, sim::Indicators& I) override {
        const Geography& g = c_.geo;
        const std::size_t C = g.counties.size();
        std::vector<double> up(C, 0.0), stations(C, 0.0);
        for (std::size_t t = 0; t < g.townships.size(); ++t) {
            if (g.townships[t].urban) continue;
            up[g.townships[t].county] += fac_.township_upgraded[t];
            stations[g.townships[t].county] += fac_.station[t];
        }
        CountyRecorder R(I, st.day, C);
        R.ratio(
            id_.towns, [&](std::size_t k) { return up[k]; }, [&](std::size_t k) { return rural_townships_[k]; });
        R.ratio(
            id_.districts, [&](std::size_t k) { return double(fac_.district_upgraded[k]); },
            [](std::size_t) { return 1.0; });
        R.sum(id_.stations, [&](std::size_t k) { return stations[k]; });
        R.sum(id_.spend, [&](std::size_t k) { return spend_[k]; });
    }

    double budget_unspent(std::vector<double>& earmarked) const override { return money_.unspent(earmarked); }
    const char* name() const override { return "facilities"; }

    /// Derived, not saved: c_, p_ and earmark_ (the scenario), rural_townships_ (the geography),
    /// spend_ (emptied each day before use) and the indicator ids.
    void state(sim::checkpoint::Archive& a) override {
        a("facilities", fac_);
        a("money", money_);
    }

private:
    void disburse(const sim::Step& s) {
        std::fill(spend_.begin(), spend_.end(), 0.0);
        if (!s.month_start) return;
        const double t = p_.township_share, d = p_.district_share, st = p_.station_share;
        money_.add(release(p_.budget, earmark_, s.date), FacilityPots{t, d, st, 1.0 - t - d - st});
        const Geography& g = c_.geo;
        std::vector<double> t_rural(g.townships.size(), 0.0);
        std::vector<double> c_urban(g.counties.size(), 0.0);
        for (const Place& pl : g.places) (pl.urban ? c_urban[pl.county] : t_rural[pl.township]) += pl.real_households;
        money_.spend([&](FacilityPots& pots, std::size_t only) { buy(pots, only, t_rural, c_urban); });
    }

    /// Project 4's rule with the pots given, restricted to county `only` (counties.size() = all).
    void buy(FacilityPots& pots, std::size_t only, const std::vector<double>& t_rural,
             const std::vector<double>& c_urban) {
        const Geography& g = c_.geo;
        Funding& fund = c_.funding;
        VillageStores& st = c_.stores;
        const std::size_t C = g.counties.size();
        auto in = [&](std::size_t county) { return only == C || county == only; };
        using Paid = Funding::Paid;
        // Each rule ranks its candidates only when its pot pays for one item (ranking is the costly part).
        // A rural township not yet upgraded (centre or station) with rural households, in the county.
        auto township = [&](const std::vector<std::uint8_t>& done) {
            return [&g, &in, &t_rural, flags = &done](std::size_t t) {
                return in(g.townships[t].county) && !g.townships[t].urban && !(*flags)[t] && t_rural[t] > 0;
            };
        };
        auto by_rural = [&](std::size_t t) { return t_rural[t]; };
        // Township centres (six ones): most rural households first.
        if (pots.township >= p_.township_upgrade_cost) {
            for (std::size_t t : ranked(g.townships.size(), township(fac_.township_upgraded), by_rural)) {
                const Paid paid = fund.pay(pots.township, g.townships[t].county, p_.township_upgrade_cost, spend_);
                if (paid == Paid::Short) break;
                if (paid == Paid::Yes) fac_.township_upgraded[t] = 1;
            }
        }
        // Business districts (ten ones): counties not yet upgraded, most urban households first.
        if (pots.district >= p_.district_upgrade_cost) {
            for (std::size_t k : ranked(
                     C, [&](std::size_t k) { return in(k) && !fac_.district_upgraded[k] && c_urban[k] > 0; },
                     [&](std::size_t k) { return c_urban[k]; })) {
                const Paid paid = fund.pay(pots.district, k, p_.district_upgrade_cost, spend_);
                if (paid == Paid::Short) break;
                if (paid == Paid::Yes) fac_.district_upgraded[k] = 1;
            }
        }
        // Filling-station centres: up to the target, in townships without one, most rural households first.
        if (fac_.stations < p_.stations_target && pots.stations >= p_.station_cost) {
            for (std::size_t t : ranked(g.townships.size(), township(fac_.station), by_rural)) {
                if (fac_.stations >= p_.stations_target) break;
                const Paid paid = fund.pay(pots.stations, g.townships[t].county, p_.station_cost, spend_);
                if (paid == Paid::Short) break;
                if (paid == Paid::Yes) {
                    fac_.station[t] = 1;
                    ++fac_.stations;
                }
            }
        }
        // Village stores: open, not yet upgraded, largest villages first.
        if (pots.stores >= p_.store_upgrade_cost) {
            for (std::size_t i : ranked(
                     g.places.size(),
                     [&](std::size_t i) { return in(g.places[i].county) && st.open[i] && !st.upgraded[i]; },
                     [&](std::size_t i) { return g.places[i].real_households; })) {
                const Paid paid = fund.pay(pots.stores, g.places[i].county, p_.store_upgrade_cost, spend_);
                if (paid == Paid::Short) break;
                if (paid == Paid::Yes) st.upgraded[i] = 1;
            }
        }
    }

    Context c_;
    FacilityParams p_;
    Facilities fac_;
    ProjectMoney<FacilityPots> money_;     ///< project 4's money not yet spent, city-wide and earmarked
    std::vector<double> earmark_;          ///< per county: earmark (yuan/year)
    std::vector<double> spend_;            ///< per county: spending today
    std::vector<double> rural_townships_;  ///< per county
    struct {
        sim::Indicators::Id towns{}, districts{}, stations{}, spend{};
    } id_;
};

RURALSIM_PIN_SIZE(FacilitiesModule, 544);

}  // namespace

std::unique_ptr<Module> make_facilities(const Context& c) { return std::make_unique<FacilitiesModule>(c); }

/// County commerce facilities, project 4 (docs/ODD.md 7.5, 7.10).
void FacilityParams::bind(sim::ParamBinder& b) {
    b.real("store.upgrade_cost", store_upgrade_cost, 30000, {1, 1e8}, {15000, 60000}, "yuan/store",
           "public cost of upgrading one village convenience store (variety, parcel pick-up, bill payment)",
           sim::assumption());
    // --- county commerce facilities (project 4) -------------------------------------------------
    b.real("facilities.township_upgrade_cost", township_upgrade_cost, 1.5e6, {1, 1e10}, {8e5, 3e6}, "yuan/township",
           "public cost of a township commerce centre upgrade (six ones: centre, farmers' market, e-commerce station, "
           "brand supermarket, restaurant, farm-stay)",
           sim::assumption());
    b.real("facilities.township_upgrade_variety", township_upgrade_variety, 0.4, {0, 5}, {0.2, 0.6}, "log index",
           "variety gained by an upgraded township centre", sim::assumption());
    b.real("facilities.district_upgrade_cost", district_upgrade_cost, 2e7, {1, 1e11}, {1e7, 4e7}, "yuan/county",
           "public cost of upgrading a county-seat business district (ten ones)", sim::assumption());
    b.real("facilities.district_upgrade_variety", district_upgrade_variety, 0.2, {0, 5}, {0.1, 0.4}, "log index",
           "variety gained by an upgraded business district", sim::assumption());
    b.real("facilities.station_cost", station_cost, 5e5, {1, 1e10}, {3e5, 1e6}, "yuan/centre",
           "public cost of a rural service centre at a filling station", sim::assumption());
    b.integer("facilities.stations_target", stations_target, 0, {0, 2000}, {0, 300}, "centres",
              "filling-station rural service centres the programme builds (the plan: 150)", sim::lever());
    b.real("facilities.station_sales_share", station_sales_share, 0.08, {0, 1}, {0.03, 0.15}, "1",
           "share of its township's centre sales a filling-station centre takes (daily goods, farm inputs)",
           sim::assumption());
    const std::string share0 = b.real("facilities.township_share", township_share, 0.4, {0, 1}, {0, 1}, "1",
                                      "share of budget.facilities for township centre upgrades", sim::lever());
    const std::string share1 = b.real("facilities.district_share", district_share, 0.2, {0, 1}, {0, 1}, "1",
                                      "share of budget.facilities for business district upgrades", sim::lever());
    const std::string share2 =
        b.real("facilities.station_share", station_share, 0.1, {0, 1}, {0, 1}, "1",
               "share of budget.facilities for filling-station centres (what the township, district and station shares "
               "leave upgrades village stores)",
               sim::lever());
    b.real("facilities.township_upgraded_initial", township_upgraded0, 0.3, {0, 1}, {0.2, 0.5}, "1",
           "share of township centres already upgraded at the start", sim::assumption());
    b.real("facilities.district_upgraded_initial", district_upgraded0, 0.5, {0, 1}, {0.3, 0.7}, "1",
           "share of business districts already upgraded at the start", sim::assumption());
    b.shares({share0, share1, share2}, false);
    bind_budget(b, "facilities", budget,
                "project 4: township centre (six ones) and business district (ten ones) upgrades, filling-station "
                "centres, village store upgrades");
}

}  // namespace ruralsim::models
