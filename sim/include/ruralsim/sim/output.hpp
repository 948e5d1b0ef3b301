#pragma once
/// \file
/// The run-output layout (the output contract in docs/output.md):
///
///     /                         attributes: scenario, scenario_name, seed, threads, scale, the model's
///                               counts (RunInfo::counts, e.g. households), days, version, wall_seconds
///     /day/<indicator>          [day]
///     /month/<indicator>        [month]
///     /year/<indicator>         [year]
///     /<region>/month/<ind>     [month, <region>]
///     /<region>/year/<ind>      [year, <region>]
///     /<region>/day/<ind>       [day, <region>]     (when asked for)
///
/// The model adds /ledger (residual [day], final_balance [account]) and
/// /targets (see models/targets.hpp).
///
/// `day` and `month` are CF time coordinates ("days since <first day>"), so
/// xarray decodes them to datetime64; `year` holds calendar years.

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "ruralsim/sim/hdf5.hpp"
#include "ruralsim/sim/indicators.hpp"

namespace ruralsim::sim {

struct RunInfo {
    std::string scenario;  ///< resolved scenario TOML
    std::string name;      ///< the scenario's short name
    std::string version;
    std::int64_t seed = 0;
    std::int64_t threads = 1;
    double scale = 1.0;  ///< real units (households, ...) per agent
    /// Model-defined counts written as root attributes, in this order (e.g. {"households", agents}).
    std::vector<std::pair<std::string, std::int64_t>> counts;
    double wall_seconds = 0.0;
};

void write_run_info(h5::Writer& w, const RunInfo& info, int days);
/// Writes every indicator (city-wide and per region) with its coordinates.
void write_indicators(h5::Writer& w, const Indicators& ind, const std::string& region_dim, bool region_daily);

}  // namespace ruralsim::sim
