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

/// The economy's sector accounts, opened by the core in this order (the ledger's account order);
/// the modules book on them and open the accounts of their own agents after them.
struct SectorAccounts {
    sim::Ledger::Account households, village_stores, township_centres, districts, rural_sellers, urban_sellers,
        out_of_region, suppliers, logistics, rest_of_economy, government, pending_income, carriers;
    /// Opens them in `ledger` (empty).
    static SectorAccounts open(sim::Ledger& ledger);
};

}  // namespace ruralsim::models
