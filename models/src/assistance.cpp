// Commerce assistance (plan project 6): consumption-assistance procurement by public budget
// units, trade unions, Shandong (east-west cooperation) and the project budget, buying produce
// from the former poverty counties; jiazheng (domestic-service) training with organised labour
// export and remittances; the targeted package for Xiushan (Yongdong and Aikou towns); and the
// monitoring of "formerly poor" households against the poverty line.
// Sources of every figure: data/SOURCES_production.md.

#include <algorithm>
#include <array>
#include <cmath>
#include <string>
#include <vector>

#include "pinned_size.hpp"
#include "ruralsim/models/model.hpp"
#include "ruralsim/models/production.hpp"
#include "ruralsim/models/streams.hpp"
#include "ruralsim/sim/error.hpp"
#include "ruralsim/sim/rng.hpp"

namespace ruralsim::models {
namespace {

namespace ps = streams;

/// Procurement buyers. Public budget units, unions and Shandong buy every year (policy of 2021
/// continuing); the project buyer spends budget.assistance, the Xiushan buyer the package.
enum Buyer : int { kPublic = 0, kUnion, kShandong, kProject, kXiushan, kBuyers };
/// Union purchases peak before Spring Festival and Mid-Autumn (staff welfare); mean 1.
constexpr double kUnionMonth[12] = {2.0, 1.2, 0.8, 0.8, 0.8, 0.8, 0.8, 0.8, 1.6, 0.8, 0.8, 0.8};

struct AP {
    BudgetSchedule budget;
    double proc_share, xiushan, xs_proc_share;
    std::array<double, 3> baseline{};  ///< public, union, Shandong (yuan/year)
    double farmgate, choice_sigma, threshold, line, line_growth;
    double train_cost, place_rate, remit, job_exit;
    void bind(sim::ParamBinder& b);
};

void AP::bind(sim::ParamBinder& b) {
    const std::string S = "data/SOURCES_production.md: ";

    bind_budget(b, "assistance", budget,
                "project 6: consumption-assistance procurement (share assistance.procurement_share) and jiazheng "
                "training (the rest), unspent training money carried");
    b.real("assistance.procurement_share", proc_share, 0.6, {0, 1}, {0.4, 0.8}, "1",
           "share of budget.assistance spent on procurement of produce from former poverty counties",
           sim::assumption());
    b.real("assistance.xiushan_package", xiushan, 0, {0, 1e11}, {0, 1e8}, "yuan/year",
           "targeted package for Xiushan's Yongdong and Aikou towns (procurement from their villages and jiazheng "
           "training of their households)",
           sim::lever());
    b.real("assistance.xiushan_procurement_share", xs_proc_share, 0.6, {0, 1}, {0.4, 0.8}, "1",
           "share of the Xiushan package spent on procurement", sim::assumption());
    b.real("assistance.public_procurement", baseline[0], 5e8, {0, 1e11}, {2e8, 1e9}, "yuan/year",
           "procurement of produce from former poverty counties by budget units (continuing 2021 policy, not project "
           "money)",
           sim::assumption());
    b.real("assistance.union_procurement", baseline[1], 3e8, {0, 1e11}, {1e8, 6e8}, "yuan/year",
           "procurement by trade unions from their staff-welfare funds (continuing 2021 policy)", sim::assumption());
    b.real("assistance.shandong_procurement", baseline[2], 1e9, {0, 1e11}, {5e8, 2e9}, "yuan/year",
           "purchases of Chongqing poverty-county produce under Shandong-Chongqing east-west cooperation (continuing "
           "2021 policy)",
           sim::assumption());
    b.real("assistance.farmgate_share", farmgate, 0.55, {0, 1}, {0.4, 0.7}, "1",
           "share of procurement value reaching the producing households (the rest: processing, packing, logistics)",
           sim::assumption());
    b.real("assistance.county_choice_sigma", choice_sigma, 0.3, {0, 3}, {0.1, 0.5}, "log-sd",
           "dispersion of a buyer's monthly allocation across counties", sim::assumption());
    b.real(
        "assistance.formerly_poor_threshold", threshold, 11000, {0, 1e6}, {9000, 13000}, "yuan/person/year",
        "per-capita income at the start below which a rural household of a former poverty county is flagged "
        "formerly poor",
        sim::assumption(S + "national registered-poor per-capita net income 10,740 yuan in 2020 (as commonly reported, "
                            "M); gives about a third of rural households of the 14 counties"));
    b.real("assistance.poverty_line", line, 4000, {0, 1e5}, {3500, 4500}, "yuan/person/year",
           "poverty line formerly-poor households must not fall back below, at the start",
           sim::source("national poverty line (2,300 yuan in 2010 prices) as commonly used for monitoring: about 4,000 "
                       "yuan/person/year in 2020 prices"));
    b.real("assistance.poverty_line_growth", line_growth, 0.02, {-0.1, 0.2}, {0.01, 0.03}, "1/year",
           "yearly price adjustment of the poverty line", sim::assumption());
    b.real("jiazheng.training_cost", train_cost, 3000, {1, 1e6}, {1500, 5000}, "yuan/person",
           "public cost of domestic-service training for one person", sim::assumption());
    b.real("jiazheng.placement_rate", place_rate, 0.6, {0, 1}, {0.4, 0.8}, "1",
           "share of trainees placed in a domestic-service job the month after training", sim::assumption());
    b.real("jiazheng.remittance", remit, 2000, {0, 1e5}, {1200, 3000}, "yuan/month",
           "remittance of a placed worker to her household at the start (grows with urban income)", sim::assumption());
    b.real("jiazheng.job_exit_rate", job_exit, 0.04, {0, 1}, {0.02, 0.08}, "1/month",
           "chance a month that a placed worker's job spell ends", sim::assumption());
}

enum Status : std::uint8_t { kNone = 0, kTrained = 1, kPlaced = 2 };

class Assistance final : public Module {
public:
    explicit Assistance(const Context& c) : c_(c), p_(bound<AP>(c.scenario)) {
        const Geography& g = c.geo;
        const Households& h = c.households;
        const std::size_t C = g.counties.size();
        county_hh_.assign(C, 0.0);
        // Rural places of poverty counties (the sellers), and their household agents (the
        // jiazheng pool and the formerly-poor monitoring).
        for (std::size_t i = 0; i < g.places.size(); ++i) {
            const Place& pl = g.places[i];
            if (pl.urban || pl.real_households <= 0 || !g.counties[pl.county].poverty_county) continue;
            places_.push_back(static_cast<std::uint32_t>(i));
            county_hh_[pl.county] += pl.real_households;
            for (std::uint32_t a = h.first[i]; a < h.first[i + 1]; ++a) {
                agent_.push_back(a);
                agent_place_.push_back(static_cast<std::uint32_t>(i));
                // Formerly poor: rural household of a former poverty county whose per-capita income at
                // the start is below the threshold (assistance.formerly_poor_threshold).
                poor_.push_back(h.income[a] < p_.threshold ? 1 : 0);
            }
        }
        status_.assign(agent_.size(), kNone);
        paid_.assign(g.places.size(), 0.0);
        ema_.assign(g.places.size(), 0.0);
        // Xiushan package towns: stand-ins for Yongdong and Aikou, the two rural townships of
        // Xiushan farthest from the county seat (the geography has no township names).
        std::vector<std::uint32_t> xs;
        for (std::uint32_t t = 0; t < g.townships.size(); ++t) {
            const auto& tw = g.townships[t];
            if (!tw.urban && g.counties[tw.county].name == "Xiushan") xs.push_back(t);
        }
        std::stable_sort(xs.begin(), xs.end(), [&](std::uint32_t a, std::uint32_t b) {
            return g.townships[a].county_km > g.townships[b].county_km;
        });
        if (xs.size() > 2) xs.resize(2);
        xs_town_.assign(g.townships.size(), 0);
        for (auto t : xs) xs_town_[t] = 1;
        for (std::uint32_t i : places_)
            if (xs_town_[g.places[i].township]) xs_hh_ += g.places[i].real_households;
        for (auto* v : {&d_received_, &d_spend_, &d_remit_, &d_placed_, &d_trained_, &c_income_, &c_households_})
            v->assign(C, 0.0);
        month_county_.assign(kBuyers, std::vector<double>(C, 0.0));
        // Earmarks (budget.county.<county>.assistance) buy from and train in their county, which
        // must be a former poverty county (the programme's counties).
        earmark_ = county_earmarks(p_.budget, g, c.scenario, "assistance");
        for (std::size_t k = 0; k < C; ++k)
            if (earmark_[k] > 0 && !g.counties[k].poverty_county) {
                const std::string key = earmark_key(g.counties[k].name, "assistance");
                const auto& v = c.scenario.value(key);
                throw ScenarioError(
                    v.file, v.line, key,
                    g.counties[k].name +
                        " is not a former poverty county; project 6 buys from and trains in those only");
            }
        money_.setup(C);
        day_c_.assign(C, 0.0);
    }

