// The rural parcel network (project 2) and rural online sellers' supply.
//
// Per county: `logistics.carriers` carriers each run county -> township and
// township -> village trips; joint distribution pools them into one. A trip
// costs a fixed part plus a per-km part (lower with new-energy vehicles);
// handling costs per parcel (lower with standard crates). Each month a
// village's service is set by route economics: daily if the parcels of a day
// pay a trip, periodic (two trips a week) if half a week's parcels do, and
// otherwise only through the township pick-up point (or none beyond
// `logistics.max_pickup_km`); route subsidies buy periodic service for the
// villages with the smallest deficits first.

#include "ruralsim/models/logistics.hpp"

#include <algorithm>
#include <cmath>

#include "pinned_size.hpp"
#include "ruralsim/models/channels.hpp"
#include "ruralsim/models/markets.hpp"

namespace ruralsim::models {

namespace {

constexpr double kPeriodicTripsPerWeek = 2.0;

class Logistics final : public Module {
public:
    explicit Logistics(const Context& c)
        : c_(c), p_(bound<LogisticsParams>(c.scenario)), market_(bound<MarketParams>(c.scenario)) {
        const Geography& g = c.geo;
        const Households& hh = c.households;
        const std::size_t C = g.counties.size(), P = g.places.size();
        net_.joint.assign(C, 0.0);
        net_.nev.assign(C, p_.nev_share0);
        net_.crate.assign(C, p_.crate_share0);
        net_.cold_capacity.assign(C, 0.0);
        net_.sorting_capacity.assign(C, 0.0);
        net_.cash.assign(C, 0.0);
        net_.extra_days.assign(C, 0.0);
        net_.service.assign(P, kNoService);
        net_.subsidised.assign(P, 0);
        net_.month_parcels.assign(P, 0.0);
        std::vector<double> villages(C, 0.0), households(C, 0.0), perishable(C, 0.0);
        inhabited_.assign(C, 0.0);
        for (std::size_t i = 0; i < P; ++i) {
            const Place& pl = g.places[i];
            households[pl.county] += pl.real_households;
            if (pl.urban) {
                net_.service[i] = kDaily;
                continue;
            }
            villages[pl.county] += 1;
            inhabited_[pl.county] += hh.first[i + 1] > hh.first[i];
            // Start (2021): villages near the township on a daily route, the others periodic.
            net_.service[i] = pl.township_km <= c.params.daily_route_km ? kDaily : kPeriodic;
            perishable[pl.county] +=
                market_.seller_offer(hh.sellers[i], 0) * market_.produce_share * p_.perishable_share;
        }
        // Joint distribution at the start: the counties with the most villages, up to the initial share.
        std::vector<std::size_t> order(C);
        for (std::size_t k = 0; k < C; ++k) order[k] = k;
        std::stable_sort(order.begin(), order.end(),
                         [&](std::size_t a, std::size_t b) { return villages[a] > villages[b]; });
        const auto n_joint = static_cast<std::size_t>(std::round(p_.joint_share0 * static_cast<double>(C)));
        for (std::size_t k = 0; k < n_joint && k < C; ++k) net_.joint[order[k]] = 1.0;
        for (std::size_t k = 0; k < C; ++k) {
            net_.cold_capacity[k] = p_.cold_capacity0 * perishable[k];
            net_.sorting_capacity[k] = p_.sorting_capacity * households[k];
        }
        earmark_ = county_earmarks(p_.budget, g, c.scenario, "logistics");
        money_.setup(C);
        for (auto* v : {&spend_, &subsidies_, &network_cost_, &rural_parcels_, &urban_parcels_}) v->assign(C, 0.0);
        c.shared.publish("network", net_);
    }

    void start(const Shared& shared) override {
        fees_ = &shared.get<CarrierFees>("markets.fees");
        month_goods_ = &shared.get<std::vector<double>>("households.month_goods");
        down_ = c_.table.find("parcels_down");
        up_ = c_.table.find("parcels_up");
    }

