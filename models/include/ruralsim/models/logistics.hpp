#pragma once
/// \file
/// The rural parcel network (models/src/logistics.cpp: costs, service, project 2).

#include <cstddef>
#include <cstdint>
#include <vector>

namespace ruralsim::models {

/// The rural parcel network of each county (project 2).
struct Network {
    std::vector<double> joint, nev, crate, cold_capacity, sorting_capacity, cash, extra_days;  ///< per county
    std::vector<std::uint8_t> service, subsidised;  ///< per place (Service), this month
    std::vector<double> month_parcels;              ///< per place, parcels so far this month
    std::vector<double> subsidy_due;                ///< per county, subsidies owed this month
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
        a("subsidy_due", subsidy_due);
    }
};

}  // namespace ruralsim::models
