#include "ruralsim/sim/scenario.hpp"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>

#define TOML_EXCEPTIONS 1
#include <toml++/toml.h>

#include "ruralsim/sim/error.hpp"

namespace ruralsim::sim {
namespace {

namespace fs = std::filesystem;

std::size_t edit_distance(const std::string& a, const std::string& b) {
    std::vector<std::size_t> prev(b.size() + 1), cur(b.size() + 1);
    for (std::size_t j = 0; j <= b.size(); ++j) prev[j] = j;
    for (std::size_t i = 1; i <= a.size(); ++i) {
        cur[0] = i;
        for (std::size_t j = 1; j <= b.size(); ++j)
            cur[j] = std::min({prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1)});
        std::swap(prev, cur);
    }
    return prev[b.size()];
}

std::string join(const std::vector<std::string>& v) {
    std::string out;
    for (const auto& s : v) out += (out.empty() ? "" : ", ") + s;
    return out;
}

std::string format_number(double v, ParamType t) {
    // Only whole numbers within long long's range print as integers (the cast is undefined outside it).
    if (t == ParamType::Integer && std::abs(v) < 9.2e18 && v == std::floor(v))
        return std::to_string(static_cast<long long>(v));
    if (t == ParamType::Boolean) return v != 0.0 ? "true" : "false";
    std::ostringstream os;
    os.precision(17);
    os << v;
    std::string s = os.str();
    if (s.find_first_of(".eEn") == std::string::npos) s += ".0";
    return s;
}

std::string quote(const std::string& s) {
    std::string out = "\"";
    for (char c : s) {
        if (c == '"' || c == '\\') out += '\\';
        if (c == '\n') {
            out += "\\n";
            continue;
        }
        // Other control characters are not allowed raw in a TOML string.
        if (static_cast<unsigned char>(c) < 0x20 || c == 0x7f) {
            char buf[8];
            std::snprintf(buf, sizeof buf, "\\u%04X", static_cast<unsigned>(static_cast<unsigned char>(c)));
            out += buf;
            continue;
        }
        out += c;
    }
    return out + "\"";
}

std::string lower(std::string s) {
    for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return s;
}

std::string unknown_key_message(const ParamRegistry& reg, const std::string& section, const std::string& leaf) {
    const auto valid = reg.keys_in(section);
    std::string best;
    std::size_t best_d = 3;
    if (const ParamFamily* f = reg.family_at(section)) {
        // A name of a family (a county, ...): case-insensitive suggestion and the valid names.
        for (const auto& k : valid) {
            const std::size_t d = edit_distance(lower(leaf), lower(k));
            if (d < best_d) best_d = d, best = k;
        }
        std::string msg = "unknown " + f->placeholder + " '" + leaf + "';";
        if (!best.empty()) msg += " did you mean '" + section + "." + best + "'?";
        return msg + " valid " + f->placeholder + " names in [" + section + ".<" + f->placeholder +
               ">]: " + join(valid);
    }
    for (const auto& k : valid) {
        const std::size_t d = edit_distance(leaf, k);
        if (d < best_d) best_d = d, best = k;
    }
    std::string msg = "unknown key;";
    if (!best.empty()) msg += " did you mean '" + (section.empty() ? best : section + "." + best) + "'?";
    if (valid.empty()) return msg + " there is no section [" + section + "]";
    msg += " valid keys" + (section.empty() ? std::string(" at the top level") : " in [" + section + "]") + ": " +
           join(valid);
    return msg;
}

/// Checks a number against a spec; throws ScenarioError.
void check_number(const ParamSpec& spec, double v, const std::string& file, int line, const std::string& key) {
    if (!std::isfinite(v))
        throw ScenarioError(file, line, key, "expected a finite number, got " + format_number(v, ParamType::Real));
    if (spec.type == ParamType::Integer && v != std::floor(v))
        throw ScenarioError(file, line, key, "expected an integer, got " + format_number(v, ParamType::Real));
    if (v < spec.limits.lo || v > spec.limits.hi) {
        std::string unit = spec.unit.empty() || spec.unit == "1" ? "" : " (" + spec.unit + ")";
        throw ScenarioError(file, line, key,
                            "value " + format_number(v, spec.type) + " is out of range: expected " +
                                type_name(spec.type) + " in [" + format_number(spec.limits.lo, spec.type) + ", " +
                                format_number(spec.limits.hi, spec.type) + "]" + unit);
    }
}

void check_text(const ParamSpec& spec, const std::string& v, const std::string& file, int line) {
    if (spec.type == ParamType::Date) {
        try {
            (void)Date::parse(v);
        } catch (const Error&) {
            throw ScenarioError(file, line, spec.key, "expected a date YYYY-MM-DD, got '" + v + "'");
        }
    }
    if (!spec.choices.empty() && std::find(spec.choices.begin(), spec.choices.end(), v) == spec.choices.end())
        throw ScenarioError(file, line, spec.key, "'" + v + "' is not allowed: expected one of " + join(spec.choices));
}

std::string describe_node(const toml::node& n) {
    if (n.is_table()) return "a table";
    if (n.is_array()) return "an array";
    if (n.is_string()) return "a string";
    if (n.is_integer()) return "an integer";
    if (n.is_floating_point()) return "a number";
    if (n.is_boolean()) return "a boolean";
    if (n.is_date()) return "a date";
    if (n.is_time()) return "a time";
    if (n.is_date_time()) return "a date-time";
    return "a value";
}

/// The spec of a key set by an override; an unknown key throws with the valid keys of its section.
const ParamSpec* override_spec(const ParamRegistry& reg, const std::string& key) {
    if (const ParamSpec* spec = reg.find(key)) return spec;
    const auto dot = key.rfind('.');
    const std::string section = dot == std::string::npos ? "" : key.substr(0, dot);
    const std::string leaf = dot == std::string::npos ? key : key.substr(dot + 1);
    // A family table whose name is unknown (`budget.county.Atlantis.x`): say so, with the valid names.
    if (const auto pdot = section.rfind('.');
        pdot != std::string::npos && !reg.is_section(section) && reg.family_at(section.substr(0, pdot)))
        throw ScenarioError("override", 0, key,
                            unknown_key_message(reg, section.substr(0, pdot), section.substr(pdot + 1)));
    throw ScenarioError("override", 0, key, unknown_key_message(reg, section, leaf));
}

}  // namespace

