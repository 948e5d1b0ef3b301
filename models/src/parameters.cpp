#include "ruralsim/models/parameters.hpp"

#include <algorithm>
#include <charconv>
#include <cstdio>
#include <sstream>

#include "ruralsim/models/module.hpp"
#include "ruralsim/sim/error.hpp"

namespace ruralsim::models {
namespace {

/// The core's concepts, each with the function that binds its parameters.
struct Concept {
    const char* group;
    void (*bind)(sim::ParamBinder&, Params&);
};
void bind_macro_params(sim::ParamBinder& b, Params& p) { p.macro.bind(b); }
constexpr Concept kConcepts[] = {
    {"run", bind_run_params},
    {"geography", bind_geography_params},
    {"households", bind_household_params},
    {"macro", bind_macro_params},
    {"channel", bind_channel_params},
    {"funding", bind_funding_params},  // before the projects (modules): it declares the earmark family they join
    {"stores", bind_store_params},
};

/// Cross-concept values derived once every concept's keys are read.
void derive(Params& p) {
    // Income levels are given for a reference year (its annual figure, i.e. mid-year); the macro path carries
    // them to the start.
    const sim::Date reference{p.income_year, 7, 1};
    p.income_urban = p.income_urban * p.macro.factor(MacroPath::kIncomeUrban, reference, p.start);
    p.income_rural = p.income_rural * p.macro.factor(MacroPath::kIncomeRural, reference, p.start);
    p.income_group_rural[0] = 1.0;
    p.asc[kVillageStore] = 0.0;
}

std::string json_string(const std::string& s) {
    std::string out = "\"";
    for (char c : s) {
        if (c == '"' || c == '\\') {
            out += '\\';
            out += c;
        } else if (static_cast<unsigned char>(c) < 0x20) {
            char buf[8];
            std::snprintf(buf, sizeof buf, "\\u%04x", static_cast<unsigned>(static_cast<unsigned char>(c)));
            out += buf;
        } else {
            out += c;
        }
    }
    return out + "\"";
}

std::string json_number(double v) {
    char buf[32];
    const auto r = std::to_chars(buf, buf + sizeof buf, v);
    return std::string(buf, r.ptr);
}

}  // namespace

double BudgetSchedule::earmarked() const {
    double e = 0;
    for (const auto& [name, yuan] : earmarks) e += yuan;
    return e;
}

double BudgetSchedule::month_amount(sim::Date m) const {
    const sim::Date first{start.year, start.month, 1};
    if (annual <= 0 || m < first || end < m) return 0.0;
    const double months_in = 12.0 * (m.year - start.year) + (m.month - start.month) + 1.0;
    const double ramp = ramp_months > 0 ? std::min(1.0, months_in / ramp_months) : 1.0;
    return annual / 12.0 * ramp;
}

std::string earmark_key(const std::string& county, const std::string& project) {
    return std::string(kEarmarkFamily) + "." + county + "." + project;
}

void bind_budget(sim::ParamBinder& b, const std::string& project, BudgetSchedule& budget, const std::string& what) {
    const std::string k = "budget." + project;
    b.real(k, budget.annual, 0, {0, 1e12}, {0, 1e10}, "yuan/year", what + " (yearly amount, paid out monthly)",
           sim::lever());
    b.period(b.date(k + "_start", budget.start, "2022-01-01",
                    "first month of " + project + " funding (the plan runs 2022-2025)", sim::lever()),
             b.date(k + "_end", budget.end, "2025-12-31", "last month of " + project + " funding", sim::lever()));
    b.real(k + "_ramp_months", budget.ramp_months, 0, {0, 120}, {0, 24}, "months",
           "months over which " + project + " funding ramps up linearly from its start", sim::lever());
    b.member(kEarmarkFamily, project, 0, {0, 1e12}, {0, 1e9}, "yuan/year",
             "part of budget." + project +
                 " earmarked for the county (out of the project's budget, same timing; spent there by the project's "
                 "rules, unspent carried)",
             sim::lever());
    const sim::Scenario* sc = b.scenario();
    if (!sc) return;
    double earmarked = 0;
    std::string last;
    budget.earmarks.clear();
    if (const sim::ParamFamily* f = sc->registry().family_at(kEarmarkFamily))
        for (const auto& name : f->names) {
            const std::string key = earmark_key(name, project);
            const double e = sc->real(key);
            if (e <= 0) continue;
            budget.earmarks.emplace_back(name, e);
            earmarked += e;
            last = key;
        }
    if (earmarked > budget.annual * (1.0 + 1e-12)) {
        const auto& v = sc->value(last);
        std::ostringstream os;
        os << "earmarks of " << project << " add up to " << earmarked << " yuan/year, more than " << k << " = "
           << budget.annual << " (earmarks are part of the project's budget)";
        throw ScenarioError(v.file, v.line, last, os.str());
    }
}

const sim::ParamRegistry& registry() {
    static const sim::ParamRegistry reg = [] {
        sim::ParamRegistry r;
        Params unused;
        for (const Concept& c : kConcepts) {
            sim::ParamBinder b(r, c.group);
            c.bind(b, unused);
        }
        declare_module_parameters(r);
        return r;
    }();
    return reg;
}

Params read_params(const sim::Scenario& sc) {
    Params p;
    sim::ParamBinder b(sc);
    for (const Concept& c : kConcepts) c.bind(b, p);
    derive(p);
    // The modules' parameters (and their checks) too, so `validate` catches what a run would refuse.
    check_module_parameters(sc);
    return p;
}

std::string parameters_markdown() {
    std::ostringstream os;
    std::string section;
    // Family members (budget.county.<county>.<project>) sit with their section's keys.
    std::vector<const sim::ParamSpec*> specs = registry().all();
    for (const sim::ParamSpec* s : registry().patterns()) specs.push_back(s);
    std::stable_sort(specs.begin(), specs.end(),
                     [](const sim::ParamSpec* a, const sim::ParamSpec* b) { return a->key < b->key; });
    for (const sim::ParamSpec* s : specs) {
        const std::string sec = s->key.substr(0, s->key.find('.'));
        if (sec != section) {
            section = sec;
            os << "\n## [" << sec
               << "]\n\n| key | type | default | unit | limits | plausible range | description | source |\n"
               << "|---|---|---|---|---|---|---|---|\n";
        }
        std::ostringstream def;
        if (s->type == sim::ParamType::String || s->type == sim::ParamType::Date)
            def << '"' << s->default_text << '"';
        else if (s->type == sim::ParamType::Boolean)
            def << (s->default_number != 0 ? "true" : "false");
        else
            def << s->default_number;
        std::ostringstream lim, pl;
        if (s->type == sim::ParamType::Real || s->type == sim::ParamType::Integer) {
            lim << "[" << s->limits.lo << ", " << s->limits.hi << "]";
            pl << "[" << s->plausible.lo << ", " << s->plausible.hi << "]";
        }
        os << "| `" << s->key << "` | " << sim::type_name(s->type) << " | " << def.str() << " | " << s->unit << " | "
           << lim.str() << " | " << pl.str() << " | " << s->description << " | " << s->provenance.text() << " |\n";
    }
    for (const sim::ParamFamily* f : registry().families()) {
        os << "\n## [" << f->prefix << ".<" << f->placeholder << ">]\n\n"
           << f->description << ". A table `[" << f->prefix << ".<" << f->placeholder << ">]` per " << f->placeholder
           << " holds the `" << f->prefix << ".<" << f->placeholder << ">.*` keys above; an unknown " << f->placeholder
           << " is an error that lists the valid names:\n\n";
        std::string names;
        for (const auto& n : f->names) names += (names.empty() ? "" : ", ") + n;
        os << names << "\n";
    }
    return os.str();
}

std::string parameters_json() {
    const sim::ParamRegistry& r = registry();
    std::ostringstream os;
    auto range = [](const sim::Range& x) { return "[" + json_number(x.lo) + ", " + json_number(x.hi) + "]"; };
    os << "{\"parameters\": [";
    std::vector<const sim::ParamSpec*> specs = r.all();
    for (const sim::ParamSpec* s : r.patterns()) specs.push_back(s);
    for (std::size_t i = 0; i < specs.size(); ++i) {
        const sim::ParamSpec& s = *specs[i];
        const bool numeric = s.type == sim::ParamType::Real || s.type == sim::ParamType::Integer;
        os << (i ? ",\n " : "\n ") << "{\"key\": " << json_string(s.key)
           << ", \"type\": " << json_string(sim::type_name(s.type)) << ", \"group\": " << json_string(s.group)
           << ", \"default\": ";
        if (s.type == sim::ParamType::String || s.type == sim::ParamType::Date)
            os << json_string(s.default_text);
        else if (s.type == sim::ParamType::Boolean)
            os << (s.default_number != 0 ? "true" : "false");
        else
            os << json_number(s.default_number);
        os << ", \"unit\": " << json_string(s.unit) << ", \"limits\": " << (numeric ? range(s.limits) : "null")
           << ", \"plausible\": " << (numeric ? range(s.plausible) : "null")
           << ", \"description\": " << json_string(s.description)
           << ", \"provenance\": {\"kind\": " << json_string(sim::kind_name(s.provenance.kind))
           << ", \"reference\": " << json_string(s.provenance.reference)
           << ", \"text\": " << json_string(s.provenance.text()) << "}, \"pattern\": " << (s.pattern ? "true" : "false")
           << "}";
    }
    os << "\n], \"checks\": [";
    for (std::size_t i = 0; i < r.checks().size(); ++i) {
        const sim::ParamCheck& c = r.checks()[i];
        os << (i ? ",\n " : "\n ") << "{\"group\": " << json_string(c.group) << ", \"keys\": [";
        for (std::size_t k = 0; k < c.keys.size(); ++k) os << (k ? ", " : "") << json_string(c.keys[k]);
        os << "], \"rule\": " << json_string(c.rule) << "}";
    }
    os << "\n], \"families\": [";
    const auto fams = r.families();
    for (std::size_t i = 0; i < fams.size(); ++i) {
        os << (i ? ",\n " : "\n ") << "{\"prefix\": " << json_string(fams[i]->prefix)
           << ", \"placeholder\": " << json_string(fams[i]->placeholder) << ", \"names\": [";
        for (std::size_t k = 0; k < fams[i]->names.size(); ++k) os << (k ? ", " : "") << json_string(fams[i]->names[k]);
        os << "], \"description\": " << json_string(fams[i]->description) << "}";
    }
    os << "\n]}\n";
    return os.str();
}

}  // namespace ruralsim::models
