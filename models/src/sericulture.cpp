// Sericulture and silk (plan project 5): mulberry farm households, silkworm batches on the
// seasonal calendar, cocoon sale under contract or on the spot market, silk enterprises,
// yearly land decisions, and the budget rule for high-standard gardens and demonstration bases.
// Sources of every figure: data/SOURCES_production.md.

#include <algorithm>
#include <cmath>
#include <numeric>
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

/// A silkworm batch: cocoon sale date (farms spread +-kHarvestSpread days around it) and the
/// share of the year's mulberry leaf it uses. Chongqing rears spring, summer and three autumn
/// batches (MODEL.md section 4); dates are an assumption for the Sichuan-basin calendar.
struct Batch {
    int month, day;
    double leaf_share;
};
constexpr Batch kBatches[] = {{5, 25, 0.30}, {7, 5, 0.10}, {8, 15, 0.20}, {9, 10, 0.25}, {10, 8, 0.15}};
constexpr int kBatchCount = 5;
constexpr int kRearingDays = 28;       ///< hatching to cocoon sale (decision day = sale day - 28)
constexpr int kHarvestSpread = 3;      ///< farms sell within +-3 days of the batch date
constexpr double kMinFarmAgents = 60;  ///< farm agents a sericulture county has at least, whatever run.scale

// Behavioural constants of the farms and enterprises (docs/ODD.md 7.16: assumptions, not
// scenario keys; a change here changes every run).
/// Quality premium of cocoons from fully high-standard gardens, with tools, at a base (price factor).
constexpr double kQualityHighStandard = 0.04, kQualityTools = 0.03, kQualityBase = 0.03;
/// Cocoon yield per box gained with tools and with fully high-standard leaf.
constexpr double kYieldTools = 0.05, kYieldHighStandard = 0.03;
constexpr double kLabourSigma = 0.5;       ///< log-sd of the labour a farm can give a batch
constexpr double kAltReturnSigma = 0.3;    ///< log-sd of a farm's yearly draw of the alternative return
constexpr double kSpotSmoothingDays = 60;  ///< smoothing of the spot price a farm expects at hatching
/// Enterprises add capacity above this utilisation (with cash), shrink it by kShrink below kLowUse.
constexpr double kHighUse = 0.9, kLowUse = 0.5, kShrink = 0.95;
constexpr double kWorkingCapitalYears = 0.25;  ///< enterprises' initial cash: three months of output at capacity

/// Sericulture counties and their allocation weight (data/SOURCES_production.md): weight 0 marks
/// a county with a sourced area (Qianjiang); the rest of the city area is split in proportion to
/// weight x rural population.
struct CountyWeight {
    const char* name;
    double weight;
};
constexpr CountyWeight kSericultureCounties[] = {
    {"Qianjiang", 0}, {"Fengjie", 3}, {"Yunyang", 3},  {"Fuling", 3},    {"Wuxi", 3},    {"Youyang", 3},
    {"Pengshui", 3},  {"Wanzhou", 1}, {"Kaizhou", 1},  {"Zhongxian", 1}, {"Fengdu", 1},  {"Shizhu", 1},
    {"Xiushan", 1},   {"Wulong", 1},  {"Dazu", 1},     {"Hechuan", 1},   {"Tongnan", 1}, {"Rongchang", 1},
    {"Nanchuan", 1},  {"Qijiang", 1}, {"Liangping", 1}};

struct SP {
    BudgetSchedule budget;
    double base_share, hs_cost, base_subsidy, base_min_mu;
    int max_bases;
    double area0, qianjiang_area, hs_share0, farm_mu, farm_sigma;
    double leaf_std, leaf_hs, leaf_per_box, kg_per_box, yield_sigma, input_cost;
    double labour_per_box, tool_saving, labour_days, res_wage, res_sigma;
    double contract0, contract_price, contract_growth, spot_ratio, spot_vol, spot_reversion;
    double risk_premium, switch_rate;
    double alt_return, band, expand_rate, convert_rate;
    double tools0, tools_rate, tools_rate_key, div0, div_rate, div_rate_key, div_income;
    int silk_firms;
    double firm_capacity, silk_price, cocoon_per_silk, weave_share, fabric_mult, proc_share;
    double export_share, export_growth, domestic_growth, export_sigma, export_rho, surplus_days, invest_rate;
    int bad_year;
    double bad_loss;
    void bind(sim::ParamBinder& b);
};

