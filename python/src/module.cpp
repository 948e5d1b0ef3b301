// The `ruralsim._core` extension module.
#include "bindings.hpp"

PYBIND11_MODULE(_core, m) {
    m.doc() = "ruralsim C++ core: scenarios, parameter registry, runs (use the `ruralsim` package instead)";
    m.attr("__version__") = RURALSIM_VERSION;
    ruralsim::python::bind_errors(m);
    ruralsim::python::bind_scenario(m);
    ruralsim::python::bind_run(m);
}