    void declare_indicators(sim::Indicators& I) override {
        using sim::Aggregation;
        id_spent_ = I.add({"procurement_spent", "yuan",
                           "consumption-assistance procurement of produce from former poverty counties (public units, "
                           "unions, Shandong, project budget, Xiushan package)",
                           Aggregation::Sum});
        id_received_ =
            I.add({"procurement_received", "yuan",
                   "consumption-assistance procurement received, by selling county (only former poverty counties)",
                   Aggregation::Sum});
        id_trained_ = I.add(
            {"jiazheng_trainees", "persons", "rural persons trained in domestic service (jiazheng)", Aggregation::Sum});
        id_placed_ = I.add({"jiazheng_placements", "persons",
                            "trained persons placed in domestic-service jobs through organised labour export",
                            Aggregation::Sum});
        id_remit_ = I.add(
            {"remittances", "yuan", "remittances of placed jiazheng workers to their households", Aggregation::Sum});
        id_income_ = I.add({"income_per_capita_formerly_poor", "yuan/person",
                            "income per formerly-poor resident (base income plus module payments received; daily, so "
                            "the yearly value is annual income)",
                            Aggregation::Sum});
        id_county_income_ =
            I.add({"income_per_capita_poverty_counties", "yuan/person",
                   "income per rural resident of the former poverty counties (base income plus module payments "
                   "received: procurement at farm gate, remittances, sericulture, export purchases; daily, so the "
                   "yearly value is annual income), by county; 0 in other counties",
                   Aggregation::Sum});
        id_below_ = I.add({"formerly_poor_below_line_share", "1",
                           "share of formerly-poor households whose annual per-capita income (base income plus the "
                           "last year's module payments) is below the poverty line",
                           Aggregation::Mean});
        id_spend_ = I.add({"spending_assistance", "yuan",
                           "public spending on project 6 (project procurement, jiazheng training, Xiushan package)",
                           Aggregation::Sum});
    }

