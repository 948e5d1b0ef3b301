#pragma once
/// \file
/// Shared declarations of the `ruralsim._core` bindings (one file per concept:
/// errors, scenarios and the parameter registry, runs).

#include <pybind11/pybind11.h>

namespace ruralsim::python {

/// Creates ruralsim._core.Error and its subclasses and translates
/// ruralsim::Error (and subclasses) into them, once, at the boundary.
void bind_errors(pybind11::module_& m);
/// ruralsim._core.Scenario and parameters().
void bind_scenario(pybind11::module_& m);
/// ruralsim._core.run() and ruralsim._core.Run.
void bind_run(pybind11::module_& m);

}  // namespace ruralsim::python
