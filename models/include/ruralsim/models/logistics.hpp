#pragma once
/// \file
/// The rural parcel network and project 2 (models/src/logistics.cpp: costs, service, the
/// project's instruments). A module; it publishes its state table as "network" and its
/// parameters as "logistics.params".

#include <cstddef>
#include <cstdint>
#include <memory>
#include <vector>

#include "ruralsim/models/module.hpp"
#include "ruralsim/models/parameters.hpp"
#include "ruralsim/models/pots.hpp"

namespace ruralsim::models {

/// How parcels reach a village (decided monthly by route economics and subsidy).
enum Service : std::uint8_t { kNoService = 0, kPickup = 1, kPeriodic = 2, kDaily = 3 };

/// The rural parcel network of each county (project 2).
struct Network {
    std::vector<double> joint, nev, crate, cold_capacity, sorting_capacity, cash, extra_days;  ///< per county
    std::vector<std::uint8_t> service, subsidised;  ///< per place (Service), this month
    std::vector<double> month_parcels;              ///< per place, parcels so far this month
    template <class A>
    void fields(A& a) {
        a("joint", joint);
        a("nev", nev);
        a("crate", crate);
        a("cold_capacity", cold_capacity);
        a("sorting_capacity", sorting_capacity);
        a("cash", cash);
        a("extra_days", extra_days);
        a("service", service);
        a("subsidised", subsidised);
        a("month_parcels", month_parcels);
    }
};

/// The network's and project 2's parameters (logistics.*, budget.logistics).
struct LogisticsParams {
    BudgetSchedule budget;
    int carriers = 0;
    double parcel_value_down = 0, parcel_value_up = 0, parcel_fee = 0, lastmile_revenue = 0;
    double handling_cost = 0, trunk_trip_cost = 0, lastmile_trip_cost = 0, cost_per_km = 0;
    double nev_saving = 0, crate_saving = 0, nev_share0 = 0, crate_share0 = 0, joint_share0 = 0;
    double max_pickup_km = 0, sorting_capacity = 0, cold_capacity0 = 0, perishable_share = 0;
    double sales_factor_periodic = 0, sales_factor_pickup = 0;
    LogisticsPots shares;  ///< shares of budget.logistics by pot
    double joint_setup_cost = 0, nev_fleet_cost = 0, nev_step = 0, cold_unit_cost = 0, sorting_unit_cost = 0;
    void bind(sim::ParamBinder& b);
};

std::unique_ptr<Module> make_logistics(const Context& c);

}  // namespace ruralsim::models
