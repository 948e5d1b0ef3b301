// The list of economy modules. A new module adds its parameter declaration
// and its construction here, nothing else in the core.

#include "ruralsim/models/module.hpp"
#include "ruralsim/models/production.hpp"

namespace ruralsim::models {

void declare_module_parameters(sim::ParamRegistry& registry) {
    declare_sericulture_parameters(registry);
    declare_exports_parameters(registry);
    declare_assistance_parameters(registry);
}

std::vector<std::unique_ptr<Module>> make_modules(const Context& context) {
    std::vector<std::unique_ptr<Module>> modules;
    modules.push_back(make_sericulture(context));
    modules.push_back(make_exports(context));
    // Assistance records the formerly-poor households' income from what every module booked
    // into pending_income; it reads it in record(), after all modules' phases.
    modules.push_back(make_assistance(context));
    return modules;
}

}  // namespace ruralsim::models
