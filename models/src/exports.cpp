// Agri-specialty exporters (plan project 3): firms per product line buy from the farmers of
// their county, sell to foreign buyers whose demand carries shocks, face buyer defaults, grow,
// enter and exit; export support (credit insurance, certification, cross-border e-commerce,
// financing, overseas warehouses) is granted firm by firm from budget.exports.
// Sources of every figure: data/SOURCES_production.md.

#include <algorithm>
#include <array>
#include <cmath>
#include <string>
#include <vector>

#include "pinned_size.hpp"
#include "ruralsim/models/accounts.hpp"
#include "ruralsim/models/model.hpp"
#include "ruralsim/models/production.hpp"
#include "ruralsim/models/streams.hpp"
#include "ruralsim/sim/rng.hpp"

namespace ruralsim::models {
namespace {

namespace ps = streams;

constexpr int kLines = 4;
/// Product lines and where their exporters are (national foreign-trade transformation bases of the
/// plan; "other" stands for the general agri-specialty category, placed by assumption).
struct LineDef {
    const char* key;
    std::array<std::pair<const char*, double>, 3> counties;  ///< county name, share of the line's firms
};
constexpr LineDef kLineDefs[kLines] = {
    {"zhacai", {{{"Fuling", 0.7}, {"Fengdu", 0.3}, {"", 0.0}}}},
    {"lemon", {{{"Tongnan", 1.0}, {"", 0.0}, {"", 0.0}}}},
    {"textile", {{{"Rongchang", 1.0}, {"", 0.0}, {"", 0.0}}}},
    {"other", {{{"Jiangjin", 0.4}, {"Wanzhou", 0.3}, {"Shizhu", 0.3}}}},
};

// Behavioural constants of the exporters (docs/ODD.md 7.16: assumptions, not scenario keys).
constexpr double kCashYears = 0.25;    ///< cash a firm starts with and keeps: three months of sales
constexpr double kEntrantSize = 0.3;   ///< an entrant's size relative to its line's median firm
constexpr double kExitCashMonths = 3;  ///< a firm exits when cash falls below this many months of fixed costs owed
constexpr int kSupportMonths = 12;     ///< spell of the lapsing instruments (insurance subsidy, financing)
/// Firms invest above this utilisation (when profitable), shrink capacity by kShrink below kLowUse;
/// investment widens the buyer base by kAttractPerCapacity of the capacity it adds.
constexpr double kHighUse = 0.85, kLowUse = 0.5, kShrink = 0.9, kAttractPerCapacity = 0.5;

enum Instrument : int { kInsurance = 0, kCertification, kCrossBorder, kFinancing, kWarehouse, kInstruments };

struct EP {
    BudgetSchedule budget;
    std::array<double, kLines> initial{}, farm_share{}, growth{}, proc_share{};
    std::array<int, kLines> firms{};
    double widening, size_sigma, cap_headroom, fin_share, fixed_share, premium_rate, insured0;
    double default_prob, default_loss, coverage, shock_sigma, shock_rho;
    double entry_rate, grow_rate, exit_loss_months, leading_threshold;
    int shock_year, shock_month;
    double shock_size, shock_default_mult;
    std::array<double, kInstruments> cost{};
    double warehouse_min, bonus_warehouse, bonus_cbec, bonus_cert, saving_warehouse, saving_cbec, saving_cert;
    void bind(sim::ParamBinder& b);
};

void EP::bind(sim::ParamBinder& b) {
    const std::string S = "data/SOURCES_production.md: ";

    bind_budget(b, "exports", budget,
                "project 3: export support instruments granted firm by firm, largest exporters first, unspent carried");

    struct LineParams {
        const char* key;
        double initial, lo, hi, farm, growth, proc;
        int firms;
        const char* source;
    };

    const LineParams lines[kLines] = {
        {"zhacai", 6e7, 3e7, 1.5e8, 0.30, 0.04, 0.45, 8,
         "Fuling zhacai exports 'over 7000 t, over 6.8 million USD' a year (undated, L) plus Fengdu"},
        {"lemon", 1.2e8, 5e7, 3e8, 0.50, 0.08, 0.30, 6,
         "Tongnan lemons > 50 % of China's lemon exports 2019 (facts file, L); no value found for 2021"},
        {"textile", 3e8, 1e8, 8e8, 0.05, 0.05, 0.70, 10,
         "Rongchang textile national foreign-trade transformation base; no value found"},
        {"other", 2e8, 5e7, 5e8, 0.35, 0.05, 0.45, 10,
         "general agri-specialty category (peppercorn, chilli, citrus); no value found"},
    };

    for (std::size_t i = 0; i < kLines; ++i) {
        const LineParams& l = lines[i];
        const std::string k = std::string("exports.") + l.key;
        b.real(k + "_initial", initial[i], l.initial, {0, 1e12}, {l.lo, l.hi}, "yuan/year",
               std::string("exports of the ") + l.key + " line at the start", sim::assumption(l.source));
        b.real(k + "_farm_share", farm_share[i], l.farm, {0, 0.9}, {l.farm * 0.6, std::min(0.9, l.farm * 1.4)}, "1",
               std::string("share of ") + l.key +
                   " export value paid to farm households of the exporters' counties for raw produce",
               sim::assumption());
        b.real(k + "_growth", growth[i], l.growth, {-0.5, 1}, {l.growth - 0.04, l.growth + 0.06}, "1/year",
               std::string("trend growth of foreign demand for the ") + l.key + " line", sim::assumption());
        b.real(k + "_processing_share", proc_share[i], l.proc, {0, 1}, {l.proc - 0.1, l.proc + 0.1}, "1",
               std::string("processing, packing and international logistics costs of the ") + l.key +
                   " line, share of export value",
               sim::assumption());
        b.integer(k + "_firms", firms[i], l.firms, {1, 1000}, {l.firms / 2.0, l.firms * 2.0}, "firms",
                  std::string("exporter firms of the ") + l.key + " line at the start", sim::assumption());
    }
    b.real("exports.size_sigma", size_sigma, 1.0, {0, 3}, {0.7, 1.4}, "log-sd", "dispersion of exporter sizes",
           sim::assumption());
    b.real("exports.capacity_headroom", cap_headroom, 1.25, {1, 5}, {1.1, 1.5}, "1",
           "capacity relative to sales at the start or at entry", sim::assumption());
    b.real("exports.market_widening", widening, 0.5, {0, 1}, {0.2, 0.8}, "1",
           "elasticity of a line's foreign demand to its firms' total attractiveness (size x support) relative to the "
           "start",
           sim::assumption());
    b.real("exports.financing_cost_share", fin_share, 0.03, {0, 0.5}, {0.015, 0.05}, "1",
           "working-capital financing cost, share of export value (halved with financing support)", sim::assumption());
    b.real("exports.fixed_cost_share", fixed_share, 0.06, {0, 1}, {0.03, 0.1}, "1/year",
           "fixed costs a year as share of capacity", sim::assumption());
    b.real("exports.insurance_premium_rate", premium_rate, 0.004, {0, 0.1}, {0.002, 0.008}, "1",
           "export credit insurance premium, share of insured exports", sim::assumption());
    b.real("exports.insured_initial", insured0, 0.3, {0, 1}, {0.15, 0.5}, "1",
           "share of exporters buying credit insurance themselves at the start", sim::assumption());
    b.real("exports.insurance_coverage", coverage, 0.8, {0, 1}, {0.7, 0.9}, "1",
           "share of a default loss the insurer pays", sim::assumption());
    b.real("exports.default_probability", default_prob, 0.02, {0, 1}, {0.005, 0.05}, "1/month",
           "chance a month that a foreign buyer of the firm defaults", sim::assumption());
    b.real("exports.default_loss", default_loss, 0.5, {0, 1}, {0.2, 1}, "months of sales",
           "unpaid receivables when a buyer defaults, in months of the firm's sales", sim::assumption());
    b.real("exports.demand_shock_sigma", shock_sigma, 0.08, {0, 2}, {0.04, 0.15}, "log-sd/month",
           "monthly innovation of each line's foreign demand shock", sim::assumption());
    b.real("exports.demand_shock_rho", shock_rho, 0.85, {0, 0.999}, {0.7, 0.95}, "1",
           "monthly persistence of the foreign demand shock", sim::assumption());
    b.integer("exports.demand_shock_year", shock_year, 0, {0, 2100}, {0, 2025}, "year",
              "calendar year of a foreign demand shock hitting every export line (e.g. a recession in the buyer "
              "markets); 0 = none",
              sim::lever());
    b.integer("exports.demand_shock_month", shock_month, 1, {1, 12}, {1, 12}, "month",
              "month (1-12) of exports.demand_shock_year in which the foreign demand shock hits", sim::lever());
    b.real("exports.demand_shock_size", shock_size, 0.5, {0, 5}, {0.2, 1.0}, "log points",
           "drop of every line's log foreign demand when the shock hits (0.5: about -40 %), decaying with "
           "exports.demand_shock_rho; only with exports.demand_shock_year",
           sim::assumption());
    b.real("exports.demand_shock_default_multiplier", shock_default_mult, 3, {1, 100}, {2, 5}, "1",
           "buyer default probability relative to exports.default_probability in the 12 months from the foreign demand "
           "shock (distressed buyers); only with exports.demand_shock_year",
           sim::assumption());
    b.real("exports.entry_rate", entry_rate, 0.04, {0, 1}, {0.01, 0.1}, "1/month",
           "chance a month that a new exporter enters a line (doubled when all its firms sell cross-border)",
           sim::assumption());
    b.real("exports.growth_investment", grow_rate, 0.15, {0, 1}, {0.05, 0.25}, "1/year",
           "capacity and buyer base added by a profitable firm selling above 85 % of capacity", sim::assumption());
    b.real("exports.exit_loss_months", exit_loss_months, 6, {1, 120}, {4, 12}, "months",
           "consecutive loss months after which an exporter exits", sim::assumption());
    b.real("exports.leading_threshold", leading_threshold, 5e7, {0, 1e12}, {3e7, 1e8}, "yuan/year",
           "exports over the last 12 months that make a firm a 'leading exporter' (T6)", sim::assumption());
    b.real("exports.certification_cost", cost[1], 2e5, {0, 1e9}, {1e5, 5e5}, "yuan/firm",
           "public cost of AEO certification, overseas trademarks and product certification for a firm",
           sim::assumption());
    b.real("exports.cross_border_cost", cost[2], 3e5, {0, 1e9}, {1e5, 6e5}, "yuan/firm",
           "public cost of onboarding a firm to cross-border e-commerce platforms", sim::assumption());
    b.real("exports.financing_support_cost", cost[3], 1.5e5, {0, 1e9}, {5e4, 3e5}, "yuan/firm/year",
           "public cost of a year of bank-firm financing support (interest subsidy, guarantee)", sim::assumption());
    b.real("exports.warehouse_cost", cost[4], 2e6, {0, 1e10}, {1e6, 5e6}, "yuan/firm",
           "public share of an overseas warehouse or showroom", sim::assumption());
    b.real("exports.warehouse_min_exports", warehouse_min, 1e7, {0, 1e12}, {5e6, 3e7}, "yuan/year",
           "exports a firm needs before it gets an overseas warehouse", sim::assumption());
    b.real("exports.warehouse_demand_gain", bonus_warehouse, 0.25, {0, 5}, {0.1, 0.4}, "1",
           "widening of a firm's foreign demand with an overseas warehouse/showroom", sim::assumption());
    b.real("exports.cross_border_demand_gain", bonus_cbec, 0.15, {0, 5}, {0.05, 0.3}, "1",
           "widening of a firm's foreign demand with cross-border e-commerce", sim::assumption());
    b.real("exports.certification_demand_gain", bonus_cert, 0.05, {0, 5}, {0.02, 0.1}, "1",
           "widening of a firm's foreign demand with certification", sim::assumption());
    b.real("exports.warehouse_cost_saving", saving_warehouse, 0.03, {0, 0.5}, {0.01, 0.05}, "1",
           "logistics cost saved with an overseas warehouse, share of exports", sim::assumption());
    b.real("exports.cross_border_cost_saving", saving_cbec, 0.01, {0, 0.5}, {0, 0.03}, "1",
           "channel cost saved with cross-border e-commerce, share of exports", sim::assumption());
    b.real("exports.certification_cost_saving", saving_cert, 0.01, {0, 0.5}, {0, 0.02}, "1",
           "clearance cost saved with AEO certification, share of exports", sim::assumption());
}

class Exports final : public Module {
public:
    explicit Exports(const Context& c) : c_(c), p_(bound<EP>(c.scenario)) {
        acct_ = c.ledger.open("agri_exporters", kFirms, true);
        const Geography& g = c.geo;
        const std::size_t C = g.counties.size();
        rural_places_.resize(C);
        for (std::size_t k = 0; k < C; ++k) {
            double tot = 0;
            for (std::uint32_t i = g.first_place[k]; i < g.first_place[k + 1]; ++i)
                if (!g.places[i].urban && g.places[i].real_households > 0) tot += g.places[i].real_households;
            for (std::uint32_t i = g.first_place[k]; i < g.first_place[k + 1]; ++i)
                if (!g.places[i].urban && g.places[i].real_households > 0)
                    rural_places_[k].push_back({i, g.places[i].real_households / tot});
        }
        for (auto& v : d_line_) v.assign(C, 0.0);
        d_spend_.assign(C, 0.0);
        d_farm_.assign(C, 0.0);
        d_exits_.assign(C, 0.0);
        earmark_ = county_earmarks(p_.budget, g, c.scenario, "exports");
        money_.setup(C);
        // Initial firms: sizes log-normal, rescaled so each line's exports match its initial value.
        double cash = 0;
        for (int l = 0; l < kLines; ++l) {
            const auto L = static_cast<std::size_t>(l);
            const std::size_t first = line_.size();
            for (int j = 0; j < p_.firms[L]; ++j) {
                sim::Stream r(c.seed, ps::kExporterInit, line_.size(), 0);
                add_firm(l, pick_county(l, r.uniform()), r.lognormal_mean(1.0, p_.size_sigma),
                         r.uniform() < p_.insured0);
            }
            double tot = 0;
            for (std::size_t f = first; f < line_.size(); ++f) tot += attract_[f];
            for (std::size_t f = first; f < line_.size(); ++f) {
                attract_[f] *= p_.initial[L] / tot;  // yuan/year each firm sells at the start
                cap_[f] = attract_[f] * p_.cap_headroom;
                cash_[f] = kCashYears * attract_[f];
                cash += cash_[f];
                for (auto& m : ring_[f]) m = attract_[f] / 12.0;
            }
            a0_[L] = p_.initial[L];
        }
        c.ledger.open_balance(acct_, cash);
    }

