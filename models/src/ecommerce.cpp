// Project 1, rural e-commerce: digital adoption and online selling (Bass diffusion with peers), and
// the training of buyers and sellers that the project's money pays for (docs/ODD.md 7.9).

#include "ruralsim/models/ecommerce.hpp"

#include <algorithm>
#include <cmath>

#include "pinned_size.hpp"
#include "ruralsim/models/facilities.hpp"
#include "ruralsim/models/streams.hpp"
#include "ruralsim/sim/rng.hpp"

namespace ruralsim::models {

namespace {

class Ecommerce final : public Module {
public:
    explicit Ecommerce(const Context& c) : c_(c), p_(bound<EcommerceParams>(c.scenario)) {
        const std::size_t C = c.geo.counties.size();
        earmark_ = county_earmarks(p_.budget, c.geo, c.scenario, "ecommerce");
        money_.setup(C);
        training_prob_.assign(C, 0.0);
        seller_training_prob_.assign(C, 0.0);
        spend_.assign(C, 0.0);
        col_.trainees = c.table.column("trainees");
        col_.seller_trainees = c.table.column("seller_trainees");
    }

    void start(const Shared& shared) override { fac_ = &shared.get<Facilities>("facilities"); }

    void declare_indicators(sim::Indicators& I) override {
        using sim::Aggregation;
        id_.spend = I.add(
            {"spending_ecommerce", "yuan", "public spending on project 1 (e-commerce training)", Aggregation::Sum});
        id_.trained =
            I.add({"households_trained", "households", "rural households trained to shop online", Aggregation::Sum});
        id_.sellers_trained =
            I.add({"sellers_trained", "households", "rural households trained to sell online", Aggregation::Sum});
    }

    void add_phases(sim::Scheduler& s) override {
        // Month start, before the households' day: the month's training money (claims on the counties'
        // co-financing in the order of the module list), then adoption and training.
        s.add("adoption", [this](const sim::Step& st) { step(st); }, {.after = {"begin"}, .before = {"households"}});
    }

    void book(const sim::Step&) override {
        c_.ledger.transfer(c_.accounts.government, c_.accounts.rest_of_economy, sim::ordered_sum(spend_));
    }

    void record(const sim::Step& st, sim::Indicators& I) override {
        const DayTable& t = c_.table;
        CountyRecorder R(I, st.day, c_.geo.counties.size());
        R.sum(id_.spend, [&](std::size_t k) { return spend_[k]; });
        R.sum(id_.trained, [&](std::size_t k) { return t.rural(k)[col_.trainees]; });
        R.sum(id_.sellers_trained, [&](std::size_t k) { return t.rural(k)[col_.seller_trainees]; });
    }

    double budget_unspent(std::vector<double>& earmarked) const override { return money_.unspent(earmarked); }
    const char* name() const override { return "ecommerce"; }

    /// Derived, not saved: c_, p_ and earmark_ (the scenario), spend_ (emptied each day before use),
    /// the pointer, columns and ids.
    void state(sim::checkpoint::Archive& a) override {
        a("money", money_);
        a("training_prob", training_prob_);
        a("seller_training_prob", seller_training_prob_);
    }

private:
    void step(const sim::Step& s) {
        std::fill(spend_.begin(), spend_.end(), 0.0);
        if (!s.month_start) return;
        plan_training(s);
        if (s.day != 0) adopt(s);
    }
    void plan_training(const sim::Step& s);
    void adopt(const sim::Step& s);