    void declare_indicators(sim::Indicators& I) override {
        using sim::Aggregation;
        id_.cost = I.add(
            {"logistics_cost", "yuan", "cost of the rural parcel network (trips and handling)", Aggregation::Sum});
        id_.parcels =
            I.add({"rural_parcels", "parcels", "parcels through the rural network, both ways", Aggregation::Sum});
        id_.served = I.add({"village_delivery_coverage", "1",
                            "share of inhabited villages with at least periodic parcel delivery", Aggregation::Last});
        id_.daily = I.add({"village_daily_delivery_coverage", "1",
                           "share of inhabited villages with daily parcel delivery", Aggregation::Last});
        id_.joint = I.add({"joint_distribution_counties", "counties",
                           "counties whose carriers pool volumes (joint distribution)", Aggregation::Last});
        id_.spend = I.add({"spending_logistics", "yuan", "public spending on project 2 (logistics)", Aggregation::Sum});
        I.add_ratio("cost_per_parcel", id_.cost, id_.parcels, "yuan/parcel",
                    "cost of the rural parcel network per parcel");
    }

    void add_phases(sim::Scheduler& s) override {
        // Month start, before the households' day: the project's instruments (claims on the counties'
        // co-financing in the order of the module list; route subsidies are given at month end).
        s.add("logistics_funding", [this](const sim::Step& st) { disburse(st); },
              {.after = {"begin"}, .before = {"households"}});
        // The day's parcels, after the markets have sold and charged the fees.
        s.add("logistics", [this](const sim::Step& st) { step(st); },
              {.after = {"markets"}, .before = {"store_dynamics"}});
    }

    /// The carriers' network costs go to the rest of the economy; route subsidies are paid to them.
    void book(const sim::Step&) override {
        sim::Ledger& L = c_.ledger;
        const SectorAccounts& a = c_.accounts;
        const double subsidies = sim::ordered_sum(subsidies_);
        L.transfer(a.carriers, a.rest_of_economy, sim::ordered_sum(network_cost_));
        L.transfer(a.government, a.carriers, subsidies);
        L.transfer(a.government, a.rest_of_economy, sim::ordered_sum(spend_) - subsidies);
        L.report_holdings(a.carriers, sim::ordered_sum(net_.cash));
    }

    void record(const sim::Step& st, sim::Indicators& I) override {
        const Geography& g = c_.geo;
        const std::size_t C = g.counties.size();
        std::vector<double> served(C, 0.0), daily(C, 0.0);
        const Households& hh = c_.households;
        for (std::size_t i = 0; i < g.places.size(); ++i) {
            if (g.places[i].urban || hh.first[i + 1] == hh.first[i]) continue;
            served[g.places[i].county] += net_.service[i] >= kPeriodic;
            daily[g.places[i].county] += net_.service[i] == kDaily;
        }
        CountyRecorder R(I, st.day, C);
        R.sum(id_.cost, [&](std::size_t k) { return network_cost_[k]; });
        R.sum(id_.parcels, [&](std::size_t k) { return rural_parcels_[k]; });
        auto inhabited = [&](std::size_t k) { return inhabited_[k]; };
        R.ratio(
            id_.served, [&](std::size_t k) { return served[k]; }, inhabited);
        R.ratio(
            id_.daily, [&](std::size_t k) { return daily[k]; }, inhabited);
        R.sum(id_.joint, [&](std::size_t k) { return net_.joint[k]; });
        R.sum(id_.spend, [&](std::size_t k) { return spend_[k]; });
    }

    double budget_unspent(std::vector<double>& earmarked) const override { return money_.unspent(earmarked); }
    const char* name() const override { return "logistics"; }