    void declare_indicators(sim::Indicators& I) override {
        using sim::Aggregation;
        id_value_ = I.add(
            {"export_value", "yuan",
             "agri-specialty exports (zhacai, lemon, textile, other) by the modelled exporters, by exporter county",
             Aggregation::Sum});
        for (int l = 0; l < kLines; ++l)
            id_line_[static_cast<std::size_t>(l)] =
                I.add({std::string("export_value_") + kLineDefs[l].key, "yuan",
                       std::string("exports of the ") + kLineDefs[l].key + " line", Aggregation::Sum});
        id_leading_ =
            I.add({"leading_exporters", "firms",
                   "exporters whose exports over the last 12 months reach exports.leading_threshold (T6: 5-10)",
                   Aggregation::Last});
        id_firms_ = I.add({"exporter_firms", "firms", "active agri-specialty exporter firms", Aggregation::Last});
        id_farm_ = I.add({"export_farm_purchases", "yuan",
                          "exporters' purchases from farm households of their counties", Aggregation::Sum});
        id_exits_ =
            I.add({"exporter_exits", "firms",
                   "exporters exiting (sustained losses or cash shortfall), by exporter county", Aggregation::Sum});
        id_spend_ = I.add({"spending_exports", "yuan", "public spending on project 3 (export support instruments)",
                           Aggregation::Sum});
    }

