// Project 1, rural e-commerce: digital adoption and online selling (Bass diffusion with peers), and
// the training of buyers and sellers that the project's money pays for (docs/ODD.md 7.9).

#include <algorithm>
#include <cmath>

#include "model_state.hpp"
#include "ruralsim/models/streams.hpp"
#include "ruralsim/sim/rng.hpp"

namespace ruralsim::models {

/// Project 1 at month start: the month's money sets each county's chance of training a rural household
/// to shop online and to sell online (phase_adoption trains them and pays).
void Model::plan_training(const sim::Step& s) {
    // Project 1: training. The month's money buys training for sellers (its share) and for
    // online shoppers among non-adopting rural households; each eligible household has the
    // same chance, so the expected number trained is what the money pays for. A county's
    // earmark raises the chance in that county only.
    ecommerce_money_.add(release(p_.budget_ecommerce, earmark_ecommerce_, s.date), OnePot{1.0});
    const std::size_t C = geo_.counties.size();
    std::vector<double> non_adopters(C, 0.0), non_sellers(C, 0.0);
    for (std::size_t i = 0; i < geo_.places.size(); ++i) {
        if (geo_.places[i].urban) continue;
        const double agents = hh_.first[i + 1] - hh_.first[i];
        non_adopters[geo_.places[i].county] += agents * (1.0 - village_adoption_[i]) * hh_.weight[i];
        non_sellers[geo_.places[i].county] += agents * hh_.weight[i] - place_sellers_[i];
    }
    double all_adopters = 0, all_sellers = 0;
    for (std::size_t c = 0; c < C; ++c) all_adopters += non_adopters[c], all_sellers += non_sellers[c];
    auto chances = [&](double money, double adopters, double sellers, double& buy, double& sell) {
        const double sellers_money = money * p_.seller_training_budget_share;
        const double buyers_money = money - sellers_money;
        buy = adopters > 0 ? buyers_money / p_.training_cost / adopters : 0.0;
        sell = sellers > 0 ? sellers_money / p_.seller_training_cost / sellers : 0.0;
    };
    double city_buy = 0, city_sell = 0;
    chances(ecommerce_money_.city().money, all_adopters, all_sellers, city_buy, city_sell);
    for (std::size_t c = 0; c < C; ++c) {
        double buy = 0, sell = 0;
        if (const double money = ecommerce_money_.county(c).money; money > 0)
            chances(money, non_adopters[c], non_sellers[c], buy, sell);
        training_prob_[c] = std::min(1.0, city_buy + buy);
        seller_training_prob_[c] = std::min(1.0, city_sell + sell);
    }
}

void Model::phase_adoption(const sim::Step& s) {
    if (!s.month_start || s.day == 0) return;
    Daily& d = *day_;
    // Peers' adopting share: the village's own share, shrunk towards its township's share when the
    // village has few agents (k = kPeerPrior agents), so imitation does not depend on run.scale
    // (with one agent a village's own share would be just that agent's state).
    std::vector<double> t_adopt(geo_.townships.size(), 0.0), t_agents(geo_.townships.size(), 0.0),
        t_sellers(geo_.townships.size(), 0.0);
    for (std::size_t i = 0; i < geo_.places.size(); ++i) {
        const double n = hh_.first[i + 1] - hh_.first[i];
        t_adopt[geo_.places[i].township] += village_adoption_[i] * n;
        t_agents[geo_.places[i].township] += n;
        t_sellers[geo_.places[i].township] += hh_.weight[i] > 0 ? place_sellers_[i] / hh_.weight[i] : 0.0;
    }
    // Pass 1: spontaneous adoption (Bass) and the households the training would reach.
    const std::size_t P = geo_.places.size();
    std::vector<double> bass(P, 0.0), sell(P, 0.0), cand_buy(P, 0.0), cand_sell(P, 0.0);
    exec_.for_each(P, [&](std::size_t i) {
        const std::uint32_t h0 = hh_.first[i], h1 = hh_.first[i + 1];
        if (h0 == h1) return;
        const bool rural = !geo_.places[i].urban;
        const std::uint32_t t = geo_.places[i].township;
        const double n = h1 - h0;
        const double peers = (n * village_adoption_[i] + kPeerPrior * t_adopt[t] / t_agents[t]) / (n + kPeerPrior);
        bass[i] = p_.bass_p + p_.bass_q * peers;
        // Online selling (rural households): Bass with imitation from the township's sellers,
        // stronger where the township centre has an e-commerce station.
        const double sell_q = p_.seller_q * (fac_.township_upgraded[t] ? 1.0 + p_.station_q_boost : 1.0);
        sell[i] = p_.seller_p + sell_q * t_sellers[t] / std::max(1.0, t_agents[t]);
        for (std::uint32_t h = h0; h < h1; ++h) {
            if (rural && !hh_.seller[h]) {
                const double u =
                    sim::Stream(seed_, streams::kSelling, h, static_cast<std::uint64_t>(s.month)).uniform();
                if (u < sell[i])
                    hh_.seller[h] = 1;
                else if (u < sell[i] + seller_training_prob_[geo_.places[i].county])
                    cand_sell[i] += 1;
            }
            if (!hh_.adopted[h]) {
                const double u =
                    sim::Stream(seed_, streams::kAdoption, h, static_cast<std::uint64_t>(s.month)).uniform();
                if (u < bass[i])
                    hh_.adopted[h] = 1;
                else if (rural && u < bass[i] + training_prob_[geo_.places[i].county])
                    cand_buy[i] += 1;
            }
        }
    });
    // The training money is handed out place by place in a fixed order, so the households
    // trained never cost more than the money released (the chance drawn above is the expected
    // share; the last places may find the money gone). A county's earmark pays for its own
    // places first, the city-wide money for the rest; the county must co-finance its share.
    const std::size_t C = geo_.counties.size();
    auto split = [&](double money, double& buyers, double& sellers) {
        sellers = money * p_.seller_training_budget_share;
        buyers = money - sellers;
    };
    double buyer_left = 0, seller_left = 0;
    split(ecommerce_money_.city().money, buyer_left, seller_left);
    std::vector<double> c_buyer(C, 0.0), c_seller(C, 0.0);
    for (std::size_t c = 0; c < C; ++c)
        if (ecommerce_money_.county(c).money > 0) split(ecommerce_money_.county(c).money, c_buyer[c], c_seller[c]);
    for (std::size_t i = 0; i < P; ++i) {
        const double w = hh_.weight[i];
        if (w <= 0) continue;
        const std::size_t c = geo_.places[i].county;
        const double buy_unit = p_.training_cost * w, sell_unit = p_.seller_training_cost * w;
        auto take = [&](double want, double unit, double& county_money, double& city_money) {
            const double from_county = std::min(want, std::floor(std::max(0.0, county_money) / unit));
            const double from_city = std::min(want - from_county, std::floor(std::max(0.0, city_money) / unit));
            county_money -= from_county * unit;
            city_money -= from_city * unit;
            return from_county + from_city;
        };
        // What the county can co-finance caps the place's trainees (buyers first).
        if (const double want = cand_buy[i] * buy_unit + cand_sell[i] * sell_unit; !funding_->covers(c, want)) {
            double cap = funding_->affordable(c, want);
            cand_buy[i] = std::min(cand_buy[i], std::floor(cap / buy_unit));
            cap -= cand_buy[i] * buy_unit;
            cand_sell[i] = std::min(cand_sell[i], std::floor(std::max(0.0, cap) / sell_unit));
        }
        cand_buy[i] = take(cand_buy[i], buy_unit, c_buyer[c], buyer_left);
        cand_sell[i] = take(cand_sell[i], sell_unit, c_seller[c], seller_left);
        funding_->spend(c, cand_buy[i] * buy_unit + cand_sell[i] * sell_unit);
    }
    ecommerce_money_.city().money = buyer_left + seller_left;
    for (std::size_t c = 0; c < C; ++c)
        if (ecommerce_money_.county(c).money > 0) ecommerce_money_.county(c).money = c_buyer[c] + c_seller[c];
    // Pass 2: train the first households of each place's quota (same draws as pass 1).
    exec_.for_each(P, [&](std::size_t i) {
        const std::uint32_t h0 = hh_.first[i], h1 = hh_.first[i + 1];
        if (h0 == h1) return;
        double buy_quota = cand_buy[i], sell_quota = cand_sell[i];
        double sellers = 0, adopters = 0;
        for (std::uint32_t h = h0; h < h1; ++h) {
            if (sell_quota > 0 && !hh_.seller[h]) {
                const double u =
                    sim::Stream(seed_, streams::kSelling, h, static_cast<std::uint64_t>(s.month)).uniform();
                if (u < sell[i] + seller_training_prob_[geo_.places[i].county]) {
                    hh_.seller[h] = 1;
                    sell_quota -= 1;
                }
            }
            if (buy_quota > 0 && !hh_.adopted[h]) {
                const double u =
                    sim::Stream(seed_, streams::kAdoption, h, static_cast<std::uint64_t>(s.month)).uniform();
                if (u < bass[i] + training_prob_[geo_.places[i].county]) {
                    hh_.adopted[h] = 1;
                    buy_quota -= 1;
                }
            }
            sellers += hh_.seller[h];
            adopters += hh_.adopted[h];
        }
        village_adoption_[i] = adopters / (h1 - h0);
        place_sellers_[i] = sellers * hh_.weight[i];
        d.place[i][kTrainees] = cand_buy[i] * hh_.weight[i];
        d.place[i][kSellerTrainees] = cand_sell[i] * hh_.weight[i];
    });
    for (std::size_t i = 0; i < P; ++i)
        d.spend_ecommerce[geo_.places[i].county] +=
            d.place[i][kTrainees] * p_.training_cost + d.place[i][kSellerTrainees] * p_.seller_training_cost;
}

/// Digital adoption, online selling and project 1 training (docs/ODD.md 7.9).
void bind_adoption_params(sim::ParamBinder& b, Params& p) {
    b.real("adoption.rural_initial", p.adoption_rural0, 0.45, {0, 1}, {0.35, 0.55}, "1",
           "share of rural households shopping online at the start",
           sim::assumption("below CNNIC rural internet penetration 57.6 % (Dec 2021)"));
    b.real("adoption.urban_initial", p.adoption_urban0, 0.78, {0, 1}, {0.7, 0.85}, "1",
           "share of urban households shopping online at the start",
           sim::assumption("below CNNIC urban internet penetration 81.3 % (Dec 2021)"));
    b.real("adoption.bass_p", p.bass_p, 0.003, {0, 1}, {0.001, 0.008}, "1/month",
           "Bass external (innovation) rate of adoption", sim::assumption());
    b.real("adoption.bass_q", p.bass_q, 0.03, {0, 1}, {0.01, 0.06}, "1/month",
           "Bass imitation rate, times the adopting share of the village", sim::assumption());
    // Online selling (project 1 trains sellers).
    b.real("ecommerce.seller_share_initial", p.seller_share0, 0.03, {0, 1}, {0.015, 0.06}, "1",
           "share of rural households selling online at the start", sim::assumption());
    b.real("ecommerce.seller_p", p.seller_p, 0.00005, {0, 1}, {0.00002, 0.0002}, "1/month",
           "Bass external rate of starting to sell online", sim::assumption());
    b.real("ecommerce.seller_q", p.seller_q, 0.004, {0, 1}, {0.001, 0.01}, "1/month",
           "Bass imitation rate of selling, times the township's seller share", sim::assumption());
    b.real("ecommerce.station_q_boost", p.station_q_boost, 0.5, {0, 10}, {0.2, 1.0}, "1",
           "relative rise of the imitation rate where the township has an e-commerce station (upgraded centre)",
           sim::assumption());
    b.real("ecommerce.seller_training_cost", p.seller_training_cost, 3000, {1, 1e6}, {1500, 6000}, "yuan/household",
           "public cost of training one rural household to sell online (shop, live stream)", sim::assumption());
    b.real("ecommerce.seller_training_share", p.seller_training_budget_share, 0.5, {0, 1}, {0, 1}, "1",
           "share of budget.ecommerce spent on seller training (the rest trains online shoppers)", sim::lever());
    b.real("ecommerce.training_cost", p.training_cost, 800, {1, 1e6}, {400, 1500}, "yuan/household",
           "public cost of training one rural household to shop online (selling online comes with the e-commerce "
           "mechanisms)",
           sim::assumption());
    bind_budget(b, "ecommerce", p.budget_ecommerce,
                "project 1: training rural households to shop online and to sell online");
}

}  // namespace ruralsim::models
