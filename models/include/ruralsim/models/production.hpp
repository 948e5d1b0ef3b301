#pragma once
/// \file
/// The production and assistance economy (issue #4): sericulture and silk
/// (plan project 5), agri-specialty exporters (project 3) and commerce
/// assistance (project 6). Each is a Module (module.hpp): it declares its own
/// parameters, agents, phases, ledger accounts and indicators, and pays
/// households only through Context::pending_income.
///
/// Example:
/// \code
///   sim::ParamRegistry r;
///   sim::ParamBinder b(r, "sericulture");
///   models::bind_sericulture_parameters(b);
///   auto m = models::make_sericulture(context);   // after the core is built
/// \endcode

#include <memory>

#include "ruralsim/models/module.hpp"

namespace ruralsim::models {

/// Binds (declares, or reads and checks) the `sericulture.*` keys and `budget.sericulture`.
void bind_sericulture_parameters(sim::ParamBinder& b);
/// Binds the `exports.*` keys and `budget.exports`.
void bind_exports_parameters(sim::ParamBinder& b);
/// Binds the `assistance.*` and `jiazheng.*` keys and `budget.assistance`.
void bind_assistance_parameters(sim::ParamBinder& b);

/// Mulberry farmers, silk enterprises, high-standard gardens and demonstration bases.
std::unique_ptr<Module> make_sericulture(const Context& c);
/// Agri-specialty exporter firms (zhacai, lemon, textile, other) and export support.
std::unique_ptr<Module> make_exports(const Context& c);
/// Consumption-assistance procurement, jiazheng training and labour export, the Xiushan
/// package, and the formerly-poor households' income and poverty-line monitoring.
std::unique_ptr<Module> make_assistance(const Context& c);

}  // namespace ruralsim::models