void SP::bind(sim::ParamBinder& b) {
    const std::string S = "data/SOURCES_production.md: ";

    bind_budget(b, "sericulture", budget,
                "project 5: demonstration-base subsidies and high-standard mulberry garden construction (month's "
                "money split by sericulture.base_share, largest areas first, unspent carried)");
    b.real("sericulture.base_share", base_share, 0.2, {0, 1}, {0.1, 0.4}, "1",
           "share of budget.sericulture reserved for demonstration bases", sim::assumption());
    b.real(
        "sericulture.high_standard_cost", hs_cost, 3000, {1, 1e6}, {2000, 5000}, "yuan/mu",
        "public cost of rebuilding one mu of garden to high standard (concentrated, irrigated, high-yield varieties)",
        sim::assumption());
    b.real("sericulture.base_subsidy", base_subsidy, 1e6, {1, 1e9}, {5e5, 3e6}, "yuan/base",
           "public subsidy for one demonstration base (co-rearing rooms, labour-saving tools, cocooning frames)",
           sim::assumption());
    b.real("sericulture.base_min_area", base_min_mu, 500, {1, 1e6}, {500, 1000}, "mu",
           "garden area a township needs to host a demonstration base",
           sim::source("the plan, project 5 (bases of 500 mu and more)"));
    b.integer("sericulture.max_bases", max_bases, 50, {0, 10000}, {50, 80}, "bases",
              "demonstration bases the programme builds at most", sim::source("the plan, project 5 (>= 50 bases)"));
    b.real("sericulture.initial_area", area0, 730000, {0, 1e8}, {600000, 800000}, "mu",
           "mulberry garden area at the start (incl. ecological mulberry)",
           sim::source(
               S + "2019 about 73万 mu incl. ecological mulberry, 21 districts (L); 2021 'stable around 80万 mu' (M)"));
    b.real("sericulture.qianjiang_area", qianjiang_area, 83000, {0, 1e7}, {80000, 95000}, "mu",
           "Qianjiang's garden area at the start",
           sim::source("facts file: Qianjiang quality mulberry area 8.3万 mu, 2020 (M)"));
    b.real("sericulture.high_standard_share", hs_share0, 0.4, {0, 1}, {0.3, 0.5}, "1",
           "share of farms whose garden is high standard at the start",
           sim::assumption(
               "the plan's 40万 mu target minus the 10万 mu of new concentrated gardens suggests about 30万 mu "
               "existing"));
    b.real("sericulture.farm_area", farm_mu, 4.0, {0.1, 1000}, {2, 8}, "mu/household",
           "mean garden area of a mulberry farm household",
           sim::assumption(S + "between 2019 area/egg boxes and Qianjiang's 15万 mu on 1.7万 households (L)"));
    b.real("sericulture.farm_area_sigma", farm_sigma, 0.6, {0, 3}, {0.4, 0.9}, "log-sd",
           "dispersion of garden area across households", sim::assumption());
    b.real("sericulture.leaf_yield_standard", leaf_std, 1000, {0, 10000}, {700, 1400}, "kg/mu/year",
           "mulberry leaf yield of a standard garden", sim::assumption());
    b.real("sericulture.leaf_yield_high", leaf_hs, 2000, {0, 10000}, {1600, 2600}, "kg/mu/year",
           "mulberry leaf yield of a high-standard garden", sim::assumption());
    b.real("sericulture.leaf_per_box", leaf_per_box, 650, {1, 10000}, {550, 800}, "kg/box",
           "mulberry leaf eaten by one box of silkworms", sim::assumption());
    b.real("sericulture.cocoon_per_box", kg_per_box, 37, {1, 100}, {33, 41}, "kg/box",
           "fresh cocoons per box of eggs (without tools or high-standard leaf)",
           sim::source("facts file: 37 kg per box, 2015 (M); 2019: 1.4万 t from 37.1万 boxes (L)"));
    b.real("sericulture.batch_yield_sigma", yield_sigma, 0.12, {0, 2}, {0.05, 0.2}, "log-sd",
           "county-level yield shock of a batch (weather, disease)", sim::assumption());
    b.integer("sericulture.bad_season_year", bad_year, 0, {0, 2100}, {0, 2025}, "year",
              "calendar year of a bad cocoon season (weather, disease) hitting every county's batches; 0 = none",
              sim::lever());
    b.real("sericulture.bad_season_loss", bad_loss, 0.3, {0, 1}, {0.15, 0.5}, "1",
           "share of the fresh cocoons of every batch lost in the bad season (eggs and inputs are still paid); only "
           "with sericulture.bad_season_year",
           sim::assumption());
    b.real("sericulture.input_cost_per_box", input_cost, 250, {0, 1e5}, {150, 400}, "yuan/box",
           "egg box and inputs, advanced by the buying firm and deducted at sale", sim::assumption());
    b.real("sericulture.labour_per_box", labour_per_box, 12, {0.1, 100}, {8, 16}, "days/box",
           "labour to rear one box without labour-saving tools", sim::assumption());
    b.real("sericulture.tool_labour_saving", tool_saving, 0.35, {0, 0.95}, {0.2, 0.5}, "1",
           "labour saved by labour-saving tools (small-silkworm co-rearing, square-cell cocooning frames)",
           sim::assumption());
    b.real("sericulture.labour_days_per_batch", labour_days, 7, {0, 100}, {5, 14}, "days/batch",
           "mean labour a farm household can give one batch", sim::assumption());
    b.real("sericulture.reservation_wage", res_wage, 110, {0, 1e4}, {70, 160}, "yuan/day",
           "mean reservation wage of a farm household's labour at the start (grows with rural income)",
           sim::assumption());
    b.real("sericulture.reservation_wage_sigma", res_sigma, 0.5, {0, 3}, {0.3, 0.8}, "log-sd",
           "dispersion of reservation wages", sim::assumption());
    b.real("sericulture.contract_share", contract0, 0.5, {0, 1}, {0.3, 0.7}, "1",
           "share of farm households under a leading-firm contract at the start", sim::assumption());
    b.real("sericulture.contract_price", contract_price, 46, {0, 1000}, {38, 55}, "yuan/kg",
           "leading-firm contract price of fresh cocoons at the start",
           sim::assumption(S + "near 2019 farm income/output; 2020-2021 spot prices 36-62 yuan/kg elsewhere (L)"));
    b.real("sericulture.contract_price_growth", contract_growth, 0.03, {-0.5, 0.5}, {0, 0.06}, "1/year",
           "growth of the contract price", sim::assumption());
    b.real("sericulture.spot_mean_ratio", spot_ratio, 1.03, {0.1, 10}, {0.95, 1.1}, "1",
           "mean spot price relative to the contract price", sim::assumption());
    b.real("sericulture.spot_volatility", spot_vol, 0.012, {0, 1}, {0.006, 0.02}, "1/sqrt(day)",
           "daily volatility of the log spot price",
           sim::assumption(S + "Yunnan spring cocoon 36.2 yuan/kg 2020 vs 62 yuan/kg 2021 (L)"));
    b.real("sericulture.spot_reversion", spot_reversion, 0.01, {0, 1}, {0.003, 0.03}, "1/day",
           "daily mean reversion of the log spot price", sim::assumption());
    b.real("sericulture.risk_premium", risk_premium, 0.05, {-1, 1}, {0, 0.1}, "1",
           "spot premium over the contract price a household needs to give up its contract", sim::assumption());
    b.real("sericulture.switch_rate", switch_rate, 0.3, {0, 1}, {0.1, 0.5}, "1/year",
           "chance a household reconsiders contract vs spot sale each year", sim::assumption());
    b.real("sericulture.alternative_return", alt_return, 250, {0, 1e5}, {150, 500}, "yuan/mu/year",
           "net return per mu of the alternative use of the land (after its labour), at the start", sim::assumption());
    b.real("sericulture.decision_band", band, 0.25, {0, 5}, {0.1, 0.5}, "1",
           "relative gap to the alternative return beyond which a household expands or converts", sim::assumption());
    b.real("sericulture.expand_rate", expand_rate, 0.08, {0, 1}, {0.03, 0.15}, "1/year",
           "garden added by an expanding household, share of its area", sim::assumption());
    b.real("sericulture.convert_rate", convert_rate, 0.10, {0, 1}, {0.05, 0.2}, "1/year",
           "garden converted by a converting household, share of its area", sim::assumption());
    b.real("sericulture.tools_initial", tools0, 0.2, {0, 1}, {0.1, 0.35}, "1",
           "share of households with labour-saving tools at the start", sim::assumption());
    b.real("sericulture.tools_adoption", tools_rate, 0.03, {0, 1}, {0.01, 0.06}, "1/year",
           "yearly tool adoption chance outside key towns", sim::assumption());
    b.real("sericulture.tools_adoption_key_town", tools_rate_key, 0.25, {0, 1}, {0.1, 0.4}, "1/year",
           "yearly tool adoption chance in key towns (extension services)", sim::assumption());
    b.real("sericulture.diversification_initial", div0, 0.3, {0, 1}, {0.15, 0.45}, "1",
           "share of households with mulberry diversification (fruit, tea, feed, fungus) at the start",
           sim::assumption());
    b.real("sericulture.diversification_adoption", div_rate, 0.02, {0, 1}, {0.005, 0.05}, "1/year",
           "yearly diversification adoption chance outside key towns", sim::assumption());
    b.real("sericulture.diversification_adoption_key_town", div_rate_key, 0.15, {0, 1}, {0.05, 0.3}, "1/year",
           "yearly diversification adoption chance in key towns", sim::assumption());
    b.real("sericulture.diversification_income", div_income, 1500, {0, 1e5}, {800, 2500}, "yuan/mu/year",
           "net income per mu from diversification products",
           sim::assumption(S + "2019 farm sericulture income 11亿 (L) exceeds cocoon sales of about 6亿 by about 5亿"));
    b.integer(
        "sericulture.silk_firms", silk_firms, 11, {1, 38}, {8, 17}, "firms",
        "silk enterprises (one per leading sericulture county)",
        sim::source(
            S +
            "11 national base counties (facts file, M); 17 silk industrial firms and 19 cocoon buyers in 2019 (L)"));
    b.real("sericulture.reeling_capacity", firm_capacity, 4.0e6, {0, 1e10}, {3e6, 6e6}, "kg cocoons/year",
           "reeling capacity of all silk enterprises at the start",
           sim::source(S + "2019 raw silk 364 t in Jan-Oct (L) times about 7.5 kg fresh cocoons per kg raw silk"));
    b.real("sericulture.raw_silk_price", silk_price, 420, {0, 1e4}, {350, 550}, "yuan/kg", "price of raw silk",
           sim::assumption());
    b.real("sericulture.cocoon_per_silk", cocoon_per_silk, 7.5, {1, 20}, {6.5, 9}, "kg/kg",
           "fresh cocoons per kg of raw silk", sim::assumption());
    b.real("sericulture.weave_share", weave_share, 0.5, {0, 1}, {0.3, 0.7}, "1",
           "share of raw silk woven into fabric and bedding in the region", sim::assumption());
    b.real("sericulture.fabric_value_multiplier", fabric_mult, 1.8, {1, 10}, {1.5, 2.5}, "1",
           "value of woven products relative to their raw silk", sim::assumption());
    b.real("sericulture.processing_cost_share", proc_share, 0.25, {0, 1}, {0.15, 0.35}, "1",
           "silk enterprises' processing costs (wages, energy) as share of output value", sim::assumption());
    b.real("sericulture.silk_export_share", export_share, 0.3, {0, 1}, {0.15, 0.5}, "1",
           "share of silk demand from export (RCEP) markets at the start", sim::assumption());
    b.real("sericulture.silk_export_growth", export_growth, 0.05, {-0.5, 1}, {0, 0.1}, "1/year",
           "trend growth of export demand for silk", sim::assumption());
    b.real("sericulture.silk_domestic_growth", domestic_growth, 0.03, {-0.5, 1}, {0, 0.06}, "1/year",
           "trend growth of domestic demand for silk", sim::assumption());
    b.real("sericulture.silk_export_shock_sigma", export_sigma, 0.1, {0, 2}, {0.05, 0.2}, "log-sd/month",
           "monthly innovation of the export demand shock", sim::assumption());
    b.real("sericulture.silk_export_shock_rho", export_rho, 0.85, {0, 0.999}, {0.7, 0.95}, "1",
           "monthly persistence of the export demand shock", sim::assumption());
    b.real("sericulture.firm_stock_days", surplus_days, 120, {1, 1000}, {60, 180}, "days of capacity",
           "cocoon stock a silk enterprise keeps; more is sold out of the region", sim::assumption());
    b.real("sericulture.firm_invest_rate", invest_rate, 0.1, {0, 1}, {0.05, 0.2}, "1/year",
           "capacity added by a silk enterprise reeling above 90 % of capacity", sim::assumption());
}

