// ruralsim._core.Scenario (a validated scenario) and parameters() (the registry).
#include <pybind11/stl.h>

#include "bindings.hpp"
#include "ruralsim/models/parameters.hpp"
#include "ruralsim/sim/error.hpp"
#include "ruralsim/sim/scenario.hpp"

namespace py = pybind11;

namespace ruralsim::python {

namespace {

const sim::ParamSpec& spec_of(const sim::Scenario& sc, const std::string& key) {
    const sim::ParamSpec* spec = sc.registry().find(key);
    if (!spec) throw ScenarioError("", 0, key, "unknown key");
    return *spec;
}

py::object get_value(const sim::Scenario& sc, const std::string& key) {
    const sim::ParamSpec& spec = spec_of(sc, key);
    switch (spec.type) {
        case sim::ParamType::Real:
            return py::float_(sc.real(key));
        case sim::ParamType::Integer:
            return py::int_(sc.integer(key));
        case sim::ParamType::Boolean:
            return py::bool_(sc.boolean(key));
        case sim::ParamType::String:
        case sim::ParamType::Date:
            return py::str(sc.value(key).text);
    }
    return py::none();
}

const char* short_type(sim::ParamType t) {
    switch (t) {
        case sim::ParamType::Real:
            return "real";
        case sim::ParamType::Integer:
            return "integer";
        case sim::ParamType::Boolean:
            return "boolean";
        case sim::ParamType::String:
            return "string";
        case sim::ParamType::Date:
            return "date";
    }
    return "?";
}

py::dict spec_dict(const sim::ParamSpec& s) {
    py::dict d;
    d["key"] = s.key;
    d["type"] = short_type(s.type);
    if (s.type == sim::ParamType::String || s.type == sim::ParamType::Date)
        d["default"] = s.default_text;
    else if (s.type == sim::ParamType::Integer)
        d["default"] = static_cast<long long>(s.default_number);
    else if (s.type == sim::ParamType::Boolean)
        d["default"] = s.default_number != 0.0;
    else
        d["default"] = s.default_number;
    const bool numeric = s.type == sim::ParamType::Real || s.type == sim::ParamType::Integer;
    const double nan = std::numeric_limits<double>::quiet_NaN();
    d["min"] = numeric ? s.limits.lo : nan;
    d["max"] = numeric ? s.limits.hi : nan;
    d["plausible_lo"] = numeric ? s.plausible.lo : nan;
    d["plausible_hi"] = numeric ? s.plausible.hi : nan;
    d["unit"] = s.unit;
    d["description"] = s.description;
    d["source"] = s.provenance.text();
    py::dict provenance;
    provenance["kind"] = sim::kind_name(s.provenance.kind);
    provenance["reference"] = s.provenance.reference;
    d["provenance"] = provenance;
    d["group"] = s.group;
    d["choices"] = s.choices;
    return d;
}

}  // namespace

void bind_scenario(py::module_& m) {
    py::class_<sim::Scenario>(m, "Scenario", "A validated scenario: every key of the registry, resolved.")
        .def(py::init([] { return sim::Scenario(models::registry()); }), "The registry's defaults.")
        .def_static(
            "load", [](const std::string& path) { return sim::Scenario::load(path, models::registry()); },
            py::arg("path"), "Loads a TOML file and everything it extends.")
        .def_static(
            "parse",
            [](const std::string& text, const std::string& name, const std::string& base_dir) {
                return sim::Scenario::parse(text, name, models::registry(), base_dir);
            },
            py::arg("text"), py::arg("name") = "<scenario>", py::arg("base_dir") = ".",
            "Parses TOML text; `name` stands for the file in messages; `base_dir` resolves `extends`.")
        .def("set", &sim::Scenario::set, py::arg("key"), py::arg("value"),
             "Overrides one key from text (\"0.7\", \"true\", \"2025-12-31\", \"name\"), validated.")
        .def("set_number", &sim::Scenario::set_number, py::arg("key"), py::arg("value"),
             "Overrides one numeric key (Real, Integer or Boolean), validated.")
        .def("get", &get_value, py::arg("key"), "The resolved value of one key.")
        .def(
            "origin",
            [](const sim::Scenario& sc, const std::string& key) {
                spec_of(sc, key);
                const auto& v = sc.value(key);
                return py::make_tuple(v.file, v.line);
            },
            py::arg("key"), "(file, line) a key's value came from; ('', 0) = registry default.")
        .def("resolved_toml", &sim::Scenario::resolved_toml, "Every key with its resolved value, as TOML.")
        .def_property_readonly("path", &sim::Scenario::path)
        .def("copy", [](const sim::Scenario& sc) { return sim::Scenario(sc); })
        .def("__copy__", [](const sim::Scenario& sc) { return sim::Scenario(sc); })
        .def("__deepcopy__", [](const sim::Scenario& sc, py::dict) { return sim::Scenario(sc); });

    m.def(
        "parameters",
        [] {
            py::list out;
            for (const sim::ParamSpec* s : models::registry().all()) out.append(spec_dict(*s));
            return out;
        },
        "Every scenario key of the registry: key, type, default, limits, plausible range, unit, description, source "
        "(the provenance as text), provenance {kind, reference} and group (the concept that declares it).");
}

}  // namespace ruralsim::python
