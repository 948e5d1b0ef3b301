#pragma once
/// \file
/// The one parameter registry. Every scenario key is declared here by the
/// model: name, type, unit, default, hard limits (validation), plausible range
/// (sweeps and sensitivity analysis), source (or "assumption") and description.
/// The scenario loader validates against it and docs are generated from it.
///
/// Example:
/// \code
///   sim::ParamRegistry reg;
///   reg.real("household.mpc_income", 0.62, {0.0, 1.0}, {0.55, 0.75}, "1",
///            "share of current income spent", "Chongqing 2021 consumption/income ratio");
/// \endcode

#include <map>
#include <string>
#include <utility>
#include <vector>

namespace ruralsim::sim {

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
    std::string source;                ///< citation, or "assumption: ..."
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

class ParamRegistry {
public:
    ParamSpec& real(std::string key, double def, Range limits, Range plausible, std::string unit,
                    std::string description, std::string source);
    ParamSpec& integer(std::string key, long long def, Range limits, Range plausible, std::string unit,
                       std::string description, std::string source);
    ParamSpec& boolean(std::string key, bool def, std::string description, std::string source);
    ParamSpec& text(std::string key, std::string def, std::string description, std::vector<std::string> choices = {});
    ParamSpec& date(std::string key, std::string def, std::string description);

    /// Declares a family of per-name tables under `prefix` (see ParamFamily).
    void family(std::string prefix, std::string placeholder, std::vector<std::string> names, std::string description);
    /// Declares a numeric leaf of a family, valid in every name's table; `leaf` is the last key part.
    ParamSpec& member(const std::string& prefix, std::string leaf, double def, Range limits, Range plausible,
                      std::string unit, std::string description, std::string source);

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
};

}  // namespace ruralsim::sim
