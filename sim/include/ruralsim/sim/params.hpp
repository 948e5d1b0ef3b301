#pragma once
/// \file
/// The one parameter registry. Every scenario key is declared by the model:
/// name, type, unit, default, hard limits (validation), plausible range (sweeps
/// and sensitivity analysis), description and provenance (a typed value: a
/// source with its reference, calibrated, an assumption, a scenario lever or a
/// run setting), grouped by the concept that declares it. The scenario loader
/// validates against it and docs are generated from it.
///
/// A ParamBinder binds each parameter to the field that holds it: one function
/// per concept both declares the parameters (into a registry) and reads them
/// back (from a validated scenario), so a key is written once, next to the
/// code that uses it; checks across keys (shares, periods) sit beside them.
///
/// Example:
/// \code
///   struct Household {
///       double mpc = 0;
///       void bind(sim::ParamBinder& b) {
///           b.real("household.mpc", mpc, 0.62, {0, 1.5}, {0.55, 0.7}, "1", "share of current income spent",
///                  sim::assumption("consumption/income ratio about 0.6-0.65"));
///       }
///   };
///   sim::ParamRegistry reg;
///   sim::ParamBinder declare(reg, "households");
///   Household{}.bind(declare);                 // the registry now holds household.mpc
///   Household h;
///   sim::ParamBinder read(scenario);
///   h.bind(read);                              // h.mpc = the scenario's value
/// \endcode

#include <map>
#include <string>
#include <utility>
#include <vector>

#include "ruralsim/sim/calendar.hpp"

namespace ruralsim::sim {

class Scenario;

/// Where a parameter's value comes from.
struct Provenance {
    enum class Kind {
        Source,      ///< a figure from a cited source (reference: the citation)
        Calibrated,  ///< fitted to data (reference: where the fit is documented)
        Assumption,  ///< no source measures it (reference: the reasoning or the figure it is read off, if any)
        Lever,       ///< a scenario lever: policy choice, not a fact (reference: a note, if any)
        Setting,     ///< a run setting (dates, scale, files, output switches), not part of the model
    };
    Kind kind = Kind::Assumption;
    std::string reference;
    /// As the docs show it: the reference of a source, "assumption: <reference>", "scenario lever", ...
    std::string text() const;
};
/// "source", "calibrated", "assumption", "lever", "setting".
const char* kind_name(Provenance::Kind k) noexcept;
inline Provenance source(std::string reference) { return {Provenance::Kind::Source, std::move(reference)}; }
inline Provenance calibrated(std::string reference) { return {Provenance::Kind::Calibrated, std::move(reference)}; }
inline Provenance assumption(std::string reference = {}) {
    return {Provenance::Kind::Assumption, std::move(reference)};
}
inline Provenance lever(std::string note = {}) { return {Provenance::Kind::Lever, std::move(note)}; }
inline Provenance setting() { return {Provenance::Kind::Setting, {}}; }

enum class ParamType { Real, Integer, Boolean, String, Date };

const char* type_name(ParamType t) noexcept;

struct Range {
    double lo = 0.0;
    double hi = 0.0;
};

/// One declared parameter.
struct ParamSpec {
    std::string key;  ///< dotted path, e.g. "household.mpc_income"
    ParamType type = ParamType::Real;
    double default_number = 0.0;  ///< Real / Integer / Boolean (0 or 1)
    std::string default_text;     ///< String / Date
    Range limits;                 ///< hard limits: values outside are errors
    Range plausible;              ///< documented plausible range (for sweeps)
    std::string unit;
    std::string description;
    Provenance provenance;
    std::string group;                 ///< the concept that declares it (a docs table each)
    std::vector<std::string> choices;  ///< allowed strings (String), empty = any
    /// True for the spec of a key family member: its key holds the family's placeholder
    /// (e.g. "budget.county.<county>.logistics") and stands for one key per family name.
    bool pattern = false;
};

/// A family of keys `<prefix>.<name>.<leaf>`: one table per name of a list the model supplies
/// (the engine does not know what the names are). Leaves are declared with `member`.
struct ParamFamily {
    std::string prefix;              ///< e.g. "budget.county"
    std::string placeholder;         ///< what a name is, e.g. "county" (keys show it as <county>)
    std::vector<std::string> names;  ///< the valid names, e.g. the county names
    std::string description;
};

/// A rule across keys, checked when a scenario is read (ParamBinder::shares, ::period).
struct ParamCheck {
    std::string group;
    std::vector<std::string> keys;
    std::string rule;  ///< e.g. "must add up to 1"
};

class ParamRegistry {
public:
    /// Declarations that follow belong to this group (the concept declaring them).
    void group(std::string name) { group_ = std::move(name); }
    ParamSpec& real(std::string key, double def, Range limits, Range plausible, std::string unit,
                    std::string description, Provenance provenance);
    ParamSpec& integer(std::string key, long long def, Range limits, Range plausible, std::string unit,
                       std::string description, Provenance provenance);
    ParamSpec& boolean(std::string key, bool def, std::string description, Provenance provenance);
    ParamSpec& text(std::string key, std::string def, std::string description, std::vector<std::string> choices = {});
    ParamSpec& date(std::string key, std::string def, std::string description, Provenance provenance = setting());
    /// Records a rule across keys (for the docs; ParamBinder checks it).
    void check(std::vector<std::string> keys, std::string rule);
    const std::vector<ParamCheck>& checks() const noexcept { return checks_; }

