#pragma once
/// \file
/// Ordered phases run on oneTBB inside a per-run task arena.
///
/// A step is the ordered list of phases. Each phase runs in parallel over its
/// natural partition (villages, stores, counties) through Executor::for_each;
/// a partition element writes only its own slots, so no locks or atomics are
/// needed. Reductions go through per-element partials combined in a fixed
/// order (ordered_sum), so results are bit-identical at any thread count.
///
/// Example:
/// \code
///   sim::Executor ex(2);
///   sim::Scheduler sched;
///   sched.add("income", [&](const sim::Step& s) { ex.for_each(n_villages, [&](std::size_t v) { ... }); });
///   ex.run([&] { for (int d = 0; d < days; ++d) sched.step(make_step(d)); });
/// \endcode

#include <oneapi/tbb/global_control.h>
#include <oneapi/tbb/parallel_for.h>
#include <oneapi/tbb/task_arena.h>

#include <cstddef>
#include <functional>
#include <string>
#include <thread>
#include <vector>

#include "ruralsim/sim/calendar.hpp"

namespace ruralsim::sim {

/// What a phase knows about the current step.
struct Step {
    int day = 0;    ///< day index from the run's first day
    Date date;      ///< calendar date
    int month = 0;  ///< month index
    int year = 0;   ///< year index
    bool month_start = false;
    bool month_end = false;
    bool year_end = false;
    bool week_start = false;  ///< Monday

    static Step at(const Calendar& cal, int day);
};

/// A task arena with a fixed number of threads, owned by one run.
class Executor {
public:
    /// threads <= 0 means all hardware threads.
    explicit Executor(int threads);
    int threads() const noexcept { return threads_; }

    /// Runs f inside this run's arena (so nested for_each uses its threads).
    template <class F>
    void run(F&& f) {
        arena_.execute(std::forward<F>(f));
    }

    /// Calls body(i) for every i in [0, n), in parallel. Bodies must write only
    /// slots owned by i. Must be called from inside run().
    template <class F>
    void for_each(std::size_t n, F&& body, std::size_t grain = 16) const {
        if (n == 0) return;
        if (threads_ == 1) {
            for (std::size_t i = 0; i < n; ++i) body(i);
            return;
        }
#ifdef RURALSIM_PLAIN_THREADS
        // ThreadSanitizer builds: plain std::threads over contiguous chunks, whose start and join
        // TSan understands (it cannot see the synchronisation inside the uninstrumented libtbb,
        // and reports its internals as races). The bodies run concurrently just the same.
        (void)grain;
        std::vector<std::thread> pool;
        const std::size_t k = static_cast<std::size_t>(threads_);
        for (std::size_t t = 0; t < k; ++t)
            pool.emplace_back([&, t] {
                for (std::size_t i = n * t / k; i < n * (t + 1) / k; ++i) body(i);
            });
        for (auto& th : pool) th.join();
        return;
#endif
        oneapi::tbb::parallel_for(oneapi::tbb::blocked_range<std::size_t>(0, n, grain),
                                  [&](const oneapi::tbb::blocked_range<std::size_t>& r) {
                                      for (std::size_t i = r.begin(); i != r.end(); ++i) body(i);
                                  });
    }

private:
    int threads_;
    mutable oneapi::tbb::task_arena arena_;
};

/// Sum of partials in index order: the deterministic reduction.
template <class T>
T ordered_sum(const std::vector<T>& partials) {
    T s{};
    for (const T& p : partials) s += p;
    return s;
}

/// Where a phase runs relative to others (by name): after every phase of `after`, before every
/// phase of `before`. Phases not ordered by such constraints keep the order they were added in.
struct Placement {
    std::vector<std::string> after, before;
};

/// The ordered phases of one step.
class Scheduler {
public:
    using Body = std::function<void(const Step&)>;

    /// Adds a phase, by default after the ones added before it. A phase may name where it runs
    /// (`{.after = {"households"}, .before = {"accounting"}}`): the order is the stable
    /// topological order of the constraints, ties in the order the phases were added. An
    /// unknown name or a cycle throws sim::Error when the order is first needed.
    void add(std::string name, Body body, Placement where = {});
    /// Runs every phase once for this step.
    void step(const Step& s);
    struct PhaseTime {
        std::string name;
        double seconds;
    };
    /// Wall time spent in each phase so far, in run order (for profiling; never written to output).
    std::vector<PhaseTime> timings() const;
    /// The phases' names in run order.
    std::vector<std::string> order() const;
    std::size_t size() const noexcept { return phases_.size(); }

private:
    struct Phase {
        std::string name;
        Body body;
        Placement where;
        double seconds;
    };
    /// Sorts phases_ into run order once (after the last add).
    void resolve() const;
    mutable std::vector<Phase> phases_;
    mutable bool resolved_ = true;
};

}  // namespace ruralsim::sim
