#pragma once
/// \file
/// The county commerce facilities, project 4 (models/src/facilities.cpp): township centre and
/// business district upgrades, filling-station centres, village store upgrades. A module; it
/// publishes its state table as "facilities" and its parameters as "facilities.params".

#include <cstddef>
#include <cstdint>
#include <memory>
#include <vector>

#include "ruralsim/models/module.hpp"
#include "ruralsim/models/parameters.hpp"

namespace ruralsim::models {

/// Upgraded facilities (project 4).
struct Facilities {
    std::vector<std::uint8_t> township_upgraded, station;  ///< per township
    std::vector<std::uint8_t> district_upgraded;           ///< per county
    int stations = 0;
    template <class A>
    void fields(A& a) {
        a("township_upgraded", township_upgraded);
        a("station", station);
        a("district_upgraded", district_upgraded);
        a("stations", stations);
    }
};

/// The facilities' parameters (facilities.*, store.upgrade_cost, budget.facilities).
struct FacilityParams {
    BudgetSchedule budget;
    double store_upgrade_cost = 0, township_upgrade_cost = 0, township_upgrade_variety = 0, district_upgrade_cost = 0,
           district_upgrade_variety = 0, station_cost = 0;
    double township_share = 0, district_share = 0, station_share = 0;  ///< of budget.facilities (stores: the rest)
    double township_upgraded0 = 0, district_upgraded0 = 0;
    int stations_target = 0;
    double station_sales_share = 0;
    void bind(sim::ParamBinder& b);
};

std::unique_ptr<Module> make_facilities(const Context& c);

}  // namespace ruralsim::models
