#include "ruralsim/sim/params.hpp"

#include <set>

#include "ruralsim/sim/error.hpp"

namespace ruralsim::sim {

const char* type_name(ParamType t) noexcept {
    switch (t) {
        case ParamType::Real: return "a number";
        case ParamType::Integer: return "an integer";
        case ParamType::Boolean: return "true or false";
        case ParamType::String: return "a string";
        case ParamType::Date: return "a date (YYYY-MM-DD)";
    }
    return "?";
}

ParamSpec& ParamRegistry::add(ParamSpec spec) {
    if (specs_.count(spec.key)) throw Error("parameter '" + spec.key + "' declared twice");
    std::string key = spec.key;
    return specs_.emplace(key, std::move(spec)).first->second;
}

ParamSpec& ParamRegistry::real(std::string key, double def, Range limits, Range plausible,
                               std::string unit, std::string description, std::string source) {
    ParamSpec s;
    s.key = std::move(key);
    s.type = ParamType::Real;
    s.default_number = def;
    s.limits = limits;
    s.plausible = plausible;
    s.unit = std::move(unit);
    s.description = std::move(description);
    s.source = std::move(source);
    if (def < limits.lo || def > limits.hi || plausible.lo < limits.lo || plausible.hi > limits.hi ||
        plausible.lo > plausible.hi)
        throw Error("parameter '" + s.key + "': default or plausible range outside its limits");
    return add(std::move(s));
}

ParamSpec& ParamRegistry::integer(std::string key, long long def, Range limits, Range plausible,
                                  std::string unit, std::string description, std::string source) {
    ParamSpec& s = real(std::move(key), static_cast<double>(def), limits, plausible,
                        std::move(unit), std::move(description), std::move(source));
    s.type = ParamType::Integer;
    return s;
}

ParamSpec& ParamRegistry::boolean(std::string key, bool def, std::string description,
                                  std::string source) {
    ParamSpec s;
    s.key = std::move(key);
    s.type = ParamType::Boolean;
    s.default_number = def ? 1.0 : 0.0;
    s.limits = {0, 1};
    s.plausible = {0, 1};
    s.description = std::move(description);
    s.source = std::move(source);
    return add(std::move(s));
}

ParamSpec& ParamRegistry::text(std::string key, std::string def, std::string description,
                               std::vector<std::string> choices) {
    ParamSpec s;
    s.key = std::move(key);
    s.type = ParamType::String;
    s.default_text = std::move(def);
    s.description = std::move(description);
    s.choices = std::move(choices);
    return add(std::move(s));
}

ParamSpec& ParamRegistry::date(std::string key, std::string def, std::string description) {
    ParamSpec s;
    s.key = std::move(key);
    s.type = ParamType::Date;
    s.default_text = std::move(def);
    s.description = std::move(description);
    return add(std::move(s));
}

const ParamSpec* ParamRegistry::find(const std::string& key) const {
    auto it = specs_.find(key);
    return it == specs_.end() ? nullptr : &it->second;
}

bool ParamRegistry::is_section(const std::string& prefix) const {
    const std::string p = prefix + ".";
    auto it = specs_.lower_bound(p);
    return it != specs_.end() && it->first.compare(0, p.size(), p) == 0;
}

std::vector<std::string> ParamRegistry::keys_in(const std::string& section) const {
    std::set<std::string> out;
    const std::string p = section.empty() ? "" : section + ".";
    for (const auto& [k, s] : specs_) {
        if (k.compare(0, p.size(), p) != 0) continue;
        const std::string rest = k.substr(p.size());
        out.insert(rest.substr(0, rest.find('.')));
    }
    return {out.begin(), out.end()};
}

std::vector<const ParamSpec*> ParamRegistry::all() const {
    std::vector<const ParamSpec*> out;
    for (const auto& [k, s] : specs_) out.push_back(&s);
    return out;
}

}  // namespace ruralsim::sim
