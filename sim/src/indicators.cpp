#include "ruralsim/sim/indicators.hpp"

#include <cmath>
#include <limits>

#include "ruralsim/sim/checkpoint.hpp"
#include "ruralsim/sim/error.hpp"

namespace ruralsim::sim {

namespace {
constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

double growth(double now, double before) {
    if (!std::isfinite(now) || !std::isfinite(before) || before == 0.0) return kNaN;
    return 100.0 * (now / before - 1.0);
}
}  // namespace

Indicators::Indicators(const Calendar& calendar, std::vector<std::string> regions)
    : calendar_(calendar), regions_(std::move(regions)) {}

Indicators::Id Indicators::add(IndicatorSpec spec) {
    for (const auto& e : specs_)
        if (e.spec.name == spec.name) throw Error("indicator '" + spec.name + "' declared twice");
    Entry e;
    e.spec = std::move(spec);
    const auto days = static_cast<std::size_t>(calendar_.days());
    e.day.assign(days, 0.0);
    e.region_day.assign(days * regions_.size(), 0.0);
    specs_.push_back(std::move(e));
    return specs_.size() - 1;
}

Indicators::Id Indicators::add_growth(std::string name, Id of, std::string description) {
    Entry e;
    e.spec = {std::move(name), "percent", std::move(description), Aggregation::Sum};
    e.kind = Kind::Growth;
    e.a = of;
    specs_.push_back(std::move(e));
    return specs_.size() - 1;
}

Indicators::Id Indicators::add_difference(std::string name, Id a, Id b, std::string unit, std::string description) {
    Entry e;
    e.spec = {std::move(name), std::move(unit), std::move(description), Aggregation::Sum};
    e.kind = Kind::Difference;
    e.a = a;
    e.b = b;
    specs_.push_back(std::move(e));
    return specs_.size() - 1;
}

Indicators::Id Indicators::add_share(std::string name, Id a, Id b, std::string description) {
    Entry e;
    e.spec = {std::move(name), "percent", std::move(description), Aggregation::Sum};
    e.kind = Kind::Share;
    e.a = a;
    e.b = b;
    specs_.push_back(std::move(e));
    return specs_.size() - 1;
}

Indicators::Id Indicators::add_ratio(std::string name, Id a, Id b, std::string unit, std::string description) {
    Id id = add_share(std::move(name), a, b, std::move(description));
    specs_[id].kind = Kind::Ratio;
    specs_[id].spec.unit = std::move(unit);
    return id;
}

Indicators::Id Indicators::id(const std::string& name) const {
    for (std::size_t i = 0; i < specs_.size(); ++i)
        if (specs_[i].spec.name == name) return i;
    throw Error("no indicator named '" + name + "'");
}

void Indicators::record(Id id, int day, double city, const std::vector<double>& by_region) {
    Entry& e = specs_[id];
    const auto d = static_cast<std::size_t>(day);
    // Check before writing anything: a bad call leaves the series as they were.
    if (!by_region.empty() && by_region.size() != regions_.size())
        throw Error("indicator '" + e.spec.name + "': wrong number of regional values");
    e.day[d] = city;
    if (!by_region.empty()) {
        std::copy(by_region.begin(), by_region.end(),
                  e.region_day.begin() + static_cast<std::ptrdiff_t>(d * regions_.size()));
    }
}

void Indicators::aggregate(const std::vector<double>& daily, std::size_t width, Aggregation agg,
                           const std::vector<std::size_t>& month_of, const std::vector<std::size_t>& year_of,
                           std::vector<double>& months, std::vector<double>& years) const {
    const auto nm = static_cast<std::size_t>(calendar_.months());
    const auto ny = static_cast<std::size_t>(calendar_.years());
    months.assign(nm * width, 0.0);
    years.assign(ny * width, 0.0);
    // Day by day in order (each month's and year's sum adds its days in order), a row of regions at a time.
    for (std::size_t d = 0; d < month_of.size(); ++d) {
        const double* v = daily.data() + d * width;
        double* m = months.data() + month_of[d] * width;
        double* y = years.data() + year_of[d] * width;
        if (agg == Aggregation::Last) {
            for (std::size_t r = 0; r < width; ++r) m[r] = y[r] = v[r];
        } else {
            for (std::size_t r = 0; r < width; ++r) m[r] += v[r];
            for (std::size_t r = 0; r < width; ++r) y[r] += v[r];
        }
    }
    if (agg == Aggregation::Mean) {
        std::vector<double> mcount(nm, 0.0), ycount(ny, 0.0);
        for (std::size_t d = 0; d < month_of.size(); ++d) {
            mcount[month_of[d]] += 1;
            ycount[year_of[d]] += 1;
        }
        for (std::size_t m = 0; m < nm; ++m)
            for (std::size_t r = 0; r < width; ++r) months[m * width + r] /= mcount[m];
        for (std::size_t y = 0; y < ny; ++y)
            for (std::size_t r = 0; r < width; ++r) years[y * width + r] /= ycount[y];
    }
}

void Indicators::finish() {
    const std::size_t R = regions_.size();
    std::vector<std::size_t> month_of(static_cast<std::size_t>(calendar_.days())), year_of(month_of.size());
    for (std::size_t d = 0; d < month_of.size(); ++d) {
        month_of[d] = static_cast<std::size_t>(calendar_.month_index(static_cast<int>(d)));
        year_of[d] = static_cast<std::size_t>(calendar_.year_index(static_cast<int>(d)));
    }
    for (auto& e : specs_) {
        if (e.kind != Kind::Recorded) continue;
        aggregate(e.day, 1, e.spec.aggregation, month_of, year_of, e.month, e.year);
        aggregate(e.region_day, R, e.spec.aggregation, month_of, year_of, e.region_month, e.region_year);
    }
    // Derived series only refer to earlier declarations, so one pass in order suffices.
    for (auto& e : specs_) {
        if (e.kind == Kind::Recorded) continue;
        const Entry& a = specs_[e.a];
        const Entry& b = specs_[e.b];
        auto derive = [&](const std::vector<double>& va, const std::vector<double>& vb, std::size_t width,
                          std::size_t lag, std::vector<double>& out) {
            out.assign(va.size(), kNaN);
            for (std::size_t i = 0; i < va.size(); ++i) {
                switch (e.kind) {
                    case Kind::Growth:
                        if (i >= lag * width) out[i] = growth(va[i], va[i - lag * width]);
                        break;
                    case Kind::Difference:
                        out[i] = va[i] - vb[i];
                        break;
                    case Kind::Share:
                        out[i] = vb[i] != 0.0 ? 100.0 * va[i] / vb[i] : kNaN;
                        break;
                    case Kind::Ratio:
                        out[i] = vb[i] != 0.0 ? va[i] / vb[i] : kNaN;
                        break;
                    case Kind::Recorded:
                        break;
                }
            }
        };
        derive(a.year, b.year, 1, 1, e.year);
        derive(a.month, b.month, 1, 12, e.month);
        derive(a.region_year, b.region_year, R, 1, e.region_year);
        derive(a.region_month, b.region_month, R, 12, e.region_month);
        // A growth over a partial first year (run starting mid-year) would mislead.
        if (e.kind == Kind::Growth && calendar_.first().day_of_year() != 1 && !e.year.empty()) {
            e.year[1 < e.year.size() ? 1 : 0] = kNaN;
            for (std::size_t r = 0; r < R && R + r < e.region_year.size(); ++r) e.region_year[R + r] = kNaN;
        }
    }
}

Indicators::Raw Indicators::raw() const {
    Raw r;
    for (const auto& e : specs_) {
        r.day.push_back(e.day);
        r.region_day.push_back(e.region_day);
    }
    return r;
}

void Indicators::restore(const Raw& raw) {
    if (raw.day.size() != specs_.size()) throw Error("indicators: restored state does not match");
    for (std::size_t i = 0; i < specs_.size(); ++i) {
        if (raw.day[i].size() != specs_[i].day.size() || raw.region_day[i].size() != specs_[i].region_day.size())
            throw Error("indicators: restored state does not match");
        specs_[i].day = raw.day[i];
        specs_[i].region_day = raw.region_day[i];
    }
}

void Indicators::state(checkpoint::Archive& a, int days) {
    const auto d = static_cast<std::size_t>(days);
    if (days < 0 || d > static_cast<std::size_t>(calendar_.days()))
        throw Error("indicators: checkpoint day out of range");
    for (auto& e : specs_) {
        if (e.kind != Kind::Recorded) continue;
        a.group(e.spec.name.c_str(), [&] {
            a.span("day", e.day.data(), d);
            a.span("region_day", e.region_day.data(), d * regions_.size());
        });
    }
}

}  // namespace ruralsim::sim