    /// Derived, not saved: c_, p_, market_ and earmark_ (the scenario), inhabited_ (the geography and
    /// the agents), the day's per-county sums (rebuilt each day before use), the pointers and ids.
    void state(sim::checkpoint::Archive& a) override {
        a("network", net_);
        a("money", money_);
    }

private:
    /// Trips and handling of the day's parcels, per county; at month end, each village's service.
    void step(const sim::Step& s) {
        const Geography& g = c_.geo;
        const DayTable& table = c_.table;
        const std::size_t C = g.counties.size();
        const bool route_day = s.date.weekday() == 0 || s.date.weekday() == 3;  // periodic routes: Monday, Thursday
        c_.exec.for_each(
            C,
            [&](std::size_t k) {
                const double k_eff = carriers(k), km_cost = km_cost_of(k);
                double trunk = 0, lastmile = 0, rural = 0, urban = 0;
                std::uint32_t last_township = static_cast<std::uint32_t>(-1);
                double township_parcels = 0;
                auto close_township = [&](std::uint32_t t) {
                    if (t != static_cast<std::uint32_t>(-1) && township_parcels > 0)
                        trunk += k_eff * (p_.trunk_trip_cost + km_cost * 2.0 * g.townships[t].county_km);
                    township_parcels = 0;
                };
                for (std::uint32_t i = g.first_place[k]; i < g.first_place[k + 1]; ++i) {
                    const Place& pl = g.places[i];
                    const double* r = table.place(i);
                    const double parcels = r[down_] + r[up_];
                    if (pl.urban) {
                        urban += parcels;
                        continue;
                    }
                    if (pl.township != last_township) {
                        close_township(last_township);
                        last_township = pl.township;
                    }
                    township_parcels += parcels;
                    rural += parcels;
                    net_.month_parcels[i] += parcels;
                    const auto service = static_cast<Service>(net_.service[i]);
                    if (service == kDaily || (service == kPeriodic && route_day)) {
                        const double trips = net_.subsidised[i] ? 1.0 : k_eff;
                        lastmile += trips * (p_.lastmile_trip_cost + km_cost * 2.0 * pl.township_km);
                    }
                }
                close_township(last_township);
                const double handling = rural * p_.handling_cost * (1.0 - p_.crate_saving * net_.crate[k]);
                network_cost_[k] = trunk + lastmile + handling;
                rural_parcels_[k] = rural;
                urban_parcels_[k] = urban;
                const CarrierFees& f = *fees_;
                const double fees = f.down_outside[k] + f.down_local_rural[k] + f.down_local_urban[k] + f.up[k];
                net_.cash[k] += fees - network_cost_[k];
                // A sorting centre above capacity delays parcels (up to two days) from tomorrow on.
                const double cap = net_.sorting_capacity[k];
                net_.extra_days[k] = cap > 0 ? std::clamp((rural + urban) / cap - 1.0, 0.0, 2.0) : 0.0;
            },
            1);  // counties differ widely in size: one task each
        if (s.month_end) decide_services(s);
    }

    /// Carriers on a county's routes (joint distribution pools them into one).
    double carriers(std::size_t k) const { return p_.carriers - (p_.carriers - 1) * net_.joint[k]; }
    /// Vehicle cost per km in a county (lower with new-energy vehicles).
    double km_cost_of(std::size_t k) const { return p_.cost_per_km * (1.0 - p_.nev_saving * net_.nev[k]); }

