// The parameter registry (sim/params.hpp) and the model's declarations in it.

#include <catch2/catch.hpp>

#include <set>
#include <string>

#include "ruralsim/models/parameters.hpp"
#include "ruralsim/sim/error.hpp"
#include "ruralsim/sim/params.hpp"

using ruralsim::sim::ParamRegistry;
using ruralsim::sim::ParamType;

TEST_CASE("Params: declarations are checked", "[params]") {
    ParamRegistry r;
    r.real("a.x", 1.0, {0, 2}, {0.5, 1.5}, "1", "x", "assumption");
    CHECK_THROWS_AS(r.real("a.x", 1.0, {0, 2}, {0.5, 1.5}, "1", "twice", "assumption"), ruralsim::Error);
    CHECK_THROWS_AS(r.real("a.y", 3.0, {0, 2}, {0.5, 1.5}, "1", "default outside", "assumption"), ruralsim::Error);
    CHECK_THROWS_AS(r.real("a.z", 1.0, {0, 2}, {0.5, 2.5}, "1", "plausible outside", "assumption"), ruralsim::Error);
    CHECK_THROWS_AS(r.real("a.w", 1.0, {0, 2}, {1.5, 0.5}, "1", "plausible reversed", "assumption"), ruralsim::Error);
    const auto& n = r.integer("a.n", 3, {1, 10}, {2, 5}, "items", "n", "assumption");
    CHECK(n.type == ParamType::Integer);
    CHECK(n.default_number == 3.0);
    r.boolean("b.flag", true, "flag", "assumption");
    r.text("b.name", "x", "name");
    r.date("b.when", "2021-01-01", "when");

    REQUIRE(r.find("a.x") != nullptr);
    CHECK(r.find("a.x")->type == ParamType::Real);
    CHECK(r.find("b.flag")->default_number == 1.0);
    CHECK(r.find("a") == nullptr);
    CHECK(r.find("a.q") == nullptr);
    CHECK(r.is_section("a"));
    CHECK(r.is_section("b"));
    CHECK_FALSE(r.is_section("a.x"));
    CHECK_FALSE(r.is_section("c"));
    CHECK_FALSE(r.is_section(""));  // no key starts with "."
    CHECK(r.keys_in("a") == std::vector<std::string>{"n", "x"});
    CHECK(r.keys_in("") == std::vector<std::string>{"a", "b"});
    CHECK(r.all().size() == 5);
}

TEST_CASE("Params: every model parameter is well declared", "[params]") {
    const auto& r = ruralsim::models::registry();
    std::set<std::string> sections;
    for (const auto* s : r.all()) {
        INFO("key " << s->key);
        REQUIRE(s->key.find('.') != std::string::npos);  // every key lives in a section
        CHECK_FALSE(s->description.empty());
        sections.insert(s->key.substr(0, s->key.find('.')));
        if (s->type == ParamType::Real || s->type == ParamType::Integer) {
            CHECK(s->limits.lo <= s->default_number);
            CHECK(s->default_number <= s->limits.hi);
            CHECK(s->limits.lo <= s->plausible.lo);
            CHECK(s->plausible.lo <= s->plausible.hi);
            CHECK(s->plausible.hi <= s->limits.hi);
            CHECK_FALSE(s->source.empty());
        }
        if (s->type == ParamType::Date) CHECK_NOTHROW(ruralsim::sim::Date::parse(s->default_text));
    }
    for (const char* sec : {"run", "household", "budget", "store", "logistics", "facilities", "ecommerce"})
        CHECK(sections.count(sec) == 1);
    // Every budget has its timing keys.
    for (const char* p : {"ecommerce", "facilities", "logistics", "sericulture", "exports", "assistance"}) {
        const std::string k = std::string("budget.") + p;
        INFO(k);
        CHECK(r.find(k) != nullptr);
        CHECK(r.find(k + "_start") != nullptr);
        CHECK(r.find(k + "_end") != nullptr);
        CHECK(r.find(k + "_ramp_months") != nullptr);
    }
}

TEST_CASE("Params: budget schedules release a twelfth a month within their dates", "[params]") {
    ruralsim::models::BudgetSchedule b;
    b.annual = 1.2e8;
    b.start = {2022, 3, 15};
    b.end = {2023, 6, 30};
    CHECK(b.month_amount({2022, 2, 1}) == 0.0);
    CHECK(b.month_amount({2022, 3, 1}) == 1e7);  // the start month counts from its first day
    CHECK(b.month_amount({2023, 6, 1}) == 1e7);
    CHECK(b.month_amount({2023, 7, 1}) == 0.0);
    b.ramp_months = 4;
    CHECK(b.month_amount({2022, 3, 1}) == Approx(0.25e7));
    CHECK(b.month_amount({2022, 4, 1}) == Approx(0.5e7));
    CHECK(b.month_amount({2022, 6, 1}) == Approx(1e7));
    CHECK(b.month_amount({2022, 9, 1}) == Approx(1e7));
    b.annual = 0;
    CHECK(b.month_amount({2022, 6, 1}) == 0.0);
}

TEST_CASE("Params: a key family has one table per name and shared member specs", "[params]") {
    ParamRegistry r;
    r.real("b.x", 1.0, {0, 2}, {0.5, 1.5}, "1", "x", "assumption");
    r.family("b.place", "place", {"North", "South"}, "per-place values");
    const auto& m = r.member("b.place", "x", 0.0, {0, 10}, {0, 5}, "1", "x of one place", "assumption");
    CHECK(m.pattern);
    CHECK(m.key == "b.place.<place>.x");
    CHECK_THROWS_AS(r.member("b.place", "x", 0.0, {0, 10}, {0, 5}, "1", "twice", "assumption"), ruralsim::Error);
    CHECK_THROWS_AS(r.member("b.none", "x", 0.0, {0, 10}, {0, 5}, "1", "no family", "assumption"), ruralsim::Error);
    CHECK_THROWS_AS(r.family("b.bad", "p", {"has.dot"}, "names with dots are not keys"), ruralsim::Error);
    REQUIRE(r.find("b.place.North.x") == &m);
    CHECK(r.find("b.place.West.x") == nullptr);   // not a name of the family
    CHECK(r.find("b.place.North.y") == nullptr);  // not a member
    CHECK(r.find("b.place.North") == nullptr);    // a table, not a key
    CHECK(r.is_section("b.place"));
    CHECK(r.is_section("b.place.South"));
    CHECK_FALSE(r.is_section("b.place.West"));
    CHECK(r.keys_in("b") == std::vector<std::string>{"place", "x"});
    CHECK(r.keys_in("b.place") == std::vector<std::string>{"North", "South"});
    CHECK(r.keys_in("b.place.North") == std::vector<std::string>{"x"});
    // Members are not ordinary keys: all() lists the ordinary ones, patterns() the members.
    CHECK(r.all().size() == 1);
    CHECK(r.patterns().size() == 1);
    REQUIRE(r.family_at("b.place") != nullptr);
    CHECK(r.family_at("b.place")->names.size() == 2);
}