    void add_phases(sim::Scheduler& s) override {
        // After the core economy's day (its parcels and sales), before the stores settle the month.
        s.add("assistance", [this](const sim::Step& st) { step(st); },
              {.after = {"logistics"}, .before = {"store_dynamics"}});
    }

    void book(const sim::Step&) override {
        sim::Ledger& L = c_.ledger;
        const auto& a = c_.accounts;
        const double pub = src_[kPublic] + src_[kProject] + src_[kXiushan];
        L.transfer(a.government, a.pending_income, pub * p_.farmgate);
        L.transfer(a.government, a.rest_of_economy, pub * (1.0 - p_.farmgate) + training_);
        L.transfer(a.rest_of_economy, a.pending_income, src_[kUnion] * p_.farmgate);
        L.transfer(a.out_of_region, a.pending_income, src_[kShandong] * p_.farmgate + remit_);
        L.transfer(a.out_of_region, a.rest_of_economy, src_[kShandong] * (1.0 - p_.farmgate));
    }

    void record(const sim::Step& st, sim::Indicators& I) override {
        auto sum = [](const std::vector<double>& v) {
            double t = 0;
            for (double x : v) t += x;
            return t;
        };
        I.record(id_spent_, st.day, sum(d_received_));
        I.record(id_received_, st.day, sum(d_received_), d_received_);
        I.record(id_trained_, st.day, sum(d_trained_), d_trained_);
        I.record(id_placed_, st.day, sum(d_placed_), d_placed_);
        I.record(id_remit_, st.day, sum(d_remit_), d_remit_);
        I.record(id_spend_, st.day, sum(d_spend_), d_spend_);
        monitor(st, I);
        // What every module booked today is what the households receive tomorrow.
        for (std::uint32_t i : places_) paid_[i] = c_.pending_income[i];
    }

