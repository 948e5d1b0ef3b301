// ruralsim._core.run(): one model run with the GIL released, and the Run it
// returns (series as numpy arrays, targets, and the HDF5 writer).
#include <pybind11/numpy.h>
#include <pybind11/stl.h>

#include <memory>
#include <mutex>

#include "bindings.hpp"
#include "ruralsim/models/model.hpp"
#include "ruralsim/models/targets.hpp"
#include "ruralsim/sim/error.hpp"

namespace py = pybind11;

namespace ruralsim::python {

namespace {

/// The HDF5 library of a Debian build is not thread-safe: one writer at a time.
std::mutex& hdf5_mutex() {
    static std::mutex m;
    return m;
}

/// A finished run. Owns its scenario, because the Model refers to it.
struct Run {
    std::unique_ptr<sim::Scenario> scenario;
    std::unique_ptr<models::Model> model;
    std::uint64_t seed = 0;
};

py::array_t<double> array(const std::vector<double>& v) { return py::array_t<double>(v.size(), v.data()); }

py::array_t<double> matrix(const std::vector<double>& v, std::size_t cols) {
    const std::size_t rows = cols ? v.size() / cols : 0;
    py::array_t<double> a({rows, cols});
    std::copy(v.begin(), v.end(), a.mutable_data());
    return a;
}

const char* aggregation_name(const sim::Indicators& I, std::size_t i) {
    if (I.derived(i)) return "derived";
    switch (I.spec(i).aggregation) {
        case sim::Aggregation::Sum:
            return "sum";
        case sim::Aggregation::Mean:
            return "mean";
        case sim::Aggregation::Last:
            return "last";
    }
    return "?";
}

const models::Model& model_of(const Run& r) {
    if (!r.model) throw Error("this run has been released");
    return *r.model;
}

/// Everything Python reads of a run, as plain dicts of numpy arrays.
py::dict data(const Run& r) {
    const models::Model& m = model_of(r);
    const sim::Indicators& I = m.indicators();
    const sim::Calendar& cal = m.calendar();
    const std::size_t R = I.regions().size();
    py::dict d;
    d["scenario"] = r.scenario->resolved_toml();
    d["version"] = RURALSIM_VERSION;
    d["seed"] = static_cast<std::int64_t>(r.seed);
    d["threads"] = static_cast<std::int64_t>(m.threads());
    d["households"] = static_cast<std::int64_t>(m.household_agents());
    d["scale"] = m.params().scale;
    d["days"] = static_cast<std::int64_t>(cal.days());
    d["wall_seconds"] = m.wall_seconds();
    d["first"] = cal.first().iso();
    std::vector<std::int64_t> months, years;
    for (int k = 0; k < cal.months(); ++k) months.push_back(cal.month_start(k).serial() - cal.first().serial());
    for (int y = 0; y < cal.years(); ++y) years.push_back(cal.year_of(y));
    d["month_offsets"] = months;
    d["years"] = years;
    d["regions"] = I.regions();

    py::list specs;
    py::dict day, month, year, rday, rmonth, ryear;
    for (std::size_t i = 0; i < I.size(); ++i) {
        const auto& s = I.spec(i);
        py::dict sd;
        sd["name"] = s.name;
        sd["unit"] = s.unit;
        sd["description"] = s.description;
        sd["aggregation"] = aggregation_name(I, i);
        specs.append(sd);
        const py::str name(s.name);
        if (!I.derived(i)) {
            day[name] = array(I.day(i));
            if (R && I.region_day(i).size() == static_cast<std::size_t>(cal.days()) * R)
                rday[name] = matrix(I.region_day(i), R);
        }
        month[name] = array(I.month(i));
        year[name] = array(I.year(i));
        rmonth[name] = matrix(I.region_month(i), R);
        ryear[name] = matrix(I.region_year(i), R);
    }
    d["indicators"] = specs;
    d["day"] = day;
    d["month"] = month;
    d["year"] = year;
    d["region_day"] = rday;
    d["region_month"] = rmonth;
    d["region_year"] = ryear;
    d["ledger_residual"] = array(m.ledger_residual());

    const models::TargetReport rep = models::evaluate_targets(I);
    py::list targets;
    for (const auto& t : rep.targets) {
        py::dict td;
        td["target"] = t.id;
        td["description"] = t.description;
        td["unit"] = t.unit;
        td["value"] = t.value;
        td["threshold"] = t.threshold;
        td["met"] = t.met;
        targets.append(td);
    }
    d["targets"] = targets;
    const models::T8Columns c = models::t8_columns(rep);
    py::dict t8;
    t8["year"] = py::array_t<std::int64_t>(c.year.size(), c.year.data());
    t8["value"] = array(c.value);
    t8["threshold"] = array(c.threshold);
    t8["met"] = py::array_t<std::int8_t>(c.met.size(), c.met.data());
    d["t8"] = t8;
    return d;
}

}  // namespace

void bind_run(py::module_& m) {
    py::class_<Run>(m, "Run", "A finished run (use ruralsim.run, which wraps it in a Result).")
        .def("data", &data, "Every series, the targets and the run's attributes, as dicts of numpy arrays.")
        .def(
            "write",
            [](const Run& r, const std::string& path) {
                const models::Model& model = model_of(r);
                py::gil_scoped_release nogil;
                std::lock_guard<std::mutex> lock(hdf5_mutex());
                model.write(path);
            },
            py::arg("path"), "Writes the run output (HDF5; temporary name, renamed when complete).")
        .def(
            "release", [](Run& r) { r.model.reset(); }, "Frees the model's memory (data() and write() then fail).")
        .def_property_readonly("released", [](const Run& r) { return !r.model; });

    m.def(
        "run",
        [](const sim::Scenario& scenario, std::uint64_t seed, int threads, const std::string& checkpoint,
           const std::string& every) {
            auto r = std::make_unique<Run>();
            r->scenario = std::make_unique<sim::Scenario>(scenario);
            r->seed = seed;
            models::Checkpointing plan;
            if (!checkpoint.empty()) plan = {checkpoint, sim::checkpoint::Period::parse(every), &hdf5_mutex()};
            {
                py::gil_scoped_release nogil;
                r->model = std::make_unique<models::Model>(*r->scenario, seed, threads);
                r->model->run({}, checkpoint.empty() ? nullptr : &plan);
            }
            return r;
        },
        py::arg("scenario"), py::arg("seed") = 1, py::arg("threads") = 0, py::arg("checkpoint") = "",
        py::arg("checkpoint_every") = "",
        "Builds and runs the model (GIL released). threads <= 0: all cores. Output does not depend on threads.\n"
        "With checkpoint (a file) and checkpoint_every (90d, 6m, 1y) the state is saved every period.");
    m.def(
        "resume",
        [](const std::string& path, int threads) {
            auto r = std::make_unique<Run>();
            {
                py::gil_scoped_release nogil;
                models::Checkpointing plan;
                {
                    std::lock_guard<std::mutex> lock(hdf5_mutex());
                    r->model = models::Model::resume(path, threads, &plan);
                }
                plan.io_lock = &hdf5_mutex();
                r->model->run({}, plan.every.count > 0 ? &plan : nullptr);
            }
            r->scenario = std::make_unique<sim::Scenario>(r->model->scenario());
            r->seed = r->model->seed();
            return r;
        },
        py::arg("path"), py::arg("threads") = 0,
        "Continues a run from its checkpoint to the end (GIL released); the result equals the uninterrupted run's.");
}

}  // namespace ruralsim::python
