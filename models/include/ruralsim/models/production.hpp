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
///   models::declare_sericulture_parameters(r);
///   auto m = models::make_sericulture(context);   // after the core is built
/// \endcode

#include <cstdint>
#include <memory>

#include "ruralsim/models/module.hpp"

namespace ruralsim::models {

/// Random stream ids of these modules. The engine's own ids live in
/// sim/include/ruralsim/sim/rng.hpp (below 100); these start at 100 so the two
/// lists never collide. Append, never renumber.
namespace production_streams {
inline constexpr std::uint64_t kMulberryInit = 100;  ///< farm agents: garden, labour, contract (agent = farm, day 0)
inline constexpr std::uint64_t kCocoonSpot = 101;    ///< spot cocoon price innovations (agent 0, day)
inline constexpr std::uint64_t kCocoonBatch = 102;   ///< county batch yield shock (agent = county, day = harvest day)
inline constexpr std::uint64_t kMulberryYearly =
    103;  ///< yearly land, contract, tool, diversification choices (agent = farm, day = year)
inline constexpr std::uint64_t kSilkExport = 104;    ///< RCEP export demand shock of silk (agent 0, day = month)
inline constexpr std::uint64_t kExporterInit = 110;  ///< exporter firm sizes (agent = firm, day 0)
inline constexpr std::uint64_t kExportDemand =
    111;  ///< foreign demand shock per product line (agent = line, day = month)
inline constexpr std::uint64_t kExportDefault = 112;  ///< buyer default events (agent = firm, day = month)
inline constexpr std::uint64_t kExporterEntry = 113;  ///< entry of new exporters (agent = line, day = month)
inline constexpr std::uint64_t kProcurement =
    120;  ///< procurement buyers' county choice (agent = buyer*1000+county, day = month)
inline constexpr std::uint64_t kJiazhengTrain = 121;  ///< jiazheng trainee selection (agent = household, day = month)
inline constexpr std::uint64_t kJiazhengJob = 122;    ///< placement and job-spell end (agent = household, day = month)
}  // namespace production_streams

/// Declares the `sericulture.*` keys and `budget.sericulture`.
void declare_sericulture_parameters(sim::ParamRegistry& r);
/// Declares the `exports.*` keys and `budget.exports`.
void declare_exports_parameters(sim::ParamRegistry& r);
/// Declares the `assistance.*` and `jiazheng.*` keys and `budget.assistance`.
void declare_assistance_parameters(sim::ParamRegistry& r);

/// Mulberry farmers, silk enterprises, high-standard gardens and demonstration bases.
std::unique_ptr<Module> make_sericulture(const Context& c);
/// Agri-specialty exporter firms (zhacai, lemon, textile, other) and export support.
std::unique_ptr<Module> make_exports(const Context& c);
/// Consumption-assistance procurement, jiazheng training and labour export, the Xiushan
/// package, and the formerly-poor households' income and poverty-line monitoring.
std::unique_ptr<Module> make_assistance(const Context& c);

}  // namespace ruralsim::models