    const char* name() const override { return "assistance"; }

    /// Derived, not saved: c_, p_ (the scenario), the indicator ids, place_income_ (from the agents' incomes),
    /// poor_runs_ and poor_income_ (from poor_ and the incomes) and the monitor's scratch.
    void state(sim::checkpoint::Archive& a) override {
        a("county_hh", county_hh_);
        a("places", places_);
        a("agent", agent_);
        a("agent_place", agent_place_);
        a("poor", poor_);
        a("status", status_);
        a("xs_town", xs_town_);
        a("xs_hh", xs_hh_);
        a("paid", paid_);
        a("ema", ema_);
        a("month_county", month_county_);
        a("month_amount", month_amount_);
        a("src", src_);
        a("money", money_);
        a("xs_pot", xs_pot_);
        a("training", training_);
        a("remit", remit_);
        a("d_received", d_received_);
        a("d_spend", d_spend_);
        a("d_remit", d_remit_);
        a("d_placed", d_placed_);
        a("d_trained", d_trained_);
        a("c_income", c_income_);
        a("c_households", c_households_);
        a("xs_proc_pot", xs_proc_pot_);
        a("earmark", earmark_);
        a("day_c", day_c_);
    }

private:
    void step(const sim::Step& st) {
        src_.fill(0.0);
        training_ = remit_ = 0;
        for (auto* v : {&d_received_, &d_spend_, &d_remit_, &d_placed_, &d_trained_})
            std::fill(v->begin(), v->end(), 0.0);
        if (st.month_start) {
            choose_counties(st);
            jiazheng(st);
        }
        procure(st);
    }

    /// Each buyer spreads its month over the former poverty counties in proportion to their rural
    /// households times its own draw (which counties' cooperatives it deals with this month).
    void choose_counties(const sim::Step& st) {
        const std::size_t C = c_.geo.counties.size();
        for (int b = 0; b < kXiushan; ++b) {
            auto& w = month_county_[static_cast<std::size_t>(b)];
            double tot = 0;
            for (std::size_t k = 0; k < C; ++k) {
                w[k] = 0;
                if (county_hh_[k] <= 0) continue;
                sim::Stream r(c_.seed, ps::kProcurement, static_cast<std::uint64_t>(b) * 1000 + k,
                              static_cast<std::uint64_t>(st.month));
                tot += w[k] = county_hh_[k] * r.lognormal_mean(1.0, p_.choice_sigma);
            }
            for (auto& x : w) x = tot > 0 ? x / tot : 0.0;
        }
        const int m = st.date.month - 1;
        const double days = sim::Date::days_in_month(st.date.year, st.date.month);
        month_amount_[kPublic] = p_.baseline[0] / 12.0;
        month_amount_[kUnion] = p_.baseline[1] / 12.0 * kUnionMonth[m];
        month_amount_[kShandong] = p_.baseline[2] / 12.0;
        // Project money (and what the counties could not co-finance last month) is spent from pots.
        const Release r = release(p_.budget, earmark_, st.date);
        money_.add(r, {p_.proc_share, 1.0 - p_.proc_share});
        month_amount_[kProject] = money_.city().procurement;
        for (std::size_t k = 0; k < C; ++k) {
            day_c_[k] = money_.county(k).procurement / days;
        }
        // The Xiushan package follows budget.assistance's dates (start, end).
        const bool xs_on = !(st.date < p_.budget.start) && !(p_.budget.end < st.date);
        if (xs_hh_ > 0 && xs_on) xs_proc_pot_ += p_.xiushan * p_.xs_proc_share / 12.0;
        month_amount_[kXiushan] = xs_proc_pot_;
        for (auto& x : month_amount_) x /= days;  // spent evenly over the month's days
    }