class Sericulture final : public Module {
public:
    explicit Sericulture(const Context& c) : c_(c), p_(bound<SP>(c.scenario)) {
        firms_acct_ = c.ledger.open("silk_enterprises", kFirms, true);
        const std::size_t C = c.geo.counties.size();
        county_area_.assign(C, 0.0);
        for (auto* v : {&d_kg_, &d_value_, &d_spend_, &d_boxes_, &d_farm_pay_, &area_c_, &hs_c_}) v->assign(C, 0.0);
        setup_farms();
        setup_firms();
        spot_log_dev_ = 0.0;
        spot_ema_ = p_.contract_price * p_.spot_ratio;
    }

    void declare_indicators(sim::Indicators& I) override {
        using sim::Aggregation;
        id_hs_ = I.add({"mulberry_area_high_standard", "mu",
                        "high-standard (concentrated, high-yield) mulberry garden area (T7: >= 400,000 mu)",
                        Aggregation::Last});
        id_area_ =
            I.add({"mulberry_area", "mu", "mulberry garden area of mulberry farm households", Aggregation::Last});
        id_kg_ = I.add({"cocoon_output", "tonnes", "fresh cocoons sold by farm households (on each batch's sale days)",
                        Aggregation::Sum});
        id_boxes_ = I.add({"silkworm_egg_boxes", "boxes", "egg boxes whose cocoons were sold", Aggregation::Sum});
        id_value_ =
            I.add({"silk_output_value", "yuan",
                   "comprehensive output value of sericulture and silk (cocoon sales + silk enterprises' output + "
                   "mulberry diversification products; gross, as the plan's 综合产值) (T7: >= 5 billion)",
                   Aggregation::Sum});
        id_income_ = I.add(
            {"sericulture_income", "yuan",
             "net payments to mulberry farm households (cocoons net of egg and input costs, plus diversification)",
             Aggregation::Sum});
        id_spend_ =
            I.add({"spending_sericulture", "yuan",
                   "public spending on project 5 (high-standard gardens, demonstration bases)", Aggregation::Sum});
        id_bases_ =
            I.add({"demonstration_bases", "bases",
                   "sericulture demonstration bases of 500+ mu (the plan: >= 50); each base's township is a key town",
                   Aggregation::Last});
        id_spot_ = I.add({"cocoon_spot_price", "yuan/kg", "spot market price of fresh cocoons", Aggregation::Mean});
        id_contract_ =
            I.add({"cocoon_contract_share", "1",
                   "share of mulberry farm households selling under a leading-firm contract", Aggregation::Last});
    }

