#pragma once
/// \file
/// The sectors the model's ledger accounts stand for (the engine's ledger keeps
/// them as an opaque kind, sim::Ledger::Kind).
///
/// Example:
/// \code
///   auto acct = ledger.open("silk_enterprises", models::kFirms, /*agent_backed=*/true);
/// \endcode

#include "ruralsim/sim/ledger.hpp"

namespace ruralsim::models {

enum Sector : sim::Ledger::Kind {
    kHouseholdSector = 0,  ///< household sector (wealth)
    kFirms = 1,            ///< in-region firms (stores, centres, districts, sellers, carriers, enterprises)
    kGovernment = 2,       ///< public budgets
    kExternal = 3,         ///< outside the modelled sectors: rest of economy, out-of-region, suppliers
};

}  // namespace ruralsim::models