    void procure(const sim::Step&) {
        const Geography& g = c_.geo;
        for (int b = 0; b < kBuyers; ++b) {
            const double amount = month_amount_[static_cast<std::size_t>(b)];
            if (amount <= 0) continue;
            const bool project = b == kProject || b == kXiushan;
            double spent = 0;
            for (std::uint32_t i : places_) {
                const Place& pl = g.places[i];
                double v;
                if (b == kXiushan)
                    v = xs_town_[pl.township] ? amount * pl.real_households / xs_hh_ : 0.0;
                else
                    v = amount * month_county_[static_cast<std::size_t>(b)][pl.county] * pl.real_households /
                        county_hh_[pl.county];
                if (v <= 0) continue;
                // Project money needs the county's co-financing; what it cannot pay stays in the pot.
                if (project && (v = c_.funding.affordable(pl.county, v)) <= 0) continue;
                buy(i, v, project);
                spent += v;
            }
            src_[static_cast<std::size_t>(b)] += spent;
            if (b == kProject) money_.city().procurement -= spent;
            if (b == kXiushan) xs_proc_pot_ -= spent;
        }
        // Earmarked procurement: the county's villages, in proportion to their households.
        if (std::none_of(day_c_.begin(), day_c_.end(), [](double x) { return x > 0; })) return;
        for (std::uint32_t i : places_) {
            const Place& pl = g.places[i];
            if (day_c_[pl.county] <= 0) continue;
            const double v =
                c_.funding.affordable(pl.county, day_c_[pl.county] * pl.real_households / county_hh_[pl.county]);
            if (v <= 0) continue;
            buy(i, v, true);
            src_[kProject] += v;
            money_.county(pl.county).procurement -= v;
        }
    }

    void buy(std::uint32_t i, double v, bool project) {
        const Place& pl = c_.geo.places[i];
        c_.pending_income[i] += v * p_.farmgate;
        d_received_[pl.county] += v;
        if (!project) return;
        d_spend_[pl.county] += v;
        c_.funding.spend(pl.county, v);
    }

    /// Unspent project 6 money (procurement and training pots, Xiushan package included).
    double budget_unspent(std::vector<double>& earmarked) const override {
        double total = money_.city().procurement + xs_proc_pot_ + money_.city().training + xs_pot_;
        for (std::size_t k = 0; k < money_.counties(); ++k) {
            const Pots& county = money_.county(k);
            earmarked[k] += county.procurement + county.training;
            total += county.procurement + county.training;
        }
        return total;
    }

