// The exogenous macro path: realised yearly growth rates, assumed trends after them, and
// demand-shock episodes. Sources of the realised values are in data/SOURCES.md (macro section).

#include "ruralsim/models/macro.hpp"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <string>

#include "ruralsim/models/parameters.hpp"

namespace ruralsim::models {

namespace {

struct SeriesSpec {
    const char* key;
    const char* what;
    std::array<double, MacroPath::kYears> value;  ///< defaults for kFirstYear..kLastYear
    int realised_years;                           ///< how many of them are data (the rest repeat the trend)
    const char* source;
};

// Years after the data give the trend's default; they are used only when macro.realised_until covers them.
const std::array<SeriesSpec, MacroPath::kSeries> kSeriesSpecs{{
    {"income_growth_urban",
     "nominal growth of urban per-capita disposable income",
     {0.087, 0.054, 0.087, 0.065, 0.065, 0.065, 0.065},
     3,
     "data/city_facts.csv: Chongqing urban per-capita disposable income 2019 +8.6 % (L, preliminary; 8.7 % final, A), "
     "2020 40,006 yuan +5.4 % (A), 2021 43,502 yuan +8.7 % (A)"},
    {"income_growth_rural",
     "nominal growth of rural per-capita disposable income",
     {0.098, 0.081, 0.106, 0.08, 0.08, 0.08, 0.08},
     3,
     "data/city_facts.csv: Chongqing rural per-capita disposable income 2019 +9.7 % (L, preliminary; 9.8 % final, A), "
     "2020 16,361 yuan +8.1 % (A), 2021 18,100 yuan +10.6 % (A)"},
    {"migrant_wage_growth",
     "nominal growth of migrant workers' monthly wages (remittances)",
     {0.065, 0.028, 0.088, 0.065, 0.065, 0.065, 0.065},
     3,
     "data/city_facts.csv: national migrant workers' monthly income 2021 4,432 yuan +8.8 % (NBS 2021 migrant worker "
     "monitoring report, M), 2020 4,072 (+2.8 %, D), 2019 3,962 (+6.5 %, A)"},
    {"foreign_demand_shift",
     "common shift of every export line's foreign demand growth",
     {0, 0, 0, 0, 0, 0, 0},
     0,
     "no Chongqing series of specialty exports found; 0 = each line follows its own trend"},
}};

// The 2020 pandemic: the January-February lockdown, then a partial reopening until May.
// Their sizes are calibrated (docs/calibration.md) against the 2020 retail figures.
struct ShockSpec {
    const char* start;
    const char* end;
    double spending, offline;
    const char* note;
};
const std::array<ShockSpec, 3> kShockSpecs{{
    {"2020-01-24", "2020-02-29", 0.36, 0.6, "2020 pandemic lockdown (Spring Festival 2020 to end of February)"},
    {"2020-03-01", "2020-05-31", 0.055, 0.2, "2020 partial reopening (March to May)"},
    {"2022-09-01", "2022-11-30", 0.0, 0.0, "spare episode, off by default (e.g. the autumn 2022 disruption)"},
}};

std::string year_key(const std::string& series, int year) { return "macro." + series + ".y" + std::to_string(year); }

bool within(sim::Date d, const MacroPath::Shock& s) { return s.start <= d && d <= s.end; }

}  // namespace

void MacroPath::bind(sim::ParamBinder& b) {
    b.integer("macro.realised_until", realised_until, 2021, {2000, 2100}, {2018, 2021}, "year",
              "last year whose growth rates come from the macro.<series>.y<year> keys; later years follow the "
              "assumed trends (household.income_growth_urban/rural); 2018 = assumed trends throughout",
              sim::lever("data up to 2021 are used; 2022 on are kept for out-of-sample checks"));
    for (std::size_t s = 0; s < kSeriesSpecs.size(); ++s) {
        const SeriesSpec& spec = kSeriesSpecs[s];
        for (int k = 0; k < MacroPath::kYears; ++k) {
            const int year = MacroPath::kFirstYear + k;
            const bool data = k < spec.realised_years || spec.realised_years == 0;
            const double v = spec.value[static_cast<std::size_t>(k)];
            b.real(year_key(spec.key, year), realised[s][static_cast<std::size_t>(k)], v, {-0.9, 2.0},
                   {v - 0.03, v + 0.03}, "1/year", std::string(spec.what) + " in " + std::to_string(year),
                   !data ? sim::assumption("the trend default; used only when macro.realised_until >= " +
                                           std::to_string(year))
                   : spec.realised_years == 0 ? sim::assumption(spec.source)
                                              : sim::source(spec.source));
        }
    }
    // The assumed trends after the realised years (migrant wages follow urban incomes; foreign demand has none).
    b.real("household.income_growth_urban", trend[kIncomeUrban], 0.065, {-0.5, 0.5}, {0.03, 0.09}, "1/year",
           "assumed nominal growth of urban income after the realised macro path (macro.realised_until)",
           sim::assumption("below 2019-2021's average of +7.6 % (data/city_facts.csv), as growth slowed nationally"));
    b.real("household.income_growth_rural", trend[kIncomeRural], 0.08, {-0.5, 0.5}, {0.05, 0.11}, "1/year",
           "assumed nominal growth of rural income after the realised macro path (macro.realised_until)",
           sim::assumption(
               "below 2019-2021's average of +9.5 % (data/city_facts.csv); national 2021 rural +10.5 % (NBS)"));
    b.real("macro.online_substitution", online_substitution, 0.5, {0, 1}, {0.2, 0.8}, "1",
           "share of the purchases closed physical shops would have made that households shopping online make online "
           "instead "
           "during a demand-shock episode",
           sim::assumption());
    b.real("macro.deferred_share", deferred_share, 0.1, {0, 1}, {0, 0.8}, "1",
           "share of the spending a household without online shopping missed during a demand-shock episode (the cut "
           "and the closed shops) that households make up after the episode ends (deferred purchases); the rest "
           "stays saved and returns only through the buffer rule's wealth term",
           sim::calibrated("households make up deferred purchases of goods once shops reopen (pent-up demand); its "
                           "value is fitted to Chongqing's 2020-2021 retail growth (docs/calibration.md)"));
    b.real("macro.rural_parcel_disruption", rural_parcel_disruption, 0.25, {0, 1}, {0, 1}, "1",
           "share of a demand-shock episode's closure of physical shopping that also stops parcel service to and from "
           "villages (sealed villages stop couriers): rural households' online buying and rural sellers' sales to "
           "outside buyers shrink with it; urban parcels keep coming",
           sim::calibrated("village closures in early 2020 stopped rural couriers (national rural online retail grew "
                           "8.9 % in 2020 after about 19 % in 2019, facts file); fitted (docs/calibration.md)"));
    double catch_up_months = 0;
    b.real("macro.catch_up_months", catch_up_months, 3, {0.1, 60}, {1, 8}, "months",
           "mean delay of the make-up spending after an episode (exponential profile from the day after it ends)",
           sim::assumption());
    for (std::size_t k = 0; k < kShockSpecs.size(); ++k) {
        const ShockSpec& s = kShockSpecs[k];
        const std::string p = "macro.shock" + std::to_string(k + 1) + ".";
        const sim::Provenance when =
            k < 2 ? sim::assumption("dates of the 2020 lockdown and partial reopening in Chongqing") : sim::lever();
        const std::string start =
            b.date(p + "start", shocks[k].start, s.start,
                   std::string("first day of demand-shock episode ") + std::to_string(k + 1) + ": " + s.note, when);
        const std::string end =
            b.date(p + "end", shocks[k].end, s.end, "last day of demand-shock episode " + std::to_string(k + 1), when);
        b.period(start, end);
        b.real(p + "spending", shocks[k].spending, s.spending, {0, 1}, {0, 0.6}, "1",
               "proportional cut of household spending during the episode (the money stays in wealth)",
               k < 2 ? sim::calibrated("Chongqing's 2020 retail sales (docs/calibration.md)") : sim::lever());
        b.real(p + "offline", shocks[k].offline, s.offline, {0, 1}, {0, 0.8}, "1",
               "share of physical shopping (village stores, township centres, county districts, urban stores) closed "
               "during the episode; households who shop online turn to it (parcel delivery keeps working)",
               k < 2 ? sim::calibrated("Chongqing's 2020-2021 urban and rural retail growth (docs/calibration.md)")
                     : sim::lever());
    }
    if (b.declaring()) return;
    trend[kMigrantWage] = trend[kIncomeUrban];
    trend[kForeignDemand] = 0.0;
    catch_up_days = catch_up_months * 365.25 / 12.0;
}

MacroPath read_macro(const sim::Scenario& sc) {
    MacroPath m;
    sim::ParamBinder b(sc);
    m.bind(b);
    return m;
}

double MacroPath::growth(Series s, int year) const {
    if (year >= kFirstYear && year <= kLastYear && year <= realised_until)
        return realised[static_cast<std::size_t>(s)][static_cast<std::size_t>(year - kFirstYear)];
    return trend[static_cast<std::size_t>(s)];
}

double MacroPath::factor(Series s, sim::Date a, sim::Date b) const {
    const bool back = b < a;
    if (back) std::swap(a, b);
    double log_f = 0;
    for (int y = a.year; y <= b.year; ++y) {
        const std::int64_t lo = std::max(a.serial(), sim::Date{y, 1, 1}.serial());
        const std::int64_t hi = std::min(b.serial(), sim::Date{y + 1, 1, 1}.serial());
        if (hi > lo) log_f += std::log1p(growth(s, y)) * static_cast<double>(hi - lo) / 365.25;
    }
    return std::exp(back ? -log_f : log_f);
}

double MacroPath::spending_cut(sim::Date date) const {
    double keep = 1.0;
    for (const Shock& s : shocks)
        if (within(date, s)) keep *= 1.0 - s.spending;
    return 1.0 - keep;
}

double MacroPath::offline_access(sim::Date date) const {
    double access = 1.0;
    for (const Shock& s : shocks)
        if (within(date, s)) access *= 1.0 - s.offline;
    return access;
}

double MacroPath::catch_up(sim::Date date) const {
    if (deferred_share <= 0) return 0.0;
    const std::int64_t t = date.serial();
    // Daily weights (1 - q) q^(t - end - 1), q = exp(-1 / catch_up_days): they sum to one.
    const double q = std::exp(-1.0 / catch_up_days);
    double extra = 0;
    for (const Shock& s : shocks) {
        const std::int64_t end = s.end.serial();
        if (t <= end) continue;
        const double missed = 1.0 - (1.0 - s.spending) * (1.0 - s.offline);
        const auto days = static_cast<double>(end - s.start.serial() + 1);
        extra += deferred_share * missed * days * (1.0 - q) * std::pow(q, static_cast<double>(t - end - 1));
    }
    return extra;
}

}  // namespace ruralsim::models
