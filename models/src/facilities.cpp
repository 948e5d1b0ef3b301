// County commerce facilities (project 4): township commerce centres ("six ones"), county-seat
// business districts ("ten ones"), filling-station service centres and village store upgrades;
// their state at the start and the budget rule that upgrades them (docs/ODD.md 7.5, 7.10).

#include <algorithm>

#include "model_state.hpp"
#include "ruralsim/models/streams.hpp"
#include "ruralsim/sim/rng.hpp"

namespace ruralsim::models {

/// Upgraded township centres and business districts at the start (drawn), no filling-station centres.
void Model::setup_facilities() {
    const std::size_t C = geo_.counties.size(), T = geo_.townships.size();
    fac_.township_upgraded.assign(T, 0);
    fac_.station.assign(T, 0);
    fac_.district_upgraded.assign(C, 0);
    for (std::size_t t = 0; t < T; ++t) {
        sim::Stream r(seed_, streams::kGeography, 2'000'000 + t, 0);
        fac_.township_upgraded[t] = !geo_.townships[t].urban && r.uniform() < p_.township_upgraded0;
    }
    for (std::size_t c = 0; c < C; ++c) {
        sim::Stream r(seed_, streams::kGeography, 3'000'000 + c, 0);
        fac_.district_upgraded[c] = r.uniform() < p_.district_upgraded0;
    }
}

void Model::disburse_facilities(const sim::Step& s) {
    const double t = p_.facilities_township_share, d = p_.facilities_district_share, st = p_.facilities_station_share;
    facilities_money_.add(release(p_.budget_facilities, earmark_facilities_, s.date),
                          FacilityPots{t, d, st, 1.0 - t - d - st});
    std::vector<double> t_rural(geo_.townships.size(), 0.0);
    std::vector<double> c_urban(geo_.counties.size(), 0.0);
    for (const Place& pl : geo_.places) (pl.urban ? c_urban[pl.county] : t_rural[pl.township]) += pl.real_households;
    facilities_money_.spend(
        [&](FacilityPots& pots, std::size_t only) { buy_facilities(pots, only, t_rural, c_urban); });
}

void Model::buy_facilities(FacilityPots& pots, std::size_t only, const std::vector<double>& t_rural,
                           const std::vector<double>& c_urban) {
    Daily& d = *day_;
    Funding& fund = *funding_;
    const std::size_t C = geo_.counties.size();
    auto in = [&](std::size_t county) { return only == C || county == only; };
    using Paid = Funding::Paid;
    // Each rule ranks its candidates only when its pot pays for one item (ranking is the costly part).
    // Township centres (six ones): rural townships not yet upgraded, most rural households first.
    if (pots.township >= p_.township_upgrade_cost) {
        for (std::size_t t : ranked(
                 geo_.townships.size(),
                 [&](std::size_t t) {
                     return in(geo_.townships[t].county) && !geo_.townships[t].urban && !fac_.township_upgraded[t] &&
                            t_rural[t] > 0;
                 },
                 [&](std::size_t t) { return t_rural[t]; })) {
            const Paid paid =
                fund.pay(pots.township, geo_.townships[t].county, p_.township_upgrade_cost, d.spend_facilities);
            if (paid == Paid::Short) break;
            if (paid == Paid::Yes) fac_.township_upgraded[t] = 1;
        }
    }
    // Business districts (ten ones): counties not yet upgraded, most urban households first.
    if (pots.district >= p_.district_upgrade_cost) {
        for (std::size_t c : ranked(
                 C, [&](std::size_t c) { return in(c) && !fac_.district_upgraded[c] && c_urban[c] > 0; },
                 [&](std::size_t c) { return c_urban[c]; })) {
            const Paid paid = fund.pay(pots.district, c, p_.district_upgrade_cost, d.spend_facilities);
            if (paid == Paid::Short) break;
            if (paid == Paid::Yes) fac_.district_upgraded[c] = 1;
        }
    }
    // Filling-station centres: up to the target, in townships without one, most rural households first.
    if (fac_.stations < p_.stations_target && pots.stations >= p_.station_cost) {
        for (std::size_t t : ranked(
                 geo_.townships.size(),
                 [&](std::size_t t) {
                     return in(geo_.townships[t].county) && !geo_.townships[t].urban && !fac_.station[t] &&
                            t_rural[t] > 0;
                 },
                 [&](std::size_t t) { return t_rural[t]; })) {
            if (fac_.stations >= p_.stations_target) break;
            const Paid paid = fund.pay(pots.stations, geo_.townships[t].county, p_.station_cost, d.spend_facilities);
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
                 geo_.places.size(),
                 [&](std::size_t i) { return in(geo_.places[i].county) && st_.open[i] && !st_.upgraded[i]; },
                 [&](std::size_t i) { return geo_.places[i].real_households; })) {
            const Paid paid = fund.pay(pots.stores, geo_.places[i].county, p_.store_upgrade_cost, d.spend_facilities);
            if (paid == Paid::Short) break;
            if (paid != Paid::Yes) continue;
            st_.upgraded[i] = 1;
            d.upgrades[geo_.places[i].county] += 1;
        }
    }
}