    void add_phases(sim::Scheduler& s) override {
        // After the core economy's day (its parcels and sales), before the stores settle the month.
        s.add("sericulture", [this](const sim::Step& st) { step(st); },
              {.after = {"logistics"}, .before = {"store_dynamics"}});
    }

    void book(const sim::Step&) override {
        sim::Ledger& L = c_.ledger;
        const auto& a = c_.accounts;
        L.transfer(firms_acct_, a.pending_income, f_.to_farmers);
        L.transfer(firms_acct_, a.suppliers, f_.inputs);
        L.transfer(a.rest_of_economy, a.pending_income, f_.diversification);
        L.transfer(a.rest_of_economy, firms_acct_, f_.domestic);
        L.transfer(a.out_of_region, firms_acct_, f_.exports + f_.resale);
        L.transfer(firms_acct_, a.rest_of_economy, f_.processing);
        L.transfer(a.government, a.rest_of_economy, f_.subsidies);
        double cash = 0;
        for (double x : firm_cash_) cash += x;
        L.report_holdings(firms_acct_, cash);
    }

    void record(const sim::Step& st, sim::Indicators& I) override {
        const std::size_t C = c_.geo.counties.size();
        std::fill(area_c_.begin(), area_c_.end(), 0.0);
        std::fill(hs_c_.begin(), hs_c_.end(), 0.0);
        double contract = 0;
        for (std::size_t f = 0; f < area_.size(); ++f) {
            area_c_[county_[f]] += area_[f] * weight_[f];
            hs_c_[county_[f]] += hs_[f] * weight_[f];
            contract += contract_[f];
        }
        auto rec = [&](sim::Indicators::Id id, const std::vector<double>& v, double scale = 1.0) {
            std::vector<double> out(C);
            double t = 0;
            for (std::size_t k = 0; k < C; ++k) t += out[k] = v[k] * scale;
            I.record(id, st.day, t, out);
        };
        rec(id_hs_, hs_c_);
        rec(id_area_, area_c_);
        rec(id_kg_, d_kg_, 1e-3);
        rec(id_boxes_, d_boxes_);
        rec(id_value_, d_value_);
        rec(id_income_, d_farm_pay_);
        rec(id_spend_, d_spend_);
        I.record(id_bases_, st.day, static_cast<double>(bases_));
        I.record(id_spot_, st.day, spot_price_);
        I.record(id_contract_, st.day, area_.empty() ? 0.0 : contract / static_cast<double>(area_.size()));
    }

    const char* name() const override { return "sericulture"; }

    /// Derived, not saved: c_, p_ (the scenario), firms_acct_ and the indicator ids (declared in
    /// the same order by every build of the same model).
    void state(sim::checkpoint::Archive& a) override {
        a("county_area", county_area_);
        a("county", county_);
        a("place", place_);
        a("township", township_);
        a("weight", weight_);
        a("area", area_);
        a("hs", hs_);
        a("labour", labour_);
        a("res", res_);
        a("year_income", year_income_);
        a("year_labour", year_labour_);
        a("contract", contract_);
        a("tools", tools_);
        a("div", div_);
        a("base", base_);
        a("offset", offset_);
        a("boxes", boxes_);
        a("key_town", key_town_);
        a("is_base", is_base_);
        a("bases", bases_);
        a("base_candidate", base_candidate_);
        a("money", money_);
        a("firm_county", firm_county_);
        a("firm_of_county", firm_of_county_);
        a("firm_cap", firm_cap_);
        a("firm_stock", firm_stock_);
        a("firm_cash", firm_cash_);
        a("firm_year_reeled", firm_year_reeled_);
        a("export_shock", export_shock_);
        a("season_loss", season_loss_);
        a("contract_price", contract_price_);
        a("spot_price", spot_price_);
        a("spot_log_dev", spot_log_dev_);
        a("spot_ema", spot_ema_);
        a("wage_factor", wage_factor_);
        a("spot_year_sum", spot_year_sum_);
        a("spot_year_days", spot_year_days_);
        a("flows", f_);
        a("d_kg", d_kg_);
        a("d_value", d_value_);
        a("d_spend", d_spend_);
        a("d_boxes", d_boxes_);
        a("d_farm_pay", d_farm_pay_);
        a("area_c", area_c_);
        a("hs_c", hs_c_);
        a("earmark", earmark_);
    }

private:
    struct Flows {
        double to_farmers = 0, inputs = 0, diversification = 0, domestic = 0, exports = 0, resale = 0, processing = 0,
               subsidies = 0;
        template <class A>
        void fields(A& a) {
            a("to_farmers", to_farmers);
            a("inputs", inputs);
            a("diversification", diversification);
            a("domestic", domestic);
            a("exports", exports);
            a("resale", resale);
            a("processing", processing);
            a("subsidies", subsidies);
        }
    };

