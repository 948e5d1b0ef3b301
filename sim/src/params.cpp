#include "ruralsim/sim/params.hpp"

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <set>

#include "ruralsim/sim/error.hpp"
#include "ruralsim/sim/scenario.hpp"

namespace ruralsim::sim {

const char* kind_name(Provenance::Kind k) noexcept {
    switch (k) {
        case Provenance::Kind::Source:
            return "source";
        case Provenance::Kind::Calibrated:
            return "calibrated";
        case Provenance::Kind::Assumption:
            return "assumption";
        case Provenance::Kind::Lever:
            return "lever";
        case Provenance::Kind::Setting:
            return "setting";
    }
    return "?";
}

std::string Provenance::text() const {
    const auto with = [&](const char* label) { return reference.empty() ? label : label + (": " + reference); };
    switch (kind) {
        case Kind::Source:
            return reference;
        case Kind::Calibrated:
            return with("calibrated");
        case Kind::Assumption:
            return with("assumption");
        case Kind::Lever:
            return with("scenario lever");
        case Kind::Setting:
            return "run setting";
    }
    return reference;
}

const char* type_name(ParamType t) noexcept {
    switch (t) {
        case ParamType::Real:
            return "a number";
        case ParamType::Integer:
            return "an integer";
        case ParamType::Boolean:
            return "true or false";
        case ParamType::String:
            return "a string";
        case ParamType::Date:
            return "a date (YYYY-MM-DD)";
    }
    return "?";
}

ParamSpec& ParamRegistry::add(ParamSpec spec) {
    if (specs_.count(spec.key)) throw Error("parameter '" + spec.key + "' declared twice");
    spec.group = group_;
    std::string key = spec.key;
    return specs_.emplace(key, std::move(spec)).first->second;
}

ParamSpec& ParamRegistry::real(std::string key, double def, Range limits, Range plausible, std::string unit,
                               std::string description, Provenance provenance) {
    ParamSpec s;
    s.key = std::move(key);
    s.type = ParamType::Real;
    s.default_number = def;
    s.limits = limits;
    s.plausible = plausible;
    s.unit = std::move(unit);
    s.description = std::move(description);
    s.provenance = std::move(provenance);
    if (def < limits.lo || def > limits.hi || plausible.lo < limits.lo || plausible.hi > limits.hi ||
        plausible.lo > plausible.hi)
        throw Error("parameter '" + s.key + "': default or plausible range outside its limits");
    return add(std::move(s));
}

ParamSpec& ParamRegistry::integer(std::string key, long long def, Range limits, Range plausible, std::string unit,
                                  std::string description, Provenance provenance) {
    ParamSpec& s = real(std::move(key), static_cast<double>(def), limits, plausible, std::move(unit),
                        std::move(description), std::move(provenance));
    s.type = ParamType::Integer;
    return s;
}

ParamSpec& ParamRegistry::boolean(std::string key, bool def, std::string description, Provenance provenance) {
    ParamSpec s;
    s.key = std::move(key);
    s.type = ParamType::Boolean;
    s.default_number = def ? 1.0 : 0.0;
    s.limits = {0, 1};
    s.plausible = {0, 1};
    s.description = std::move(description);
    s.provenance = std::move(provenance);
    return add(std::move(s));
}

ParamSpec& ParamRegistry::text(std::string key, std::string def, std::string description,
                               std::vector<std::string> choices) {
    ParamSpec& s = date(std::move(key), std::move(def), std::move(description), setting());
    s.type = ParamType::String;
    s.choices = std::move(choices);
    return s;
}

ParamSpec& ParamRegistry::date(std::string key, std::string def, std::string description, Provenance provenance) {
    ParamSpec s;
    s.key = std::move(key);
    s.type = ParamType::Date;
    s.default_text = std::move(def);
    s.description = std::move(description);
    s.provenance = std::move(provenance);
    return add(std::move(s));
}

void ParamRegistry::family(std::string prefix, std::string placeholder, std::vector<std::string> names,
                           std::string description) {
    if (families_.count(prefix) || specs_.count(prefix))
        throw Error("parameter family '" + prefix + "' declared twice");
    for (const auto& n : names)
        if (n.empty() || n.find_first_of(". <>") != std::string::npos)
            throw Error("parameter family '" + prefix + "': invalid name '" + n + "'");
    ParamFamily f{prefix, std::move(placeholder), std::move(names), std::move(description)};
    families_.emplace(std::move(prefix), std::move(f));
}

std::string ParamRegistry::pattern_key(const ParamFamily& f, const std::string& leaf) {
    return f.prefix + ".<" + f.placeholder + ">." + leaf;
}

ParamSpec& ParamRegistry::member(const std::string& prefix, std::string leaf, double def, Range limits, Range plausible,
                                 std::string unit, std::string description, Provenance provenance) {
    auto fam = families_.find(prefix);
    if (fam == families_.end()) throw Error("parameter family '" + prefix + "' is not declared");
    // Validate like an ordinary real, then move the spec to the family's members.
    ParamSpec& tmp = real(pattern_key(fam->second, leaf), def, limits, plausible, std::move(unit),
                          std::move(description), std::move(provenance));
    ParamSpec spec = tmp;
    specs_.erase(spec.key);
    spec.pattern = true;
    if (patterns_.count(spec.key)) throw Error("parameter '" + spec.key + "' declared twice");
    std::string key = spec.key;
    return patterns_.emplace(key, std::move(spec)).first->second;
}

const ParamFamily* ParamRegistry::split_family(const std::string& key, std::string& name, std::string& rest) const {
    for (const auto& [prefix, f] : families_) {
        if (key.size() <= prefix.size() + 1 || key.compare(0, prefix.size(), prefix) != 0 || key[prefix.size()] != '.')
            continue;
        const std::string tail = key.substr(prefix.size() + 1);
        const auto dot = tail.find('.');
        name = tail.substr(0, dot);
        rest = dot == std::string::npos ? "" : tail.substr(dot + 1);
        return &f;
    }
    return nullptr;
}

const ParamSpec* ParamRegistry::find(const std::string& key) const {
    auto it = specs_.find(key);
    if (it != specs_.end()) return &it->second;
    std::string name, rest;
    const ParamFamily* f = split_family(key, name, rest);
    if (!f || rest.empty() || std::find(f->names.begin(), f->names.end(), name) == f->names.end()) return nullptr;
    auto p = patterns_.find(pattern_key(*f, rest));
    return p == patterns_.end() ? nullptr : &p->second;
}

const ParamFamily* ParamRegistry::family_at(const std::string& prefix) const {
    auto it = families_.find(prefix);
    return it == families_.end() ? nullptr : &it->second;
}

std::vector<const ParamFamily*> ParamRegistry::families() const {
    std::vector<const ParamFamily*> out;
    for (const auto& [k, f] : families_) out.push_back(&f);
    return out;
}

bool ParamRegistry::is_section(const std::string& prefix) const {
    const std::string p = prefix + ".";
    auto it = specs_.lower_bound(p);
    if (it != specs_.end() && it->first.compare(0, p.size(), p) == 0) return true;
    for (const auto& [fp, f] : families_)
        if (fp.compare(0, p.size(), p) == 0 || fp == prefix) return true;
    // A name's table inside a family: `<prefix>.<name>`.
    std::string name, rest;
    const ParamFamily* f = split_family(prefix, name, rest);
    return f && rest.empty() && std::find(f->names.begin(), f->names.end(), name) != f->names.end();
}

std::vector<std::string> ParamRegistry::keys_in(const std::string& section) const {
    std::set<std::string> out;
    const std::string p = section.empty() ? "" : section + ".";
    for (const auto& [k, s] : specs_) {
        if (k.compare(0, p.size(), p) != 0) continue;
        const std::string rest = k.substr(p.size());
        out.insert(rest.substr(0, rest.find('.')));
    }
    for (const auto& [fp, f] : families_) {
        if (fp == section) {
            out.insert(f.names.begin(), f.names.end());
        } else if (fp.compare(0, p.size(), p) == 0) {
            const std::string rest = fp.substr(p.size());
            out.insert(rest.substr(0, rest.find('.')));
        }
    }
    std::string name, rest;
    if (const ParamFamily* f = split_family(section, name, rest);
        f && rest.empty() && std::find(f->names.begin(), f->names.end(), name) != f->names.end()) {
        const std::string head = f->prefix + ".<" + f->placeholder + ">.";
        for (const auto& [k, s] : patterns_)
            if (k.compare(0, head.size(), head) == 0) out.insert(k.substr(head.size()));
    }
    return {out.begin(), out.end()};
}

std::vector<const ParamSpec*> ParamRegistry::all() const {
    std::vector<const ParamSpec*> out;
    for (const auto& [k, s] : specs_) out.push_back(&s);
    return out;
}

void ParamRegistry::check(std::vector<std::string> keys, std::string rule) {
    checks_.push_back({group_, std::move(keys), std::move(rule)});
}

std::vector<const ParamSpec*> ParamRegistry::patterns() const {
    std::vector<const ParamSpec*> out;
    for (const auto& [k, s] : patterns_) out.push_back(&s);
    return out;
}

// --- ParamBinder -------------------------------------------------------------------------

ParamBinder::ParamBinder(ParamRegistry& registry, std::string group) : registry_(&registry) {
    registry.group(std::move(group));
}

const ParamRegistry& ParamBinder::registry() const { return registry_ ? *registry_ : scenario_->registry(); }

std::string ParamBinder::real(const std::string& key, double& field, double def, Range limits, Range plausible,
                              const std::string& unit, const std::string& description, Provenance provenance) {
    if (registry_)
        registry_->real(key, def, limits, plausible, unit, description, std::move(provenance));
    else
        field = scenario_->real(key);
    return key;
}

void ParamBinder::integer_value(const std::string& key, long long& v, long long def, Range limits, Range plausible,
                                const std::string& unit, const std::string& description, Provenance provenance) {
    if (registry_)
        registry_->integer(key, def, limits, plausible, unit, description, std::move(provenance));
    else
        v = scenario_->integer(key);
}

void ParamBinder::boolean(const std::string& key, bool& field, bool def, const std::string& description,
                          Provenance provenance) {
    if (registry_)
        registry_->boolean(key, def, description, std::move(provenance));
    else
        field = scenario_->boolean(key);
}

void ParamBinder::text(const std::string& key, std::string& field, const std::string& def,
                       const std::string& description, std::vector<std::string> choices) {
    if (registry_)
        registry_->text(key, def, description, std::move(choices));
    else
        field = scenario_->text(key);
}

std::string ParamBinder::date(const std::string& key, Date& field, const std::string& def,
                              const std::string& description, Provenance provenance) {
    if (registry_)
        registry_->date(key, def, description, std::move(provenance));
    else
        field = scenario_->date(key);
    return key;
}

void ParamBinder::path(const std::string& key, std::string& field, std::string& origin, const std::string& def,
                       const std::string& description) {
    text(key, field, def, description);
    if (registry_) return;
    const Scenario::Value& v = scenario_->value(key);
    origin = v.file;
    if (!field.empty() && std::filesystem::path(field).is_relative() && !v.file.empty() && v.file != "override")
        field = (std::filesystem::path(v.file).parent_path() / field).string();
}

void ParamBinder::family(const std::string& prefix, const std::string& placeholder, std::vector<std::string> names,
                         const std::string& description) {
    if (registry_) registry_->family(prefix, placeholder, std::move(names), description);
}

void ParamBinder::member(const std::string& prefix, const std::string& leaf, double def, Range limits, Range plausible,
                         const std::string& unit, const std::string& description, Provenance provenance) {
    if (registry_) registry_->member(prefix, leaf, def, limits, plausible, unit, description, std::move(provenance));
}

void ParamBinder::shares(const std::vector<std::string>& keys, bool exact) {
    if (registry_) {
        registry_->check(keys, exact ? "must add up to 1" : "must not exceed 1");
        return;
    }
    const Scenario& sc = *scenario_;
    double total = 0;
    for (const auto& k : keys) total += sc.real(k);
    if (exact ? std::abs(total - 1.0) > 1e-9 : total > 1.0 + 1e-9) {
        // Name the last of the keys a file or override set (defaults have no line to show).
        std::string key = keys.back();
        for (const auto& k : keys)
            if (!sc.value(k).file.empty()) key = k;
        const auto& v = sc.value(key);
        std::string list;
        for (const auto& k : keys) list += (list.empty() ? "" : " + ") + k;
        throw ScenarioError(
            v.file, v.line, key,
            list + (exact ? " must add up to 1" : " must not exceed 1") + ", they add up to " + std::to_string(total));
    }
}

void ParamBinder::period(const std::string& start_key, const std::string& end_key) {
    if (registry_) {
        registry_->check({start_key, end_key}, "the end must not come before the start");
        return;
    }
    const Date start = scenario_->date(start_key), end = scenario_->date(end_key);
    if (end < start) {
        const auto& v = scenario_->value(end_key);
        throw ScenarioError(v.file, v.line, end_key,
                            "end " + end.iso() + " is before " + start_key + " " + start.iso());
    }
}

}  // namespace ruralsim::sim