    void add_phases(sim::Scheduler& s) override {
        // After the core economy's day (its parcels and sales), before the stores settle the month.
        s.add("exports", [this](const sim::Step& st) { step(st); },
              {.after = {"logistics"}, .before = {"store_dynamics"}});
    }

    void book(const sim::Step&) override {
        sim::Ledger& L = c_.ledger;
        const auto& a = c_.accounts;
        L.transfer(a.out_of_region, acct_, fl_.sales);
        L.transfer(acct_, a.out_of_region, fl_.defaults);
        L.transfer(a.rest_of_economy, acct_, fl_.indemnity + fl_.entry_capital);
        L.transfer(acct_, a.pending_income, fl_.farm);
        L.transfer(acct_, a.rest_of_economy, fl_.costs + fl_.liquidation);
        L.transfer(a.government, a.rest_of_economy, fl_.support);
        double cash = 0;
        for (double x : cash_) cash += x;
        L.report_holdings(acct_, cash);
    }

    void record(const sim::Step& st, sim::Indicators& I) override {
        const std::size_t C = c_.geo.counties.size();
        std::vector<double> total(C, 0.0);
        double city = 0;
        for (int l = 0; l < kLines; ++l) {
            const auto& v = d_line_[static_cast<std::size_t>(l)];
            double t = 0;
            for (std::size_t k = 0; k < C; ++k) {
                t += v[k];
                total[k] += v[k];
            }
            city += t;
            I.record(id_line_[static_cast<std::size_t>(l)], st.day, t, v);
        }
        I.record(id_value_, st.day, city, total);
        double leading = 0, firms = 0;
        for (std::size_t f = 0; f < line_.size(); ++f) {
            if (!alive_[f]) continue;
            firms += 1;
            leading += exports12(f) >= p_.leading_threshold;
        }
        I.record(id_leading_, st.day, leading);
        I.record(id_firms_, st.day, firms);
        auto sum = [](const std::vector<double>& v) {
            double t = 0;
            for (double x : v) t += x;
            return t;
        };
        I.record(id_farm_, st.day, sum(d_farm_), d_farm_);
        I.record(id_spend_, st.day, sum(d_spend_), d_spend_);
        I.record(id_exits_, st.day, sum(d_exits_), d_exits_);
    }