Scenario::Scenario(const ParamRegistry& registry) : registry_(&registry) {
    for (const ParamSpec* s : registry.all()) {
        Value v;
        v.number = s->default_number;
        v.text = s->default_text;
        values_[s->key] = v;
    }
    // Family keys are stored only when set; the others take their member's default.
    for (const ParamSpec* s : registry.patterns()) {
        Value v;
        v.number = s->default_number;
        v.text = s->default_text;
        pattern_defaults_[s->key] = v;
    }
}

Scenario Scenario::load(const std::string& path, const ParamRegistry& registry) {
    Scenario sc(registry);
    std::vector<std::string> chain;
    sc.merge_file(path, chain);
    sc.path_ = path;
    return sc;
}

Scenario Scenario::parse(const std::string& text, const std::string& name, const ParamRegistry& registry,
                         const std::string& base_dir) {
    Scenario sc(registry);
    std::vector<std::string> chain;
    sc.merge_text(text, name, base_dir, chain);
    return sc;
}

void Scenario::merge_file(const std::string& path, std::vector<std::string>& chain) {
    std::error_code ec;
    if (!fs::is_regular_file(path, ec)) throw ScenarioError(path, 0, "", "file not found or not a regular file");
    std::ifstream in(path, std::ios::binary);
    if (!in) throw ScenarioError(path, 0, "", "cannot open file for reading");
    std::ostringstream ss;
    ss << in.rdbuf();
    const std::string canonical = fs::weakly_canonical(path, ec).string();
    if (std::find(chain.begin(), chain.end(), canonical) != chain.end())
        throw ScenarioError(path, 0, "extends", "cycle: the file extends itself through " + join(chain));
    chain.push_back(canonical);
    merge_text(ss.str(), path, fs::path(path).parent_path().string(), chain);
    chain.pop_back();
}

