#include "ruralsim/models/targets.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <optional>

namespace ruralsim::models {

namespace {

constexpr int kBaseYear = kPlanBaseYear, kTargetYear = kPlanTargetYear;
constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

/// Yearly value of an indicator in a calendar year, if the run has both.
std::optional<double> at(const sim::Indicators& I, const std::string& name, int year) {
    sim::Indicators::Id id;
    try {
        id = I.id(name);
    } catch (const std::exception&) {
        return std::nullopt;
    }
    const int k = year - I.calendar().first().year;
    // Only whole calendar years count.
    if (k < 0 || k >= I.calendar().years()) return std::nullopt;
    if (year == I.calendar().first().year && I.calendar().first().day_of_year() != 1) return std::nullopt;
    const sim::Date last = I.calendar().last();
    if (year == last.year && !(last.month == 12 && last.day == 31)) return std::nullopt;
    const double v = I.year(id)[static_cast<std::size_t>(k)];
    if (!std::isfinite(v)) return std::nullopt;
    return v;
}

/// Average annual growth (percent) from the base year to the target year.
std::optional<double> cagr(const sim::Indicators& I, const std::string& name) {
    const auto a = at(I, name, kBaseYear), b = at(I, name, kTargetYear);
    if (!a || !b || *a <= 0) return std::nullopt;
    return 100.0 * (std::pow(*b / *a, 1.0 / (kTargetYear - kBaseYear)) - 1.0);
}

Target make(std::string id, std::string description, std::string unit, double threshold, std::optional<double> value,
            bool at_least = true) {
    Target t{std::move(id), std::move(description), std::move(unit), kNaN, threshold, -1};
    if (value) {
        t.value = *value;
        // A value that reaches the threshold up to rounding (sums of daily values) meets it.
        const double slack = 1e-9 * std::max(1.0, std::abs(threshold));
        t.met = at_least ? (*value >= threshold - slack) : (*value <= threshold + slack);
    }
    return t;
}

}  // namespace

TargetReport evaluate_targets(const sim::Indicators& I) {
    TargetReport r;
    r.targets.push_back(make("T1", "rural online retail sales grow >= 10 % a year on average (2021-2025)", "percent",
                             10.0, cagr(I, "rural_online_retail")));
    r.targets.push_back(make("T2", "agri-product online retail sales grow >= 10 % a year on average (2021-2025)",
                             "percent", 10.0, cagr(I, "agri_online_retail")));
    // T3: delivery reaches every village and cost per parcel falls by 10 % vs 2021.
    {
        const auto cov = at(I, "village_delivery_coverage", kTargetYear);
        const auto c0 = at(I, "cost_per_parcel", kBaseYear), c1 = at(I, "cost_per_parcel", kTargetYear);
        std::optional<double> change;
        if (c0 && c1 && *c0 > 0) change = 100.0 * (*c1 / *c0 - 1.0);
        Target t = make("T3", "parcel delivery covers every village; cost per parcel -10 % vs 2021", "percent", -10.0,
                        change, false);
        if (t.met == 1 && cov) t.met = *cov >= 0.999;
        if (!cov) t.met = -1;
        r.targets.push_back(t);
    }
    // T4: full coverage of upgraded business districts and township centres, and of open village stores.
    {
        const auto v = at(I, "village_store_coverage", kTargetYear);
        const auto t = at(I, "township_centre_coverage", kTargetYear);
        const auto u = at(I, "business_district_coverage", kTargetYear);
        std::optional<double> lowest;
        if (v && t && u) lowest = std::min({*v, *t, *u});
        r.targets.push_back(make("T4",
                                 "full coverage: business districts, township centres, village stores (share, lowest)",
                                 "1", 0.999, lowest));
    }
    r.targets.push_back(make("T5", ">= 150 rural service centres at filling stations", "centres", 150.0,
                             at(I, "filling_station_centres", kTargetYear)));
    {
        const auto n = at(I, "leading_exporters", kTargetYear);
        const auto e0 = at(I, "export_value", kBaseYear), e1 = at(I, "export_value", kTargetYear);
        Target t = make("T6", "5-10 leading agri-specialty exporters, exports growing", "firms", 5.0, n);
        if (t.met == 1 && e0 && e1) t.met = *e1 > *e0;
        if (!e0 || !e1) t.met = -1;
        r.targets.push_back(t);
    }
    {
        const auto area = at(I, "mulberry_area_high_standard", kTargetYear);
        const auto silk = at(I, "silk_output_value", kTargetYear);
        Target t = make("T7", ">= 400,000 mu high-yield mulberry gardens; silk output >= 5 billion yuan", "mu",
                        400000.0, area);
        if (t.met == 1 && silk) t.met = *silk >= 5e9;
        if (!silk) t.met = -1;
        r.targets.push_back(t);
    }
    // T8: rural retail growth above urban growth in every year.
    {
        const auto& cal = I.calendar();
        double lowest = kNaN;
        int evaluable = 0, met = 0;
        for (int y = 0; y < cal.years(); ++y) {
            const int year = cal.year_of(y);
            const auto g = at(I, "rural_urban_growth_gap", year);
            YearTarget yt{year, g ? *g : kNaN, g ? (*g > 0 ? 1 : 0) : -1};
            r.t8.push_back(yt);
            if (g && year > kBaseYear && year <= kTargetYear) {
                ++evaluable;
                met += yt.met;
                lowest = std::isnan(lowest) ? *g : std::min(lowest, *g);
            }
        }
        Target t{"T8",
                 "rural retail sales growth above urban growth every year (lowest gap 2022-2025)",
                 "percentage points",
                 lowest,
                 0.0,
                 -1};
        if (evaluable == kTargetYear - kBaseYear)
            t.met = met == evaluable;
        else
            t.value = kNaN;
        r.targets.push_back(t);
    }
    return r;
}

T8Columns t8_columns(const TargetReport& r) {
    T8Columns c;
    for (const auto& y : r.t8) {
        c.year.push_back(y.year);
        c.value.push_back(y.gap);
        c.threshold.push_back(0.0);
        c.met.push_back(static_cast<std::int8_t>(y.met));
    }
    return c;
}

void write_targets(sim::h5::Writer& w, const TargetReport& r) {
    std::vector<std::string> ids;
    std::vector<double> value, threshold;
    std::vector<std::int8_t> met;
    for (const auto& t : r.targets) {
        ids.push_back(t.id);
        value.push_back(t.value);
        threshold.push_back(t.threshold);
        met.push_back(static_cast<std::int8_t>(t.met));
    }
    w.coordinate("/targets", "target", ids);
    w.variable("/targets", "value", value, {"target"}, {{"long_name", "value of the target's indicator in this run"}});
    w.variable("/targets", "threshold", threshold, {"target"}, {{"long_name", "the plan's threshold"}});
    w.variable_i8("/targets", "met", met, {"target"},
                  {{"long_name", "1 met, 0 not met, -1 not evaluable in this model version"}});
    std::string desc;
    for (const auto& t : r.targets) desc += t.id + ": " + t.description + " [" + t.unit + "]\n";
    w.attribute("/targets", "descriptions", desc);
    const T8Columns t8 = t8_columns(r);
    w.coordinate("/targets/T8", "year", t8.year);
    w.variable("/targets/T8", "value", t8.value, {"year"},
               {{"units", "percentage points"}, {"long_name", "rural minus urban retail sales growth"}});
    w.variable("/targets/T8", "threshold", t8.threshold, {"year"}, {{"units", "percentage points"}});
    w.variable_i8("/targets/T8", "met", t8.met, {"year"},
                  {{"long_name", "1 rural growth above urban, 0 not, -1 undefined (base year)"}});
}

}  // namespace ruralsim::models