    const char* name() const override { return "exports"; }

    /// Derived, not saved: c_, p_ (the scenario), acct_, rural_places_ (from the geography) and
    /// the indicator ids.
    void state(sim::checkpoint::Archive& a) override {
        a("line", line_);
        a("county", county_);
        a("attract", attract_);
        a("cap", cap_);
        a("cash", cash_);
        a("month_profit", month_profit_);
        a("year_profit", year_profit_);
        a("year_sales", year_sales_);
        a("alive", alive_);
        a("insured", insured_);
        a("loss_months", loss_months_);
        a("ring", ring_);
        a("has", has_);
        a("until", until_);
        a("a0", a0_);
        a("shock", shock_);
        a("money", money_);
        a("flows", fl_);
        a("d_line", d_line_);
        a("d_spend", d_spend_);
        a("d_farm", d_farm_);
        a("d_exits", d_exits_);
        a("earmark", earmark_);
    }

private:
    struct Flows {
        double sales = 0, defaults = 0, indemnity = 0, entry_capital = 0, farm = 0, costs = 0, liquidation = 0,
               support = 0;
        template <class A>
        void fields(A& a) {
            a("sales", sales);
            a("defaults", defaults);
            a("indemnity", indemnity);
            a("entry_capital", entry_capital);
            a("farm", farm);
            a("costs", costs);
            a("liquidation", liquidation);
            a("support", support);
        }
    };