    Context c_;
    EcommerceParams p_;
    const Facilities* fac_ = nullptr;
    ProjectMoney<OnePot> money_;   ///< project 1's money not yet spent, city-wide and earmarked
    std::vector<double> earmark_;  ///< per county: earmark (yuan/year)
    std::vector<double> training_prob_, seller_training_prob_;  ///< per county: chance of training this month
    std::vector<double> spend_;                                 ///< per county: spending today
    struct {
        int trainees = 0, seller_trainees = 0;
    } col_;
    struct {
        sim::Indicators::Id spend{}, trained{}, sellers_trained{};
    } id_;
};

RURALSIM_PIN_SIZE(Ecommerce, 432);

/// Month start: the month's money sets each county's chance of training a rural household to shop
/// online and to sell online (adopt() trains them and pays).
void Ecommerce::plan_training(const sim::Step& s) {
    // The month's money buys training for sellers (its share) and for online shoppers among
    // non-adopting rural households; each eligible household has the same chance, so the expected
    // number trained is what the money pays for. A county's earmark raises the chance in that county only.
    const Geography& g = c_.geo;
    const Households& hh = c_.households;
    money_.add(release(p_.budget, earmark_, s.date), OnePot{1.0});
    const std::size_t C = g.counties.size();
    std::vector<double> non_adopters(C, 0.0), non_sellers(C, 0.0);
    for (std::size_t i = 0; i < g.places.size(); ++i) {
        if (g.places[i].urban) continue;
        const double agents = hh.first[i + 1] - hh.first[i];
        non_adopters[g.places[i].county] += agents * (1.0 - hh.adoption[i]) * hh.weight[i];
        non_sellers[g.places[i].county] += agents * hh.weight[i] - hh.sellers[i];
    }
    double all_adopters = 0, all_sellers = 0;
    for (std::size_t k = 0; k < C; ++k) all_adopters += non_adopters[k], all_sellers += non_sellers[k];
    auto chances = [&](double money, double adopters, double sellers, double& buy, double& sell) {
        const double sellers_money = money * p_.seller_training_share;
        const double buyers_money = money - sellers_money;
        buy = adopters > 0 ? buyers_money / p_.training_cost / adopters : 0.0;
        sell = sellers > 0 ? sellers_money / p_.seller_training_cost / sellers : 0.0;
    };
    double city_buy = 0, city_sell = 0;
    chances(money_.city().money, all_adopters, all_sellers, city_buy, city_sell);
    for (std::size_t k = 0; k < C; ++k) {
        double buy = 0, sell = 0;
        if (const double money = money_.county(k).money; money > 0)
            chances(money, non_adopters[k], non_sellers[k], buy, sell);
        training_prob_[k] = std::min(1.0, city_buy + buy);
        seller_training_prob_[k] = std::min(1.0, city_sell + sell);
    }
}

void Ecommerce::adopt(const sim::Step& s) {
    const Geography& g = c_.geo;
    Households& hh = c_.households;
    const std::uint64_t seed = c_.seed;
    // Peers' adopting share: the village's own share, shrunk towards its township's share when the
    // village has few agents (k = kPeerPrior agents), so imitation does not depend on run.scale
    // (with one agent a village's own share would be just that agent's state).
    std::vector<double> t_adopt(g.townships.size(), 0.0), t_agents(g.townships.size(), 0.0),
        t_sellers(g.townships.size(), 0.0);
    for (std::size_t i = 0; i < g.places.size(); ++i) {
        const double n = hh.first[i + 1] - hh.first[i];
        t_adopt[g.places[i].township] += hh.adoption[i] * n;
        t_agents[g.places[i].township] += n;
        t_sellers[g.places[i].township] += hh.weight[i] > 0 ? hh.sellers[i] / hh.weight[i] : 0.0;
    }
    // Pass 1: spontaneous adoption (Bass) and the households the training would reach.
    const std::size_t P = g.places.size();
    std::vector<double> bass(P, 0.0), sell(P, 0.0), cand_buy(P, 0.0), cand_sell(P, 0.0);
    c_.exec.for_each(P, [&](std::size_t i) {
        const std::uint32_t h0 = hh.first[i], h1 = hh.first[i + 1];
        if (h0 == h1) return;
        const bool rural = !g.places[i].urban;
        const std::uint32_t t = g.places[i].township;
        const double n = h1 - h0;
        const double peers = (n * hh.adoption[i] + kPeerPrior * t_adopt[t] / t_agents[t]) / (n + kPeerPrior);
        bass[i] = p_.bass_p + p_.bass_q * peers;
        // Online selling (rural households): Bass with imitation from the township's sellers,
        // stronger where the township centre has an e-commerce station.
        const double sell_q = p_.seller_q * (fac_->township_upgraded[t] ? 1.0 + p_.station_q_boost : 1.0);
        sell[i] = p_.seller_p + sell_q * t_sellers[t] / std::max(1.0, t_agents[t]);
        for (std::uint32_t h = h0; h < h1; ++h) {
            if (rural && !hh.seller[h]) {
                const double u = sim::Stream(seed, streams::kSelling, h, static_cast<std::uint64_t>(s.month)).uniform();
                if (u < sell[i])
                    hh.seller[h] = 1;
                else if (u < sell[i] + seller_training_prob_[g.places[i].county])
                    cand_sell[i] += 1;
            }
            if (!hh.adopted[h]) {
                const double u =
                    sim::Stream(seed, streams::kAdoption, h, static_cast<std::uint64_t>(s.month)).uniform();
                if (u < bass[i])
                    hh.adopted[h] = 1;
                else if (rural && u < bass[i] + training_prob_[g.places[i].county])
                    cand_buy[i] += 1;
            }
        }
    });
    // The training money is handed out place by place in a fixed order, so the households
    // trained never cost more than the money released (the chance drawn above is the expected
    // share; the last places may find the money gone). A county's earmark pays for its own
    // places first, the city-wide money for the rest; the county must co-finance its share.
    const std::size_t C = g.counties.size();
    auto split = [&](double money, double& buyers, double& sellers) {
        sellers = money * p_.seller_training_share;
        buyers = money - sellers;
    };
    double buyer_left = 0, seller_left = 0;
    split(money_.city().money, buyer_left, seller_left);
    std::vector<double> c_buyer(C, 0.0), c_seller(C, 0.0);
    for (std::size_t c = 0; c < C; ++c)
        if (money_.county(c).money > 0) split(money_.county(c).money, c_buyer[c], c_seller[c]);
    for (std::size_t i = 0; i < P; ++i) {
        const double w = hh.weight[i];
        if (w <= 0) continue;
        const std::size_t c = g.places[i].county;
        const double buy_unit = p_.training_cost * w, sell_unit = p_.seller_training_cost * w;
        auto take = [&](double want, double unit, double& county_money, double& city_money) {
            const double from_county = std::min(want, std::floor(std::max(0.0, county_money) / unit));
            const double from_city = std::min(want - from_county, std::floor(std::max(0.0, city_money) / unit));
            county_money -= from_county * unit;
            city_money -= from_city * unit;
            return from_county + from_city;
        };
        // What the county can co-finance caps the place's trainees (buyers first).
        if (const double want = cand_buy[i] * buy_unit + cand_sell[i] * sell_unit; !c_.funding.covers(c, want)) {
            double cap = c_.funding.affordable(c, want);
            cand_buy[i] = std::min(cand_buy[i], std::floor(cap / buy_unit));
            cap -= cand_buy[i] * buy_unit;
            cand_sell[i] = std::min(cand_sell[i], std::floor(std::max(0.0, cap) / sell_unit));
        }
        cand_buy[i] = take(cand_buy[i], buy_unit, c_buyer[c], buyer_left);
        cand_sell[i] = take(cand_sell[i], sell_unit, c_seller[c], seller_left);
        c_.funding.spend(c, cand_buy[i] * buy_unit + cand_sell[i] * sell_unit);
    }
    money_.city().money = buyer_left + seller_left;
    for (std::size_t c = 0; c < C; ++c)
        if (money_.county(c).money > 0) money_.county(c).money = c_buyer[c] + c_seller[c];
    // Pass 2: train the first households of each place's quota (same draws as pass 1).
    c_.exec.for_each(P, [&](std::size_t i) {
        const std::uint32_t h0 = hh.first[i], h1 = hh.first[i + 1];
        if (h0 == h1) return;
        double buy_quota = cand_buy[i], sell_quota = cand_sell[i];
        double sellers = 0, adopters = 0;
        for (std::uint32_t h = h0; h < h1; ++h) {
            if (sell_quota > 0 && !hh.seller[h]) {
                const double u = sim::Stream(seed, streams::kSelling, h, static_cast<std::uint64_t>(s.month)).uniform();
                if (u < sell[i] + seller_training_prob_[g.places[i].county]) {
                    hh.seller[h] = 1;
                    sell_quota -= 1;
                }
            }
            if (buy_quota > 0 && !hh.adopted[h]) {
                const double u =
                    sim::Stream(seed, streams::kAdoption, h, static_cast<std::uint64_t>(s.month)).uniform();
                if (u < bass[i] + training_prob_[g.places[i].county]) {
                    hh.adopted[h] = 1;
                    buy_quota -= 1;
                }
            }
            sellers += hh.seller[h];
            adopters += hh.adopted[h];
        }
        hh.adoption[i] = adopters / (h1 - h0);
        hh.sellers[i] = sellers * hh.weight[i];
        c_.table.place(i)[col_.trainees] = cand_buy[i] * hh.weight[i];
        c_.table.place(i)[col_.seller_trainees] = cand_sell[i] * hh.weight[i];
    });
    for (std::size_t i = 0; i < P; ++i)
        spend_[g.places[i].county] += c_.table.place(i)[col_.trainees] * p_.training_cost +
                                      c_.table.place(i)[col_.seller_trainees] * p_.seller_training_cost;
}

}  // namespace

std::unique_ptr<Module> make_ecommerce(const Context& c) { return std::make_unique<Ecommerce>(c); }

/// Digital adoption, online selling and project 1 training (docs/ODD.md 7.9).
void EcommerceParams::bind(sim::ParamBinder& b) {
    b.real("adoption.bass_p", bass_p, 0.003, {0, 1}, {0.001, 0.008}, "1/month",
           "Bass external (innovation) rate of adoption", sim::assumption());
    b.real("adoption.bass_q", bass_q, 0.03, {0, 1}, {0.01, 0.06}, "1/month",
           "Bass imitation rate, times the adopting share of the village", sim::assumption());
    // Online selling (project 1 trains sellers).
    b.real("ecommerce.seller_p", seller_p, 0.00005, {0, 1}, {0.00002, 0.0002}, "1/month",
           "Bass external rate of starting to sell online", sim::assumption());
    b.real("ecommerce.seller_q", seller_q, 0.004, {0, 1}, {0.001, 0.01}, "1/month",
           "Bass imitation rate of selling, times the township's seller share", sim::assumption());
    b.real("ecommerce.station_q_boost", station_q_boost, 0.5, {0, 10}, {0.2, 1.0}, "1",
           "relative rise of the imitation rate where the township has an e-commerce station (upgraded centre)",
           sim::assumption());
    b.real("ecommerce.seller_training_cost", seller_training_cost, 3000, {1, 1e6}, {1500, 6000}, "yuan/household",
           "public cost of training one rural household to sell online (shop, live stream)", sim::assumption());
    b.real("ecommerce.seller_training_share", seller_training_share, 0.5, {0, 1}, {0, 1}, "1",
           "share of budget.ecommerce spent on seller training (the rest trains online shoppers)", sim::lever());
    b.real("ecommerce.training_cost", training_cost, 800, {1, 1e6}, {400, 1500}, "yuan/household",
           "public cost of training one rural household to shop online (selling online comes with the e-commerce "
           "mechanisms)",
           sim::assumption());
    bind_budget(b, "ecommerce", budget, "project 1: training rural households to shop online and to sell online");
}

}  // namespace ruralsim::models