    // ---- set-up ------------------------------------------------------------------------------------
    void setup_farms() {
        const Geography& g = c_.geo;
        const std::size_t C = g.counties.size();
        // County garden area: Qianjiang sourced, the rest by weight x rural population.
        std::vector<double> w(C, 0.0);
        double wsum = 0, fixed = 0;
        for (const auto& cw : kSericultureCounties)
            for (std::size_t k = 0; k < C; ++k)
                if (g.counties[k].name == cw.name) {
                    if (cw.weight == 0) {
                        county_area_[k] = p_.qianjiang_area;
                        fixed += p_.qianjiang_area;
                    } else {
                        w[k] = cw.weight * g.counties[k].population * (1.0 - g.counties[k].urban_share);
                        wsum += w[k];
                    }
                }
        for (std::size_t k = 0; k < C; ++k)
            if (w[k] > 0) county_area_[k] = std::max(0.0, p_.area0 - fixed) * w[k] / wsum;
        const double scale = c_.params.scale;
        std::size_t id = 0;
        for (std::size_t k = 0; k < C; ++k) {
            if (county_area_[k] <= 0) continue;
            // Rural places of the county with households, for locating farms (by real households).
            std::vector<std::size_t> places;
            std::vector<double> cum;
            double tot = 0;
            for (std::uint32_t i = g.first_place[k]; i < g.first_place[k + 1]; ++i)
                if (!g.places[i].urban && g.places[i].real_households > 0) {
                    places.push_back(i);
                    tot += g.places[i].real_households;
                    cum.push_back(tot);
                }
            if (places.empty()) continue;
            const double households = county_area_[k] / p_.farm_mu;
            // At least kMinFarmAgents agents per county (or one per household): at coarse scales a
            // county's output and income must not hinge on a handful of draws.
            const double agents =
                std::max({1.0, std::round(households / scale), std::min(std::round(households), kMinFarmAgents)});
            const double weight = households / agents;
            const auto n = static_cast<std::size_t>(agents);
            // Draw areas, then rescale so the county's area is exact.
            const std::size_t first = area_.size();
            for (std::size_t j = 0; j < n; ++j, ++id) {
                sim::Stream r(c_.seed, ps::kMulberryInit, id, 0);
                const double u = r.uniform() * tot;
                const std::size_t pi =
                    static_cast<std::size_t>(std::lower_bound(cum.begin(), cum.end(), u) - cum.begin());
                const std::size_t place = places[std::min(pi, places.size() - 1)];
                county_.push_back(static_cast<std::uint32_t>(k));
                place_.push_back(static_cast<std::uint32_t>(place));
                township_.push_back(g.places[place].township);
                weight_.push_back(weight);
                area_.push_back(r.lognormal_mean(p_.farm_mu, p_.farm_sigma));
                hs_.push_back(r.uniform() < p_.hs_share0 ? 1.0 : 0.0);  // share of farms fully high-standard
                labour_.push_back(r.lognormal_mean(p_.labour_days, kLabourSigma));
                res_.push_back(r.lognormal_mean(p_.res_wage, p_.res_sigma));
                contract_.push_back(r.uniform() < p_.contract0 ? 1 : 0);
                tools_.push_back(r.uniform() < p_.tools0 ? 1 : 0);
                div_.push_back(r.uniform() < p_.div0 ? 1 : 0);
                offset_.push_back(static_cast<int>(r.next() % (2 * kHarvestSpread + 1)) - kHarvestSpread);
            }
            double drawn = 0;
            for (std::size_t f = first; f < area_.size(); ++f) drawn += area_[f] * weight;
            for (std::size_t f = first; f < area_.size(); ++f) {
                area_[f] *= county_area_[k] / drawn;
                hs_[f] *= area_[f];
            }
        }
        const std::size_t F = area_.size();
        base_.assign(F, 0);
        year_income_.assign(F, 0.0);
        year_labour_.assign(F, 0.0);
        for (auto& b : boxes_) b.assign(F, 0.0);
        key_town_.assign(g.townships.size(), 0);
        is_base_.assign(g.townships.size(), 0);
    }

    void setup_firms() {
        // One silk enterprise (the county's reeling and weaving firms as one) in each of the
        // `silk_firms` counties with the largest garden area; reeling capacity split by area.
        const std::size_t C = county_area_.size();
        std::vector<std::size_t> order(C);
        std::iota(order.begin(), order.end(), 0);
        std::stable_sort(order.begin(), order.end(),
                         [&](std::size_t a, std::size_t b) { return county_area_[a] > county_area_[b]; });
        firm_of_county_.assign(C, 0);
        double top = 0;
        const std::size_t n = std::min<std::size_t>(static_cast<std::size_t>(std::max(1, p_.silk_firms)), C);
        for (std::size_t j = 0; j < n; ++j) top += county_area_[order[j]];
        for (std::size_t j = 0; j < n; ++j) {
            const std::size_t k = order[j];
            firm_county_.push_back(static_cast<std::uint32_t>(k));
            firm_cap_.push_back(top > 0 ? p_.firm_capacity * county_area_[k] / top : 0.0);
            firm_stock_.push_back(0.0);
            firm_year_reeled_.push_back(0.0);
            firm_of_county_[k] = j;
        }
        // Counties without their own enterprise sell to the largest one (index 0).
        const double value_kg = silk_value_per_kg();
        double cash = 0;
        for (std::size_t j = 0; j < n; ++j) {
            // Working capital: three months of output at capacity.
            firm_cash_.push_back(kWorkingCapitalYears * firm_cap_[j] * value_kg);
            cash += firm_cash_.back();
        }
        c_.ledger.open_balance(firms_acct_, cash);
        earmark_ = county_earmarks(p_.budget, c_.geo, c_.scenario, "sericulture");
        money_.setup(C);
    }

