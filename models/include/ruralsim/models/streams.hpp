#pragma once
/// \file
/// The model's random stream ids, one list for the core and every module. A draw
/// is keyed by (seed, stream id, agent, day) (sim/rng.hpp): each purpose has its
/// own id so that adding draws to one mechanism never shifts another's. Append,
/// never renumber (a renumbered id changes every run's draws).
///
/// Example:
/// \code
///   sim::Stream s(seed, models::streams::kSpending, household, day);
/// \endcode

#include <cstdint>

namespace ruralsim::models::streams {

// Core: households, stores and the geography.
inline constexpr std::uint64_t kGeography = 1;      ///< village sizes and distances; initial facilities (agent = id)
inline constexpr std::uint64_t kHouseholdInit = 2;  ///< household income, wealth, adoption, selling (agent = household)
inline constexpr std::uint64_t kSpending = 3;       ///< daily spending noise (agent = household, day)
inline constexpr std::uint64_t kAdoption = 4;       ///< monthly adoption of online shopping (agent = household)
inline constexpr std::uint64_t kStoreEntry = 5;     ///< initial presence and monthly entry of village stores
inline constexpr std::uint64_t kSelling = 7;        ///< monthly start of online selling (agent = household)

// Sericulture and silk.
inline constexpr std::uint64_t kMulberryInit = 100;  ///< farm agents: garden, labour, contract (agent = farm, day 0)
inline constexpr std::uint64_t kCocoonSpot = 101;    ///< spot cocoon price innovations (agent 0, day)
inline constexpr std::uint64_t kCocoonBatch = 102;   ///< county batch yield shock (agent = county, day = harvest day)
/// Yearly land, contract, tool, diversification choices (agent = farm, day = year).
inline constexpr std::uint64_t kMulberryYearly = 103;
inline constexpr std::uint64_t kSilkExport = 104;  ///< RCEP export demand shock of silk (agent 0, day = month)

// Agri-specialty exporters.
inline constexpr std::uint64_t kExporterInit = 110;  ///< exporter firm sizes (agent = firm, day 0)
inline constexpr std::uint64_t kExportDemand =
    111;  ///< foreign demand shock per product line (agent = line, day = month)
inline constexpr std::uint64_t kExportDefault = 112;  ///< buyer default events (agent = firm, day = month)
inline constexpr std::uint64_t kExporterEntry = 113;  ///< entry of new exporters (agent = line, day = month)

// Commerce assistance.
/// Procurement buyers' county choice (agent = buyer * 1000 + county, day = month).
inline constexpr std::uint64_t kProcurement = 120;
inline constexpr std::uint64_t kJiazhengTrain = 121;  ///< jiazheng trainee selection (agent = household, day = month)
inline constexpr std::uint64_t kJiazhengJob = 122;    ///< placement and job-spell end (agent = household, day = month)

}  // namespace ruralsim::models::streams
