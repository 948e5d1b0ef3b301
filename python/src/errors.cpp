// ruralsim::Error and subclasses -> Python exceptions, translated once here.
//
//   ruralsim.Error(RuntimeError)
//   ruralsim.ScenarioError(Error, ValueError)   .file .line .key
//   ruralsim.DataError(Error, ValueError)
//   ruralsim.IoError(Error, OSError)
//   ruralsim.CheckpointError(Error)
//   ruralsim.ResourceError(Error)
#include <Python.h>

#include "bindings.hpp"
#include "ruralsim/sim/error.hpp"

namespace py = pybind11;

namespace ruralsim::python {

namespace {

PyObject* new_exception(const char* name, PyObject* bases, const char* doc) {
    PyObject* type = PyErr_NewExceptionWithDoc(name, doc, bases, nullptr);
    if (!type) throw py::error_already_set();
    return type;
}

PyObject* error_type = nullptr;
PyObject* scenario_error_type = nullptr;
PyObject* data_error_type = nullptr;
PyObject* io_error_type = nullptr;
PyObject* checkpoint_error_type = nullptr;
PyObject* resource_error_type = nullptr;

void raise(PyObject* type, const std::exception& e) { PyErr_SetString(type, e.what()); }

}  // namespace

void bind_errors(py::module_& m) {
    error_type = new_exception("ruralsim.Error", PyExc_RuntimeError, "Base of every error ruralsim raises on purpose.");
    py::tuple scenario_bases = py::make_tuple(py::handle(error_type), py::handle(PyExc_ValueError));
    scenario_error_type = new_exception("ruralsim.ScenarioError", scenario_bases.ptr(),
                                        "A scenario (file, key or value) is wrong; attributes file, line, key.");
    py::tuple data_bases = py::make_tuple(py::handle(error_type), py::handle(PyExc_ValueError));
    data_error_type = new_exception("ruralsim.DataError", data_bases.ptr(), "A data file is missing or malformed.");
    py::tuple io_bases = py::make_tuple(py::handle(error_type), py::handle(PyExc_OSError));
    io_error_type = new_exception("ruralsim.IoError", io_bases.ptr(), "Reading or writing an HDF5 file failed.");
    checkpoint_error_type =
        new_exception("ruralsim.CheckpointError", error_type,
                      "A checkpoint cannot be resumed: not a checkpoint, written by another version, or corrupt.");
    resource_error_type = new_exception("ruralsim.ResourceError", error_type,
                                        "A run would need more memory than the limit; refused before allocating.");
    m.attr("Error") = py::handle(error_type);
    m.attr("ScenarioError") = py::handle(scenario_error_type);
    m.attr("DataError") = py::handle(data_error_type);
    m.attr("IoError") = py::handle(io_error_type);
    m.attr("CheckpointError") = py::handle(checkpoint_error_type);
    m.attr("ResourceError") = py::handle(resource_error_type);

    py::register_exception_translator([](std::exception_ptr p) {
        try {
            if (p) std::rethrow_exception(p);
        } catch (const ScenarioError& e) {
            py::object exc = py::reinterpret_borrow<py::object>(scenario_error_type)(e.what());
            exc.attr("file") = e.file();
            exc.attr("line") = e.line();
            exc.attr("key") = e.key();
            PyErr_SetObject(scenario_error_type, exc.ptr());
        } catch (const DataError& e) {
            raise(data_error_type, e);
        } catch (const IoError& e) {
            raise(io_error_type, e);
        } catch (const CheckpointError& e) {
            raise(checkpoint_error_type, e);
        } catch (const ResourceError& e) {
            raise(resource_error_type, e);
        } catch (const Error& e) {
            raise(error_type, e);
        }
    });
}

}  // namespace ruralsim::python