    void decide_services(const sim::Step& s) {
        const Geography& g = c_.geo;
        const Households& hh = c_.households;
        const double days = sim::Date::days_in_month(s.date.year, s.date.month);
        const double trips_per_month = kPeriodicTripsPerWeek * days / 7.0;
        struct Candidate {
            double cost;
            std::size_t place;
        };
        std::vector<Candidate> candidates;
        // Parcels a village would send and receive with periodic service, per day (so that a village
        // without service, and hence without parcels, is judged on what it would have). A village's
        // own figure is shrunk towards its county's per-household figure when it has few agents
        // (k = kPeerPrior agents), so decisions do not depend on run.scale (a township can hold
        // too few agents, and sellers are rare, so the county is the level where rates are stable).
        std::vector<double> own(g.places.size(), 0.0), c_parcels(g.counties.size(), 0.0),
            c_households(g.counties.size(), 0.0);
        for (std::size_t i = 0; i < g.places.size(); ++i) {
            const Place& pl = g.places[i];
            if (pl.urban) continue;
            double potential = net_.month_parcels[i] / days;
            if (hh.first[i + 1] > hh.first[i]) {
                PlaceState st = c_.choice.state(i, false);
                st.service = kPeriodic;
                const PlaceShares sh = c_.choice.shares(i, st);
                const double online = (*month_goods_)[i] / days * hh.adoption[i] * sh.adopter[kOnline];
                potential = std::max(potential, online / p_.parcel_value_down +
                                                    market_.seller_offer(hh.sellers[i], s.day) / p_.parcel_value_up);
            }
            own[i] = potential;
            c_parcels[pl.county] += potential;
            c_households[pl.county] += pl.real_households;
        }
        for (std::size_t i = 0; i < g.places.size(); ++i) {
            const Place& pl = g.places[i];
            if (pl.urban) continue;
            const std::size_t k = pl.county;
            const double k_eff = carriers(k);
            const double trip = p_.lastmile_trip_cost + km_cost_of(k) * 2.0 * pl.township_km;
            const double n = hh.first[i + 1] - hh.first[i];
            const double county_rate = c_households[k] > 0 ? c_parcels[k] / c_households[k] : 0.0;
            const double potential = (n * own[i] + kPeerPrior * county_rate * pl.real_households) / (n + kPeerPrior);
            const double r = p_.lastmile_revenue;
            Service service;
            if (potential / k_eff * r >= trip)
                service = kDaily;
            else if (potential * 7.0 / kPeriodicTripsPerWeek / k_eff * r >= trip)
                service = kPeriodic;
            else
                service = pl.township_km <= p_.max_pickup_km ? kPickup : kNoService;
            net_.service[i] = service;
            net_.subsidised[i] = 0;
            net_.month_parcels[i] = 0;
            if (service <= kPickup && potential > 0) {
                // One carrier runs a subsidised periodic route; the subsidy pays its monthly deficit.
                const double deficit = trip - potential * 7.0 / kPeriodicTripsPerWeek * r;
                candidates.push_back({std::max(0.0, deficit) * trips_per_month, i});
            }
        }
        std::stable_sort(candidates.begin(), candidates.end(),
                         [](const Candidate& a, const Candidate& b) { return a.cost < b.cost; });
        // Earmarked subsidy money first, by the same rule within its county (cheapest deficits first, stop at
        // the first the county's money cannot pay); then the city-wide money.
        money_.spend([&](LogisticsPots& pots, std::size_t only) {
            const bool earmark = only < g.counties.size();
            for (const Candidate& cand : candidates) {
                const std::size_t k = g.places[cand.place].county;
                if (earmark ? k != only : net_.subsidised[cand.place] != 0) continue;
                if (earmark && pots.subsidies <= 0) break;
                const Funding::Paid paid = c_.funding.pay(pots.subsidies, k, cand.cost, spend_);
                if (paid == Funding::Paid::Short) break;
                if (paid != Funding::Paid::Yes) continue;
                net_.service[cand.place] = kPeriodic;
                net_.subsidised[cand.place] = 1;
                subsidies_[k] += cand.cost;
                net_.cash[k] += cand.cost;
            }
        });
    }