    double silk_value_per_kg() const {
        return p_.silk_price / p_.cocoon_per_silk * (1.0 + p_.weave_share * (p_.fabric_mult - 1.0));
    }

    // ---- the day -------------------------------------------------------------------------------------
    void step(const sim::Step& st) {
        f_ = Flows{};
        for (auto* v : {&d_kg_, &d_value_, &d_spend_, &d_boxes_, &d_farm_pay_}) std::fill(v->begin(), v->end(), 0.0);
        const double years = st.day / 365.25;
        contract_price_ = p_.contract_price * std::pow(1.0 + p_.contract_growth, years);
        wage_factor_ = c_.params.macro.factor(MacroPath::kIncomeRural, c_.params.start, st.date);
        update_spot(st);
        // A bad cocoon season (scenario lever): every batch sold in that calendar year loses
        // bad_season_loss of its cocoons; off (0) by default.
        season_loss_ = p_.bad_year != 0 && st.date.year == p_.bad_year ? p_.bad_loss : 0.0;
        if (st.month_start) disburse(st);
        const std::int64_t today = st.date.serial();
        for (int b = 0; b < kBatchCount; ++b) {
            const std::int64_t sale = sim::Date{st.date.year, kBatches[b].month, kBatches[b].day}.serial();
            if (today == sale - kRearingDays) decide_batch(b);
            if (today >= sale - kHarvestSpread && today <= sale + kHarvestSpread)
                harvest(b, static_cast<int>(today - sale), st.year);
        }
        if (st.month_end) diversification();
        firms(st);
        if (st.year_end) yearly(st);
    }

    void update_spot(const sim::Step& st) {
        // Log-price deviation from its mean: mean-reverting (Ornstein-Uhlenbeck, daily steps),
        // innovations keyed by (seed, day): the same path in every scenario of a seed.
        sim::Stream r(c_.seed, ps::kCocoonSpot, 0, static_cast<std::uint64_t>(st.day));
        spot_log_dev_ = (1.0 - p_.spot_reversion) * spot_log_dev_ + p_.spot_vol * r.normal();
        spot_price_ = contract_price_ * p_.spot_ratio * std::exp(spot_log_dev_);
        spot_ema_ += (spot_price_ - spot_ema_) / kSpotSmoothingDays;
        spot_year_sum_ += spot_price_;
        spot_year_days_ += 1;
    }

    double quality(std::size_t f) const {
        const double hs_frac = area_[f] > 0 ? hs_[f] / area_[f] : 0.0;
        return 1.0 + kQualityHighStandard * hs_frac + kQualityTools * tools_[f] + kQualityBase * base_[f];
    }
    double yield_per_box(std::size_t f) const {
        const double hs_frac = area_[f] > 0 ? hs_[f] / area_[f] : 0.0;
        return p_.kg_per_box * (1.0 + kYieldTools * tools_[f] + kYieldHighStandard * hs_frac);
    }
    double labour_per_box(std::size_t f) const { return p_.labour_per_box * (tools_[f] ? 1.0 - p_.tool_saving : 1.0); }
    double leaf_boxes(std::size_t f, int b) const {
        const double leaf = (hs_[f] * p_.leaf_hs + (area_[f] - hs_[f]) * p_.leaf_std) * kBatches[b].leaf_share;
        return leaf / p_.leaf_per_box;
    }

    /// Hatching day: each farm household decides how many egg boxes to rear. It rears when the
    /// expected net return per labour day beats its reservation wage, as many boxes as its leaf
    /// and its labour allow.
    void decide_batch(int b) {
        auto& boxes = boxes_[static_cast<std::size_t>(b)];
        c_.exec.for_each(area_.size(), [&](std::size_t f) {
            const double price = (contract_[f] ? contract_price_ : spot_ema_) * quality(f);
            const double lpb = labour_per_box(f);
            const double per_day = (yield_per_box(f) * price - p_.input_cost) / lpb;
            boxes[f] = per_day >= res_[f] * wage_factor_ ? std::min(leaf_boxes(f, b), labour_[f] / lpb) : 0.0;
        });
    }

    /// Cocoon sale: the county's batch yield shock, price by contract or spot, paid by the
    /// silk enterprise net of the egg and input costs it advanced.
    void harvest(int b, int offset, int year) {
        auto& boxes = boxes_[static_cast<std::size_t>(b)];
        for (std::size_t f = 0; f < area_.size(); ++f) {
            if (offset_[f] != offset || boxes[f] <= 0) continue;
            const std::uint32_t k = county_[f];
            sim::Stream r(c_.seed, ps::kCocoonBatch, k,
                          static_cast<std::uint64_t>(b) + 10u * static_cast<std::uint64_t>(year));
            const double shock = std::exp(p_.yield_sigma * r.normal() - 0.5 * p_.yield_sigma * p_.yield_sigma);
            const double w = weight_[f];
            double kg = boxes[f] * yield_per_box(f) * shock;
            if (season_loss_ > 0) kg *= 1.0 - season_loss_;
            const double price = (contract_[f] ? contract_price_ : spot_price_) * quality(f);
            const double revenue = kg * price, inputs = boxes[f] * p_.input_cost;
            const double net = revenue - inputs;
            c_.pending_income[place_[f]] += net * w;
            const std::size_t j = firm_of_county_[k];
            firm_stock_[j] += kg * w;
            firm_cash_[j] -= revenue * w;
            f_.to_farmers += net * w;
            f_.inputs += inputs * w;
            d_kg_[k] += kg * w;
            d_boxes_[k] += boxes[f] * w;
            d_value_[k] += revenue * w;
            d_farm_pay_[k] += net * w;
            year_income_[f] += net;
            year_labour_[f] += boxes[f] * labour_per_box(f);
            boxes[f] = 0;
        }
    }

    /// Mulberry fruit, leaf tea, feed and fungus on adopting farms, sold each month.
    void diversification() {
        for (std::size_t f = 0; f < area_.size(); ++f) {
            if (!div_[f]) continue;
            const double y = area_[f] * p_.div_income / 12.0;
            c_.pending_income[place_[f]] += y * weight_[f];
            f_.diversification += y * weight_[f];
            d_value_[county_[f]] += y * weight_[f];
            d_farm_pay_[county_[f]] += y * weight_[f];
            year_income_[f] += y;
        }
    }

