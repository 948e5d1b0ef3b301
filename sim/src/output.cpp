#include "ruralsim/sim/output.hpp"

namespace ruralsim::sim {

namespace {
const char* aggregation_name(Aggregation a) {
    switch (a) {
        case Aggregation::Sum:
            return "sum";
        case Aggregation::Mean:
            return "mean";
        case Aggregation::Last:
            return "last";
    }
    return "?";
}
}  // namespace

void write_run_info(h5::Writer& w, const RunInfo& info, int days) {
    w.attribute("/", "scenario", info.scenario);
    w.attribute("/", "scenario_name", info.name);
    w.attribute("/", "version", info.version);
    w.attribute("/", "seed", info.seed);
    w.attribute("/", "threads", info.threads);
    for (const auto& [name, count] : info.counts) w.attribute("/", name, count);
    w.attribute("/", "scale", info.scale);
    w.attribute("/", "days", static_cast<std::int64_t>(days));
    w.attribute("/", "wall_seconds", info.wall_seconds);
}

void write_indicators(h5::Writer& w, const Indicators& ind, const std::string& region_dim, bool region_daily) {
    const Calendar& cal = ind.calendar();
    const std::string since = "days since " + cal.first().iso();
    const h5::Attributes time_attrs = {{"units", since}, {"calendar", "proleptic_gregorian"}};

    std::vector<std::int64_t> days(static_cast<std::size_t>(cal.days()));
    for (int d = 0; d < cal.days(); ++d) days[static_cast<std::size_t>(d)] = d;
    std::vector<std::int64_t> months;
    for (int m = 0; m < cal.months(); ++m) months.push_back(cal.month_start(m).serial() - cal.first().serial());
    std::vector<std::int64_t> years;
    for (int y = 0; y < cal.years(); ++y) years.push_back(cal.year_of(y));

    const std::string rday = "/" + region_dim + "/day", rmonth = "/" + region_dim + "/month",
                      ryear = "/" + region_dim + "/year";
    w.coordinate("/day", "day", days, time_attrs);
    w.coordinate("/month", "month", months, time_attrs);
    w.coordinate("/year", "year", years, {{"long_name", "calendar year"}});
    w.coordinate(rmonth, "month", months, time_attrs);
    w.coordinate(rmonth, region_dim, ind.regions());
    w.coordinate(ryear, "year", years, {{"long_name", "calendar year"}});
    w.coordinate(ryear, region_dim, ind.regions());
    if (region_daily) {
        w.coordinate(rday, "day", days, time_attrs);
        w.coordinate(rday, region_dim, ind.regions());
    }

    for (std::size_t i = 0; i < ind.size(); ++i) {
        const IndicatorSpec& s = ind.spec(i);
        const h5::Attributes attrs = {{"units", s.unit},
                                      {"long_name", s.description},
                                      {"aggregation", ind.derived(i) ? "derived" : aggregation_name(s.aggregation)}};
        if (!ind.derived(i)) {
            w.variable("/day", s.name, ind.day(i), {"day"}, attrs);
            if (region_daily) w.variable(rday, s.name, ind.region_day(i), {"day", region_dim}, attrs);
        }
        w.variable("/month", s.name, ind.month(i), {"month"}, attrs);
        w.variable("/year", s.name, ind.year(i), {"year"}, attrs);
        w.variable(rmonth, s.name, ind.region_month(i), {"month", region_dim}, attrs);
        w.variable(ryear, s.name, ind.region_year(i), {"year", region_dim}, attrs);
    }
}

}  // namespace ruralsim::sim