void Scenario::merge_text(const std::string& text, const std::string& name, const std::string& base_dir,
                          std::vector<std::string>& chain) {
    if (chain.size() > 16) throw ScenarioError(name, 0, "extends", "more than 16 levels of extends");
    toml::table root;
    try {
        root = toml::parse(text, name);
    } catch (const toml::parse_error& e) {
        throw ScenarioError(name, static_cast<int>(e.source().begin.line), "",
                            "TOML syntax error: " + std::string(e.description()));
    }

    // The parent comes first so this file's keys override it.
    if (const toml::node* ext = root.get("extends")) {
        const int line = static_cast<int>(ext->source().begin.line);
        if (!ext->is_string())
            throw ScenarioError(name, line, "extends",
                                "expected a string (a scenario file path), got " + describe_node(*ext));
        fs::path parent = ext->value<std::string>().value();
        if (parent.is_relative()) parent = fs::path(base_dir.empty() ? "." : base_dir) / parent;
        std::error_code ec;
        if (!fs::is_regular_file(parent, ec))
            throw ScenarioError(name, line, "extends", "file '" + parent.string() + "' not found");
        merge_file(parent.string(), chain);
    }

    const ParamRegistry& reg = *registry_;
    auto walk = [&](auto&& self, const toml::table& tbl, const std::string& section) -> void {
        for (auto&& [k, node] : tbl) {
            const std::string leaf(k.str());
            if (section.empty() && leaf == "extends") continue;
            const std::string key = section.empty() ? leaf : section + "." + leaf;
            const int line = static_cast<int>(node.source().begin.line);
            if (node.is_table()) {
                if (!reg.is_section(key)) {
                    if (reg.find(key))
                        throw ScenarioError(
                            name, line, key,
                            std::string("expected ") + type_name(reg.find(key)->type) + ", got a table");
                    throw ScenarioError(name, line, key, unknown_key_message(reg, section, leaf));
                }
                self(self, *node.as_table(), key);
                continue;
            }
            const ParamSpec* spec = reg.find(key);
            if (!spec) {
                if (reg.is_section(key))
                    throw ScenarioError(name, line, key,
                                        "expected a table [" + key + "], got " + describe_node(node) +
                                            "; valid keys in it: " + join(reg.keys_in(key)));
                throw ScenarioError(name, line, key, unknown_key_message(reg, section, leaf));
            }
            Value v;
            v.file = name;
            v.line = line;
            // Capture the structured binding by an explicit reference (clang < 16 refuses implicit capture).
            auto wrong = [&, &node = node] {
                return ScenarioError(name, line, key,
                                     std::string("expected ") + type_name(spec->type) + ", got " + describe_node(node));
            };
            switch (spec->type) {
                case ParamType::Real:
                    if (node.is_integer())
                        v.number = static_cast<double>(node.as_integer()->get());
                    else if (node.is_floating_point())
                        v.number = node.as_floating_point()->get();
                    else
                        throw wrong();
                    check_number(*spec, v.number, name, line, key);
                    break;
                case ParamType::Integer:
                    if (!node.is_integer()) throw wrong();
                    v.number = static_cast<double>(node.as_integer()->get());
                    check_number(*spec, v.number, name, line, key);
                    break;
                case ParamType::Boolean:
                    if (!node.is_boolean()) throw wrong();
                    v.number = node.as_boolean()->get() ? 1.0 : 0.0;
                    break;
                case ParamType::String:
                    if (!node.is_string()) throw wrong();
                    v.text = node.as_string()->get();
                    check_text(*spec, v.text, name, line);
                    break;
                case ParamType::Date:
                    if (node.is_date()) {
                        const auto d = node.as_date()->get();
                        Date dd{static_cast<int>(d.year), static_cast<int>(d.month), static_cast<int>(d.day)};
                        v.text = dd.iso();
                    } else if (node.is_string()) {
                        v.text = node.as_string()->get();
                    } else {
                        throw wrong();
                    }
                    check_text(*spec, v.text, name, line);
                    break;
            }
            values_[key] = std::move(v);
        }
    };
    walk(walk, root, "");
}

