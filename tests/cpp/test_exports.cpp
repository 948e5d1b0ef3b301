// Invariants of the agri-specialty exporter module (plan project 3).

#include <catch2/catch.hpp>

#include <cmath>
#include <string>
#include <utility>
#include <vector>

#include "model_run.hpp"

namespace {

using namespace ruralsim;

using test::Sets;

using Run = test::ModelRun;

const Run& baseline() {
    static const Run r(Sets{{"budget.exports", "0"}});
    return r;
}

}  // namespace

TEST_CASE("no export budget: no export spending, lines add up to the total", "[production][exports][model]") {
    const Run& r = baseline();
    for (double x : r.day("spending_exports")) REQUIRE(x == 0.0);
    const auto& total = r.day("export_value");
    for (std::size_t d = 0; d < total.size(); ++d) {
        const double lines = r.day("export_value_zhacai")[d] + r.day("export_value_lemon")[d] +
                             r.day("export_value_textile")[d] + r.day("export_value_other")[d];
        REQUIRE(std::abs(lines - total[d]) <= 1e-6 * std::max(1.0, total[d]));
        REQUIRE(total[d] >= 0);
        REQUIRE(std::isfinite(total[d]));
    }
    CHECK(r.year("export_value")[0] > 0);
    CHECK(r.year("leading_exporters")[0] >= 0);
    CHECK(r.year("exporter_firms")[0] > 0);
}

TEST_CASE("export support: spending within the budget and exports not lower", "[production][exports][model]") {
    const Run& a = baseline();
    Run b(Sets{{"budget.exports", "5e7"}, {"budget.exports_start", "2021-01-01"}});
    double spent = 0, ea = 0, eb = 0;
    for (double x : b.year("spending_exports")) spent += x;
    for (double x : a.year("export_value")) ea += x;
    for (double x : b.year("export_value")) eb += x;
    CHECK(spent > 0);
    CHECK(spent <= 5e7 + 1.0);
    CHECK(eb >= ea);
    CHECK(b.year("leading_exporters").back() >= a.year("leading_exporters").back());
}