    std::uint32_t pick_county(int l, double u) const {
        const Geography& g = c_.geo;
        double acc = 0;
        std::uint32_t fallback = 0;
        for (const auto& [name, share] : kLineDefs[l].counties) {
            if (share <= 0) continue;
            for (std::size_t k = 0; k < g.counties.size(); ++k)
                if (g.counties[k].name == name) {
                    fallback = static_cast<std::uint32_t>(k);
                    acc += share;
                    if (u <= acc) return fallback;
                }
        }
        return fallback;
    }

    void add_firm(int l, std::uint32_t county, double size, bool insured) {
        line_.push_back(l);
        county_.push_back(county);
        attract_.push_back(size);
        cap_.push_back(size);
        cash_.push_back(0.0);
        alive_.push_back(1);
        insured_.push_back(insured ? 1 : 0);
        loss_months_.push_back(0);
        month_profit_.push_back(0.0);
        year_profit_.push_back(0.0);
        year_sales_.push_back(0.0);
        ring_.push_back({});
        has_.push_back({});
        until_.push_back({});
    }

    double exports12(std::size_t f) const {
        double t = 0;
        for (double m : ring_[f]) t += m;
        return t;
    }
    double bonus(std::size_t f) const {
        const auto& h = has_[f];
        return 1.0 + p_.bonus_warehouse * h[kWarehouse] + p_.bonus_cbec * h[kCrossBorder] +
               p_.bonus_cert * h[kCertification];
    }
    double cost_share(std::size_t f) const {
        const auto& h = has_[f];
        const double proc = p_.proc_share[static_cast<std::size_t>(line_[f])] - p_.saving_warehouse * h[kWarehouse] -
                            p_.saving_cbec * h[kCrossBorder] - p_.saving_cert * h[kCertification];
        const double fin = p_.fin_share * (h[kFinancing] ? 0.5 : 1.0);
        const double premium = insured_[f] && !h[kInsurance] ? p_.premium_rate : 0.0;
        return std::max(0.0, proc) + fin + premium;
    }

