#pragma once
/// \file
/// The county commerce facilities (models/src/facilities.cpp: project 4).

#include <cstddef>
#include <cstdint>
#include <vector>

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

}  // namespace ruralsim::models
