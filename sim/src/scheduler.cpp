#include "ruralsim/sim/scheduler.hpp"

#include <oneapi/tbb/info.h>

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

}  // namespace ruralsim::sim
