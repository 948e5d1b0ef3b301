#pragma once
/// \file
/// The household agents (models/src/households.cpp: income, consumption, channel choice).

#include <cstddef>
#include <cstdint>
#include <vector>

namespace ruralsim::models {

/// Household agents, structure of arrays, ordered by county, township, place.
struct Households {
    std::vector<float> income;          ///< per-capita income at the start date, yuan/year
    std::vector<double> wealth;         ///< liquid wealth per real household, yuan
    std::vector<std::uint8_t> adopted;  ///< shops online
    std::vector<std::uint8_t> seller;   ///< sells online (rural households)
    std::vector<std::uint32_t> first;   ///< per place: first household, size places+1
    std::vector<double> weight;         ///< per place: real households per agent
    std::vector<double> adoption;       ///< per place: share of its agents shopping online (kept by who sets `adopted`)
    std::vector<double> sellers;        ///< per place: real households selling online (kept by who sets `seller`)
    std::size_t size() const noexcept { return income.size(); }
    /// Bytes of the per-agent columns (the resource guard's estimate).
    static constexpr std::size_t bytes_per_agent() {
        return sizeof(decltype(income)::value_type) + sizeof(decltype(wealth)::value_type) +
               sizeof(decltype(adopted)::value_type) + sizeof(decltype(seller)::value_type);
    }
    /// Every member, for checkpoints (models/src/checkpoint.cpp pins the size).
    template <class A>
    void fields(A& a) {
        a("income", income);
        a("wealth", wealth);
        a("adopted", adopted);
        a("seller", seller);
        a("first", first);
        a("weight", weight);
        a("adoption", adoption);
        a("sellers", sellers);
    }
};

}  // namespace ruralsim::models