void Scenario::set(const std::string& key, const std::string& value) {
    const ParamSpec* spec = override_spec(*registry_, key);
    Value v;
    v.file = "override";
    switch (spec->type) {
        case ParamType::Real:
        case ParamType::Integer: {
            std::size_t pos = 0;
            double d = 0;
            try {
                d = std::stod(value, &pos);
            } catch (const std::exception&) {
                pos = 0;
            }
            if (pos == 0 || pos != value.size())
                throw ScenarioError("override", 0, key,
                                    std::string("expected ") + type_name(spec->type) + ", got '" + value + "'");
            check_number(*spec, d, "override", 0, key);
            v.number = d;
            break;
        }
        case ParamType::Boolean:
            if (value != "true" && value != "false")
                throw ScenarioError("override", 0, key, "expected true or false, got '" + value + "'");
            v.number = value == "true" ? 1.0 : 0.0;
            break;
        case ParamType::String:
        case ParamType::Date:
            check_text(*spec, value, "override", 0);
            v.text = value;
            break;
    }
    values_[key] = std::move(v);
}

void Scenario::set_number(const std::string& key, double value) {
    const ParamSpec* spec = override_spec(*registry_, key);
    if (spec->type == ParamType::String || spec->type == ParamType::Date)
        throw ScenarioError("override", 0, key, std::string("expected ") + type_name(spec->type) + ", got a number");
    if (spec->type == ParamType::Boolean && value != 0.0 && value != 1.0)
        throw ScenarioError("override", 0, key, "expected true or false");
    check_number(*spec, value, "override", 0, key);
    Value v;
    v.file = "override";
    v.number = value;
    values_[key] = std::move(v);
}

const Scenario::Value& Scenario::value(const std::string& key) const {
    auto it = values_.find(key);
    if (it != values_.end()) return it->second;
    if (const ParamSpec* spec = registry_->find(key); spec && spec->pattern) {
        auto d = pattern_defaults_.find(spec->key);
        if (d != pattern_defaults_.end()) return d->second;
    }
    throw Error("scenario: no parameter '" + key + "' is declared");
}

double Scenario::real(const std::string& key) const { return value(key).number; }
long long Scenario::integer(const std::string& key) const { return static_cast<long long>(value(key).number); }
bool Scenario::boolean(const std::string& key) const { return value(key).number != 0.0; }
const std::string& Scenario::text(const std::string& key) const { return value(key).text; }
Date Scenario::date(const std::string& key) const { return Date::parse(value(key).text); }

std::string Scenario::resolved_toml() const {
    std::map<std::string, std::vector<std::pair<std::string, std::string>>> sections;
    for (const auto& [key, v] : values_) {
        const ParamSpec* spec = registry_->find(key);
        const auto dot = key.rfind('.');
        const std::string section = dot == std::string::npos ? "" : key.substr(0, dot);
        const std::string leaf = dot == std::string::npos ? key : key.substr(dot + 1);
        std::string text;
        if (spec->type == ParamType::String)
            text = quote(v.text);
        else if (spec->type == ParamType::Date)
            text = v.text;
        else
            text = format_number(v.number, spec->type);
        sections[section].push_back({leaf, text});
    }
    std::string out = "# resolved scenario: every key, defaults included\n";
    for (const auto& [section, kv] : sections) {
        if (!section.empty()) {
            // Quote the parts that are not bare TOML keys (a family name such as "Nan'an").
            std::string header;
            for (std::size_t b = 0, e; b <= section.size(); b = e + 1) {
                e = section.find('.', b);
                if (e == std::string::npos) e = section.size();
                const std::string part = section.substr(b, e - b);
                const bool bare = !part.empty() && std::all_of(part.begin(), part.end(), [](char c) {
                    return std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '-';
                });
                header += (header.empty() ? "" : ".") + (bare ? part : quote(part));
            }
            out += "\n[" + header + "]\n";
        }
        for (const auto& [k, t] : kv) out += k + " = " + t + "\n";
    }
    return out;
}

}  // namespace ruralsim::sim