    void step(const sim::Step& st) {
        fl_ = Flows{};
        for (auto& v : d_line_) std::fill(v.begin(), v.end(), 0.0);
        std::fill(d_spend_.begin(), d_spend_.end(), 0.0);
        std::fill(d_farm_.begin(), d_farm_.end(), 0.0);
        std::fill(d_exits_.begin(), d_exits_.end(), 0.0);
        if (st.month_start) month_start(st);
        const double years = st.day / 365.25;
        // Foreign buyers' demand for a line, shared by the firms' attractiveness (size x support
        // bonus). Attractiveness beyond the start's widens the line's market with elasticity
        // exports.market_widening (new buyers, new channels) rather than only taking buyers from
        // the other firms.
        std::array<double, kLines> demand{}, w{};
        for (std::size_t f = 0; f < line_.size(); ++f)
            if (alive_[f]) w[static_cast<std::size_t>(line_[f])] += attract_[f] * bonus(f);
        const double shift = c_.params.macro.factor(MacroPath::kForeignDemand, c_.params.start, st.date);
        for (std::size_t l = 0; l < kLines; ++l)
            demand[l] = w[l] > 0 ? p_.initial[l] * std::pow(1.0 + p_.growth[l], years) * shift * std::exp(shock_[l]) *
                                       std::pow(w[l] / a0_[l], p_.widening) / 365.0 / w[l]
                                 : 0.0;
        for (std::size_t f = 0; f < line_.size(); ++f) {
            if (!alive_[f]) continue;
            const auto l = static_cast<std::size_t>(line_[f]);
            const double x = std::min(demand[l] * attract_[f] * bonus(f), cap_[f] / 365.0);
            const double farm = x * p_.farm_share[l];
            const double costs = x * cost_share(f);
            cash_[f] += x - farm - costs;
            month_profit_[f] += x - farm - costs;
            ring_[f][static_cast<std::size_t>(st.date.month - 1)] += x;
            year_sales_[f] += x;
            fl_.sales += x;
            fl_.farm += farm;
            fl_.costs += costs;
            d_line_[l][county_[f]] += x;
            d_farm_[county_[f]] += farm;
            if (farm != 0.0)  // adding zero to every rural place would change nothing
                for (const auto& [place, share] : rural_places_[county_[f]]) c_.pending_income[place] += farm * share;
        }
        if (st.month_end) month_end(st);
        if (st.year_end) year_end();
    }

    void month_start(const sim::Step& st) {
        const auto m = static_cast<std::uint64_t>(st.month);
        for (std::size_t l = 0; l < kLines; ++l) {
            sim::Stream r(c_.seed, ps::kExportDemand, l, m);
            shock_[l] = p_.shock_rho * shock_[l] + p_.shock_sigma * r.normal() -
                        0.5 * p_.shock_sigma * p_.shock_sigma * (1.0 - p_.shock_rho);
        }
        // A foreign demand shock (scenario lever, off by default): every line's log demand drops
        // by demand_shock_size at the start of the chosen month and recovers with demand_shock_rho.
        if (p_.shock_year != 0 && st.date.year == p_.shock_year && st.date.month == p_.shock_month)
            for (auto& x : shock_) x -= p_.shock_size;
        // The month's slot of the 12-month ring starts empty.
        for (std::size_t f = 0; f < line_.size(); ++f) ring_[f][static_cast<std::size_t>(st.date.month - 1)] = 0.0;
        // Buyer defaults: part of last month's sales is not paid; insurance covers most of it.
        // In the 12 months from a foreign demand shock, distressed buyers default more often.
        double default_prob = p_.default_prob;
        if (p_.shock_year != 0) {
            const int since = (st.date.year - p_.shock_year) * 12 + (st.date.month - p_.shock_month);
            if (since >= 0 && since < 12) default_prob = std::min(1.0, default_prob * p_.shock_default_mult);
        }
        for (std::size_t f = 0; f < line_.size(); ++f) {
            if (!alive_[f]) continue;
            sim::Stream r(c_.seed, ps::kExportDefault, f, m);
            if (r.uniform() >= default_prob) continue;
            const double last = ring_[f][static_cast<std::size_t>((st.date.month + 10) % 12)];
            const double loss = p_.default_loss * last;
            const double covered = insured_[f] || has_[f][kInsurance] ? p_.coverage * loss : 0.0;
            cash_[f] += covered - loss;
            month_profit_[f] += covered - loss;
            fl_.defaults += loss;
            fl_.indemnity += covered;
        }
        // Support instruments that lapse (insurance subsidy, financing) end after 12 months.
        for (std::size_t f = 0; f < line_.size(); ++f)
            for (int k : {kInsurance, kFinancing})
                if (has_[f][k] && until_[f][k] <= st.month) has_[f][k] = 0;
        support(st);
        entry(st);
    }