    /// Month start: placed workers remit and may lose their job; last month's trainees are placed
    /// or not; the month's training money trains new persons (one per household an agent stands
    /// for), Xiushan package towns first, then formerly-poor households, then other rural households
    /// of the former poverty counties.
    void jiazheng(const sim::Step& st) {
        const Geography& g = c_.geo;
        const Households& h = c_.households;
        const auto month = static_cast<std::uint64_t>(st.month);
        const double remit = p_.remit * c_.params.macro.factor(MacroPath::kMigrantWage, c_.params.start, st.date);
        for (std::size_t j = 0; j < agent_.size(); ++j) {
            if (status_[j] == kNone) continue;
            const std::uint32_t i = agent_place_[j];
            const double w = h.weight[i];
            const std::uint32_t k = g.places[i].county;
            sim::Stream r(c_.seed, ps::kJiazhengJob, agent_[j], month);
            if (status_[j] == kPlaced) {
                c_.pending_income[i] += remit * w;
                remit_ += remit * w;
                d_remit_[k] += remit * w;
                if (r.uniform() < p_.job_exit) status_[j] = kNone;
            } else if (r.uniform() < p_.place_rate) {
                status_[j] = kPlaced;
                d_placed_[k] += w;
            } else {
                status_[j] = kNone;
            }
        }
        if (!(st.date < p_.budget.start) && !(p_.budget.end < st.date))
            xs_pot_ += p_.xiushan * (1.0 - p_.xs_proc_share) / 12.0;
        // Pools (real persons) by priority class: 0 Xiushan towns, 1 formerly poor, 2 others.
        std::array<double, 3> pool{};
        auto cls = [&](std::size_t j) { return xs_town_[g.places[agent_place_[j]].township] ? 0 : poor_[j] ? 1 : 2; };
        for (std::size_t j = 0; j < agent_.size(); ++j)
            if (status_[j] == kNone) pool[static_cast<std::size_t>(cls(j))] += h.weight[agent_place_[j]];
        // Persons the money can train in each class: the Xiushan pot only in its towns; the
        // project pot in priority order.
        std::array<double, 3> want{};
        want[0] = std::min(pool[0], xs_pot_ / p_.train_cost);
        double left = money_.city().training / p_.train_cost;
        const double extra0 = std::min(pool[0] - want[0], left);
        want[0] += extra0;
        left -= extra0;
        want[1] = std::min(pool[1], left);
        left -= want[1];
        want[2] = std::min(pool[2], left);
        std::array<double, 3> prob{};
        for (std::size_t k = 0; k < 3; ++k) prob[k] = pool[k] > 0 ? want[k] / pool[k] : 0.0;
        // Earmarked training money: the county's own pool, in the same priority order.
        const std::size_t C = g.counties.size();
        std::vector<std::array<double, 3>> cprob(C, std::array<double, 3>{});
        {
            std::vector<std::array<double, 3>> cpool(C, std::array<double, 3>{});
            for (std::size_t j = 0; j < agent_.size(); ++j)
                if (status_[j] == kNone)
                    cpool[g.places[agent_place_[j]].county][static_cast<std::size_t>(cls(j))] +=
                        h.weight[agent_place_[j]];
            for (std::size_t k = 0; k < C; ++k) {
                double can = money_.county(k).training / p_.train_cost;
                for (std::size_t q = 0; q < 3 && can > 0; ++q) {
                    const double room = cpool[k][q] * (1.0 - prob[q]);
                    const double n = std::min(room, can);
                    cprob[k][q] = cpool[k][q] > 0 ? n / cpool[k][q] : 0.0;
                    can -= n;
                }
            }
        }
        // An agent trains all the households it stands for at once: it trains only if the pot that
        // pays for it still holds its whole cost, so no pot goes below zero.
        double xs_left = xs_pot_, city_left = money_.city().training;
        for (std::size_t j = 0; j < agent_.size(); ++j) {
            if (status_[j] != kNone) continue;
            const auto k = static_cast<std::size_t>(cls(j));
            const std::uint32_t i = agent_place_[j];
            const std::size_t county = g.places[i].county;
            const double pj = prob[k] + cprob[county][k];
            if (pj <= 0) continue;
            sim::Stream r(c_.seed, ps::kJiazhengTrain, agent_[j], month);
            if (r.uniform() >= pj) continue;
            const double w = h.weight[i];
            const double cost = w * p_.train_cost;
            // Paid from the county's earmark when it funds this class there; Xiushan-town trainees
            // otherwise from the package first, then the project pot; the rest from the project pot.
            const bool earmarked = cprob[county][k] > 0;
            double& earmark = money_.county(county).training;
            if (earmarked ? earmark < cost : (k == 0 ? xs_left + city_left : city_left) < cost) continue;
            if (!c_.funding.covers(county, cost)) continue;
            status_[j] = kTrained;
            d_trained_[county] += w;
            d_spend_[county] += cost;
            c_.funding.spend(county, cost);
            training_ += cost;
            if (earmarked) {
                earmark -= cost;
            } else if (k == 0) {
                const double from_xs = std::min(cost, xs_left);
                xs_left -= from_xs;
                city_left -= cost - from_xs;
            } else {
                city_left -= cost;
            }
        }
        xs_pot_ = xs_left;
        money_.city().training = city_left;
    }

