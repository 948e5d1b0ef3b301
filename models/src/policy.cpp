// Disbursement of the projects' budgets by explicit rules. Each month's money
// (BudgetSchedule) is added to a carry-over; items are bought in the order the
// rule gives while the carry-over pays for them; what is left stays with the
// government and is spent in later months (never lost, never overspent).

#include <algorithm>
#include <numeric>

#include "model_state.hpp"

namespace ruralsim::models {

namespace {
/// Indices 0..n-1 where keep(i), ordered by key(i) descending (ties: lower index first).
template <class Keep, class Key>
std::vector<std::size_t> ranked(std::size_t n, Keep keep, Key key) {
    std::vector<std::size_t> out;
    for (std::size_t i = 0; i < n; ++i)
        if (keep(i)) out.push_back(i);
    std::stable_sort(out.begin(), out.end(), [&](std::size_t a, std::size_t b) { return key(a) > key(b); });
    return out;
}
}  // namespace

void Model::phase_policy(const sim::Step& s) {
    if (!s.month_start) return;
    disburse_facilities(s);
    disburse_logistics(s);

    // Project 1: training. The month's money buys training for sellers (its share) and for
    // online shoppers among non-adopting rural households; each eligible household has the
    // same chance, so the expected number trained is what the money pays for. A county's
    // earmark raises the chance in that county only.
    ecommerce_money_.add(release(p_.budget_ecommerce, earmark_ecommerce_, s.date), OnePot{1.0});
    const std::size_t C = geo_.counties.size();
    std::vector<double> non_adopters(C, 0.0), non_sellers(C, 0.0);
    for (std::size_t i = 0; i < geo_.places.size(); ++i) {
        if (geo_.places[i].urban) continue;
        const double agents = hh_.first[i + 1] - hh_.first[i];
        non_adopters[geo_.places[i].county] += agents * (1.0 - village_adoption_[i]) * hh_.weight[i];
        non_sellers[geo_.places[i].county] += agents * hh_.weight[i] - place_sellers_[i];
    }
    double all_adopters = 0, all_sellers = 0;
    for (std::size_t c = 0; c < C; ++c) all_adopters += non_adopters[c], all_sellers += non_sellers[c];
    auto chances = [&](double money, double adopters, double sellers, double& buy, double& sell) {
        const double sellers_money = money * p_.seller_training_budget_share;
        const double buyers_money = money - sellers_money;
        buy = adopters > 0 ? buyers_money / p_.training_cost / adopters : 0.0;
        sell = sellers > 0 ? sellers_money / p_.seller_training_cost / sellers : 0.0;
    };
    double city_buy = 0, city_sell = 0;
    chances(ecommerce_money_.city().money, all_adopters, all_sellers, city_buy, city_sell);
    for (std::size_t c = 0; c < C; ++c) {
        double buy = 0, sell = 0;
        if (const double money = ecommerce_money_.county(c).money; money > 0)
            chances(money, non_adopters[c], non_sellers[c], buy, sell);
        training_prob_[c] = std::min(1.0, city_buy + buy);
        seller_training_prob_[c] = std::min(1.0, city_sell + sell);
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