    /// Declares a family of per-name tables under `prefix` (see ParamFamily).
    void family(std::string prefix, std::string placeholder, std::vector<std::string> names, std::string description);
    /// Declares a numeric leaf of a family, valid in every name's table; `leaf` is the last key part.
    ParamSpec& member(const std::string& prefix, std::string leaf, double def, Range limits, Range plausible,
                      std::string unit, std::string description, Provenance provenance);

    /// nullptr when the key is not declared. A family key (`budget.county.Xiushan.logistics`)
    /// finds its member spec, whose key shows the placeholder.
    const ParamSpec* find(const std::string& key) const;
    /// The family whose prefix is `prefix`, or nullptr.
    const ParamFamily* family_at(const std::string& prefix) const;
    /// All families in prefix order.
    std::vector<const ParamFamily*> families() const;
    /// True when some declared key starts with `prefix.`.
    bool is_section(const std::string& prefix) const;
    /// Declared keys directly under a section ("" = top level), for error messages.
    std::vector<std::string> keys_in(const std::string& section) const;
    /// All specs of ordinary keys in key order (family members are in `patterns`).
    std::vector<const ParamSpec*> all() const;
    /// The member specs of every family, in key order.
    std::vector<const ParamSpec*> patterns() const;
    /// `prefix.<placeholder>.leaf` for a family member's `leaf`.
    static std::string pattern_key(const ParamFamily& f, const std::string& leaf);

private:
    ParamSpec& add(ParamSpec spec);
    /// The family and name of a key `<prefix>.<name>[.rest]`; nullptr when none matches.
    const ParamFamily* split_family(const std::string& key, std::string& name, std::string& rest) const;
    std::map<std::string, ParamSpec> specs_;
    std::map<std::string, ParamSpec> patterns_;  ///< family members, by pattern key
    std::map<std::string, ParamFamily> families_;
    std::vector<ParamCheck> checks_;
    std::string group_;
};

/// Binds parameters to the fields that hold them. Built on a registry it declares them
/// (the fields are not touched); built on a validated scenario it reads their values into
/// the fields and runs the checks across keys, which throw ScenarioError naming the file
/// and line of the key at fault.
class ParamBinder {
public:
    /// Declares into `registry`, in `group`.
    ParamBinder(ParamRegistry& registry, std::string group);
    /// Reads from `scenario`.
    explicit ParamBinder(const Scenario& scenario) : scenario_(&scenario) {}

    bool declaring() const noexcept { return registry_ != nullptr; }
    /// The declarations that follow go into another group (while declaring).
    void group(std::string name) {
        if (registry_) registry_->group(std::move(name));
    }
    /// The scenario being read (nullptr while declaring).
    const Scenario* scenario() const noexcept { return scenario_; }
    /// The registry being declared into, or the scenario's (for families).
    const ParamRegistry& registry() const;

    // Each binding returns its key, for the checks across keys (shares, period) that follow it.
    std::string real(const std::string& key, double& field, double def, Range limits, Range plausible,
                     const std::string& unit, const std::string& description, Provenance provenance);
    /// An integer key held in an int, a long long or a double field.
    template <class Field>
    void integer(const std::string& key, Field& field, long long def, Range limits, Range plausible,
                 const std::string& unit, const std::string& description, Provenance provenance) {
        long long v = 0;
        integer_value(key, v, def, limits, plausible, unit, description, std::move(provenance));
        if (scenario_) field = static_cast<Field>(v);
    }
    void boolean(const std::string& key, bool& field, bool def, const std::string& description, Provenance provenance);
    void text(const std::string& key, std::string& field, const std::string& def, const std::string& description,
              std::vector<std::string> choices = {});
    std::string date(const std::string& key, Date& field, const std::string& def, const std::string& description,
                     Provenance provenance = setting());
    /// A file path; a relative path set in a scenario file resolves against that file's folder.
    /// `origin` receives the file the value came from ("" = the default, "override" = set on a command line).
    void path(const std::string& key, std::string& field, std::string& origin, const std::string& def,
              const std::string& description);

    /// Declares a family of per-name tables and a numeric member of it (see ParamRegistry); reading
    /// a member's keys is the caller's (it knows which names it needs).
    void family(const std::string& prefix, const std::string& placeholder, std::vector<std::string> names,
                const std::string& description);
    void member(const std::string& prefix, const std::string& leaf, double def, Range limits, Range plausible,
                const std::string& unit, const std::string& description, Provenance provenance);

    /// The keys (numbers) must add up to 1 (exact) or to at most 1.
    void shares(const std::vector<std::string>& keys, bool exact);
    /// Two date keys bound a period: the end must not come before the start.
    void period(const std::string& start_key, const std::string& end_key);

private:
    void integer_value(const std::string& key, long long& v, long long def, Range limits, Range plausible,
                       const std::string& unit, const std::string& description, Provenance provenance);
    ParamRegistry* registry_ = nullptr;
    const Scenario* scenario_ = nullptr;
};

}  // namespace ruralsim::sim
