// `ruralsim compare`: side-by-side yearly indicators and targets of several
// runs, with paired differences from the first scenario at the same seed.

#include "compare.hpp"
#include "ruralsim/sim/isolate.hpp"

#include <algorithm>
#include <boost/program_options.hpp>
#include <cmath>
#include <cstdio>
#include <iostream>
#include <limits>
#include <map>

#include "ruralsim/sim/error.hpp"
#include "ruralsim/sim/hdf5.hpp"

namespace po = boost::program_options;

namespace ruralsim::apps {

namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

struct Shown {
    const char* name;
    const char* label;
    double divisor;
};
// Indicators shown, when every file has them.
const Shown kShown[] = {
    {"rural_retail_sales", "rural retail (1e8 yuan)", 1e8},
    {"urban_retail_sales", "urban retail (1e8 yuan)", 1e8},
    {"rural_retail_growth", "rural retail growth (%)", 1},
    {"urban_retail_growth", "urban retail growth (%)", 1},
    {"rural_urban_growth_gap", "rural - urban growth (pp)", 1},
    {"rural_online_retail", "rural online retail (1e8 yuan)", 1e8},
    {"agri_online_retail", "agri online retail (1e8 yuan)", 1e8},
    {"rural_household_online_purchases", "rural hh online buys (1e8 yuan)", 1e8},
    {"village_stores", "village stores", 1},
    {"upgraded_village_stores", "upgraded village stores", 1},
    {"digital_adoption_rural", "rural online adoption (share)", 1},
    {"cost_per_parcel", "cost per parcel (yuan)", 1},
    {"village_delivery_coverage", "village delivery coverage", 1},
    {"export_value", "exports (1e8 yuan)", 1e8},
    {"silk_output_value", "silk output (1e8 yuan)", 1e8},
    {"income_per_capita_rural", "rural income per capita (yuan)", 1},
    {"income_per_capita_urban", "urban income per capita (yuan)", 1},
    {"spending_ecommerce", "spending: e-commerce (1e8 yuan)", 1e8},
    {"spending_logistics", "spending: logistics (1e8 yuan)", 1e8},
    {"spending_exports", "spending: exports (1e8 yuan)", 1e8},
    {"spending_facilities", "spending: facilities (1e8 yuan)", 1e8},
    {"spending_sericulture", "spending: sericulture (1e8 yuan)", 1e8},
    {"spending_assistance", "spending: assistance (1e8 yuan)", 1e8},
    {"spending_central", "paid by central funds (1e8 yuan)", 1e8},
    {"spending_municipal", "paid by municipal funds (1e8 yuan)", 1e8},
    {"spending_county", "paid by counties (1e8 yuan)", 1e8},
    {"budget_unspent", "budget unspent, year end (1e8 yuan)", 1e8},
};

struct Run {
    std::string path, scenario;
    long long seed = 0;
    std::vector<double> years;
    std::map<std::string, std::vector<double>> series;  // indicator -> yearly values
    std::vector<std::string> target_ids;
    std::vector<double> target_met, target_value;
};

Run read_run(const std::string& path) {
    sim::h5::Reader r(path);
    Run run;
    run.path = path;
    run.scenario = r.string_attribute("/", "scenario_name");
    const double seed = r.number_attribute("/", "seed");
    if (!(seed >= 0 && seed < 9.2e18) || seed != std::floor(seed))
        throw IoError("'" + path + "': the seed attribute is not a seed");
    run.seed = static_cast<long long>(seed);
    run.years = r.doubles("/year/year");
    if (run.years.empty()) throw IoError("'" + path + "': no years in /year/year");
    for (const Shown& s : kShown) {
        const std::string ds = std::string("/year/") + s.name;
        if (!r.has(ds)) continue;
        auto v = r.doubles(ds);
        if (v.size() != run.years.size()) throw IoError("'" + path + "': " + ds + " does not match /year/year");
        run.series[s.name] = std::move(v);
    }
    if (r.has("/targets/target")) {
        run.target_ids = r.strings("/targets/target");
        run.target_met = r.doubles("/targets/met");
        run.target_value = r.doubles("/targets/value");
        if (run.target_met.size() != run.target_ids.size() || run.target_value.size() != run.target_ids.size())
            throw IoError("'" + path + "': /targets variables do not match /targets/target");
    }
    return run;
}

double quantile(std::vector<double> v, double q) {
    v.erase(std::remove_if(v.begin(), v.end(), [](double x) { return !std::isfinite(x); }), v.end());
    if (v.empty()) return kNaN;
    std::sort(v.begin(), v.end());
    const double pos = q * static_cast<double>(v.size() - 1);
    const auto lo = static_cast<std::size_t>(std::floor(pos));
    const auto hi = std::min(lo + 1, v.size() - 1);
    return v[lo] + (pos - static_cast<double>(lo)) * (v[hi] - v[lo]);
}

std::string num(double v) {
    if (!std::isfinite(v)) return "-";
    char b[32];
    const double a = std::abs(v);
    std::snprintf(b, sizeof b, a >= 1000 ? "%.0f" : a >= 10 ? "%.1f" : a >= 0.1 ? "%.2f" : "%.3g", v);
    return b;
}

}  // namespace

