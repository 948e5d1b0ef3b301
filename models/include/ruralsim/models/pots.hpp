#pragma once
/// \file
/// The named pots of the projects' money (ProjectMoney in funding.hpp): one double per
/// purpose, visited in a fixed order, with their names, by `each` (shares, sums, checkpoints).
///
/// Example:
/// \code
///   LogisticsPots shares{0.3, 0.2, 0.2, 0.1, 0.2};
///   double total = 0;
///   LogisticsPots::each(shares, [&](const char*, double x) { total += x; });   // 1
/// \endcode

namespace ruralsim::models {

/// The pots of project 4 (facilities.*_share of each month's money; the stores' pot takes the rest).
struct FacilityPots {
    double township = 0, district = 0, stations = 0, stores = 0;
    /// Calls f(name, pot) for each pot in order (checkpoints: `fields`).
    template <class P, class F>
    static void each(P& p, F&& f) {
        f("township", p.township);
        f("district", p.district);
        f("stations", p.stations);
        f("stores", p.stores);
    }
    template <class A>
    void fields(A& a) {
        each(*this, a);
    }
};

/// The pots of project 2, in the order of logistics.share_* (also the shares themselves).
struct LogisticsPots {
    double joint = 0, fleet = 0, cold = 0, sorting = 0, subsidies = 0;
    /// Calls f(name, pot) for each pot in order (checkpoints: `fields`).
    template <class P, class F>
    static void each(P& p, F&& f) {
        f("joint", p.joint);
        f("fleet", p.fleet);
        f("cold", p.cold);
        f("sorting", p.sorting);
        f("subsidies", p.subsidies);
    }
    template <class A>
    void fields(A& a) {
        each(*this, a);
    }
};

/// A project with one pot (project 1's training money, project 3's export support).
struct OnePot {
    double money = 0;
    /// Calls f(name, pot) for each pot in order (checkpoints: `fields`).
    template <class P, class F>
    static void each(P& p, F&& f) {
        f("money", p.money);
    }
    template <class A>
    void fields(A& a) {
        each(*this, a);
    }
};

}  // namespace ruralsim::models