    /// Budget rule: the month's money (BudgetSchedule of budget.exports, unspent carried) goes to firms in order of
    /// their exports over the last 12 months (largest first); each firm gets at most one instrument a month, the first
    /// it lacks in the order insurance premium subsidy (12 months), certification (AEO, trademarks, product
    /// certification), cross-border e-commerce onboarding, bank financing support (12 months), overseas
    /// warehouse/showroom (only above warehouse_min_exports). Disbursement stops at the first grant the money cannot
    /// pay. Earmarks (budget.county.<county>.exports) go first to the county's own firms by the same rule; a grant
    /// needs the county's co-financing (a firm whose county cannot pay is skipped).
    void support(const sim::Step& st) {
        money_.add(release(p_.budget, earmark_, st.date), OnePot{1.0});
        // Firms by their exports over the last 12 months, ranked once, when some money is there.
        std::vector<std::size_t> order;
        std::vector<double> e12;
        money_.spend([&](OnePot& pot, std::size_t only) {
            if (pot.money <= 0) return;
            if (e12.empty()) {
                for (std::size_t f = 0; f < line_.size(); ++f)
                    if (alive_[f]) order.push_back(f);
                e12.assign(line_.size(), 0.0);
                for (std::size_t f : order) e12[f] = exports12(f);
                std::stable_sort(order.begin(), order.end(),
                                 [&](std::size_t a, std::size_t b) { return e12[a] > e12[b]; });
            }
            grant(order, e12, pot.money, only, st);
        });
    }

    void grant(const std::vector<std::size_t>& order, const std::vector<double>& e12, double& pot, std::size_t only,
               const sim::Step& st) {
        const std::size_t C = c_.geo.counties.size();
        for (std::size_t f : order) {
            if (only != C && county_[f] != only) continue;
            int want = -1;
            for (int k = 0; k < kInstruments; ++k) {
                if (has_[f][k]) continue;
                if (k == kWarehouse && e12[f] < p_.warehouse_min) continue;
                want = k;
                break;
            }
            if (want < 0) continue;
            const double cost = want == kInsurance ? p_.premium_rate * std::max(e12[f], cap_[f] / p_.cap_headroom)
                                                   : p_.cost[static_cast<std::size_t>(want)];
            const Funding::Paid paid = c_.funding.pay(pot, county_[f], cost, d_spend_);
            if (paid == Funding::Paid::Short) break;
            if (paid != Funding::Paid::Yes) continue;
            has_[f][want] = 1;
            until_[f][want] = st.month + kSupportMonths;
            fl_.support += cost;
        }
    }

    /// Unspent project 3 money, city-wide and earmarked.
    double budget_unspent(std::vector<double>& earmarked) const override { return money_.unspent(earmarked); }

    /// New exporters enter each line at a monthly rate, more readily where cross-border
    /// e-commerce has lowered the entry barrier (share of the line's firms onboarded).
    void entry(const sim::Step& st) {
        for (int l = 0; l < kLines; ++l) {
            const auto L = static_cast<std::size_t>(l);
            double n = 0, onboard = 0;
            std::vector<double> sizes;
            for (std::size_t f = 0; f < line_.size(); ++f)
                if (alive_[f] && line_[f] == l) {
                    n += 1;
                    onboard += has_[f][kCrossBorder];
                    sizes.push_back(attract_[f]);
                }
            sim::Stream r(c_.seed, ps::kExporterEntry, L, static_cast<std::uint64_t>(st.month));
            const double prob = p_.entry_rate * (1.0 + (n > 0 ? onboard / n : 0.0));
            if (r.uniform() >= prob) continue;
            double median = p_.initial[L] / std::max(1, p_.firms[L]);
            if (!sizes.empty()) {
                std::nth_element(sizes.begin(), sizes.begin() + static_cast<std::ptrdiff_t>(sizes.size() / 2),
                                 sizes.end());
                median = sizes[sizes.size() / 2];
            }
            const double size = kEntrantSize * median;
            add_firm(l, pick_county(l, r.uniform()), size, false);
            const std::size_t f = line_.size() - 1;
            cap_[f] = size * p_.cap_headroom;
            cash_[f] = kCashYears * size;
            fl_.entry_capital += cash_[f];
        }
    }

