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

#include <algorithm>
#include <cmath>

#include "model_state.hpp"
#include "ruralsim/models/streams.hpp"
#include "ruralsim/sim/rng.hpp"

namespace ruralsim::models {

namespace {
constexpr double kPeriodicTripsPerWeek = 2.0;
}

double Model::seller_offer(std::size_t i, int day) const {
    return place_sellers_[i] * p_.seller_sales / 365.0 * growth_factor(p_.seller_sales_growth, day);
}

void Model::setup_network() {
    const std::size_t C = geo_.counties.size(), P = geo_.places.size();
    net_.joint.assign(C, 0.0);
    net_.nev.assign(C, p_.nev_share0);
    net_.crate.assign(C, p_.crate_share0);
    net_.cold_capacity.assign(C, 0.0);
    net_.sorting_capacity.assign(C, 0.0);
    net_.cash.assign(C, 0.0);
    net_.extra_days.assign(C, 0.0);
    net_.subsidy_due.assign(C, 0.0);
    net_.service.assign(P, kNoService);
    net_.subsidised.assign(P, 0);
    net_.month_parcels.assign(P, 0.0);
    std::vector<double> villages(C, 0.0), households(C, 0.0), perishable(C, 0.0);
    for (std::size_t i = 0; i < P; ++i) {
        const Place& pl = geo_.places[i];
        households[pl.county] += pl.real_households;
        if (pl.urban) {
            net_.service[i] = kDaily;
            continue;
        }
        villages[pl.county] += 1;
        // Start (2021): villages near the township on a daily route, the others periodic.
        net_.service[i] = pl.township_km <= p_.daily_route_km ? kDaily : kPeriodic;
        perishable[pl.county] += seller_offer(i, 0) * p_.produce_share * p_.perishable_share;
    }
    // Joint distribution at the start: the counties with the most villages, up to the initial share.
    std::vector<std::size_t> order(C);
    for (std::size_t c = 0; c < C; ++c) order[c] = c;
    std::stable_sort(order.begin(), order.end(),
                     [&](std::size_t a, std::size_t b) { return villages[a] > villages[b]; });
    const auto n_joint = static_cast<std::size_t>(std::round(p_.joint_share0 * static_cast<double>(C)));
    for (std::size_t k = 0; k < n_joint && k < C; ++k) net_.joint[order[k]] = 1.0;
    for (std::size_t c = 0; c < C; ++c) {
        net_.cold_capacity[c] = p_.cold_capacity0 * perishable[c];
        net_.sorting_capacity[c] = p_.sorting_capacity * households[c];
    }
}

void Model::phase_logistics(const sim::Step& s) {
    Daily& d = *day_;
    const std::size_t C = geo_.counties.size();
    const bool route_day = s.date.weekday() == 0 || s.date.weekday() == 3;  // periodic routes: Monday, Thursday
    exec_.for_each(
        C,
        [&](std::size_t c) {
            const double k_eff = p_.carriers - (p_.carriers - 1) * net_.joint[c];
            const double km_cost = p_.cost_per_km * (1.0 - p_.nev_saving * net_.nev[c]);
            double trunk = 0, lastmile = 0, rural = 0, urban = 0, fees_up = 0;
            std::uint32_t last_township = static_cast<std::uint32_t>(-1);
            double township_parcels = 0;
            auto close_township = [&](std::uint32_t t) {
                if (t != static_cast<std::uint32_t>(-1) && township_parcels > 0)
                    trunk += k_eff * (p_.trunk_trip_cost + km_cost * 2.0 * geo_.townships[t].county_km);
                township_parcels = 0;
            };
            for (std::uint32_t i = geo_.first_place[c]; i < geo_.first_place[c + 1]; ++i) {
                const Place& pl = geo_.places[i];
                const Row& r = d.place[i];
                const double parcels = r[kParcelsDown] + r[kParcelsUp];
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
                fees_up += r[kParcelsUp] * p_.parcel_fee;
                net_.month_parcels[i] += parcels;
                const auto service = static_cast<Service>(net_.service[i]);
                if (service == kDaily || (service == kPeriodic && route_day)) {
                    const double trips = net_.subsidised[i] ? 1.0 : k_eff;
                    lastmile += trips * (p_.lastmile_trip_cost + km_cost * 2.0 * pl.township_km);
                }
            }
            close_township(last_township);
            const double handling = rural * p_.handling_cost * (1.0 - p_.crate_saving * net_.crate[c]);
            d.network_cost[c] = trunk + lastmile + handling;
            d.rural_parcels[c] = rural;
            d.urban_parcels[c] = urban;
            d.fees_up[c] = fees_up;
            const double fees =
                d.fees_down_outside[c] + d.fees_down_local_rural[c] + d.fees_down_local_urban[c] + d.fees_up[c];
            net_.cash[c] += fees - d.network_cost[c];
            // A sorting centre above capacity delays parcels (up to two days) from tomorrow on.
            const double cap = net_.sorting_capacity[c];
            net_.extra_days[c] = cap > 0 ? std::clamp((rural + urban) / cap - 1.0, 0.0, 2.0) : 0.0;
        },
        1);  // counties differ widely in size: one task each
    if (s.month_end) decide_services(s);
}

void Model::decide_services(const sim::Step& s) {
    Daily& d = *day_;
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
    std::vector<double> own(geo_.places.size(), 0.0), c_parcels(geo_.counties.size(), 0.0),
        c_households(geo_.counties.size(), 0.0);
    for (std::size_t i = 0; i < geo_.places.size(); ++i) {
        const Place& pl = geo_.places[i];
        if (pl.urban) continue;
        double potential = net_.month_parcels[i] / days;
        if (hh_.first[i + 1] > hh_.first[i]) {
            PlaceState st = place_state(i, false);
            st.service = kPeriodic;
            const PlaceShares sh = place_shares(p_, geo_, i, st);
            const double online = place_month_goods_[i] / days * village_adoption_[i] * sh.adopter[kOnline];
            potential =
                std::max(potential, online / p_.parcel_value_down + seller_offer(i, s.day) / p_.parcel_value_up);
        }
        own[i] = potential;
        c_parcels[pl.county] += potential;
        c_households[pl.county] += pl.real_households;
    }
    for (std::size_t i = 0; i < geo_.places.size(); ++i) {
        const Place& pl = geo_.places[i];
        if (pl.urban) continue;
        const std::size_t c = pl.county;
        const double k_eff = p_.carriers - (p_.carriers - 1) * net_.joint[c];
        const double km_cost = p_.cost_per_km * (1.0 - p_.nev_saving * net_.nev[c]);
        const double trip = p_.lastmile_trip_cost + km_cost * 2.0 * pl.township_km;
        const double n = hh_.first[i + 1] - hh_.first[i];
        const double county_rate = c_households[pl.county] > 0 ? c_parcels[pl.county] / c_households[pl.county] : 0.0;
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
    logistics_money_.spend([&](LogisticsPots& pots, std::size_t only) {
        const bool earmark = only < geo_.counties.size();
        for (const Candidate& k : candidates) {
            const std::size_t c = geo_.places[k.place].county;
            if (earmark ? c != only : net_.subsidised[k.place] != 0) continue;
            if (earmark && pots.subsidies <= 0) break;
            const Funding::Paid paid = funding_->pay(pots.subsidies, c, k.cost, d.spend_logistics);
            if (paid == Funding::Paid::Short) break;
            if (paid != Funding::Paid::Yes) continue;
            net_.service[k.place] = kPeriodic;
            net_.subsidised[k.place] = 1;
            d.subsidies[c] += k.cost;
            net_.cash[c] += k.cost;
        }
    });
}

void Model::disburse_logistics(const sim::Step& s) {
    Daily& d = *day_;
    logistics_money_.add(release(p_.budget_logistics, earmark_logistics_, s.date), p_.logistics_shares);
    const std::size_t C = geo_.counties.size();
    std::vector<double> pickup(C, 0.0), villages(C, 0.0), offer(C, 0.0), load(C, 0.0), perishable(C, 0.0);
    for (std::size_t i = 0; i < geo_.places.size(); ++i) {
        const Place& pl = geo_.places[i];
        if (pl.urban) continue;
        villages[pl.county] += 1;
        pickup[pl.county] += net_.service[i] <= kPickup;
        offer[pl.county] += seller_offer(i, s.day);
    }
    for (std::size_t c = 0; c < C; ++c) {
        load[c] = d.county[c][kParcelsDown] + d.county[c][kParcelsUp];
        perishable[c] = offer[c] * p_.produce_share * p_.perishable_share;
    }
    // Route subsidies (their pot) are given at month end by decide_services.
    logistics_money_.spend(
        [&](LogisticsPots& pots, std::size_t only) { buy_logistics(pots, only, villages, pickup, perishable, load); });
}

void Model::buy_logistics(LogisticsPots& pots, std::size_t only, const std::vector<double>& villages,
                          const std::vector<double>& pickup, const std::vector<double>& perishable,
                          const std::vector<double>& load) {
    Daily& d = *day_;
    Funding& fund = *funding_;
    const std::size_t C = geo_.counties.size();
    auto in = [&](std::size_t c) { return only == C || c == only; };
    using Paid = Funding::Paid;

    // Joint distribution: counties without it, most pick-up-only villages first.
    for (std::size_t c : ranked(
             C, [&](std::size_t c) { return in(c) && net_.joint[c] < 1.0 && villages[c] > 0; },
             [&](std::size_t c) { return pickup[c]; })) {
        const Paid paid = fund.pay(pots.joint, c, p_.joint_setup_cost, d.spend_logistics);
        if (paid == Paid::Short) break;
        if (paid == Paid::Yes) net_.joint[c] = 1.0;
    }
    // Fleet renewal (new-energy vehicles and standard crates): one step at a time, counties with the
    // most villages first.
    for (bool bought = true; bought;) {
        bought = false;
        for (std::size_t c : ranked(
                 C, [&](std::size_t c) { return in(c) && net_.nev[c] < 1.0 && villages[c] > 0; },
                 [&](std::size_t c) { return villages[c]; })) {
            const Paid paid = fund.pay(pots.fleet, c, p_.nev_fleet_cost, d.spend_logistics);
            if (paid == Paid::Short) break;
            if (paid != Paid::Yes) continue;
            net_.nev[c] = std::min(1.0, net_.nev[c] + p_.nev_step);
            net_.crate[c] = std::min(1.0, net_.crate[c] + p_.nev_step);
            bought = true;
        }
    }
    // Cold storage and sorting capacity: the month's money goes to counties in proportion to
    // their shortfall (perishable offer above capacity; parcels above capacity), each county's
    // part cut to what it can co-finance.
    auto share_out = [&](double& money, std::vector<double>& capacity, const std::vector<double>& need, double unit) {
        double gap = 0;
        for (std::size_t c = 0; c < C; ++c)
            if (in(c)) gap += std::max(0.0, need[c] - capacity[c]);
        if (gap <= 0 || money <= 0) return;
        const double used = std::min(money, gap * unit);
        double paid = 0;
        for (std::size_t c = 0; c < C; ++c) {
            if (!in(c)) continue;
            const double part = fund.affordable(c, used * std::max(0.0, need[c] - capacity[c]) / gap);
            capacity[c] += part / unit;
            fund.spend(c, part, d.spend_logistics);
            paid += part;
        }
        money -= paid;
    };
    share_out(pots.cold, net_.cold_capacity, perishable, p_.cold_unit_cost);
    share_out(pots.sorting, net_.sorting_capacity, load, p_.sorting_unit_cost);
}

/// The rural parcel network and project 2 (docs/ODD.md 7.8, 7.10).
void bind_logistics_params(sim::ParamBinder& b, Params& p) {
    b.integer("logistics.carriers", p.carriers, 3, {1, 20}, {2, 5}, "carriers",
              "postal and express carriers each running its own county-township-village routes", sim::assumption());
    b.real("logistics.parcel_value_down", p.parcel_value_down, 90, {1, 1e5}, {60, 130}, "yuan/parcel",
           "average value of a parcel bought online", sim::assumption());
    b.real("logistics.parcel_value_up", p.parcel_value_up, 70, {1, 1e5}, {40, 110}, "yuan/parcel",
           "average value of a parcel of rural produce sold online", sim::assumption());
    b.real("logistics.parcel_fee", p.parcel_fee, 5, {0, 1e3}, {3, 8}, "yuan/parcel",
           "carrier revenue per rural parcel (paid by the seller)", sim::assumption());
    b.real("logistics.lastmile_revenue", p.lastmile_revenue, 0.8, {0, 1e3}, {0.5, 1.2}, "yuan/parcel",
           "part of the fee that pays the township-village leg (decides village service)", sim::assumption());
    b.real("logistics.handling_cost", p.handling_cost, 1.0, {0, 1e3}, {0.6, 1.6}, "yuan/parcel",
           "sorting and handling cost per parcel", sim::assumption());
    b.real("logistics.trunk_trip_cost", p.trunk_trip_cost, 60, {0, 1e5}, {40, 90}, "yuan/trip",
           "fixed cost of a county-township trip (driver, vehicle)", sim::assumption());
    b.real("logistics.lastmile_trip_cost", p.lastmile_trip_cost, 120, {0, 1e5}, {80, 160}, "yuan/trip",
           "fixed cost of a township-village trip (driver's time, vehicle); sets 2021 village coverage near the "
           "national 80-90 %",
           sim::assumption());
    b.real("logistics.cost_per_km", p.cost_per_km, 1.5, {0, 1e3}, {1.0, 2.2}, "yuan/km",
           "vehicle cost per km (fuel vehicle)", sim::assumption());
    b.real("logistics.nev_saving", p.nev_saving, 0.35, {0, 1}, {0.2, 0.5}, "1",
           "share of per-km cost saved by a new-energy vehicle", sim::assumption());
    b.real("logistics.crate_saving", p.crate_saving, 0.15, {0, 1}, {0.05, 0.25}, "1",
           "share of handling cost saved with standard pallets and crates", sim::assumption());
    b.real("logistics.nev_share_initial", p.nev_share0, 0.05, {0, 1}, {0, 0.15}, "1",
           "new-energy share of the rural fleet at the start", sim::assumption());
    b.real("logistics.crate_share_initial", p.crate_share0, 0.1, {0, 1}, {0, 0.3}, "1",
           "share of parcels handled in standard crates at the start", sim::assumption());
    b.real("logistics.joint_share_initial", p.joint_share0, 0.0, {0, 1}, {0, 0.3}, "1",
           "share of counties with joint distribution (carriers pooling volumes on shared routes) at the start",
           sim::assumption());
    b.real("logistics.max_pickup_km", p.max_pickup_km, 12, {0, 500}, {8, 20}, "km",
           "farthest a household goes to fetch parcels at the township pick-up point; beyond it, no route means no "
           "online shopping",
           sim::assumption());
    b.real("logistics.sorting_capacity", p.sorting_capacity, 0.3, {0, 100}, {0.2, 0.5}, "parcels/household/day",
           "county sorting-centre capacity per resident household at the start; above it parcels take a day longer",
           sim::assumption());
    b.real("logistics.cold_capacity", p.cold_capacity0, 0.5, {0, 10}, {0.3, 0.8}, "1",
           "cold-chain capacity at the start, as a share of the perishable produce that rural sellers offer",
           sim::assumption());
    b.real("logistics.perishable_share", p.perishable_share, 0.5, {0, 1}, {0.3, 0.7}, "1",
           "share of rural online produce sales that needs cold chain", sim::assumption());
    b.real("logistics.sales_factor_periodic", p.sales_factor_periodic, 0.85, {0, 1}, {0.7, 0.95}, "1",
           "online sales of a rural seller whose village is served periodically, relative to daily service",
           sim::assumption());
    b.real("logistics.sales_factor_pickup", p.sales_factor_pickup, 0.7, {0, 1}, {0.5, 0.85}, "1",
           "online sales of a rural seller who must bring parcels to the township, relative to daily service",
           sim::assumption());
    const std::string split0 = b.real("logistics.share_joint", p.logistics_shares.joint, 0.3, {0, 1}, {0, 1}, "1",
                                      "share of budget.logistics for joint distribution set-up", sim::lever());
    const std::string split1 = b.real("logistics.share_nev", p.logistics_shares.fleet, 0.2, {0, 1}, {0, 1}, "1",
                                      "share of budget.logistics for new-energy vehicles", sim::lever());
    const std::string split2 = b.real("logistics.share_cold", p.logistics_shares.cold, 0.2, {0, 1}, {0, 1}, "1",
                                      "share of budget.logistics for cold storage", sim::lever());
    const std::string split3 = b.real("logistics.share_sorting", p.logistics_shares.sorting, 0.1, {0, 1}, {0, 1}, "1",
                                      "share of budget.logistics for county sorting capacity", sim::lever());
    const std::string split4 = b.real("logistics.share_subsidy", p.logistics_shares.subsidies, 0.2, {0, 1}, {0, 1}, "1",
                                      "share of budget.logistics for village route subsidies", sim::lever());
    b.real("logistics.joint_setup_cost", p.joint_setup_cost, 3e6, {1, 1e10}, {1e6, 6e6}, "yuan/county",
           "public cost of setting up joint distribution in a county", sim::assumption());
    b.real("logistics.nev_fleet_cost", p.nev_fleet_cost, 2e6, {1, 1e10}, {1e6, 4e6}, "yuan",
           "public cost of one step of a county's fleet renewal (new-energy vehicles and standard crates)",
           sim::assumption());
    b.real("logistics.nev_step", p.nev_step, 0.2, {0, 1}, {0.1, 0.3}, "1",
           "new-energy share of a county's fleet, and standard-crate share of its parcels, added by one renewal step",
           sim::assumption());
    b.real("logistics.cold_unit_cost", p.cold_unit_cost, 150, {0.01, 1e6}, {80, 300}, "yuan per yuan/day",
           "public cost of cold-chain capacity that ships one yuan of perishable produce a day", sim::assumption());
    b.real("logistics.sorting_unit_cost", p.sorting_unit_cost, 300, {0.01, 1e6}, {150, 600}, "yuan per parcel/day",
           "public cost of sorting capacity", sim::assumption());
    b.shares({split0, split1, split2, split3, split4}, true);
    bind_budget(
        b, "logistics", p.budget_logistics,
        "project 2: joint distribution, new-energy vehicles, cold storage, sorting capacity, village route subsidies");
}

}  // namespace ruralsim::models