    /// Silk enterprises reel and weave what domestic and export demand take, up to capacity;
    /// cocoon stocks beyond `firm_stock_days` of reeling are sold out of the region at spot.
    void firms(const sim::Step& st) {
        if (st.month_start) {
            sim::Stream r(c_.seed, ps::kSilkExport, 0, static_cast<std::uint64_t>(st.month));
            export_shock_ = p_.export_rho * export_shock_ + p_.export_sigma * r.normal();
        }
        const double years = st.day / 365.25;
        const double dom = (1.0 - p_.export_share) * std::pow(1.0 + p_.domestic_growth, years);
        const double exp_ = p_.export_share * std::pow(1.0 + p_.export_growth, years) * std::exp(export_shock_);
        const double demand = dom + exp_;
        const double vkg = silk_value_per_kg();
        for (std::size_t j = 0; j < firm_cap_.size(); ++j) {
            const double daily_cap = firm_cap_[j] / 365.0;
            const double reel = std::min(firm_stock_[j], daily_cap * std::min(1.0, demand));
            firm_stock_[j] -= reel;
            firm_year_reeled_[j] += reel;
            const double value = reel * vkg;
            const double to_export = value * exp_ / demand;
            const double proc = value * p_.proc_share;
            firm_cash_[j] += value - proc;
            f_.domestic += value - to_export;
            f_.exports += to_export;
            f_.processing += proc;
            d_value_[firm_county_[j]] += value;
            const double excess = firm_stock_[j] - p_.surplus_days * daily_cap;
            if (excess > 0) {
                firm_stock_[j] -= excess;
                firm_cash_[j] += excess * spot_price_;
                f_.resale += excess * spot_price_;
            }
        }
    }

    /// Budget rule (documented in docs): the month's money (BudgetSchedule: budget.sericulture from its start date) is
    /// split into a pot for demonstration bases (`base_share`) and a pot for high-standard garden construction; unspent
    /// money carries over (the base pot moves to gardens once no more bases can be built). Bases go to the township
    /// with the largest mulberry area (>= base_min_area mu) that is not yet a base; its farms join the "leading firm +
    /// base + farmer" contract model and receive labour-saving tools, and the township becomes a key town. Gardens: the
    /// standard area of base farms first, then farms in counties with the largest garden area,
    /// largest standard area first, is rebuilt to high standard at `high_standard_cost` per mu.
    /// Earmarks (budget.county.<county>.sericulture) are spent first by the same rule restricted to
    /// their county (its townships, its farms); every item needs the county's co-financing.
    void disburse(const sim::Step& st) {
        const std::size_t C = c_.geo.counties.size();
        money_.add(release(p_.budget, earmark_, st.date), {p_.base_share, 1.0 - p_.base_share});
        money_.spend([&](Pots& pots, std::size_t only) {
            if (only < C) {  // an earmark: its county's townships and farms
                bool candidate = true;
                buy(pots.bases, pots.gardens, only, candidate);
            } else if (pots.bases > 0 || pots.gardens > 0) {
                buy(pots.bases, pots.gardens, C, base_candidate_);
            }
        });
    }