    /// Formerly-poor households: income today (base income grown as the core grows it, plus the
    /// module payments the core paid their place today, shared equally among its households) and
    /// whether their annual per-capita income is below the poverty line.
    void monitor(const sim::Step& st, sim::Indicators& I) {
        const Households& h = c_.households;
        const double gf = c_.params.macro.factor(MacroPath::kIncomeRural, c_.params.start, st.date);
        const double line = p_.line * std::pow(1.0 + p_.line_growth, st.day / 365.25);
        // Per place (not per household): today's transfer per person and the yearly one by the EMA.
        transfer_pc_.resize(paid_.size());
        ema_pc_.resize(paid_.size());
        for (std::uint32_t i : places_) {
            if (paid_[i] == 0.0 && ema_[i] == 0.0) {  // nothing paid, ever: the same zeros, without the divisions
                transfer_pc_[i] = ema_pc_[i] = 0.0;
                continue;
            }
            const double real = h.weight[i] * (h.first[i + 1] - h.first[i]);
            const double per_hh = real > 0 ? paid_[i] / real : 0.0;
            ema_[i] += (per_hh - ema_[i]) / 365.0;
            transfer_pc_[i] = real > 0 ? paid_[i] / real / c_.params.persons_per_household : 0.0;
            ema_pc_[i] = 365.0 * ema_[i] / c_.params.persons_per_household;
        }
        if (poor_runs_.empty() && !agent_.empty()) {  // the formerly poor are flagged once, at the start
            // By place (agent_ is in place order): the place and the range of its formerly poor in
            // poor_income_, their start incomes (which do not change), read in order below.
            for (std::size_t j = 0; j < agent_.size(); ++j) {
                if (!poor_[j]) continue;
                if (poor_runs_.empty() || poor_runs_.back().place != agent_place_[j])
                    poor_runs_.push_back({agent_place_[j], static_cast<std::uint32_t>(poor_income_.size()), 0});
                poor_income_.push_back(h.income[agent_[j]]);
                poor_runs_.back().end = static_cast<std::uint32_t>(poor_income_.size());
            }
            if (poor_runs_.empty()) poor_runs_.push_back({0, 0, 0});  // none: flagged all the same
        }
        double income = 0, persons = 0, below = 0;
        const float* poor_income = poor_income_.data();
        for (const PoorRun& run : poor_runs_) {
            const std::uint32_t i = run.place;
            const double w = h.weight[i], transfer = transfer_pc_[i], ema_pc = ema_pc_[i];
            for (std::uint32_t k = run.begin; k < run.end; ++k) {
                const double base = poor_income[k] * gf;
                income += w * (base / 365.0 + transfer);
                persons += w;
                if (base + ema_pc < line) below += w;
            }
        }
        I.record(id_income_, st.day, persons > 0 ? income / persons : 0.0);
        // All rural residents of the former poverty counties, by county (same income measure).
        const Geography& g = c_.geo;
        std::fill(c_income_.begin(), c_income_.end(), 0.0);
        std::fill(c_households_.begin(), c_households_.end(), 0.0);
        if (place_income_.empty()) {  // the agents' start incomes do not change: summed once per place
            place_income_.assign(places_.size(), 0.0);
            for (std::size_t n = 0; n < places_.size(); ++n)
                for (std::uint32_t a = h.first[places_[n]]; a < h.first[places_[n] + 1]; ++a)
                    place_income_[n] += h.income[a];
        }
        for (std::size_t n = 0; n < places_.size(); ++n) {
            const std::uint32_t i = places_[n];
            const double real = h.weight[i] * (h.first[i + 1] - h.first[i]);
            if (real <= 0) continue;
            const std::uint32_t k = g.places[i].county;
            const double base = place_income_[n];
            const double own = h.weight[i] * base * gf / 365.0;  // > 0: adding 0.0 would leave it unchanged
            c_income_[k] += paid_[i] != 0.0 ? own + paid_[i] / c_.params.persons_per_household : own;
            c_households_[k] += real;
        }
        double all_income = 0, all_households = 0;
        for (std::size_t k = 0; k < c_income_.size(); ++k) {
            all_income += c_income_[k];
            all_households += c_households_[k];
            c_income_[k] = c_households_[k] > 0 ? c_income_[k] / c_households_[k] : 0.0;
        }
        I.record(id_county_income_, st.day, all_households > 0 ? all_income / all_households : 0.0, c_income_);
        I.record(id_below_, st.day, persons > 0 ? below / persons : 0.0);
    }

