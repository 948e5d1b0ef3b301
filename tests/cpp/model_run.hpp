#pragma once
// A small seeded whole-model run for tests: defaults plus overrides, from 2021 for `years`
// calendar years, run at construction; indicators by name.

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "ruralsim/models/model.hpp"

namespace ruralsim::test {

using Sets = std::vector<std::pair<std::string, std::string>>;

struct ModelRun {
    sim::Scenario sc;
    models::Model m;
    explicit ModelRun(Sets sets, int years = 1, int threads = 1, std::uint64_t seed = 7, const char* scale = "2000")
        : sc(make(std::move(sets), years, scale)), m(sc, seed, threads) {
        m.run();
    }
    static sim::Scenario make(Sets sets, int years, const char* scale) {
        sim::Scenario s(models::registry());
        s.set("run.scale", scale);
        s.set("run.start", "2021-01-01");
        s.set("run.end", std::to_string(2020 + years) + "-12-31");
        for (const auto& [k, v] : sets) s.set(k, v);
        return s;
    }
    const sim::Indicators& I() const { return m.indicators(); }
    const std::vector<double>& day(const char* n) const { return I().day(I().id(n)); }
    const std::vector<double>& year(const char* n) const { return I().year(I().id(n)); }
    const std::vector<double>& region_year(const char* n) const { return I().region_year(I().id(n)); }
};

}  // namespace ruralsim::test
