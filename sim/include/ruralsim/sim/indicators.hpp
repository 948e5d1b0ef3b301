#pragma once
/// \file
/// Indicator registry: named daily series, city-wide and per region (county),
/// aggregated to months and years by a declared rule, plus derived series
/// (year-on-year growth, differences) computed from the aggregates.
///
/// Example:
/// \code
///   sim::Indicators ind(calendar, county_names);
///   auto sales = ind.add({"rural_retail_sales", "yuan", "retail sales by rural outlets", sim::Aggregation::Sum});
///   ind.record(sales, day, city_total, per_county_values);
///   ind.add_growth("rural_retail_growth", sales);   // percent, yearly and monthly (vs 12 months before)
///   ind.finish();
///   ind.year(sales);          // one value per calendar year of the run
/// \endcode

#include <cstddef>
#include <string>
#include <vector>

#include "ruralsim/sim/calendar.hpp"

namespace ruralsim::sim {

namespace checkpoint {
class Archive;
}

/// How daily values combine into a month or a year.
enum class Aggregation {
    Sum,   ///< flows: sales, parcels, spending
    Mean,  ///< rates and shares: coverage, cost per parcel (daily mean)
    Last,  ///< stocks: number of stores, area (value on the period's last day)
};

struct IndicatorSpec {
    std::string name;  ///< snake_case, stable
    std::string unit;
    std::string description;
    Aggregation aggregation = Aggregation::Sum;
};

class Indicators {
public:
    using Id = std::size_t;

    Indicators(const Calendar& calendar, std::vector<std::string> regions);

    /// Declares a recorded (daily) indicator.
    Id add(IndicatorSpec spec);
    /// Declares a derived indicator: year-on-year growth of `of`, in percent
    /// (years: vs the previous year; months: vs the same month a year before).
    Id add_growth(std::string name, Id of, std::string description);
    /// Declares a derived indicator a - b (e.g. a growth gap, percentage points).
    Id add_difference(std::string name, Id a, Id b, std::string unit, std::string description);
    /// Declares a derived indicator 100 * a / b.
    Id add_share(std::string name, Id a, Id b, std::string description);
    /// Declares a derived indicator a / b (e.g. cost per parcel from cost and parcels).
    Id add_ratio(std::string name, Id a, Id b, std::string unit, std::string description);

    /// Records one day's value, city-wide and per region (size = regions, or
    /// empty when the indicator has no regional breakdown that day).
    void record(Id id, int day, double city, const std::vector<double>& by_region = {});

    /// Aggregates to months and years and computes derived indicators.
    void finish();

    std::size_t size() const noexcept { return specs_.size(); }
    const IndicatorSpec& spec(Id id) const { return specs_[id].spec; }
    bool derived(Id id) const { return specs_[id].kind != Kind::Recorded; }
    Id id(const std::string& name) const;  ///< throws when unknown
    const std::vector<std::string>& regions() const noexcept { return regions_; }
    const Calendar& calendar() const noexcept { return calendar_; }

    /// Series. Day series exist for recorded indicators only. Region series
    /// are row-major [time][region].
    const std::vector<double>& day(Id id) const { return specs_[id].day; }
    const std::vector<double>& month(Id id) const { return specs_[id].month; }
    const std::vector<double>& year(Id id) const { return specs_[id].year; }
    const std::vector<double>& region_day(Id id) const { return specs_[id].region_day; }
    const std::vector<double>& region_month(Id id) const { return specs_[id].region_month; }
    const std::vector<double>& region_year(Id id) const { return specs_[id].region_year; }

    /// Raw recorded state, for checkpoints.
    struct Raw {
        std::vector<std::vector<double>> day, region_day;
    };
    Raw raw() const;
    void restore(const Raw& raw);
    /// Saves or loads the recorded values of days [0, days) (checkpoints;
    /// later days are still zero). One group per recorded indicator.
    void state(checkpoint::Archive& a, int days);

private:
    enum class Kind { Recorded, Growth, Difference, Share, Ratio };
    struct Entry {
        IndicatorSpec spec;
        Kind kind = Kind::Recorded;
        Id a = 0, b = 0;
        std::vector<double> day, month, year, region_day, region_month, region_year;
    };
    void aggregate(const std::vector<double>& daily, std::size_t width, Aggregation agg,
                   const std::vector<std::size_t>& month_of, const std::vector<std::size_t>& year_of,
                   std::vector<double>& months, std::vector<double>& years) const;

    const Calendar& calendar_;
    std::vector<std::string> regions_;
    std::vector<Entry> specs_;
};

}  // namespace ruralsim::sim