    Context c_;
    AP p_;
    std::vector<double> county_hh_;
    std::vector<std::uint32_t> places_;  ///< rural places of former poverty counties
    std::vector<std::uint32_t> agent_, agent_place_;
    std::vector<std::uint8_t> poor_, status_, xs_town_;
    double xs_hh_ = 0;
    std::vector<double> paid_, ema_;
    std::vector<std::vector<double>> month_county_;
    std::array<double, kBuyers> month_amount_{}, src_{};
    /// Project 6's money not yet spent, city-wide and earmarked: procurement (assistance.procurement_share)
    /// and jiazheng training.
    struct Pots {
        double procurement = 0, training = 0;
        template <class P, class F>
        static void each(P& p, F&& f) {
            f("procurement", p.procurement);
            f("training", p.training);
        }
        template <class A>
        void fields(A& a) {
            each(*this, a);
        }
    };
    ProjectMoney<Pots> money_;
    double xs_proc_pot_ = 0, xs_pot_ = 0;  ///< the Xiushan package's procurement and training money not yet spent
    std::vector<double> earmark_, day_c_;  ///< per county: earmark (yuan/year), today's earmarked procurement
    double training_ = 0, remit_ = 0;
    std::vector<double> d_received_, d_spend_, d_remit_, d_placed_, d_trained_;
    std::vector<double> c_income_, c_households_;  ///< income and households by county (monitor)
    std::vector<double> place_income_;  ///< per entry of places_: its agents' start incomes summed (monitor; derived)
    std::vector<double> transfer_pc_,
        ema_pc_;  ///< per place: today's transfer and 365 x EMA per person (monitor scratch)
    /// The formerly poor by place, in agent order (monitor; derived from poor_ and the agents' incomes):
    /// place, range [begin, end) of its formerly poor in poor_income_; one empty run if there are none.
    struct PoorRun {
        std::uint32_t place, begin, end;
    };
    std::vector<PoorRun> poor_runs_;
    std::vector<float> poor_income_;
    sim::Indicators::Id id_spent_{}, id_received_{}, id_trained_{}, id_placed_{}, id_remit_{}, id_income_{},
        id_below_{}, id_spend_{}, id_county_income_{};
};

RURALSIM_PIN_SIZE(Assistance, 1128);

}  // namespace

void bind_assistance_parameters(sim::ParamBinder& b) {
    AP p{};
    p.bind(b);
}

std::unique_ptr<Module> make_assistance(const Context& c) { return std::make_unique<Assistance>(c); }

}  // namespace ruralsim::models
