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
    // same chance, so the expected number trained is what the money pays for.
    ecommerce_carry_ += p_.budget_ecommerce.month_amount(s.date);
    double non_adopters = 0, non_sellers = 0;
    for (std::size_t i = 0; i < geo_.places.size(); ++i) {
        if (geo_.places[i].urban) continue;
        const double agents = hh_.first[i + 1] - hh_.first[i];
        non_adopters += agents * (1.0 - village_adoption_[i]) * hh_.weight[i];
        non_sellers += agents * hh_.weight[i] - place_sellers_[i];
    }
    const double sellers_money = ecommerce_carry_ * p_.seller_training_budget_share;
    const double buyers_money = ecommerce_carry_ - sellers_money;
    training_prob_ = non_adopters > 0 ? std::min(1.0, buyers_money / p_.training_cost / non_adopters) : 0.0;
    seller_training_prob_ = non_sellers > 0 ? std::min(1.0, sellers_money / p_.seller_training_cost / non_sellers) : 0.0;
}

void Model::disburse_facilities(const sim::Step& s) {
    Daily& d = *day_;
    const double month = p_.budget_facilities.month_amount(s.date);
    township_carry_ += month * p_.facilities_township_share;
    district_carry_ += month * p_.facilities_district_share;
    station_carry_ += month * p_.facilities_station_share;
    facilities_carry_ += month * (1.0 - p_.facilities_township_share - p_.facilities_district_share -
                                  p_.facilities_station_share);
    std::vector<double> t_rural(geo_.townships.size(), 0.0);
    std::vector<double> c_urban(geo_.counties.size(), 0.0);
    for (const Place& pl : geo_.places) (pl.urban ? c_urban[pl.county] : t_rural[pl.township]) += pl.real_households;

    // Township centres (six ones): rural townships not yet upgraded, most rural households first.
    for (std::size_t t : ranked(geo_.townships.size(), [&](std::size_t t) { return !geo_.townships[t].urban && !fac_.township_upgraded[t] && t_rural[t] > 0; },
                                [&](std::size_t t) { return t_rural[t]; })) {
        if (township_carry_ < p_.township_upgrade_cost) break;
        township_carry_ -= p_.township_upgrade_cost;
        fac_.township_upgraded[t] = 1;
        d.spend_facilities[geo_.townships[t].county] += p_.township_upgrade_cost;
    }
    // Business districts (ten ones): counties not yet upgraded, most urban households first.
    for (std::size_t c : ranked(geo_.counties.size(), [&](std::size_t c) { return !fac_.district_upgraded[c] && c_urban[c] > 0; },
                                [&](std::size_t c) { return c_urban[c]; })) {
        if (district_carry_ < p_.district_upgrade_cost) break;
        district_carry_ -= p_.district_upgrade_cost;
        fac_.district_upgraded[c] = 1;
        d.spend_facilities[c] += p_.district_upgrade_cost;
    }
    // Filling-station centres: up to the target, in townships without one, most rural households first.
    for (std::size_t t : ranked(geo_.townships.size(), [&](std::size_t t) { return !geo_.townships[t].urban && !fac_.station[t] && t_rural[t] > 0; },
                                [&](std::size_t t) { return t_rural[t]; })) {
        if (fac_.stations >= p_.stations_target || station_carry_ < p_.station_cost) break;
        station_carry_ -= p_.station_cost;
        fac_.station[t] = 1;
        ++fac_.stations;
        d.spend_facilities[geo_.townships[t].county] += p_.station_cost;
    }
    // Village stores: open, not yet upgraded, largest villages first.
    for (std::size_t i : ranked(geo_.places.size(), [&](std::size_t i) { return st_.open[i] && !st_.upgraded[i]; },
                                [&](std::size_t i) { return geo_.places[i].real_households; })) {
        if (facilities_carry_ < p_.store_upgrade_cost) break;
        st_.upgraded[i] = 1;
        facilities_carry_ -= p_.store_upgrade_cost;
        d.spend_facilities[geo_.places[i].county] += p_.store_upgrade_cost;
        d.upgrades[geo_.places[i].county] += 1;
    }
}

void Model::disburse_logistics(const sim::Step& s) {
    Daily& d = *day_;
    const double month = p_.budget_logistics.month_amount(s.date);
    for (int b = 0; b < 5; ++b) logistics_carry_[b] += month * p_.logistics_split[static_cast<std::size_t>(b)];
    const std::size_t C = geo_.counties.size();
    std::vector<double> pickup(C, 0.0), villages(C, 0.0), offer(C, 0.0), load(C, 0.0);
    for (std::size_t i = 0; i < geo_.places.size(); ++i) {
        const Place& pl = geo_.places[i];
        if (pl.urban) continue;
        villages[pl.county] += 1;
        pickup[pl.county] += net_.service[i] <= kPickup;
        offer[pl.county] += seller_offer(i, s.day);
    }
    for (std::size_t c = 0; c < C; ++c) load[c] = d.county[c][kParcelsDown] + d.county[c][kParcelsUp];
    auto spend = [&](std::size_t c, double amount) { d.spend_logistics[c] += amount; };

    // Joint distribution: counties without it, most pick-up-only villages first.
    double& joint = logistics_carry_[0];
    for (std::size_t c : ranked(C, [&](std::size_t c) { return net_.joint[c] < 1.0 && villages[c] > 0; },
                                [&](std::size_t c) { return pickup[c]; })) {
        if (joint < p_.joint_setup_cost) break;
        joint -= p_.joint_setup_cost;
        net_.joint[c] = 1.0;
        spend(c, p_.joint_setup_cost);
    }
    // Fleet renewal (new-energy vehicles and standard crates): one step at a time, counties with the
    // most villages first.
    double& nev = logistics_carry_[1];
    for (bool bought = true; bought;) {
        bought = false;
        for (std::size_t c : ranked(C, [&](std::size_t c) { return net_.nev[c] < 1.0 && villages[c] > 0; },
                                    [&](std::size_t c) { return villages[c]; })) {
            if (nev < p_.nev_fleet_cost) break;
            nev -= p_.nev_fleet_cost;
            net_.nev[c] = std::min(1.0, net_.nev[c] + p_.nev_step);
            net_.crate[c] = std::min(1.0, net_.crate[c] + p_.nev_step);
            spend(c, p_.nev_fleet_cost);
            bought = true;
        }
    }
    // Cold storage and sorting capacity: the month's money goes to counties in proportion to
    // their shortfall (perishable offer above capacity; parcels above capacity).
    auto share_out = [&](double& money, std::vector<double>& capacity, const std::vector<double>& need, double unit) {
        double gap = 0;
        for (std::size_t c = 0; c < C; ++c) gap += std::max(0.0, need[c] - capacity[c]);
        if (gap <= 0 || money <= 0) return;
        const double used = std::min(money, gap * unit);
        for (std::size_t c = 0; c < C; ++c) {
            const double part = used * std::max(0.0, need[c] - capacity[c]) / gap;
            capacity[c] += part / unit;
            spend(c, part);
        }
        money -= used;
    };
    std::vector<double> perishable(C);
    for (std::size_t c = 0; c < C; ++c) perishable[c] = offer[c] * p_.produce_share * p_.perishable_share;
    share_out(logistics_carry_[2], net_.cold_capacity, perishable, p_.cold_unit_cost);
    share_out(logistics_carry_[3], net_.sorting_capacity, load, p_.sorting_unit_cost);
    // Route subsidies (bucket 4) are given at month end by decide_services.
}

}  // namespace ruralsim::models
