#include "ruralsim/models/model.hpp"

#include <chrono>
#include <cmath>
#include <cstring>
#include <utility>

#include "ruralsim/models/accounts.hpp"
#include "ruralsim/models/streams.hpp"
#include "ruralsim/models/targets.hpp"
#include "ruralsim/sim/error.hpp"
#include "ruralsim/sim/output.hpp"
#include "ruralsim/sim/rng.hpp"

#ifndef RURALSIM_VERSION
#define RURALSIM_VERSION "0.0.0"
#endif

namespace ruralsim::models {

namespace {
// Opening stores (docs/ODD.md 7.16: assumptions): expected sales take the village's goods spending
// divided by this, and cash is this many days of sales at cost.
constexpr double kOpeningStoreShare = 3.0, kOpeningCashDays = 10.0;
// Spring Festival (lunar new year) dates.
constexpr sim::Date kSpringFestival[] = {{2015, 2, 19}, {2016, 2, 8},  {2017, 1, 28}, {2018, 2, 16},
                                         {2019, 2, 5},  {2020, 1, 25}, {2021, 2, 12}, {2022, 2, 1},
                                         {2023, 1, 22}, {2024, 2, 10}, {2025, 1, 29}, {2026, 2, 17},
                                         {2027, 2, 6},  {2028, 1, 26}, {2029, 2, 13}, {2030, 2, 3}};
}  // namespace

Model::Model(const sim::Scenario& scenario, std::uint64_t seed, int threads, std::uint64_t memory_limit)
    : scenario_(scenario), resolved_(scenario.resolved_toml()), p_(read_params(scenario)), seed_(seed), exec_(threads),
      cal_(p_.start, p_.end), geo_(build_geography(load_counties(p_.counties_file), p_, seed)) {
    spring_window_.assign(static_cast<std::size_t>(cal_.days()), 0);
    for (const sim::Date& sf : kSpringFestival)
        for (int k = 1; k <= 14; ++k) {
            const int d = cal_.index_of(sim::Date::from_serial(sf.serial() - k));
            if (d >= 0) spring_window_[static_cast<std::size_t>(d)] = 1;
        }
    check_memory(estimate_memory(p_, geo_), memory_limit);
    setup_households();
    setup_stores();
    setup_ledger();
    pending_income_.assign(geo_.places.size(), 0.0);
    funding_ = std::make_unique<Funding>(p_, geo_);
    choice_ = std::make_unique<ChannelChoice>(scenario_, p_, geo_, st_, day_);
    shared_.publish("households.month_goods", place_month_goods_);
    const Context ctx{scenario_,       p_,        geo_, cal_,   exec_,   ledger_,  seed_, hh_, st_,
                      pending_income_, *funding_, day_, table_, shared_, *choice_, acc_};
    modules_ = make_modules(ctx);
    // Every module is built: the table's columns are known, and what each publishes can be found.
    table_.setup(geo_.places.size(), geo_.counties.size());
    choice_->start(shared_);
    for (auto& m : modules_) m->start(shared_);
    setup_indicators();
    for (auto& m : modules_) m->declare_indicators(*ind_);
    setup_phases();
    residual_.assign(static_cast<std::size_t>(cal_.days()), 0.0);
}

Model::~Model() = default;

void Model::setup_households() {
    const auto& places = geo_.places;
    hh_.first.assign(places.size() + 1, 0);
    // Every inhabited place gets at least one agent, and its agents together stand for
    // exactly its real households (weight = real households per agent, about run.scale),
    // so village demand is right at any scale.
    std::size_t n = 0;
    hh_.weight.assign(places.size(), 0.0);
    for (std::size_t i = 0; i < places.size(); ++i) {
        hh_.first[i] = static_cast<std::uint32_t>(n);
        const double real = places[i].real_households;
        if (real <= 0) continue;
        const double agents = std::max(1.0, std::round(real / p_.scale));
        hh_.weight[i] = real / agents;
        n += static_cast<std::size_t>(agents);
    }
    hh_.first[places.size()] = static_cast<std::uint32_t>(n);
    // Blocks of consecutive places with about kBlockAgents agents or more: the household phase's
    // parallel grain (enough work per task at coarse scales, enough tasks at fine ones).
    constexpr std::uint32_t kBlockAgents = 1024;
    hh_blocks_.assign(1, 0);
    for (std::size_t i = 0; i < places.size(); ++i)
        if (hh_.first[i + 1] - hh_.first[hh_blocks_.back()] >= kBlockAgents && i + 1 < places.size())
            hh_blocks_.push_back(static_cast<std::uint32_t>(i + 1));
    hh_blocks_.push_back(static_cast<std::uint32_t>(places.size()));
    hh_.income.resize(n);
    hh_.wealth.resize(n);
    hh_.adopted.resize(n);
    hh_.seller.resize(n);
    hh_.sellers.assign(places.size(), 0.0);
    hh_.adoption.assign(places.size(), 0.0);
    place_month_goods_.assign(places.size(), 0.0);
    exec_.run([&] {
        exec_.for_each(places.size(), [&](std::size_t i) {
            const Place& pl = places[i];
            const CountyData& c = geo_.counties[pl.county];
            const double mean_income =
                pl.urban ? p_.income_urban : p_.income_rural * p_.income_group_rural[static_cast<std::size_t>(c.group)];
            const double adopt0 = pl.urban ? p_.adoption_urban0 : p_.adoption_rural0;
            double adopters = 0, sellers = 0;
            for (std::uint32_t h = hh_.first[i]; h < hh_.first[i + 1]; ++h) {
                sim::Stream s(seed_, streams::kHouseholdInit, h, 0);
                const double y = s.lognormal_mean(mean_income, p_.income_sigma);
                hh_.income[h] = static_cast<float>(y);
                hh_.wealth[h] =
                    s.lognormal_mean(p_.initial_wealth_months * y * p_.persons_per_household / 12.0, p_.wealth_sigma);
                hh_.adopted[h] = s.uniform() < adopt0 ? 1 : 0;
                hh_.seller[h] = !pl.urban && s.uniform() < p_.seller_share0 ? 1 : 0;
                adopters += hh_.adopted[h];
                sellers += hh_.seller[h];
            }
            const auto agents = hh_.first[i + 1] - hh_.first[i];
            hh_.adoption[i] = agents ? adopters / agents : 0.0;
            hh_.sellers[i] = sellers * hh_.weight[i];
        });
    });
}

void Model::setup_stores() {
    const std::size_t n = geo_.places.size();
    st_.open.assign(n, 0);
    st_.upgraded.assign(n, 0);
    st_.loss_months.assign(n, 0);
    st_.cash.assign(n, 0.0);
    st_.stock.assign(n, 0.0);
    st_.sales_ema.assign(n, 0.0);
    st_.month_profit.assign(n, 0.0);
    for (std::size_t i = 0; i < n; ++i) {
        const Place& pl = geo_.places[i];
        if (pl.urban) continue;
        sim::Stream s(seed_, streams::kStoreEntry, i, 0);
        if (s.uniform() >= p_.store_initial_presence) continue;
        st_.open[i] = 1;
        // Opening stock: store.stock_days of expected sales, taking the store's share of the
        // village's goods spending as a third (it then adapts through the smoothed sales).
        const double income =
            p_.income_rural * p_.income_group_rural[static_cast<std::size_t>(geo_.counties[pl.county].group)];
        const double daily_goods = pl.real_households * income * p_.persons_per_household / 365.0 * p_.mpc_rural *
                                   p_.goods_share_rural / kOpeningStoreShare;
        st_.sales_ema[i] = daily_goods / (1.0 + p_.store_markup);
        st_.stock[i] = p_.store_stock_days * st_.sales_ema[i];
        st_.cash[i] = kOpeningCashDays * st_.sales_ema[i];
    }
    // The core's columns of the day's table, first and in CoreColumn order (modules add theirs).
    for (const char* name : {"income", "consumption", "goods", "village_sales", "township_demand", "district_demand",
                             "online_buys", "wealth", "adopters", "households", "persons", "restock", "restock_trips",
                             "store_fixed", "store_cash", "module_income"})
        table_.column(name);
    const std::size_t C = geo_.counties.size();
    villages_.assign(C, Villages{});
    first_rural_.assign(C, 0);
    for (std::size_t k = 0; k < C; ++k) {
        std::uint32_t i = geo_.first_place[k];
        while (i < geo_.first_place[k + 1] && geo_.places[i].urban) ++i;
        first_rural_[k] = i;
        for (std::uint32_t j = i; j < geo_.first_place[k + 1]; ++j)
            if (geo_.places[j].urban) first_rural_[k] = kMixedCounty;
    }
}

SectorAccounts SectorAccounts::open(sim::Ledger& ledger) {
    SectorAccounts a;
    a.households = ledger.open("households", kHouseholdSector, true);
    a.village_stores = ledger.open("village_stores", kFirms, true);
    a.township_centres = ledger.open("township_centres", kFirms, true);
    a.districts = ledger.open("county_districts", kFirms, true);
    a.rural_sellers = ledger.open("rural_online_sellers", kFirms, false);
    a.urban_sellers = ledger.open("urban_online_sellers", kFirms, false);
    a.out_of_region = ledger.open("out_of_region", kExternal, false);
    a.suppliers = ledger.open("wholesale_suppliers", kExternal, false);
    a.logistics = ledger.open("logistics", kExternal, false);
    a.rest_of_economy = ledger.open("rest_of_economy", kExternal, false);
    a.government = ledger.open("government", kGovernment, false);
    a.pending_income = ledger.open("pending_household_income", kExternal, false);
    a.carriers = ledger.open("carriers", kFirms, true);
    return a;
}

void Model::setup_ledger() {
    acc_ = SectorAccounts::open(ledger_);
    const SectorAccounts& a = acc_;
    double wealth = 0;
    for (std::size_t i = 0; i < geo_.places.size(); ++i)
        for (std::uint32_t h = hh_.first[i]; h < hh_.first[i + 1]; ++h) wealth += hh_.wealth[h] * hh_.weight[i];
    ledger_.open_balance(a.households, wealth);
    double cash = 0;
    for (double c : st_.cash) cash += c;
    ledger_.open_balance(a.village_stores, cash);
}

double Model::season(const sim::Step& s) const {
    double f = p_.month_factor[static_cast<std::size_t>(s.date.month - 1)];
    if (spring_window_[static_cast<std::size_t>(s.day)]) f *= 1.0 + p_.spring_festival_boost;
    return f;
}

void Model::phase_begin(const sim::Step& s) {
    DayFactors& d = day_;
    d.gf_urban = p_.macro.factor(MacroPath::kIncomeUrban, p_.start, s.date);
    d.gf_rural = p_.macro.factor(MacroPath::kIncomeRural, p_.start, s.date);
    // After an episode households make up part of the spending it deferred (7.2a).
    d.season = season(s) * (1.0 - p_.macro.spending_cut(s.date)) * (1.0 + p_.macro.catch_up(s.date));
    d.offline_access = p_.macro.offline_access(s.date);
    d.external_season = p_.month_factor[static_cast<std::size_t>(s.date.month - 1)];
    d.online_peak = (s.date.month == 6 && s.date.day <= 18) || (s.date.month == 11 && s.date.day <= 11);
    funding_->start_day(s);
}

void Model::setup_phases() {
    // The core's phases, in this order; each module places its own relative to them (sim::Placement).
    sched_.add("begin", [&](const sim::Step& s) { phase_begin(s); });
    sched_.add("households", [&](const sim::Step& s) { phase_households(s); });
    sched_.add("restock", [&](const sim::Step& s) { phase_restock(s); });
    sched_.add("store_dynamics", [&](const sim::Step& s) { phase_store_dynamics(s); });
    sched_.add("accounting", [&](const sim::Step& s) { phase_accounting(s); });
    sched_.add("indicators", [&](const sim::Step& s) {
        // The model's indicators and each module's are independent (each reads the day's state and
        // writes only its own series and scratch): one task each.
        exec_.for_each(
            1 + modules_.size(),
            [&](std::size_t k) {
                if (k == 0)
                    phase_indicators(s);
                else
                    modules_[k - 1]->record(s, *ind_);
            },
            1);
    });
    for (auto& m : modules_) m->add_phases(sched_);
}

void Model::run(const Progress& progress, const Checkpointing* checkpoint) {
    const auto t0 = std::chrono::steady_clock::now();
    exec_.run([&] {
        for (int d = next_day_; d < cal_.days(); ++d) {
            sched_.step(sim::Step::at(cal_, d));
            next_day_ = d + 1;
            if (checkpoint && next_day_ < cal_.days() && checkpoint->every.closes(cal_, d)) {
                wall_seconds_ += std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
                if (checkpoint->io_lock) {
                    std::lock_guard<std::mutex> lock(*checkpoint->io_lock);
                    save_checkpoint(checkpoint->path, checkpoint->every);
                } else {
                    save_checkpoint(checkpoint->path, checkpoint->every);
                }
                wall_seconds_ -= std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
            }
            if (progress) progress(d + 1, cal_.days());
        }
    });
    ind_->finish();
    wall_seconds_ += std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
}

void Model::phase_accounting(const sim::Step& s) {
    DayTable& t = table_;
    const SectorAccounts& a = acc_;
    const int W = static_cast<int>(t.width());
    // Deterministic reduction: places into counties (and into the county's rural and urban sums
    // and village counts, for the indicators) in place order, counties into the city in county order. Stores' cash at
    // day end enters here. A county's rows (a few dozen KB) are read once into cache, then summed
    // a group of columns at a time with the sums in registers, then emptied for the next day.
    exec_.for_each(
        geo_.counties.size(),
        [&](std::size_t k) {
            const std::size_t i0 = geo_.first_place[k], i1 = geo_.first_place[k + 1];
            for (std::size_t i = i0; i < i1; ++i) t.place(i)[kStoreCash] = st_.cash[i];
            {  // the county's inhabited villages, for the indicators (integer counts)
                Villages v;
                const bool split = first_rural_[k] != kMixedCounty;  // urban places first: the rest are villages
                for (std::size_t i = split ? first_rural_[k] : i0; i < i1; ++i) {
                    const std::uint32_t in = (split || !geo_.places[i].urban) && hh_.first[i + 1] > hh_.first[i];
                    v.inhabited += in;
                    v.stores += in * st_.open[i];
                    v.upgraded += in & (st_.open[i] != 0) & (st_.upgraded[i] != 0);
                }
                villages_[k] = v;
            }
            // Columns [q0, q0 + G) of every row of the county, in place order. A county's urban places
            // come before its rural ones (geography order), so each part is one range of places.
            auto sum_columns = [&]<int G>(int q0) {
                double c[G] = {}, rural[G] = {}, urban[G] = {};
                auto add = [&](std::size_t from, std::size_t to, double(&part)[G]) {
                    for (std::size_t i = from; i < to; ++i) {
                        const double* x = t.place(i) + q0;
                        for (int g = 0; g < G; ++g) c[g] += x[g];
                        for (int g = 0; g < G; ++g) part[g] += x[g];
                    }
                };
                if (const std::size_t split = first_rural_[k]; split != kMixedCounty) {
                    add(i0, split, urban);
                    add(split, i1, rural);
                } else {
                    for (std::size_t i = i0; i < i1; ++i) add(i, i + 1, geo_.places[i].urban ? urban : rural);
                }
                for (int g = 0; g < G; ++g) {
                    t.county(k)[q0 + g] = c[g];
                    t.rural(k)[q0 + g] = rural[g];
                    t.urban(k)[q0 + g] = urban[g];
                }
            };
            int q0 = 0;
            for (; q0 + 8 <= W; q0 += 8) sum_columns.template operator()<8>(q0);
            [&]<int... G>(std::integer_sequence<int, G...>) {
                ((W - q0 == G ? sum_columns.template operator()<G>(q0) : void()), ...);
            }
            (std::integer_sequence<int, 1, 2, 3, 4, 5, 6, 7>{});
            t.clear_places(i0, i1);
        },
        1);
    std::array<double, kCoreColumns> city{};
    for (std::size_t k = 0; k < geo_.counties.size(); ++k)
        for (int q = 0; q < kCoreColumns; ++q) city[q] += t.county(k)[q];
    sim::Ledger& L = ledger_;
    L.transfer(a.rest_of_economy, a.households, city[kIncome]);
    L.transfer(a.households, a.rest_of_economy, city[kConsumption] - city[kGoods]);
    L.transfer(a.households, a.village_stores, city[kVillageSales]);
    L.transfer(a.village_stores, a.suppliers, city[kRestock]);
    L.transfer(a.village_stores, a.logistics, city[kRestockTrips]);
    L.transfer(a.village_stores, a.rest_of_economy, city[kStoreFixed]);
    L.transfer(a.pending_income, a.households, city[kModuleIncome]);
    // Each module books its own flows and reports its agent-backed holdings.
    for (auto& m : modules_) m->book(s);
    L.report_holdings(a.households, city[kWealth]);
    L.report_holdings(a.village_stores, city[kStoreCash]);
    residual_[static_cast<std::size_t>(s.day)] = L.residual();
    (void)L.take_turnover();
}

std::vector<YearRow> Model::yearly() const {
    const sim::Indicators& I = *ind_;
    const auto rr = I.year(I.id("rural_retail_sales")), ur = I.year(I.id("urban_retail_sales"));
    const auto rg = I.year(I.id("rural_retail_growth")), ug = I.year(I.id("urban_retail_growth"));
    const auto gap = I.year(I.id("rural_urban_growth_gap")), ro = I.year(I.id("rural_online_retail"));
    const auto vs = I.year(I.id("village_stores"));
    std::vector<YearRow> out;
    for (int y = 0; y < cal_.years(); ++y) {
        const auto k = static_cast<std::size_t>(y);
        out.push_back({cal_.year_of(y), rr[k], ur[k], rg[k], ug[k], gap[k], ro[k], vs[k]});
    }
    return out;
}

void Model::write(const std::string& path) const {
    sim::h5::Writer w(path);
    sim::RunInfo info;
    info.scenario = resolved_;
    info.name = p_.name;
    info.version = RURALSIM_VERSION;
    info.seed = static_cast<std::int64_t>(seed_);
    info.threads = exec_.threads();
    info.counts = {{"households", static_cast<std::int64_t>(hh_.size())}};
    info.scale = p_.scale;
    info.wall_seconds = wall_seconds_;
    sim::write_run_info(w, info, cal_.days());
    sim::write_indicators(w, *ind_, "county", p_.county_daily);
    std::vector<std::int64_t> days(static_cast<std::size_t>(cal_.days()));
    for (int i = 0; i < cal_.days(); ++i) days[static_cast<std::size_t>(i)] = i;
    w.coordinate("/ledger", "day", days,
                 {{"units", "days since " + cal_.first().iso()}, {"calendar", "proleptic_gregorian"}});
    w.variable("/ledger", "residual", residual_, {"day"},
               {{"units", "yuan"},
                {"long_name", "largest absolute gap between agents' money and the ledger at day end (audit)"}});
    std::vector<std::string> accounts;
    std::vector<double> balances;
    for (std::size_t i = 0; i < ledger_.size(); ++i) {
        accounts.push_back(ledger_.name(i));
        balances.push_back(ledger_.balance(i));
    }
    w.coordinate("/ledger", "account", accounts);
    w.variable("/ledger", "final_balance", balances, {"account"}, {{"units", "yuan"}});
    write_targets(w, evaluate_targets(*ind_));
    for (const auto& m : modules_) m->write(w);
    w.commit();
}

/// Scenario and run settings (docs/scenarios.md [scenario], [run], [output]).
void bind_run_params(sim::ParamBinder& b, Params& p) {
    b.text("scenario.name", p.name, "unnamed", "short name of the scenario");
    b.text("scenario.description", p.description, "", "what the scenario represents, in plain words");
    const std::string start =
        b.date("run.start", p.start, "2021-01-01",
               "first simulated day; 2021 is the base year so 2022 growth is measured against a simulated 2021");
    const std::string end = b.date("run.end", p.end, "2025-12-31", "last simulated day (the plan's horizon)");
    b.real(kScaleKey, p.scale, 100, {1, 100000}, {1, 1000}, "households per agent",
           "real households one household agent stands for", sim::setting());
    b.period(start, end);
    b.path("run.counties_file", p.counties_file, p.counties_file_origin, "",
           "county table (CSV, format of data/counties.csv); empty = the embedded default data; relative paths are "
           "relative to the scenario file");
    b.boolean("output.county_daily", p.county_daily, false, "also write /county/day/<indicator> (large)",
              sim::setting());
}

}  // namespace ruralsim::models
