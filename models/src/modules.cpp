// The list of economy modules. A new module adds its parameters and its
// construction here, nothing else in the core.

#include "ruralsim/models/module.hpp"
#include "ruralsim/models/production.hpp"

namespace ruralsim::models {

namespace {
/// Every module's parameters, by group (the module's name), in docs order.
struct ModuleParams {
    const char* group;
    void (*bind)(sim::ParamBinder&);
};
constexpr ModuleParams kModuleParams[] = {{"sericulture", bind_sericulture_parameters},
                                          {"exports", bind_exports_parameters},
                                          {"assistance", bind_assistance_parameters}};
}  // namespace

void declare_module_parameters(sim::ParamRegistry& registry) {
    for (const ModuleParams& m : kModuleParams) {
        sim::ParamBinder b(registry, m.group);
        m.bind(b);
    }
}

void check_module_parameters(const sim::Scenario& scenario) {
    sim::ParamBinder b(scenario);
    for (const ModuleParams& m : kModuleParams) m.bind(b);
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