    /// Month start: the month's money into the pots, then the joint, fleet, cold and sorting rules.
    void disburse(const sim::Step& s) {
        std::fill(spend_.begin(), spend_.end(), 0.0);
        std::fill(subsidies_.begin(), subsidies_.end(), 0.0);
        if (!s.month_start) return;
        const Geography& g = c_.geo;
        money_.add(release(p_.budget, earmark_, s.date), p_.shares);
        const std::size_t C = g.counties.size();
        std::vector<double> pickup(C, 0.0), villages(C, 0.0), offer(C, 0.0), load(C, 0.0), perishable(C, 0.0);
        for (std::size_t i = 0; i < g.places.size(); ++i) {
            const Place& pl = g.places[i];
            if (pl.urban) continue;
            villages[pl.county] += 1;
            pickup[pl.county] += net_.service[i] <= kPickup;
            offer[pl.county] += market_.seller_offer(c_.households.sellers[i], s.day);
        }
        for (std::size_t k = 0; k < C; ++k) {
            load[k] = c_.table.county(k)[down_] + c_.table.county(k)[up_];  // yesterday's parcels
            perishable[k] = offer[k] * market_.produce_share * p_.perishable_share;
        }
        money_.spend(
            [&](LogisticsPots& pots, std::size_t only) { buy(pots, only, villages, pickup, perishable, load); });
    }

    /// Project 2's joint, fleet, cold and sorting rules with the pots given, restricted to county `only`.
    void buy(LogisticsPots& pots, std::size_t only, const std::vector<double>& villages,
             const std::vector<double>& pickup, const std::vector<double>& perishable,
             const std::vector<double>& load) {
        Funding& fund = c_.funding;
        const std::size_t C = c_.geo.counties.size();
        auto in = [&](std::size_t k) { return only == C || k == only; };
        using Paid = Funding::Paid;

        // Joint distribution: counties without it, most pick-up-only villages first.
        for (std::size_t k : ranked(
                 C, [&](std::size_t k) { return in(k) && net_.joint[k] < 1.0 && villages[k] > 0; },
                 [&](std::size_t k) { return pickup[k]; })) {
            const Paid paid = fund.pay(pots.joint, k, p_.joint_setup_cost, spend_);
            if (paid == Paid::Short) break;
            if (paid == Paid::Yes) net_.joint[k] = 1.0;
        }
        // Fleet renewal (new-energy vehicles and standard crates): one step at a time, counties with the
        // most villages first.
        for (bool bought = true; bought;) {
            bought = false;
            for (std::size_t k : ranked(
                     C, [&](std::size_t k) { return in(k) && net_.nev[k] < 1.0 && villages[k] > 0; },
                     [&](std::size_t k) { return villages[k]; })) {
                const Paid paid = fund.pay(pots.fleet, k, p_.nev_fleet_cost, spend_);
                if (paid == Paid::Short) break;
                if (paid != Paid::Yes) continue;
                net_.nev[k] = std::min(1.0, net_.nev[k] + p_.nev_step);
                net_.crate[k] = std::min(1.0, net_.crate[k] + p_.nev_step);
                bought = true;
            }
        }
        // Cold storage and sorting capacity: the month's money goes to counties in proportion to
        // their shortfall (perishable offer above capacity; parcels above capacity), each county's
        // part cut to what it can co-finance.
        auto share_out = [&](double& money, std::vector<double>& capacity, const std::vector<double>& need,
                             double unit) {
            double gap = 0;
            for (std::size_t k = 0; k < C; ++k)
                if (in(k)) gap += std::max(0.0, need[k] - capacity[k]);
            if (gap <= 0 || money <= 0) return;
            const double used = std::min(money, gap * unit);
            double paid = 0;
            for (std::size_t k = 0; k < C; ++k) {
                if (!in(k)) continue;
                const double part = fund.affordable(k, used * std::max(0.0, need[k] - capacity[k]) / gap);
                capacity[k] += part / unit;
                fund.spend(k, part, spend_);
                paid += part;
            }
            money -= paid;
        };
        share_out(pots.cold, net_.cold_capacity, perishable, p_.cold_unit_cost);
        share_out(pots.sorting, net_.sorting_capacity, load, p_.sorting_unit_cost);
    }

