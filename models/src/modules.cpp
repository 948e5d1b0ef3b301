// The list of economy modules. A new module adds its parameters and its
// construction here, nothing else in the core.

#include "ruralsim/models/ecommerce.hpp"
#include "ruralsim/models/facilities.hpp"
#include "ruralsim/models/logistics.hpp"
#include "ruralsim/models/markets.hpp"
#include "ruralsim/models/module.hpp"
#include "ruralsim/models/production.hpp"

namespace ruralsim::models {

namespace {
/// Binds a module's parameter struct P (its `bind`), for declaring or for reading and checking.
template <class P>
void bind_struct(sim::ParamBinder& b) {
    P p{};
    p.bind(b);
}

/// A module: its group of parameters, their binding and its construction.
struct ModuleEntry {
    const char* group;
    void (*bind)(sim::ParamBinder&);
    std::unique_ptr<Module> (*make)(const Context&);
};
/// The modules in the order of things: the month-start rules of projects 4, 2 and 1 claim the
/// counties' co-financing in this order (their phases are placed alike); the markets charge the
/// carriers' fees that the network's phase collects; the production modules run after the network.
/// Assistance records the formerly-poor households' income from what every module booked into
/// pending_income: it reads it in record(), after all modules' phases.
constexpr ModuleEntry kModules[] = {
    {"facilities", bind_struct<FacilityParams>, make_facilities},
    {"logistics", bind_struct<LogisticsParams>, make_logistics},
    {"ecommerce", bind_struct<EcommerceParams>, make_ecommerce},
    {"markets", bind_struct<MarketParams>, make_markets},
    {"sericulture", bind_sericulture_parameters, make_sericulture},
    {"exports", bind_exports_parameters, make_exports},
    {"assistance", bind_assistance_parameters, make_assistance},
};
}  // namespace

void declare_module_parameters(sim::ParamRegistry& registry) {
    for (const ModuleEntry& m : kModules) {
        sim::ParamBinder b(registry, m.group);
        m.bind(b);
    }
}

void check_module_parameters(const sim::Scenario& scenario) {
    sim::ParamBinder b(scenario);
    for (const ModuleEntry& m : kModules) m.bind(b);
}

std::vector<std::unique_ptr<Module>> make_modules(const Context& context) {
    std::vector<std::unique_ptr<Module>> modules;
    for (const ModuleEntry& m : kModules) modules.push_back(m.make(context));
    return modules;
}

}  // namespace ruralsim::models