    /// The rule with the pots given, restricted to county `only` (counties.size() = all).
    void buy(double& base_pot, double& garden_pot, std::size_t only, bool& base_candidate) {
        const Geography& g = c_.geo;
        const std::size_t C = g.counties.size();
        auto in = [&](std::size_t k) { return only == C || k == only; };
        auto pay_part = [&](double& pot, std::size_t county, double cost) {
            pot -= cost;
            f_.subsidies += cost;
            c_.funding.spend(county, cost, d_spend_);
        };
        // Demonstration bases.
        std::vector<std::uint8_t> refused(g.townships.size(), 0);  // county cannot co-finance
        std::vector<double> t_area(g.townships.size(), 0.0);       // areas do not change while disbursing
        for (std::size_t f = 0; f < area_.size(); ++f) t_area[township_[f]] += area_[f] * weight_[f];
        while (bases_ < p_.max_bases && base_pot >= p_.base_subsidy) {
            std::size_t best = g.townships.size();
            for (std::size_t t = 0; t < t_area.size(); ++t)
                if (in(g.townships[t].county) && !is_base_[t] && !refused[t] && t_area[t] >= p_.base_min_mu &&
                    (best == g.townships.size() || t_area[t] > t_area[best]))
                    best = t;
            if (best == g.townships.size()) {
                if (std::none_of(refused.begin(), refused.end(), [](std::uint8_t x) { return x != 0; }))
                    base_candidate = false;
                break;
            }
            const Funding::Paid paid = c_.funding.pay(base_pot, g.townships[best].county, p_.base_subsidy, d_spend_);
            if (paid == Funding::Paid::Short) break;
            if (paid == Funding::Paid::Refused) {
                refused[best] = 1;
                continue;
            }
            f_.subsidies += p_.base_subsidy;
            is_base_[best] = 1;
            key_town_[best] = 1;
            ++bases_;
            for (std::size_t f = 0; f < area_.size(); ++f)
                if (township_[f] == best) {
                    base_[f] = 1;
                    contract_[f] = 1;
                    tools_[f] = 1;
                }
        }
        // Once every base is built (or no township qualifies), the base pot funds gardens.
        if (bases_ >= p_.max_bases || !base_candidate) {
            garden_pot += base_pot;
            base_pot = 0;
        }
        // High-standard gardens.
        if (garden_pot < p_.hs_cost) return;
        std::vector<std::size_t> order;
        for (std::size_t f = 0; f < area_.size(); ++f)
            if (in(county_[f]) && area_[f] - hs_[f] > 1e-9) order.push_back(f);
        std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
            if (base_[a] != base_[b]) return base_[a] > base_[b];
            if (county_[a] != county_[b]) return county_area_[county_[a]] > county_area_[county_[b]];
            return (area_[a] - hs_[a]) > (area_[b] - hs_[b]);
        });
        for (std::size_t f : order) {
            const double mu = (area_[f] - hs_[f]) * weight_[f];
            const double money = std::min(mu, garden_pot / p_.hs_cost);
            // The county co-finances whole mu only; a county that cannot is skipped.
            const double afford =
                c_.funding.covers(county_[f], money * p_.hs_cost)
                    ? money
                    : std::min(money, c_.funding.affordable(county_[f], money * p_.hs_cost) / p_.hs_cost);
            if (money <= 0) break;
            if (afford <= 0) continue;
            hs_[f] += afford / weight_[f];
            if (hs_[f] > area_[f]) hs_[f] = area_[f];
            pay_part(garden_pot, county_[f], afford * p_.hs_cost);
            if (afford < mu && afford == money) break;
        }
    }

    /// Unspent project 5 money: both pots, city-wide and earmarked.
    double budget_unspent(std::vector<double>& earmarked) const override { return money_.unspent(earmarked); }

    /// Year end: each farm household compares its sericulture surplus per mu (net income minus
    /// its labour valued at its reservation wage) with the return of the alternative crop and
    /// expands, keeps or converts garden; reconsiders contract vs spot sale; may adopt tools and
    /// diversification (more likely in key towns). Silk enterprises invest when near capacity.
    void yearly(const sim::Step& st) {
        const double spot_mean = spot_year_days_ > 0 ? spot_year_sum_ / spot_year_days_ : spot_price_;
        for (std::size_t f = 0; f < area_.size(); ++f) {
            sim::Stream r(c_.seed, ps::kMulberryYearly, f, static_cast<std::uint64_t>(st.year));
            const double surplus =
                (year_income_[f] - year_labour_[f] * res_[f] * wage_factor_) / std::max(area_[f], 1e-9);
            const double alt = r.lognormal_mean(p_.alt_return * wage_factor_, kAltReturnSigma);
            if (surplus > alt * (1.0 + p_.band)) {
                area_[f] *= 1.0 + p_.expand_rate;
            } else if (surplus < alt * (1.0 - p_.band)) {
                area_[f] *= 1.0 - p_.convert_rate;
                hs_[f] = std::min(hs_[f], area_[f]);
            }
            const bool reconsider = r.uniform() < p_.switch_rate;
            if (reconsider && !base_[f]) {
                if (contract_[f] && spot_mean > contract_price_ * (1.0 + p_.risk_premium))
                    contract_[f] = 0;
                else if (!contract_[f] && spot_mean < contract_price_ * (1.0 + p_.risk_premium))
                    contract_[f] = 1;
            }
            const bool key = key_town_[township_[f]] != 0;
            if (!tools_[f] && r.uniform() < (key ? p_.tools_rate_key : p_.tools_rate)) tools_[f] = 1;
            if (!div_[f] && r.uniform() < (key ? p_.div_rate_key : p_.div_rate)) div_[f] = 1;
            year_income_[f] = 0;
            year_labour_[f] = 0;
        }
        for (std::size_t j = 0; j < firm_cap_.size(); ++j) {
            const double util = firm_cap_[j] > 0 ? firm_year_reeled_[j] / firm_cap_[j] : 0.0;
            if (util > kHighUse && firm_cash_[j] > 0)
                firm_cap_[j] *= 1.0 + p_.invest_rate;
            else if (util < kLowUse)
                firm_cap_[j] *= kShrink;
            firm_year_reeled_[j] = 0;
        }
        spot_year_sum_ = 0;
        spot_year_days_ = 0;
    }

    Context c_;
    SP p_;
    sim::Ledger::Account firms_acct_{};
    std::vector<double> county_area_;
    // farm agents (one per `weight_` real households; areas are per real household, mu)
    std::vector<std::uint32_t> county_, place_, township_;
    std::vector<double> weight_, area_, hs_, labour_, res_, year_income_, year_labour_;
    std::vector<std::uint8_t> contract_, tools_, div_, base_;
    std::vector<int> offset_;
    std::vector<double> boxes_[kBatchCount];
    std::vector<std::uint8_t> key_town_, is_base_;
    int bases_ = 0;
    bool base_candidate_ = true;
    /// Project 5's money not yet spent, city-wide and earmarked: bases (sericulture.base_share) and gardens.
    struct Pots {
        double bases = 0, gardens = 0;
        template <class P, class F>
        static void each(P& p, F&& f) {
            f("bases", p.bases);
            f("gardens", p.gardens);
        }
        template <class A>
        void fields(A& a) {
            each(*this, a);
        }
    };
    ProjectMoney<Pots> money_;
    std::vector<double> earmark_;  ///< per county: earmark (yuan/year)
    // silk enterprises
    std::vector<std::uint32_t> firm_county_;
    std::vector<std::size_t> firm_of_county_;
    std::vector<double> firm_cap_, firm_stock_, firm_cash_, firm_year_reeled_;
    double export_shock_ = 0;
    double season_loss_ = 0;  ///< share of cocoons lost today (bad season)
    // prices
    double contract_price_ = 0, spot_price_ = 0, spot_log_dev_ = 0, spot_ema_ = 0, wage_factor_ = 1;
    double spot_year_sum_ = 0, spot_year_days_ = 0;
    // the day
    Flows f_;
    std::vector<double> d_kg_, d_value_, d_spend_, d_boxes_, d_farm_pay_, area_c_, hs_c_;
    sim::Indicators::Id id_hs_{}, id_area_{}, id_kg_{}, id_boxes_{}, id_value_{}, id_income_{}, id_spend_{},
        id_bases_{}, id_spot_{}, id_contract_{};
    friend struct Pinned;
};

struct Pinned {
    RURALSIM_PIN_SIZE(Sericulture, 1808);
    RURALSIM_PIN_SIZE(Sericulture::Flows, 64);
};

}  // namespace

void bind_sericulture_parameters(sim::ParamBinder& b) {
    SP p{};
    p.bind(b);
}

std::unique_ptr<Module> make_sericulture(const Context& c) { return std::make_unique<Sericulture>(c); }

}  // namespace ruralsim::models