int cmd_compare(const std::vector<std::string>& args) {
    po::options_description opts("ruralsim compare A.h5 B.h5 [...]");
    std::vector<std::string> files;
    opts.add_options()("help,h", "show this help");
    po::options_description hidden;
    hidden.add_options()("files", po::value(&files));
    po::options_description all;
    all.add(opts).add(hidden);
    po::positional_options_description pos;
    pos.add("files", -1);
    po::variables_map vm;
    po::store(po::command_line_parser(args).options(all).positional(pos).run(), vm);
    po::notify(vm);
    if (vm.count("help")) {
        std::cout << opts
                  << "\nPrints yearly indicators and targets side by side, one column per scenario (the median over\n"
                     "seeds when a scenario has several runs), and the difference of each scenario from the first\n"
                     "one paired at the same seed (common random numbers): median, 5-95 % range over seeds and the\n"
                     "share of seeds where the difference is positive.\n";
        return 0;
    }
    if (files.size() < 2) throw Error("compare: give at least two run files (try `ruralsim compare --help`)");

    std::vector<Run> runs;
    for (const auto& f : files) {
        sim::probe_in_child(
            f, [&f] { read_run(f); }, 120);  // a crafted file crashes the child, not compare
        runs.push_back(read_run(f));
    }
    std::vector<std::string> order;  // scenarios in order of first appearance
    std::map<std::string, std::map<long long, const Run*>> by;
    for (const Run& r : runs) {
        if (!by.count(r.scenario)) order.push_back(r.scenario);
        if (by[r.scenario].count(r.seed))
            throw Error("compare: '" + r.path + "' repeats scenario '" + r.scenario + "' seed " +
                        std::to_string(r.seed));
        by[r.scenario][r.seed] = &r;
    }
    for (const Run& r : runs)
        if (r.years != runs.front().years)
            throw Error("compare: '" + r.path + "' covers other years than '" + runs.front().path + "'");
    const std::string& ref = order.front();

    std::printf("runs:\n");
    for (const auto& s : order) {
        std::printf("  %-24s seeds:", s.c_str());
        for (const auto& [seed, r] : by[s]) std::printf(" %lld", seed);
        std::printf("\n");
    }
    const bool many = std::any_of(order.begin(), order.end(), [&](const std::string& s) { return by[s].size() > 1; });
    std::printf("\nyearly indicators%s; differences from '%s' paired by seed%s\n\n", many ? " (median over seeds)" : "",
                ref.c_str(), many ? " (median [5 %, 95 %] P(diff > 0))" : "");
    std::printf("%-34s %5s", "indicator", "year");
    for (const auto& s : order) std::printf(" %14.14s", s.c_str());
    for (std::size_t k = 1; k < order.size(); ++k) std::printf("  %24.24s", ("diff " + order[k]).c_str());
    std::printf("\n");

    const auto& years = runs.front().years;
    for (const Shown& sh : kShown) {
        const bool everywhere =
            std::all_of(runs.begin(), runs.end(), [&](const Run& r) { return r.series.count(sh.name); });
        if (!everywhere) continue;
        for (std::size_t y = 0; y < years.size(); ++y) {
            std::printf("%-34s %5.0f", y == 0 ? sh.label : "", years[y]);
            for (const auto& s : order) {
                std::vector<double> v;
                for (const auto& [seed, r] : by[s]) v.push_back(r->series.at(sh.name)[y] / sh.divisor);
                std::printf(" %14s", num(quantile(v, 0.5)).c_str());
            }
            for (std::size_t k = 1; k < order.size(); ++k) {
                std::vector<double> diff;
                for (const auto& [seed, r] : by[order[k]]) {
                    auto it = by[ref].find(seed);
                    if (it == by[ref].end()) continue;
                    diff.push_back((r->series.at(sh.name)[y] - it->second->series.at(sh.name)[y]) / sh.divisor);
                }
                std::string cell = "no paired seed";
                if (!diff.empty()) {
                    cell = num(quantile(diff, 0.5));
                    if (diff.size() > 1) {
                        int pos = 0, n = 0;
                        for (double d : diff)
                            if (std::isfinite(d)) ++n, pos += d > 0;
                        char b[64];
                        std::snprintf(b, sizeof b, " [%s, %s] %.2f", num(quantile(diff, 0.05)).c_str(),
                                      num(quantile(diff, 0.95)).c_str(), n ? double(pos) / n : kNaN);
                        cell += b;
                    }
                }
                std::printf("  %24s", cell.c_str());
            }
            std::printf("\n");
        }
    }

    // Effect per 100 million yuan of extra public spending (whole run, paired by seed): extra
    // spending per project, then the change of key indicators in the last year per 1e8 yuan of
    // extra spending in total.
    static const char* kProjects[] = {"ecommerce", "logistics", "exports", "facilities", "sericulture", "assistance"};
    static const char* kEffects[] = {"rural_retail_sales", "rural_online_retail",       "agri_online_retail",
                                     "cost_per_parcel",    "village_delivery_coverage", "silk_output_value",
                                     "export_value",       "income_per_capita_rural"};
    bool header = false;
    for (std::size_t k = 1; k < order.size(); ++k) {
        std::vector<double> extra(std::size(kProjects), 0.0), effect(std::size(kEffects), 0.0);
        std::vector<int> have(std::size(kEffects), 0);
        int pairs = 0;
        for (const auto& [seed, r] : by[order[k]]) {
            auto it = by[ref].find(seed);
            if (it == by[ref].end()) continue;
            ++pairs;
            for (std::size_t p = 0; p < std::size(kProjects); ++p) {
                const std::string name = std::string("spending_") + kProjects[p];
                if (!r->series.count(name) || !it->second->series.count(name)) continue;
                for (std::size_t y = 0; y < years.size(); ++y)
                    extra[p] += r->series.at(name)[y] - it->second->series.at(name)[y];
            }
            for (std::size_t e = 0; e < std::size(kEffects); ++e) {
                if (!r->series.count(kEffects[e]) || !it->second->series.count(kEffects[e])) continue;
                effect[e] += r->series.at(kEffects[e]).back() - it->second->series.at(kEffects[e]).back();
                have[e] = 1;
            }
        }
        if (pairs == 0) continue;
        double total = 0;
        for (auto& x : extra) total += (x /= pairs);
        if (!header) {
            std::printf(
                "\neffect per 100 million yuan of extra public spending (vs '%s', same seeds, mean over pairs)\n",
                ref.c_str());
            header = true;
        }
        std::printf("\n  %s: extra spending over the run (1e8 yuan):", order[k].c_str());
        for (std::size_t p = 0; p < std::size(kProjects); ++p)
            std::printf(" %s %s", kProjects[p], num(extra[p] / 1e8).c_str());
        std::printf("\n");
        if (std::abs(total) < 1.0) {
            std::printf("    no extra spending: effects per yuan are undefined\n");
            continue;
        }
        for (std::size_t e = 0; e < std::size(kEffects); ++e)
            if (have[e])
                std::printf("    %-28s %5.0f change per 1e8 yuan: %s\n", kEffects[e], years.back(),
                            num(effect[e] / pairs / (total / 1e8)).c_str());
    }

    // Targets: share of runs meeting each, per scenario.
    const bool targets = std::all_of(runs.begin(), runs.end(), [](const Run& r) { return !r.target_ids.empty(); });
    if (targets) {
        std::printf("\ntargets: share of runs that meet each (n/a = not evaluable in this model version)\n\n%-6s",
                    "target");
        for (const auto& s : order) std::printf(" %14.14s", s.c_str());
        std::printf("\n");
        for (std::size_t t = 0; t < runs.front().target_ids.size(); ++t) {
            std::printf("%-6s", runs.front().target_ids[t].c_str());
            for (const auto& s : order) {
                int met = 0, n = 0;
                for (const auto& [seed, r] : by[s])
                    if (t < r->target_met.size() && r->target_met[t] >= 0) ++n, met += r->target_met[t] > 0;
                char b[32];
                if (n)
                    std::snprintf(b, sizeof b, "%.2f", double(met) / n);
                else
                    std::snprintf(b, sizeof b, "n/a");
                std::printf(" %14s", b);
            }
            std::printf("\n");
        }
    }
    return 0;
}

}  // namespace ruralsim::apps
