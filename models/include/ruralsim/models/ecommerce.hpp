#pragma once
/// \file
/// Project 1, rural e-commerce (models/src/ecommerce.cpp): digital adoption and online selling
/// (Bass diffusion with peers) and the training of buyers and sellers the project pays for. A
/// module; it changes the household table's adopted and seller columns and their per-place sums.

#include <memory>

#include "ruralsim/models/module.hpp"
#include "ruralsim/models/parameters.hpp"

namespace ruralsim::models {

/// Adoption's and project 1's parameters (adoption.bass_*, ecommerce.* of training, budget.ecommerce).
struct EcommerceParams {
    BudgetSchedule budget;
    double bass_p = 0, bass_q = 0;
    double seller_p = 0, seller_q = 0, station_q_boost = 0;
    double training_cost = 0, seller_training_cost = 0, seller_training_share = 0;
    void bind(sim::ParamBinder& b);
};

std::unique_ptr<Module> make_ecommerce(const Context& c);

}  // namespace ruralsim::models
