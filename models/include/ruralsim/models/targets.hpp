#pragma once
/// \file
/// The plan's 2025 targets T1-T8 (MODEL.md section 2), evaluated on one run's
/// indicators. A target whose indicators this model version does not produce
/// (or whose years the run does not cover) is "not evaluable" (met = -1),
/// never guessed.

#include <cstdint>
#include <string>
#include <vector>

#include "ruralsim/sim/hdf5.hpp"
#include "ruralsim/sim/indicators.hpp"

namespace ruralsim::models {

/// The plan's base year and target year: growth targets run from one to the other, T8 covers the years after the base.
inline constexpr int kPlanBaseYear = 2021, kPlanTargetYear = 2025;

struct Target {
    std::string id;           ///< "T1" .. "T8"
    std::string description;  ///< the plan's wording, in short
    std::string unit;
    double value;  ///< NaN when not evaluable
    double threshold;
    int met;  ///< 1 met, 0 not met, -1 not evaluable
};

struct YearTarget {
    int year;
    double gap;  ///< rural minus urban retail growth, percentage points
    int met;     ///< 1 when gap > 0, 0 otherwise, -1 when growth is undefined
};

struct TargetReport {
    std::vector<Target> targets;  ///< T1..T8 in order
    std::vector<YearTarget> t8;   ///< T8 for each year of the run
};

/// T8 per year as columns (year, value = gap, threshold = 0, met), as the output and the
/// Python binding both lay it out.
struct T8Columns {
    std::vector<std::int64_t> year;
    std::vector<double> value, threshold;
    std::vector<std::int8_t> met;
};
T8Columns t8_columns(const TargetReport& report);

/// Evaluates the targets over base year 2021 and target year 2025.
TargetReport evaluate_targets(const sim::Indicators& indicators);

/// Writes /targets (coordinate `target`; value, threshold, met) and /targets/T8 (per year).
void write_targets(sim::h5::Writer& w, const TargetReport& report);

}  // namespace ruralsim::models
