// The list of economy modules. A new module adds its parameter declaration
// and its construction here, nothing else in the core.

#include "ruralsim/models/module.hpp"

namespace ruralsim::models {

void declare_module_parameters(sim::ParamRegistry& /*registry*/) {}

std::vector<std::unique_ptr<Module>> make_modules(const Context& /*context*/) {
    std::vector<std::unique_ptr<Module>> modules;
    return modules;
}

}  // namespace ruralsim::models
