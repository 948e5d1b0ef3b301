#include "ruralsim/sim/scheduler.hpp"

#include <oneapi/tbb/info.h>

#include <chrono>
#include <map>

#include "ruralsim/sim/error.hpp"

namespace ruralsim::sim {

Step Step::at(const Calendar& cal, int day) {
    Step s;
    s.day = day;
    s.date = cal.date(day);
    s.month = cal.month_index(day);
    s.year = cal.year_index(day);
    s.month_start = cal.is_month_start(day);
    s.month_end = cal.is_month_end(day);
    s.year_end = cal.is_year_end(day);
    s.week_start = s.date.weekday() == 0;
    return s;
}

static int resolve_threads(int threads) { return threads > 0 ? threads : oneapi::tbb::info::default_concurrency(); }

Executor::Executor(int threads) : threads_(resolve_threads(threads)), arena_(resolve_threads(threads)) {}

void Scheduler::add(std::string name, Body body, Placement where) {
    phases_.push_back({std::move(name), std::move(body), std::move(where), 0.0});
    resolved_ = false;
}

void Scheduler::resolve() const {
    if (resolved_) return;
    const std::size_t n = phases_.size();
    std::map<std::string, std::size_t> index;
    for (std::size_t i = 0; i < n; ++i)
        if (!index.emplace(phases_[i].name, i).second)
            throw Error("scheduler: phase '" + phases_[i].name + "' added twice");
    auto find = [&](const std::string& phase, const std::string& other) {
        auto it = index.find(other);
        if (it == index.end())
            throw Error("scheduler: phase '" + phase + "' is placed relative to '" + other + "', which no phase is");
        return it->second;
    };
    // Edges a -> b (a runs before b): each phase after the one added before it, unless it says where it runs.
    std::vector<std::vector<std::size_t>> next(n);
    std::vector<std::size_t> waits(n, 0);
    auto edge = [&](std::size_t a, std::size_t b) {
        next[a].push_back(b);
        ++waits[b];
    };
    for (std::size_t i = 0; i < n; ++i) {
        const Placement& w = phases_[i].where;
        if (w.after.empty() && w.before.empty() && i > 0) edge(i - 1, i);
        for (const auto& a : w.after) edge(find(phases_[i].name, a), i);
        for (const auto& b : w.before) edge(i, find(phases_[i].name, b));
    }
    // Kahn's algorithm, always taking the earliest-added phase that is ready.
    std::vector<std::size_t> order;
    std::vector<bool> done(n, false);
    while (order.size() < n) {
        std::size_t pick = n;
        for (std::size_t i = 0; i < n && pick == n; ++i)
            if (!done[i] && waits[i] == 0) pick = i;
        if (pick == n) throw Error("scheduler: the phases' placements form a cycle");
        done[pick] = true;
        order.push_back(pick);
        for (std::size_t b : next[pick]) --waits[b];
    }
    std::vector<Phase> sorted;
    sorted.reserve(n);
    for (std::size_t i : order) sorted.push_back(std::move(phases_[i]));
    phases_ = std::move(sorted);
    resolved_ = true;
}

void Scheduler::step(const Step& s) {
    resolve();
    for (auto& p : phases_) {
        const auto t0 = std::chrono::steady_clock::now();
        p.body(s);
        p.seconds += std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    }
}

std::vector<Scheduler::PhaseTime> Scheduler::timings() const {
    resolve();
    std::vector<PhaseTime> out;
    for (const auto& p : phases_) out.push_back({p.name, p.seconds});
    return out;
}

std::vector<std::string> Scheduler::order() const {
    resolve();
    std::vector<std::string> out;
    for (const auto& p : phases_) out.push_back(p.name);
    return out;
}

}  // namespace ruralsim::sim
