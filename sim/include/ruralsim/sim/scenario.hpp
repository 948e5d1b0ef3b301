#pragma once
/// \file
/// Scenario files: TOML with `extends` and overrides, every key validated
/// against the ParamRegistry before anything runs.
///
/// A scenario file may say `extends = "other.toml"` (relative to its own
/// folder); its keys override the parent's. Unknown keys, wrong types,
/// out-of-range values and missing files throw ScenarioError naming the file,
/// line, key path and what was expected. Keys a file does not set take the
/// registry's defaults, so a resolved scenario always holds every key. Keys of a
/// family (`[budget.county.<county>]`, see ParamFamily) are held only when set;
/// reading an unset one gives its member's default.
///
/// Example:
/// \code
///   auto sc = sim::Scenario::load("scenarios/plan2022.toml", registry);
///   sc.set("household.mpc_income", "0.7");       // override, validated
///   double mpc = sc.real("household.mpc_income");
///   std::string text = sc.resolved_toml();       // stored in every output file
/// \endcode

#include <map>
#include <string>
#include <vector>

#include "ruralsim/sim/calendar.hpp"
#include "ruralsim/sim/params.hpp"

namespace ruralsim::sim {

class Scenario {
public:
    /// A resolved value and where it came from (file "" and line 0 = default).
    struct Value {
        double number = 0.0;
        std::string text;
        std::string file;
        int line = 0;
    };

    /// Defaults only.
    explicit Scenario(const ParamRegistry& registry);
    /// Loads a file and everything it extends.
    static Scenario load(const std::string& path, const ParamRegistry& registry);
    /// Parses TOML text; `name` stands for the file in messages, and `base_dir`
    /// resolves `extends`.
    static Scenario parse(const std::string& text, const std::string& name, const ParamRegistry& registry,
                          const std::string& base_dir = ".");

    /// Overrides one key from text (as on a command line: "0.7", "true",
    /// "2025-12-31", "name"); validated like a file value.
    void set(const std::string& key, const std::string& value);
    /// Overrides one numeric key (Real, Integer or Boolean).
    void set_number(const std::string& key, double value);

    double real(const std::string& key) const;
    long long integer(const std::string& key) const;
    bool boolean(const std::string& key) const;
    const std::string& text(const std::string& key) const;
    Date date(const std::string& key) const;
    const Value& value(const std::string& key) const;

    /// Every key with its resolved value, as TOML (tables by section).
    std::string resolved_toml() const;
    /// The file the scenario was loaded from ("" when parsed from text).
    const std::string& path() const noexcept { return path_; }
    const ParamRegistry& registry() const noexcept { return *registry_; }

private:
    void merge_file(const std::string& path, std::vector<std::string>& chain);
    void merge_text(const std::string& text, const std::string& name, const std::string& base_dir,
                    std::vector<std::string>& chain);
    const ParamRegistry* registry_;
    std::map<std::string, Value> values_;
    std::map<std::string, Value> pattern_defaults_;  ///< defaults of family keys, by member pattern key
    std::string path_;
};

}  // namespace ruralsim::sim