    void month_end(const sim::Step&) {
        for (std::size_t f = 0; f < line_.size(); ++f) {
            if (!alive_[f]) continue;
            const double fixed = p_.fixed_share * cap_[f] / 12.0;
            cash_[f] -= fixed;
            month_profit_[f] -= fixed;
            fl_.costs += fixed;
            year_profit_[f] += month_profit_[f];
            loss_months_[f] = month_profit_[f] < 0 ? loss_months_[f] + 1 : 0;
            month_profit_[f] = 0;
            // Exit after sustained losses or when cash falls below three months of fixed costs owed.
            if (loss_months_[f] >= p_.exit_loss_months || cash_[f] < -kExitCashMonths * fixed) {
                alive_[f] = 0;
                d_exits_[county_[f]] += 1;
                fl_.liquidation += cash_[f];
                cash_[f] = 0;
            }
        }
    }

    /// Growth: a profitable firm selling near capacity invests in capacity and in its buyer base
    /// (attractiveness grows by half as much); one far below capacity shrinks its capacity.
    /// Cash beyond three months of sales is paid out as dividends.
    void year_end() {
        for (std::size_t f = 0; f < line_.size(); ++f) {
            if (!alive_[f]) continue;
            const double util = cap_[f] > 0 ? year_sales_[f] / cap_[f] : 0.0;
            if (util > kHighUse && year_profit_[f] > 0) {
                cap_[f] *= 1.0 + p_.grow_rate;
                attract_[f] *= 1.0 + kAttractPerCapacity * p_.grow_rate;
            } else if (util < kLowUse) {
                cap_[f] *= kShrink;
            }
            // Cash beyond three months of sales is paid out to the owners (rest of the economy).
            const double keep = kCashYears * year_sales_[f];
            if (cash_[f] > keep) {
                fl_.costs += cash_[f] - keep;
                cash_[f] = keep;
            }
            year_sales_[f] = 0;
            year_profit_[f] = 0;
        }
    }

    Context c_;
    EP p_;
    sim::Ledger::Account acct_{};
    std::vector<std::vector<std::pair<std::uint32_t, double>>> rural_places_;
    // firm agents
    std::vector<int> line_;
    std::vector<std::uint32_t> county_;
    std::vector<double> attract_, cap_, cash_, month_profit_, year_profit_, year_sales_;
    std::vector<std::uint8_t> alive_, insured_;
    std::vector<int> loss_months_;
    std::vector<std::array<double, 12>> ring_;
    std::vector<std::array<std::uint8_t, kInstruments>> has_;
    std::vector<std::array<int, kInstruments>> until_;
    std::array<double, kLines> a0_{}, shock_{};
    ProjectMoney<OnePot> money_;   ///< project 3's money not yet spent, city-wide and earmarked
    std::vector<double> earmark_;  ///< per county: earmark (yuan/year)
    // the day
    Flows fl_;
    std::array<std::vector<double>, kLines> d_line_;
    std::vector<double> d_spend_, d_farm_, d_exits_;
    sim::Indicators::Id id_value_{}, id_leading_{}, id_firms_{}, id_farm_{}, id_spend_{}, id_exits_{};
    std::array<sim::Indicators::Id, kLines> id_line_{};
    friend struct Pinned;
};

struct Pinned {
    RURALSIM_PIN_SIZE(Exports, 1392);
    RURALSIM_PIN_SIZE(Exports::Flows, 64);
};

}  // namespace

void bind_exports_parameters(sim::ParamBinder& b) {
    EP p{};
    p.bind(b);
}

std::unique_ptr<Module> make_exports(const Context& c) { return std::make_unique<Exports>(c); }

}  // namespace ruralsim::models