    Context c_;
    LogisticsParams p_;
    MarketParams market_;  ///< the sellers' offer and its produce share (cold chain, potential parcels)
    Network net_;
    ProjectMoney<LogisticsPots> money_;  ///< project 2's money not yet spent, city-wide and earmarked
    std::vector<double> earmark_;        ///< per county: earmark (yuan/year)
    std::vector<double> inhabited_;      ///< per county: villages with agents
    // per county, today
    std::vector<double> spend_, subsidies_, network_cost_, rural_parcels_, urban_parcels_;
    const CarrierFees* fees_ = nullptr;
    const std::vector<double>* month_goods_ = nullptr;  ///< per place: households' goods spending this month
    int down_ = 0, up_ = 0;                             ///< the day table's parcel columns
    struct {
        sim::Indicators::Id cost{}, parcels{}, served{}, daily{}, joint{}, spend{};
    } id_;
};

RURALSIM_PIN_SIZE(Logistics, 1104);

}  // namespace

std::unique_ptr<Module> make_logistics(const Context& c) { return std::make_unique<Logistics>(c); }

/// The rural parcel network and project 2 (docs/ODD.md 7.8, 7.10).
void LogisticsParams::bind(sim::ParamBinder& b) {
    b.integer("logistics.carriers", carriers, 3, {1, 20}, {2, 5}, "carriers",
              "postal and express carriers each running its own county-township-village routes", sim::assumption());
    b.real("logistics.parcel_value_down", parcel_value_down, 90, {1, 1e5}, {60, 130}, "yuan/parcel",
           "average value of a parcel bought online", sim::assumption());
    b.real("logistics.parcel_value_up", parcel_value_up, 70, {1, 1e5}, {40, 110}, "yuan/parcel",
           "average value of a parcel of rural produce sold online", sim::assumption());
    b.real("logistics.parcel_fee", parcel_fee, 5, {0, 1e3}, {3, 8}, "yuan/parcel",
           "carrier revenue per rural parcel (paid by the seller)", sim::assumption());
    b.real("logistics.lastmile_revenue", lastmile_revenue, 0.8, {0, 1e3}, {0.5, 1.2}, "yuan/parcel",
           "part of the fee that pays the township-village leg (decides village service)", sim::assumption());
    b.real("logistics.handling_cost", handling_cost, 1.0, {0, 1e3}, {0.6, 1.6}, "yuan/parcel",
           "sorting and handling cost per parcel", sim::assumption());
    b.real("logistics.trunk_trip_cost", trunk_trip_cost, 60, {0, 1e5}, {40, 90}, "yuan/trip",
           "fixed cost of a county-township trip (driver, vehicle)", sim::assumption());
    b.real("logistics.lastmile_trip_cost", lastmile_trip_cost, 120, {0, 1e5}, {80, 160}, "yuan/trip",
           "fixed cost of a township-village trip (driver's time, vehicle); sets 2021 village coverage near the "
           "national 80-90 %",
           sim::assumption());
    b.real("logistics.cost_per_km", cost_per_km, 1.5, {0, 1e3}, {1.0, 2.2}, "yuan/km",
           "vehicle cost per km (fuel vehicle)", sim::assumption());
    b.real("logistics.nev_saving", nev_saving, 0.35, {0, 1}, {0.2, 0.5}, "1",
           "share of per-km cost saved by a new-energy vehicle", sim::assumption());
    b.real("logistics.crate_saving", crate_saving, 0.15, {0, 1}, {0.05, 0.25}, "1",
           "share of handling cost saved with standard pallets and crates", sim::assumption());
    b.real("logistics.nev_share_initial", nev_share0, 0.05, {0, 1}, {0, 0.15}, "1",
           "new-energy share of the rural fleet at the start", sim::assumption());
    b.real("logistics.crate_share_initial", crate_share0, 0.1, {0, 1}, {0, 0.3}, "1",
           "share of parcels handled in standard crates at the start", sim::assumption());
    b.real("logistics.joint_share_initial", joint_share0, 0.0, {0, 1}, {0, 0.3}, "1",
           "share of counties with joint distribution (carriers pooling volumes on shared routes) at the start",
           sim::assumption());
    b.real("logistics.max_pickup_km", max_pickup_km, 12, {0, 500}, {8, 20}, "km",
           "farthest a household goes to fetch parcels at the township pick-up point; beyond it, no route means no "
           "online shopping",
           sim::assumption());
    b.real("logistics.sorting_capacity", sorting_capacity, 0.3, {0, 100}, {0.2, 0.5}, "parcels/household/day",
           "county sorting-centre capacity per resident household at the start; above it parcels take a day longer",
           sim::assumption());
    b.real("logistics.cold_capacity", cold_capacity0, 0.5, {0, 10}, {0.3, 0.8}, "1",
           "cold-chain capacity at the start, as a share of the perishable produce that rural sellers offer",
           sim::assumption());
    b.real("logistics.perishable_share", perishable_share, 0.5, {0, 1}, {0.3, 0.7}, "1",
           "share of rural online produce sales that needs cold chain", sim::assumption());
    b.real("logistics.sales_factor_periodic", sales_factor_periodic, 0.85, {0, 1}, {0.7, 0.95}, "1",
           "online sales of a rural seller whose village is served periodically, relative to daily service",
           sim::assumption());
    b.real("logistics.sales_factor_pickup", sales_factor_pickup, 0.7, {0, 1}, {0.5, 0.85}, "1",
           "online sales of a rural seller who must bring parcels to the township, relative to daily service",
           sim::assumption());
    const std::string split0 = b.real("logistics.share_joint", shares.joint, 0.3, {0, 1}, {0, 1}, "1",
                                      "share of budget.logistics for joint distribution set-up", sim::lever());
    const std::string split1 = b.real("logistics.share_nev", shares.fleet, 0.2, {0, 1}, {0, 1}, "1",
                                      "share of budget.logistics for new-energy vehicles", sim::lever());
    const std::string split2 = b.real("logistics.share_cold", shares.cold, 0.2, {0, 1}, {0, 1}, "1",
                                      "share of budget.logistics for cold storage", sim::lever());
    const std::string split3 = b.real("logistics.share_sorting", shares.sorting, 0.1, {0, 1}, {0, 1}, "1",
                                      "share of budget.logistics for county sorting capacity", sim::lever());
    const std::string split4 = b.real("logistics.share_subsidy", shares.subsidies, 0.2, {0, 1}, {0, 1}, "1",
                                      "share of budget.logistics for village route subsidies", sim::lever());
    b.real("logistics.joint_setup_cost", joint_setup_cost, 3e6, {1, 1e10}, {1e6, 6e6}, "yuan/county",
           "public cost of setting up joint distribution in a county", sim::assumption());
    b.real("logistics.nev_fleet_cost", nev_fleet_cost, 2e6, {1, 1e10}, {1e6, 4e6}, "yuan",
           "public cost of one step of a county's fleet renewal (new-energy vehicles and standard crates)",
           sim::assumption());
    b.real("logistics.nev_step", nev_step, 0.2, {0, 1}, {0.1, 0.3}, "1",
           "new-energy share of a county's fleet, and standard-crate share of its parcels, added by one renewal step",
           sim::assumption());
    b.real("logistics.cold_unit_cost", cold_unit_cost, 150, {0.01, 1e6}, {80, 300}, "yuan per yuan/day",
           "public cost of cold-chain capacity that ships one yuan of perishable produce a day", sim::assumption());
    b.real("logistics.sorting_unit_cost", sorting_unit_cost, 300, {0.01, 1e6}, {150, 600}, "yuan per parcel/day",
           "public cost of sorting capacity", sim::assumption());
    b.shares({split0, split1, split2, split3, split4}, true);
    bind_budget(
        b, "logistics", budget,
        "project 2: joint distribution, new-energy vehicles, cold storage, sorting capacity, village route subsidies");
}

}  // namespace ruralsim::models
