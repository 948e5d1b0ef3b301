#include "ruralsim/models/parameters.hpp"

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <sstream>
#include <tuple>

#include "ruralsim/models/geography.hpp"
#include "ruralsim/models/module.hpp"
#include "ruralsim/sim/error.hpp"

namespace ruralsim::models {
namespace {

using sim::Range;

void declare(sim::ParamRegistry& r) {
    const std::string A = "assumption";
    // --- scenario and run ---------------------------------------------------
    r.text("scenario.name", "unnamed", "short name of the scenario");
    r.text("scenario.description", "", "what the scenario represents, in plain words");
    r.date("run.start", "2021-01-01",
           "first simulated day; 2021 is the base year so 2022 growth is measured against a simulated 2021");
    r.date("run.end", "2025-12-31", "last simulated day (the plan's horizon)");
    r.real("run.scale", 100, {1, 100000}, {1, 1000}, "households per agent",
           "real households one household agent stands for", "MODEL.md section 3 (default 100)");
    r.text("run.counties_file", "",
           "county table (CSV, format of data/counties.csv); empty = the embedded default data; relative paths are "
           "relative to the scenario file");
    r.boolean("output.county_daily", false, "also write /county/day/<indicator> (large)", A);

    // --- households -----------------------------------------------------------
    r.real("household.persons", 2.45, {1, 10}, {2.3, 2.8}, "persons", "persons per household",
           "2020 census communique no. 1 (average family household size 2.45)");
    r.real("household.income_urban", 43502, {0, 1e6}, {38000, 48000}, "yuan/person/year",
           "urban per-capita disposable income in household.income_year (annual figure; the macro path carries it to "
           "the start date)",
           "data/city_facts.csv: Chongqing 2021 urban per-capita disposable income 43,502 yuan (A: as commonly "
           "reported, communique not retrieved)");
    r.real("household.income_rural", 18100, {0, 1e6}, {16000, 20000}, "yuan/person/year",
           "rural per-capita disposable income in household.income_year (annual figure; the macro path carries it to "
           "the start date)",
           "data/city_facts.csv: Chongqing 2021 rural per-capita disposable income 18,100 yuan (A); national 2021 "
           "rural 18,931 (NBS, H)");
    r.integer("household.income_year", 2021, {1990, 2100}, {2021, 2021}, "year",
              "year whose annual per-capita incomes household.income_urban/rural give",
              "data/city_facts.csv (2021 figures)");
    r.real("household.income_growth_urban", 0.065, {-0.5, 0.5}, {0.03, 0.09}, "1/year",
           "assumed nominal growth of urban income after the realised macro path (macro.realised_until)",
           "assumption: below 2019-2021's average of +7.6 % (data/city_facts.csv), as growth slowed nationally");
    r.real("household.income_growth_rural", 0.08, {-0.5, 0.5}, {0.05, 0.11}, "1/year",
           "assumed nominal growth of rural income after the realised macro path (macro.realised_until)",
           "assumption: below 2019-2021's average of +9.5 % (data/city_facts.csv); national 2021 rural +10.5 % (NBS)");
    r.real("household.income_sigma", 0.55, {0, 2}, {0.4, 0.7}, "log-sd",
           "dispersion of per-capita income across households (log-normal)", A);
    r.real("household.income_rural_ne", 0.92, {0.1, 2}, {0.85, 1.0}, "1",
           "rural income multiplier, north-east Three Gorges cluster", A);
    r.real("household.income_rural_se", 0.90, {0.1, 2}, {0.82, 1.0}, "1",
           "rural income multiplier, south-east Wuling cluster", A);
    r.real("household.mpc_urban", 0.62, {0, 1.5}, {0.55, 0.7}, "1", "share of current income spent, urban",
           "assumption: urban consumption/income ratio in Chongqing about 0.6-0.65");
    r.real("household.mpc_rural", 0.82, {0, 1.5}, {0.75, 0.9}, "1", "share of current income spent, rural",
           "assumption: rural consumption/income ratio in Chongqing about 0.8-0.9");
    r.real("household.wealth_spend", 0.01, {0, 1}, {0.005, 0.03}, "1/month",
           "share of liquid wealth above the buffer spent each month (buffer-stock rule)", A);
    r.real("household.buffer_months", 6, {0, 120}, {3, 12}, "months of income", "target buffer of liquid wealth", A);
    r.real("household.initial_wealth_months", 10, {0, 240}, {6, 18}, "months of income",
           "mean liquid wealth at the start", A);
    r.real("household.wealth_sigma", 0.8, {0, 3}, {0.5, 1.2}, "log-sd", "dispersion of initial wealth", A);
    r.real("household.goods_share_urban", 0.5, {0, 1}, {0.42, 0.58}, "1",
           "share of urban consumption spent on goods (retail) rather than services", A);
    r.real("household.goods_share_rural", 0.58, {0, 1}, {0.5, 0.66}, "1", "share of rural consumption spent on goods",
           A);
    r.real("household.spending_noise", 0.3, {0, 2}, {0.15, 0.45}, "log-sd",
           "day-to-day noise of a household's spending", A);
    r.real("household.spring_festival_boost", 0.6, {0, 5}, {0.3, 1.0}, "1",
           "extra spending in the 14 days before Spring Festival (0.6 = +60 %)", A);
    static const char* kMonths[] = {"jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"};
    static const double kMonthFactor[] = {1.00, 0.97, 0.97, 0.95, 1.00, 1.02, 0.96, 0.97, 1.01, 1.05, 1.04, 1.08};
    for (int m = 0; m < 12; ++m)
        r.real(std::string("season.") + kMonths[m], kMonthFactor[m], {0.2, 3},
               {kMonthFactor[m] * 0.9, kMonthFactor[m] * 1.1}, "1",
               std::string("seasonal spending factor for ") + kMonths[m] + " (the Spring Festival boost comes on top)",
               "assumption shaped on NBS monthly retail sales profile");

    // --- channel choice (multinomial logit) --------------------------------------
    r.real("channel.asc_township", -0.2, {-10, 10}, {-1.5, 0.5}, "utils",
           "alternative-specific constant of the township centre (village store = 0)", A);
    r.real("channel.asc_county", -0.4, {-10, 10}, {-1.5, 0.5}, "utils",
           "alternative-specific constant of the county-seat business district", A);
    r.real("channel.asc_online", -1.6, {-10, 10}, {-2.5, -0.5}, "utils",
           "alternative-specific constant of online shopping", A);
    r.real("channel.variety_village", 0.0, {-5, 5}, {0, 0}, "log index", "variety of a village store", A);
    r.real("channel.variety_township", 0.7, {-5, 5}, {0.4, 1.0}, "log index", "variety of a township centre", A);
    r.real("channel.variety_county", 1.4, {-5, 5}, {1.0, 1.8}, "log index", "variety of a county business district", A);
    r.real("channel.variety_online", 2.2, {-5, 5}, {1.6, 2.8}, "log index", "variety online", A);
    r.real("channel.beta_variety", 0.8, {0, 10}, {0.4, 1.2}, "utils per log variety", "taste for variety", A);
    r.real("channel.beta_price", 4.0, {0, 50}, {2, 8}, "utils per log price", "price sensitivity", A);
    r.real("channel.beta_time", 0.9, {0, 20}, {0.4, 1.5}, "utils per hour", "disutility of round-trip travel time", A);
    r.real("channel.beta_delivery", 0.12, {0, 5}, {0.05, 0.3}, "utils per day", "disutility of waiting for a parcel",
           A);
    r.real("channel.online_peak_utility", 0.5, {0, 5}, {0.2, 1.0}, "utils",
           "extra online utility on the 618 (1-18 June) and Double 11 (1-11 November) promotion days", A);
    r.real("channel.price_online", 0.93, {0.1, 5}, {0.85, 1.0}, "1",
           "online price level relative to the county district's shelf price", A);
    r.real("channel.urban_trip_hours", 0.5, {0, 10}, {0.3, 1.0}, "hours",
           "round-trip time of an urban household to its business district", A);
    r.real("terrain.speed_plain", 40, {1, 200}, {30, 50}, "km/h", "travel speed on rural roads, plain", A);
    r.real("terrain.speed_hill", 30, {1, 200}, {22, 38}, "km/h", "travel speed on rural roads, hill", A);
    r.real("terrain.speed_mountain", 22, {1, 200}, {15, 30}, "km/h", "travel speed on rural roads, mountain", A);
    r.real("delivery.base_days", 2.0, {0, 30}, {1.5, 3}, "days", "days from order to a parcel reaching the township",
           A);
    r.real("delivery.periodic_extra_days", 2.0, {0, 30}, {1, 3}, "days",
           "extra days to villages served periodically rather than daily", A);
    r.real("delivery.daily_route_km", 6.0, {0, 100}, {3, 10}, "km",
           "villages within this distance of the township are served daily; farther ones periodically", A);

    // --- digital adoption ----------------------------------------------------------
    r.real("adoption.rural_initial", 0.45, {0, 1}, {0.35, 0.55}, "1",
           "share of rural households shopping online at the start",
           "assumption: below CNNIC rural internet penetration 57.6 % (Dec 2021)");
    r.real("adoption.urban_initial", 0.78, {0, 1}, {0.7, 0.85}, "1",
           "share of urban households shopping online at the start",
           "assumption: below CNNIC urban internet penetration 81.3 % (Dec 2021)");
    r.real("adoption.bass_p", 0.003, {0, 1}, {0.001, 0.008}, "1/month", "Bass external (innovation) rate of adoption",
           A);
    r.real("adoption.bass_q", 0.03, {0, 1}, {0.01, 0.06}, "1/month",
           "Bass imitation rate, times the adopting share of the village", A);

    // --- online sellers ------------------------------------------------------------
    r.real("online.local_seller_share", 0.15, {0, 1}, {0.08, 0.25}, "1",
           "share of Chongqing households' online purchases bought from Chongqing sellers", A);
    r.real("online.rural_seller_share", 0.2, {0, 1}, {0.1, 0.35}, "1",
           "share of Chongqing sellers' sales to Chongqing households made by rural sellers", A);
    r.real("online.external_urban", 6.0e10, {0, 1e13}, {3e10, 1.2e11}, "yuan/year",
           "online sales of Chongqing urban sellers to buyers outside Chongqing at the start (exogenous; rural sellers "
           "are agents)",
           A);
    r.real("online.external_growth", 0.10, {-0.5, 1}, {0.05, 0.15}, "1/year",
           "growth of outside buyers' demand for Chongqing online sellers (urban sellers' sales and each rural "
           "seller's sales)",
           "assumption near national online retail growth 2020-2021 (+10.9 %, +14.1 %, NBS)");

    r.real("online.external_peak_boost", 0.5, {0, 10}, {0.2, 1.0}, "1",
           "proportional rise of outside buyers' demand on the 618 and Double 11 promotion days (0.5 = +50 %)", A);

    // --- village stores --------------------------------------------------------------
    r.real("store.markup", 0.22, {0, 3}, {0.15, 0.3}, "1", "village store markup over wholesale cost", A);
    r.real("store.fixed_cost", 1200, {0, 1e6}, {600, 2500}, "yuan/month",
           "a village store's fixed cost (rent, utilities, imputed owner labour)", A);
    r.real("store.initial_presence", 0.92, {0, 1}, {0.85, 1.0}, "1",
           "share of villages with a convenience store at the start", A);
    r.integer("store.exit_months", 6, {1, 120}, {3, 12}, "months",
              "consecutive months of losses after which a store closes", A);
    r.real("store.entry_rate", 0.05, {0, 1}, {0.02, 0.1}, "1/month",
           "chance a month that a store opens in a village without one, when the margin on its expected sales covers "
           "the fixed cost and weekly restocking trips",
           A);
    r.real("store.stock_days", 14, {1, 365}, {7, 30}, "days of sales", "stock a store restocks to each week", A);
    r.real("store.restock_trip_cost", 40, {0, 1e5}, {20, 80}, "yuan/trip", "fixed cost of a weekly restocking trip", A);
    r.real("store.restock_cost_per_km", 1.5, {0, 1e3}, {0.8, 3}, "yuan/km",
           "restocking cost per km between the county seat and the village", A);
    r.real("store.upgrade_cost", 30000, {1, 1e8}, {15000, 60000}, "yuan/store",
           "public cost of upgrading one village convenience store (variety, parcel pick-up, bill payment)", A);
    r.real("store.upgrade_variety", 0.4, {0, 5}, {0.2, 0.6}, "log index",
           "variety gained by an upgraded store; an upgraded store is also a parcel pick-up point", A);

    // --- township centres and county districts ---------------------------------------
    r.real("township.markup", 0.18, {0, 3}, {0.12, 0.25}, "1", "township centre markup over wholesale cost", A);
    r.real("township.fixed_cost", 15000, {0, 1e8}, {8000, 30000}, "yuan/month", "township centre fixed cost", A);
    r.real("district.markup", 0.15, {0, 3}, {0.1, 0.22}, "1", "county business district markup over wholesale cost", A);

    // --- geography ----------------------------------------------------------------------
    r.real("geography.village_size_sigma", 0.45, {0, 3}, {0.3, 0.6}, "log-sd",
           "dispersion of village sizes within a county", A);
    r.real("geography.village_township_km_plain", 4, {0.1, 200}, {2, 6}, "km",
           "mean village - township centre distance, plain", A);
    r.real("geography.village_township_km_hill", 6, {0.1, 200}, {4, 9}, "km",
           "mean village - township centre distance, hill", A);
    r.real("geography.village_township_km_mountain", 9, {0.1, 200}, {6, 14}, "km",
           "mean village - township centre distance, mountain", A);
    r.real("geography.township_county_km_plain", 18, {0.1, 500}, {12, 25}, "km",
           "mean township - county seat distance, plain", A);
    r.real("geography.township_county_km_hill", 25, {0.1, 500}, {18, 35}, "km",
           "mean township - county seat distance, hill", A);
    r.real("geography.township_county_km_mountain", 45, {0.1, 500}, {30, 60}, "km",
           "mean township - county seat distance, mountain", A);
    r.real("geography.distance_sigma", 0.5, {0, 3}, {0.3, 0.7}, "log-sd", "dispersion of distances", A);

    // --- budgets ---------------------------------------------------------------------------
    // Per-county earmarks: one table per county of data/counties.csv; each project's
    // declare_budget adds its key to it.
    r.family(
        "budget.county", "county",
        [] {
            std::vector<std::string> names;
            for (const auto& c : parse_counties(embedded_counties_csv(), "data/counties.csv (embedded)"))
                names.push_back(c.name);
            return names;
        }(),
        "money of a project earmarked for one county (county names as in data/counties.csv)");
    // Funding sources and county co-financing.
    r.real("funding.central_share", 0.5, {0, 1}, {0.3, 0.7}, "1",
           "share of every project's money paid by central funds (central commerce funds for county commerce)",
           "assumption: the plan pools central and municipal commerce funds without giving the split");
    r.real("funding.municipal_share", 0.5, {0, 1}, {0.3, 0.7}, "1",
           "share of every project's money paid by municipal funds",
           "assumption: the plan pools central and municipal commerce funds without giving the split");
    r.real("funding.county_share", 0, {0, 1}, {0, 0.3}, "1",
           "share of every project's money the county where it is spent must co-finance; an item is bought only where "
           "the county can pay its share (funding.county_share = 0: no co-financing)",
           "scenario lever; the plan names central and municipal funds only (plan2022.toml header)");
    r.real(
        "funding.county_capacity_m", 5e7, {0, 1e12}, {0, 2e8}, "yuan/year",
        "co-financing a metropolitan-area county can pay each year, all projects together (refilled every 1 January)",
        A);
    r.real("funding.county_capacity_ne", 2e7, {0, 1e12}, {0, 1e8}, "yuan/year",
           "co-financing a north-east (Three Gorges) county can pay each year", A);
    r.real("funding.county_capacity_se", 2e7, {0, 1e12}, {0, 1e8}, "yuan/year",
           "co-financing a south-east (Wuling) county can pay each year", A);
    declare_budget(r, "ecommerce", "project 1: training rural households to shop online and to sell online");
    declare_budget(r, "facilities",
                   "project 4: township centre (six ones) and business district (ten ones) upgrades, filling-station "
                   "centres, village store upgrades");
    declare_budget(
        r, "logistics",
        "project 2: joint distribution, new-energy vehicles, cold storage, sorting capacity, village route subsidies");

    // --- logistics (project 2) -------------------------------------------------------------
    r.integer("logistics.carriers", 3, {1, 20}, {2, 5}, "carriers",
              "postal and express carriers each running its own county-township-village routes", A);
    r.real("logistics.parcel_value_down", 90, {1, 1e5}, {60, 130}, "yuan/parcel",
           "average value of a parcel bought online", A);
    r.real("logistics.parcel_value_up", 70, {1, 1e5}, {40, 110}, "yuan/parcel",
           "average value of a parcel of rural produce sold online", A);
    r.real("logistics.parcel_fee", 5, {0, 1e3}, {3, 8}, "yuan/parcel",
           "carrier revenue per rural parcel (paid by the seller)", A);
    r.real("logistics.lastmile_revenue", 0.8, {0, 1e3}, {0.5, 1.2}, "yuan/parcel",
           "part of the fee that pays the township-village leg (decides village service)", A);
    r.real("logistics.handling_cost", 1.0, {0, 1e3}, {0.6, 1.6}, "yuan/parcel", "sorting and handling cost per parcel",
           A);
    r.real("logistics.trunk_trip_cost", 60, {0, 1e5}, {40, 90}, "yuan/trip",
           "fixed cost of a county-township trip (driver, vehicle)", A);
    r.real("logistics.lastmile_trip_cost", 120, {0, 1e5}, {80, 160}, "yuan/trip",
           "fixed cost of a township-village trip (driver's time, vehicle); sets 2021 village coverage near the "
           "national 80-90 %",
           A);
    r.real("logistics.cost_per_km", 1.5, {0, 1e3}, {1.0, 2.2}, "yuan/km", "vehicle cost per km (fuel vehicle)", A);
    r.real("logistics.nev_saving", 0.35, {0, 1}, {0.2, 0.5}, "1", "share of per-km cost saved by a new-energy vehicle",
           A);
    r.real("logistics.crate_saving", 0.15, {0, 1}, {0.05, 0.25}, "1",
           "share of handling cost saved with standard pallets and crates", A);
    r.real("logistics.nev_share_initial", 0.05, {0, 1}, {0, 0.15}, "1",
           "new-energy share of the rural fleet at the start", A);
    r.real("logistics.crate_share_initial", 0.1, {0, 1}, {0, 0.3}, "1",
           "share of parcels handled in standard crates at the start", A);
    r.real("logistics.joint_share_initial", 0.0, {0, 1}, {0, 0.3}, "1",
           "share of counties with joint distribution (carriers pooling volumes on shared routes) at the start", A);
    r.real("logistics.max_pickup_km", 12, {0, 500}, {8, 20}, "km",
           "farthest a household goes to fetch parcels at the township pick-up point; beyond it, no route means no "
           "online shopping",
           A);
    r.real("logistics.sorting_capacity", 0.3, {0, 100}, {0.2, 0.5}, "parcels/household/day",
           "county sorting-centre capacity per resident household at the start; above it parcels take a day longer", A);
    r.real("logistics.cold_capacity", 0.5, {0, 10}, {0.3, 0.8}, "1",
           "cold-chain capacity at the start, as a share of the perishable produce that rural sellers offer", A);
    r.real("logistics.perishable_share", 0.5, {0, 1}, {0.3, 0.7}, "1",
           "share of rural online produce sales that needs cold chain", A);
    r.real("logistics.sales_factor_periodic", 0.85, {0, 1}, {0.7, 0.95}, "1",
           "online sales of a rural seller whose village is served periodically, relative to daily service", A);
    r.real("logistics.sales_factor_pickup", 0.7, {0, 1}, {0.5, 0.85}, "1",
           "online sales of a rural seller who must bring parcels to the township, relative to daily service", A);
    r.real("logistics.share_joint", 0.3, {0, 1}, {0, 1}, "1", "share of budget.logistics for joint distribution set-up",
           "scenario lever");
    r.real("logistics.share_nev", 0.2, {0, 1}, {0, 1}, "1", "share of budget.logistics for new-energy vehicles",
           "scenario lever");
    r.real("logistics.share_cold", 0.2, {0, 1}, {0, 1}, "1", "share of budget.logistics for cold storage",
           "scenario lever");
    r.real("logistics.share_sorting", 0.1, {0, 1}, {0, 1}, "1", "share of budget.logistics for county sorting capacity",
           "scenario lever");
    r.real("logistics.share_subsidy", 0.2, {0, 1}, {0, 1}, "1", "share of budget.logistics for village route subsidies",
           "scenario lever");
    r.real("logistics.joint_setup_cost", 3e6, {1, 1e10}, {1e6, 6e6}, "yuan/county",
           "public cost of setting up joint distribution in a county", A);
    r.real("logistics.nev_fleet_cost", 2e6, {1, 1e10}, {1e6, 4e6}, "yuan",
           "public cost of one step of a county's fleet renewal (new-energy vehicles and standard crates)", A);
    r.real("logistics.nev_step", 0.2, {0, 1}, {0.1, 0.3}, "1",
           "new-energy share of a county's fleet, and standard-crate share of its parcels, added by one renewal step",
           A);
    r.real("logistics.cold_unit_cost", 150, {0.01, 1e6}, {80, 300}, "yuan per yuan/day",
           "public cost of cold-chain capacity that ships one yuan of perishable produce a day", A);
    r.real("logistics.sorting_unit_cost", 300, {0.01, 1e6}, {150, 600}, "yuan per parcel/day",
           "public cost of sorting capacity", A);

    // --- rural online sellers (project 1) ------------------------------------------------------
    r.real("ecommerce.seller_share_initial", 0.03, {0, 1}, {0.015, 0.06}, "1",
           "share of rural households selling online at the start", A);
    r.real("ecommerce.seller_sales", 90000, {0, 1e8}, {50000, 150000}, "yuan/year",
           "online sales of a selling household at the start (grows with ecommerce.seller_sales_growth)", A);
    r.real("ecommerce.seller_p", 0.00005, {0, 1}, {0.00002, 0.0002}, "1/month",
           "Bass external rate of starting to sell online", A);
    r.real("ecommerce.seller_q", 0.004, {0, 1}, {0.001, 0.01}, "1/month",
           "Bass imitation rate of selling, times the township's seller share", A);
    r.real("ecommerce.seller_sales_growth", 0.04, {-0.5, 1}, {0.0, 0.08}, "1/year",
           "growth of a selling household's online sales (market growth net of new sellers' competition)", A);
    r.real("ecommerce.station_q_boost", 0.5, {0, 10}, {0.2, 1.0}, "1",
           "relative rise of the imitation rate where the township has an e-commerce station (upgraded centre)", A);
    r.real("ecommerce.seller_training_cost", 3000, {1, 1e6}, {1500, 6000}, "yuan/household",
           "public cost of training one rural household to sell online (shop, live stream)", A);
    r.real("ecommerce.seller_training_share", 0.5, {0, 1}, {0, 1}, "1",
           "share of budget.ecommerce spent on seller training (the rest trains online shoppers)", "scenario lever");
    r.real("ecommerce.produce_share", 0.6, {0, 1}, {0.4, 0.8}, "1",
           "share of rural online sales that is farm produce (agri-product online retail)", A);
    r.real("ecommerce.goods_margin", 0.2, {0, 1}, {0.1, 0.3}, "1", "margin of a rural seller on non-produce goods", A);
    r.real("market.wholesale_markup", 0.15, {0, 3}, {0.08, 0.25}, "1", "farm-produce chain: wholesale market markup",
           A);
    r.real("market.midtier_markup", 0.2, {0, 3}, {0.1, 0.3}, "1",
           "farm-produce chain: mid-tier (collector, township market) markup", A);
    r.real("market.retail_markup", 0.3, {0, 3}, {0.2, 0.45}, "1", "farm-produce chain: retail markup", A);

    // --- county commerce facilities (project 4) -------------------------------------------------
    r.real("facilities.township_upgrade_cost", 1.5e6, {1, 1e10}, {8e5, 3e6}, "yuan/township",
           "public cost of a township commerce centre upgrade (six ones: centre, farmers' market, e-commerce station, "
           "brand supermarket, restaurant, farm-stay)",
           A);
    r.real("facilities.township_upgrade_variety", 0.4, {0, 5}, {0.2, 0.6}, "log index",
           "variety gained by an upgraded township centre", A);
    r.real("facilities.district_upgrade_cost", 2e7, {1, 1e11}, {1e7, 4e7}, "yuan/county",
           "public cost of upgrading a county-seat business district (ten ones)", A);
    r.real("facilities.district_upgrade_variety", 0.2, {0, 5}, {0.1, 0.4}, "log index",
           "variety gained by an upgraded business district", A);
    r.real("facilities.station_cost", 5e5, {1, 1e10}, {3e5, 1e6}, "yuan/centre",
           "public cost of a rural service centre at a filling station", A);
    r.integer("facilities.stations_target", 0, {0, 2000}, {0, 300}, "centres",
              "filling-station rural service centres the programme builds (the plan: 150)", "scenario lever");
    r.real("facilities.station_sales_share", 0.08, {0, 1}, {0.03, 0.15}, "1",
           "share of its township's centre sales a filling-station centre takes (daily goods, farm inputs)", A);
    r.real("facilities.township_share", 0.4, {0, 1}, {0, 1}, "1",
           "share of budget.facilities for township centre upgrades", "scenario lever");
    r.real("facilities.district_share", 0.2, {0, 1}, {0, 1}, "1",
           "share of budget.facilities for business district upgrades", "scenario lever");
    r.real("facilities.station_share", 0.1, {0, 1}, {0, 1}, "1",
           "share of budget.facilities for filling-station centres (what the township, district and station shares "
           "leave upgrades village stores)",
           "scenario lever");
    r.real("facilities.township_upgraded_initial", 0.3, {0, 1}, {0.2, 0.5}, "1",
           "share of township centres already upgraded at the start", A);
    r.real("facilities.district_upgraded_initial", 0.5, {0, 1}, {0.3, 0.7}, "1",
           "share of business districts already upgraded at the start", A);
    r.real("ecommerce.training_cost", 800, {1, 1e6}, {400, 1500}, "yuan/household",
           "public cost of training one rural household to shop online (selling online comes with the e-commerce "
           "mechanisms)",
           A);
}

}  // namespace

double BudgetSchedule::earmarked() const {
    double e = 0;
    for (const auto& [name, yuan] : earmarks) e += yuan;
    return e;
}

double BudgetSchedule::month_amount(sim::Date m) const {
    const sim::Date first{start.year, start.month, 1};
    if (annual <= 0 || m < first || end < m) return 0.0;
    const double months_in = 12.0 * (m.year - start.year) + (m.month - start.month) + 1.0;
    const double ramp = ramp_months > 0 ? std::min(1.0, months_in / ramp_months) : 1.0;
    return annual / 12.0 * ramp;
}

void declare_budget(sim::ParamRegistry& r, const std::string& project, const std::string& what) {
    const std::string k = "budget." + project;
    r.real(k, 0, {0, 1e12}, {0, 1e10}, "yuan/year", what + " (yearly amount, paid out monthly)", "scenario lever");
    r.date(k + "_start", "2022-01-01", "first month of " + project + " funding (the plan runs 2022-2025)");
    r.date(k + "_end", "2025-12-31", "last month of " + project + " funding");
    r.real(k + "_ramp_months", 0, {0, 120}, {0, 24}, "months",
           "months over which " + project + " funding ramps up linearly from its start", "scenario lever");
    r.member("budget.county", project, 0, {0, 1e12}, {0, 1e9}, "yuan/year",
             "part of budget." + project +
                 " earmarked for the county (out of the project's budget, same timing; spent there by the project's "
                 "rules, unspent carried)",
             "scenario lever");
}

std::pair<sim::Date, sim::Date> read_period(const sim::Scenario& sc, const std::string& start_key,
                                            const std::string& end_key) {
    const sim::Date start = sc.date(start_key), end = sc.date(end_key);
    if (end < start) {
        const auto& v = sc.value(end_key);
        throw ScenarioError(v.file, v.line, end_key,
                            "ends (" + end.iso() + ") before " + start_key + " (" + start.iso() + ")");
    }
    return {start, end};
}

BudgetSchedule read_budget(const sim::Scenario& sc, const std::string& project) {
    const std::string k = "budget." + project;
    BudgetSchedule b;
    b.annual = sc.real(k);
    std::tie(b.start, b.end) = read_period(sc, k + "_start", k + "_end");
    b.ramp_months = sc.real(k + "_ramp_months");
    double earmarked = 0;
    std::string last;
    if (const sim::ParamFamily* f = sc.registry().family_at("budget.county"))
        for (const auto& name : f->names) {
            const std::string key = "budget.county." + name + "." + project;
            const double e = sc.real(key);
            if (e <= 0) continue;
            b.earmarks.emplace_back(name, e);
            earmarked += e;
            last = key;
        }
    if (earmarked > b.annual * (1.0 + 1e-12)) {
        const auto& v = sc.value(last);
        std::ostringstream os;
        os << "earmarks of " << project << " add up to " << earmarked << " yuan/year, more than " << k << " = "
           << b.annual << " (earmarks are part of the project's budget)";
        throw ScenarioError(v.file, v.line, last, os.str());
    }
    return b;
}

const sim::ParamRegistry& registry() {
    static const sim::ParamRegistry reg = [] {
        sim::ParamRegistry r;
        declare(r);
        declare_macro(r);
        declare_module_parameters(r);
        return r;
    }();
    return reg;
}

Params read_params(const sim::Scenario& sc) {
    Params p;
    p.start = sc.date("run.start");
    p.end = sc.date("run.end");
    if (p.end < p.start) {
        const auto& v = sc.value("run.end");
        throw ScenarioError(v.file, v.line, "run.end", "end " + p.end.iso() + " is before run.start " + p.start.iso());
    }
    p.scale = sc.real("run.scale");
    p.counties_file = sc.text("run.counties_file");
    if (!p.counties_file.empty() && std::filesystem::path(p.counties_file).is_relative()) {
        const auto& v = sc.value("run.counties_file");
        if (!v.file.empty() && v.file != "override")
            p.counties_file = (std::filesystem::path(v.file).parent_path() / p.counties_file).string();
    }
    p.county_daily = sc.boolean("output.county_daily");

    p.persons_per_household = sc.real("household.persons");
    p.macro = read_macro(sc);
    // Income levels are given for a reference year (its annual figure, i.e. mid-year); the macro path carries them to
    // the start.
    const sim::Date reference{static_cast<int>(sc.integer("household.income_year")), 7, 1};
    p.income_urban = sc.real("household.income_urban") * p.macro.factor(MacroPath::kIncomeUrban, reference, p.start);
    p.income_rural = sc.real("household.income_rural") * p.macro.factor(MacroPath::kIncomeRural, reference, p.start);
    p.income_sigma = sc.real("household.income_sigma");
    p.income_group_rural = {1.0, sc.real("household.income_rural_ne"), sc.real("household.income_rural_se")};
    p.mpc_urban = sc.real("household.mpc_urban");
    p.mpc_rural = sc.real("household.mpc_rural");
    p.wealth_spend = sc.real("household.wealth_spend");
    p.buffer_months = sc.real("household.buffer_months");
    p.initial_wealth_months = sc.real("household.initial_wealth_months");
    p.wealth_sigma = sc.real("household.wealth_sigma");
    p.goods_share_urban = sc.real("household.goods_share_urban");
    p.goods_share_rural = sc.real("household.goods_share_rural");
    p.spending_noise = sc.real("household.spending_noise");
    p.spring_festival_boost = sc.real("household.spring_festival_boost");
    static const char* kMonths[] = {"jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"};
    for (int m = 0; m < 12; ++m)
        p.month_factor[static_cast<std::size_t>(m)] = sc.real(std::string("season.") + kMonths[m]);

    p.asc = {0.0, sc.real("channel.asc_township"), sc.real("channel.asc_county"), sc.real("channel.asc_online")};
    p.log_variety = {sc.real("channel.variety_village"), sc.real("channel.variety_township"),
                     sc.real("channel.variety_county"), sc.real("channel.variety_online")};
    p.store_markup = sc.real("store.markup");
    p.township_markup = sc.real("township.markup");
    p.district_markup = sc.real("district.markup");
    p.price_index = {1.0 + p.store_markup, 1.0 + p.township_markup, 1.0 + p.district_markup,
                     (1.0 + p.district_markup) * sc.real("channel.price_online")};
    p.beta_time = sc.real("channel.beta_time");
    p.beta_variety = sc.real("channel.beta_variety");
    p.beta_price = sc.real("channel.beta_price");
    p.beta_delivery = sc.real("channel.beta_delivery");
    p.online_peak_utility = sc.real("channel.online_peak_utility");
    p.urban_trip_hours = sc.real("channel.urban_trip_hours");
    p.speed_plain = sc.real("terrain.speed_plain");
    p.speed_hill = sc.real("terrain.speed_hill");
    p.speed_mountain = sc.real("terrain.speed_mountain");
    p.delivery_days_base = sc.real("delivery.base_days");
    p.delivery_days_periodic = sc.real("delivery.periodic_extra_days");
    p.daily_route_km = sc.real("delivery.daily_route_km");

    p.adoption_rural0 = sc.real("adoption.rural_initial");
    p.adoption_urban0 = sc.real("adoption.urban_initial");
    p.bass_p = sc.real("adoption.bass_p");
    p.bass_q = sc.real("adoption.bass_q");

    p.local_seller_share = sc.real("online.local_seller_share");
    p.rural_seller_share = sc.real("online.rural_seller_share");
    p.external_urban_online = sc.real("online.external_urban");
    p.external_online_growth = sc.real("online.external_growth");
    p.external_peak_boost = sc.real("online.external_peak_boost");

    p.store_fixed_cost = sc.real("store.fixed_cost");
    p.store_initial_presence = sc.real("store.initial_presence");
    p.store_exit_months = static_cast<double>(sc.integer("store.exit_months"));
    p.store_entry_rate = sc.real("store.entry_rate");
    p.store_stock_days = sc.real("store.stock_days");
    p.restock_trip_cost = sc.real("store.restock_trip_cost");
    p.restock_cost_per_km = sc.real("store.restock_cost_per_km");
    p.store_upgrade_cost = sc.real("store.upgrade_cost");
    p.store_upgrade_variety = sc.real("store.upgrade_variety");
    p.township_fixed_cost = sc.real("township.fixed_cost");

    p.village_size_sigma = sc.real("geography.village_size_sigma");
    p.village_township_km = {sc.real("geography.village_township_km_plain"),
                             sc.real("geography.village_township_km_hill"),
                             sc.real("geography.village_township_km_mountain")};
    p.township_county_km = {sc.real("geography.township_county_km_plain"), sc.real("geography.township_county_km_hill"),
                            sc.real("geography.township_county_km_mountain")};
    p.distance_sigma = sc.real("geography.distance_sigma");

    p.budget_ecommerce = read_budget(sc, "ecommerce");
    p.budget_facilities = read_budget(sc, "facilities");
    p.budget_logistics = read_budget(sc, "logistics");

    p.carriers = static_cast<int>(sc.integer("logistics.carriers"));
    p.parcel_value_down = sc.real("logistics.parcel_value_down");
    p.parcel_value_up = sc.real("logistics.parcel_value_up");
    p.parcel_fee = sc.real("logistics.parcel_fee");
    p.lastmile_revenue = sc.real("logistics.lastmile_revenue");
    p.handling_cost = sc.real("logistics.handling_cost");
    p.trunk_trip_cost = sc.real("logistics.trunk_trip_cost");
    p.lastmile_trip_cost = sc.real("logistics.lastmile_trip_cost");
    p.cost_per_km = sc.real("logistics.cost_per_km");
    p.nev_saving = sc.real("logistics.nev_saving");
    p.crate_saving = sc.real("logistics.crate_saving");
    p.nev_share0 = sc.real("logistics.nev_share_initial");
    p.crate_share0 = sc.real("logistics.crate_share_initial");
    p.joint_share0 = sc.real("logistics.joint_share_initial");
    p.max_pickup_km = sc.real("logistics.max_pickup_km");
    p.sorting_capacity = sc.real("logistics.sorting_capacity");
    p.cold_capacity0 = sc.real("logistics.cold_capacity");
    p.perishable_share = sc.real("logistics.perishable_share");
    p.up_factor_periodic = sc.real("logistics.sales_factor_periodic");
    p.up_factor_pickup = sc.real("logistics.sales_factor_pickup");
    p.logistics_split = {sc.real("logistics.share_joint"), sc.real("logistics.share_nev"),
                         sc.real("logistics.share_cold"), sc.real("logistics.share_sorting"),
                         sc.real("logistics.share_subsidy")};
    p.joint_setup_cost = sc.real("logistics.joint_setup_cost");
    p.nev_fleet_cost = sc.real("logistics.nev_fleet_cost");
    p.nev_step = sc.real("logistics.nev_step");
    p.cold_unit_cost = sc.real("logistics.cold_unit_cost");
    p.sorting_unit_cost = sc.real("logistics.sorting_unit_cost");
    auto check_shares = [&](const std::vector<std::string>& keys, bool exact) {
        double total = 0;
        for (const auto& k : keys) total += sc.real(k);
        if (exact ? std::abs(total - 1.0) > 1e-9 : total > 1.0 + 1e-9) {
            // Name the last of the keys a file or override set (defaults have no line to show).
            std::string key = keys.back();
            for (const auto& k : keys)
                if (!sc.value(k).file.empty()) key = k;
            const auto& v = sc.value(key);
            std::string list;
            for (const auto& k : keys) list += (list.empty() ? "" : " + ") + k;
            throw ScenarioError(v.file, v.line, key,
                                list + (exact ? " must add up to 1" : " must not exceed 1") + ", they add up to " +
                                    std::to_string(total));
        }
    };
    check_shares({"logistics.share_joint", "logistics.share_nev", "logistics.share_cold", "logistics.share_sorting",
                  "logistics.share_subsidy"},
                 true);

    p.seller_share0 = sc.real("ecommerce.seller_share_initial");
    p.seller_sales = sc.real("ecommerce.seller_sales");
    p.seller_p = sc.real("ecommerce.seller_p");
    p.seller_q = sc.real("ecommerce.seller_q");
    p.seller_sales_growth = sc.real("ecommerce.seller_sales_growth");
    p.station_q_boost = sc.real("ecommerce.station_q_boost");
    p.seller_training_cost = sc.real("ecommerce.seller_training_cost");
    p.seller_training_budget_share = sc.real("ecommerce.seller_training_share");
    p.produce_share = sc.real("ecommerce.produce_share");
    p.seller_goods_margin = sc.real("ecommerce.goods_margin");
    p.tier_markup = {sc.real("market.wholesale_markup"), sc.real("market.midtier_markup"),
                     sc.real("market.retail_markup")};

    p.township_upgrade_cost = sc.real("facilities.township_upgrade_cost");
    p.township_upgrade_variety = sc.real("facilities.township_upgrade_variety");
    p.district_upgrade_cost = sc.real("facilities.district_upgrade_cost");
    p.district_upgrade_variety = sc.real("facilities.district_upgrade_variety");
    p.station_cost = sc.real("facilities.station_cost");
    p.stations_target = static_cast<int>(sc.integer("facilities.stations_target"));
    p.station_sales_share = sc.real("facilities.station_sales_share");
    p.facilities_township_share = sc.real("facilities.township_share");
    p.facilities_district_share = sc.real("facilities.district_share");
    p.facilities_station_share = sc.real("facilities.station_share");
    check_shares({"facilities.township_share", "facilities.district_share", "facilities.station_share"}, false);
    p.township_upgraded0 = sc.real("facilities.township_upgraded_initial");
    p.district_upgraded0 = sc.real("facilities.district_upgraded_initial");
    p.training_cost = sc.real("ecommerce.training_cost");

    p.source_share = {sc.real("funding.central_share"), sc.real("funding.municipal_share"),
                      sc.real("funding.county_share")};
    check_shares({"funding.central_share", "funding.municipal_share", "funding.county_share"}, true);
    // Every project's earmarks (the modules' too) are checked here, so `validate` catches them.
    if (const sim::ParamFamily* f = sc.registry().family_at("budget.county")) {
        const std::string head = sim::ParamRegistry::pattern_key(*f, "");
        for (const sim::ParamSpec* m : sc.registry().patterns())
            if (m->key.compare(0, head.size(), head) == 0) (void)read_budget(sc, m->key.substr(head.size()));
    }
    p.county_capacity = {sc.real("funding.county_capacity_m"), sc.real("funding.county_capacity_ne"),
                         sc.real("funding.county_capacity_se")};
    return p;
}

std::string parameters_markdown() {
    std::ostringstream os;
    std::string section;
    // Family members (budget.county.<county>.<project>) sit with their section's keys.
    std::vector<const sim::ParamSpec*> specs = registry().all();
    for (const sim::ParamSpec* s : registry().patterns()) specs.push_back(s);
    std::stable_sort(specs.begin(), specs.end(),
                     [](const sim::ParamSpec* a, const sim::ParamSpec* b) { return a->key < b->key; });
    for (const sim::ParamSpec* s : specs) {
        const std::string sec = s->key.substr(0, s->key.find('.'));
        if (sec != section) {
            section = sec;
            os << "\n## [" << sec
               << "]\n\n| key | type | default | unit | limits | plausible range | description | source |\n"
               << "|---|---|---|---|---|---|---|---|\n";
        }
        std::ostringstream def;
        if (s->type == sim::ParamType::String || s->type == sim::ParamType::Date)
            def << '"' << s->default_text << '"';
        else if (s->type == sim::ParamType::Boolean)
            def << (s->default_number != 0 ? "true" : "false");
        else
            def << s->default_number;
        std::ostringstream lim, pl;
        if (s->type == sim::ParamType::Real || s->type == sim::ParamType::Integer) {
            lim << "[" << s->limits.lo << ", " << s->limits.hi << "]";
            pl << "[" << s->plausible.lo << ", " << s->plausible.hi << "]";
        }
        os << "| `" << s->key << "` | " << sim::type_name(s->type) << " | " << def.str() << " | " << s->unit << " | "
           << lim.str() << " | " << pl.str() << " | " << s->description << " | "
           << (s->source.empty() ? "-" : s->source) << " |\n";
    }
    for (const sim::ParamFamily* f : registry().families()) {
        os << "\n## [" << f->prefix << ".<" << f->placeholder << ">]\n\n"
           << f->description << ". A table `[" << f->prefix << ".<" << f->placeholder << ">]` per " << f->placeholder
           << " holds the `" << f->prefix << ".<" << f->placeholder << ">.*` keys above; an unknown " << f->placeholder
           << " is an error that lists the valid names:\n\n";
        std::string names;
        for (const auto& n : f->names) names += (names.empty() ? "" : ", ") + n;
        os << names << "\n";
    }
    return os.str();
}

}  // namespace ruralsim::models
