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
    std::string source;  ///< citation, or "assumption: ..."
    std::vector<std::string> choices;  ///< allowed strings (String), empty = any
};

class ParamRegistry {
public:
    ParamSpec& real(std::string key, double def, Range limits, Range plausible, std::string unit,
                    std::string description, std::string source);
    ParamSpec& integer(std::string key, long long def, Range limits, Range plausible,
                       std::string unit, std::string description, std::string source);
    ParamSpec& boolean(std::string key, bool def, std::string description, std::string source);
    ParamSpec& text(std::string key, std::string def, std::string description,
                    std::vector<std::string> choices = {});
    ParamSpec& date(std::string key, std::string def, std::string description);

    /// nullptr when the key is not declared.
    const ParamSpec* find(const std::string& key) const;
    /// True when some declared key starts with `prefix.`.
    bool is_section(const std::string& prefix) const;
    /// Declared keys directly under a section ("" = top level), for error messages.
    std::vector<std::string> keys_in(const std::string& section) const;
    /// All specs in key order.
    std::vector<const ParamSpec*> all() const;

private:
    ParamSpec& add(ParamSpec spec);
    std::map<std::string, ParamSpec> specs_;
};

}  // namespace ruralsim::sim
