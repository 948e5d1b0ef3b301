// Village convenience stores: weekly restocking, month-end fixed costs, exit and entry
// (docs/ODD.md 7.4); their sales from stock are in the household phase.

#include <cmath>

#include "ruralsim/models/model.hpp"
#include "ruralsim/models/streams.hpp"
#include "ruralsim/sim/rng.hpp"

namespace ruralsim::models {

namespace {
// Constants of the store entry rule (docs/ODD.md 7.16: assumptions, not scenario keys).
constexpr double kRestockTripsPerMonth = 4.35;  ///< weekly restocking: 365.25 / 12 / 7 trips a month
constexpr double kEntryMonthDays = 30.0;        ///< an entrant's first smoothed daily sales: last month's over 30 days
}  // namespace

void Model::phase_restock(const sim::Step& s) {
    if (!s.week_start) return;
    exec_.for_each(geo_.places.size(), [&](std::size_t i) {
        if (!st_.open[i]) return;
        const Place& pl = geo_.places[i];
        const double target = p_.store_stock_days * st_.sales_ema[i];
        const double order = std::max(0.0, target - st_.stock[i]);
        if (order <= 0.0) return;
        const double km = pl.township_km + geo_.townships[pl.township].county_km;
        const double trip = p_.restock_trip_cost + p_.restock_cost_per_km * km;
        st_.stock[i] += order;
        st_.cash[i] -= order + trip;
        st_.month_profit[i] -= trip;
        table_.place(i)[kRestock] += order;
        table_.place(i)[kRestockTrips] += trip;
    });
}

void Model::phase_store_dynamics(const sim::Step& s) {
    // Stores pay fixed costs, exit and enter at month end (their cash at day end is read by the
    // accounting phase).
    if (!s.month_end) return;
    const double m = 1.0 + p_.store_markup;
    exec_.for_each(geo_.places.size(), [&](std::size_t i) {
        const Place& pl = geo_.places[i];
        double* out = table_.place(i);
        if (!pl.urban) {
            if (st_.open[i]) {
                st_.cash[i] -= p_.store_fixed_cost;
                out[kStoreFixed] += p_.store_fixed_cost;
                const double profit = st_.month_profit[i] - p_.store_fixed_cost;
                st_.month_profit[i] = 0.0;
                st_.loss_months[i] = profit < 0 ? static_cast<std::uint8_t>(st_.loss_months[i] + 1) : 0;
                if (st_.loss_months[i] >= p_.store_exit_months) {
                    st_.open[i] = 0;
                    st_.upgraded[i] = 0;
                }
            } else if (hh_.first[i + 1] > hh_.first[i]) {
                // Entry: a store opens (with chance entry_rate) where the village's demand would
                // cover a store's fixed and restocking costs.
                PlaceState state = choice_->state(i, false);
                state.store_open = true;
                state.store_variety = 0.0;
                const PlaceShares sh = choice_->shares(i, state);
                const double a = hh_.adoption[i];
                const double share = a * sh.adopter[kVillageStore] + (1 - a) * sh.other[kVillageStore];
                const double margin = place_month_goods_[i] * share * (1.0 - 1.0 / m);
                const double km = pl.township_km + geo_.townships[pl.township].county_km;
                const double costs =
                    p_.store_fixed_cost + kRestockTripsPerMonth * (p_.restock_trip_cost + p_.restock_cost_per_km * km);
                sim::Stream r(seed_, streams::kStoreEntry, i, 1 + static_cast<std::uint64_t>(s.month));
                if (margin > costs && r.uniform() < p_.store_entry_rate) {
                    st_.open[i] = 1;
                    st_.loss_months[i] = 0;
                    st_.month_profit[i] = 0;
                    st_.stock[i] = 0;
                    st_.sales_ema[i] = place_month_goods_[i] * share / m / kEntryMonthDays;
                }
            }
        }
    });
}

/// Village convenience stores (docs/ODD.md 7.4).
void bind_store_params(sim::ParamBinder& b, Params& p) {
    b.real("store.markup", p.store_markup, 0.22, {0, 3}, {0.15, 0.3}, "1", "village store markup over wholesale cost",
           sim::assumption());
    b.real("store.fixed_cost", p.store_fixed_cost, 1200, {0, 1e6}, {600, 2500}, "yuan/month",
           "a village store's fixed cost (rent, utilities, imputed owner labour)", sim::assumption());
    b.real("store.initial_presence", p.store_initial_presence, 0.92, {0, 1}, {0.85, 1.0}, "1",
           "share of villages with a convenience store at the start", sim::assumption());
    b.integer("store.exit_months", p.store_exit_months, 6, {1, 120}, {3, 12}, "months",
              "consecutive months of losses after which a store closes", sim::assumption());
    b.real("store.entry_rate", p.store_entry_rate, 0.05, {0, 1}, {0.02, 0.1}, "1/month",
           "chance a month that a store opens in a village without one, when the margin on its expected sales covers "
           "the fixed cost and weekly restocking trips",
           sim::assumption());
    b.real("store.stock_days", p.store_stock_days, 14, {1, 365}, {7, 30}, "days of sales",
           "stock a store restocks to each week", sim::assumption());
    b.real("store.restock_trip_cost", p.restock_trip_cost, 40, {0, 1e5}, {20, 80}, "yuan/trip",
           "fixed cost of a weekly restocking trip", sim::assumption());
    b.real("store.restock_cost_per_km", p.restock_cost_per_km, 1.5, {0, 1e3}, {0.8, 3}, "yuan/km",
           "restocking cost per km between the county seat and the village", sim::assumption());
    b.real("store.upgrade_variety", p.store_upgrade_variety, 0.4, {0, 5}, {0.2, 0.6}, "log index",
           "variety gained by an upgraded store; an upgraded store is also a parcel pick-up point", sim::assumption());
}

}  // namespace ruralsim::models