/// County commerce facilities, project 4 (docs/ODD.md 7.5, 7.10).
void bind_facilities_params(sim::ParamBinder& b, Params& p) {
    b.real("store.upgrade_cost", p.store_upgrade_cost, 30000, {1, 1e8}, {15000, 60000}, "yuan/store",
           "public cost of upgrading one village convenience store (variety, parcel pick-up, bill payment)",
           sim::assumption());
    // --- county commerce facilities (project 4) -------------------------------------------------
    b.real("facilities.township_upgrade_cost", p.township_upgrade_cost, 1.5e6, {1, 1e10}, {8e5, 3e6}, "yuan/township",
           "public cost of a township commerce centre upgrade (six ones: centre, farmers' market, e-commerce station, "
           "brand supermarket, restaurant, farm-stay)",
           sim::assumption());
    b.real("facilities.township_upgrade_variety", p.township_upgrade_variety, 0.4, {0, 5}, {0.2, 0.6}, "log index",
           "variety gained by an upgraded township centre", sim::assumption());
    b.real("facilities.district_upgrade_cost", p.district_upgrade_cost, 2e7, {1, 1e11}, {1e7, 4e7}, "yuan/county",
           "public cost of upgrading a county-seat business district (ten ones)", sim::assumption());
    b.real("facilities.district_upgrade_variety", p.district_upgrade_variety, 0.2, {0, 5}, {0.1, 0.4}, "log index",
           "variety gained by an upgraded business district", sim::assumption());
    b.real("facilities.station_cost", p.station_cost, 5e5, {1, 1e10}, {3e5, 1e6}, "yuan/centre",
           "public cost of a rural service centre at a filling station", sim::assumption());
    b.integer("facilities.stations_target", p.stations_target, 0, {0, 2000}, {0, 300}, "centres",
              "filling-station rural service centres the programme builds (the plan: 150)", sim::lever());
    b.real("facilities.station_sales_share", p.station_sales_share, 0.08, {0, 1}, {0.03, 0.15}, "1",
           "share of its township's centre sales a filling-station centre takes (daily goods, farm inputs)",
           sim::assumption());
    const std::string share0 = b.real("facilities.township_share", p.facilities_township_share, 0.4, {0, 1}, {0, 1},
                                      "1", "share of budget.facilities for township centre upgrades", sim::lever());
    const std::string share1 = b.real("facilities.district_share", p.facilities_district_share, 0.2, {0, 1}, {0, 1},
                                      "1", "share of budget.facilities for business district upgrades", sim::lever());
    const std::string share2 =
        b.real("facilities.station_share", p.facilities_station_share, 0.1, {0, 1}, {0, 1}, "1",
               "share of budget.facilities for filling-station centres (what the township, district and station shares "
               "leave upgrades village stores)",
               sim::lever());
    b.real("facilities.township_upgraded_initial", p.township_upgraded0, 0.3, {0, 1}, {0.2, 0.5}, "1",
           "share of township centres already upgraded at the start", sim::assumption());
    b.real("facilities.district_upgraded_initial", p.district_upgraded0, 0.5, {0, 1}, {0.3, 0.7}, "1",
           "share of business districts already upgraded at the start", sim::assumption());
    b.shares({share0, share1, share2}, false);
    bind_budget(b, "facilities", p.budget_facilities,
                "project 4: township centre (six ones) and business district (ten ones) upgrades, filling-station "
                "centres, village store upgrades");
}

}  // namespace ruralsim::models
