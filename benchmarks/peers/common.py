"""What the peers share: scenario loading, parameters, county data, geography, calendar.

The peers are the *household retail core* of ruralsim: households (income, buffer-stock
consumption, Bass adoption), multinomial-logit channel choice, village stores, township
centres, county business districts and online purchases (local split, urban sellers'
outside demand), plus the delivery days of online purchases (a village's parcel service
and sorting-centre overload). The rest of the model (rural online sellers as agents, the
route economics that decide parcel service, township / district upgrades, policy budgets,
the production modules' payments to households) is not in the peers; `CORE_SETS` are the
scenario overrides that make it neutral, and `load` refuses a scenario where it is not
(`core_violations`). The benchmark and the agreement test run ruralsim and the peers on
the baseline scenario with `CORE_SETS`.

Everything here mirrors the C++ model (models/src/parameters.cpp read_params,
geography.cpp build_geography, model.cpp setup_households / setup_stores /
season, households.cpp place_shares) so the peers do the same work with the
same equations. Random draws come from NumPy's own generator (PCG64), not from
Philox: the peers agree with ruralsim statistically, not bit for bit.

Defaults come from `ruralsim params --resolved` (the full default scenario as
TOML). When the binary is at hand (env RURALSIM_BIN or `defaults_from_binary`)
it is asked; otherwise the snapshot benchmarks/peers/defaults.toml is used
(tests/python/test_peers.py checks that the snapshot is current).
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import json
import math
import os
import subprocess
import time
import tomllib
from dataclasses import dataclass
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[2]
SNAPSHOT = Path(__file__).with_name("defaults.toml")

# Channels of the multinomial logit (parameters.hpp Channel).
VILLAGE, TOWNSHIP, DISTRICT, ONLINE = 0, 1, 2, 3
CHANNELS = 4

# Spring Festival dates (model.cpp kSpringFestival).
SPRING_FESTIVAL = [dt.date(*d) for d in [
    (2015, 2, 19), (2016, 2, 8), (2017, 1, 28), (2018, 2, 16), (2019, 2, 5), (2020, 1, 25),
    (2021, 2, 12), (2022, 2, 1), (2023, 1, 22), (2024, 2, 10), (2025, 1, 29), (2026, 2, 17),
    (2027, 2, 6), (2028, 1, 26), (2029, 2, 13), (2030, 2, 3)]]

# Parcel service of a place (model_state.hpp Service).
NO_SERVICE, PICKUP, PERIODIC, DAILY = 0, 1, 2, 3

# The neutral-core workload: overrides (ruralsim `--set`, the peers' `--set`) that switch the
# mechanisms outside the household retail core off, each to the value where ruralsim's core
# alone remains. Budgets are 0 in the baseline already.
CORE_SETS = [
    # The workload starts in 2021 on the assumed income trends (no realised macro path, no
    # demand shocks): the peers grow income at one constant rate.
    "run.start=2021-01-01", "macro.realised_until=2018",
    # No rural online sellers (no initial sellers, no Bass start): rural online retail is the
    # rural sellers' share of local purchases only; no seller income (pending income) to households.
    "ecommerce.seller_share_initial=0", "ecommerce.seller_p=0",
    # Village trips cost nothing: the monthly route economics (logistics.cpp decide_services)
    # give every village daily service; from day 0 too, villages up to 100 km from their
    # township start on a daily route (farther ones start periodic; the peers do the same).
    "logistics.lastmile_trip_cost=0", "logistics.cost_per_km=0", "delivery.daily_route_km=100",
    # Sorting centres far above the load: no extra delivery days (the peers compute them anyway).
    "logistics.sorting_capacity=100",
    # No upgraded township centres or business districts (no variety bonus).
    "facilities.township_upgraded_initial=0", "facilities.district_upgraded_initial=0",
    # Production modules pay households nothing: no baseline procurement (assistance), no
    # mulberry farms (sericulture), no export payments for raw produce (exports).
    "assistance.public_procurement=0", "assistance.union_procurement=0", "assistance.shandong_procurement=0",
    "sericulture.initial_area=0", "sericulture.qianjiang_area=0",
    "exports.zhacai_farm_share=0", "exports.lemon_farm_share=0", "exports.textile_farm_share=0",
    "exports.other_farm_share=0",
]

MONTHS = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"]

# The yearly aggregates the peers report (names of ruralsim's /year indicators).
AGGREGATES = ["rural_retail_sales", "urban_retail_sales", "rural_household_online_purchases",
              "village_store_sales", "township_centre_sales", "county_district_sales"]


# --------------------------------------------------------------------------- scenario

def defaults_from_binary(binary: str) -> dict:
    out = subprocess.run([binary, "params", "--resolved"], check=True, capture_output=True, text=True).stdout
    return tomllib.loads(out)


def load_defaults(binary: str | None = None) -> dict:
    binary = binary or os.environ.get("RURALSIM_BIN")
    if binary and os.access(binary, os.X_OK):
        return defaults_from_binary(binary)
    return tomllib.loads(SNAPSHOT.read_text())


def _merge(base: dict, over: dict) -> dict:
    out = dict(base)
    for k, v in over.items():
        out[k] = _merge(out[k], v) if isinstance(v, dict) and isinstance(out.get(k), dict) else v
    return out


def _read_scenario(path: Path, chain=()) -> tuple[dict, dict]:
    """The scenario file with `extends` resolved (parent first, child overrides).

    Returns the merged table and, per dotted key, the file that set it (for
    resolving relative paths like run.counties_file, as the C++ loader does)."""
    path = Path(path)
    canon = path.resolve()
    if canon in chain:
        raise ValueError(f"{path}: extends cycle")
    with open(path, "rb") as f:
        tbl = tomllib.load(f)
    merged, origin = {}, {}
    parent = tbl.pop("extends", None)
    if parent is not None:
        merged, origin = _read_scenario(path.parent / parent, chain + (canon,))
    merged = _merge(merged, tbl)
    for sec, body in tbl.items():
        if isinstance(body, dict):
            for k in body:
                origin[f"{sec}.{k}"] = path
    return merged, origin


def _parse_value(text: str):
    try:
        return tomllib.loads(f"v = {text}")["v"]
    except tomllib.TOMLDecodeError:
        return text


def resolve(scenario: str | Path, sets=(), scale: float | None = None, binary: str | None = None) -> dict:
    """Defaults <- scenario (with extends) <- --set overrides <- --scale, as `ruralsim run` does."""
    tbl, origin = _read_scenario(Path(scenario))
    full = _merge(load_defaults(binary), tbl)
    for kv in sets:
        key, _, value = kv.partition("=")
        sec, _, leaf = key.partition(".")
        full.setdefault(sec, {})[leaf] = _parse_value(value)
        origin[key] = "override"
    if scale is not None:
        full["run"]["scale"] = float(scale)
    cf = full["run"].get("counties_file", "")
    if cf and not Path(cf).is_absolute() and isinstance(origin.get("run.counties_file"), Path):
        full["run"]["counties_file"] = str(origin["run.counties_file"].parent / cf)
    return full


@dataclass
class Params:
    """The fields of models::Params the retail core uses (read_params)."""
    start: dt.date
    end: dt.date
    scale: float
    counties_file: str
    persons: float
    income_urban: float
    income_rural: float
    income_growth_urban: float
    income_growth_rural: float
    income_sigma: float
    income_group_rural: tuple
    mpc_urban: float
    mpc_rural: float
    wealth_spend: float
    buffer_months: float
    initial_wealth_months: float
    wealth_sigma: float
    goods_share_urban: float
    goods_share_rural: float
    spending_noise: float
    spring_festival_boost: float
    month_factor: tuple
    asc: tuple
    log_variety: tuple
    price_index: tuple
    beta_time: float
    beta_variety: float
    beta_price: float
    beta_delivery: float
    online_peak_utility: float
    speed: tuple  # plain, hill, mountain
    urban_trip_hours: float
    delivery_days_base: float
    delivery_days_periodic: float
    daily_route_km: float
    adoption_rural0: float
    adoption_urban0: float
    bass_p: float
    bass_q: float
    local_seller_share: float
    rural_seller_share: float
    external_urban_online: float
    external_online_growth: float
    external_peak_boost: float
    parcel_value_down: float
    sorting_capacity: float
    store_markup: float
    store_fixed_cost: float
    store_initial_presence: float
    store_exit_months: float
    store_entry_rate: float
    store_stock_days: float
    restock_trip_cost: float
    restock_cost_per_km: float
    store_upgrade_variety: float
    township_markup: float
    township_fixed_cost: float
    district_markup: float
    village_size_sigma: float
    village_township_km: tuple
    township_county_km: tuple
    distance_sigma: float


def params(full: dict) -> Params:
    g = lambda key: full[key.split(".")[0]][key.split(".")[1]]  # noqa: E731
    sm, tm, dm = g("store.markup"), g("township.markup"), g("district.markup")
    terr = ("plain", "hill", "mountain")
    start, end = g("run.start"), g("run.end")
    if isinstance(start, str):
        start = dt.date.fromisoformat(start)
    if isinstance(end, str):
        end = dt.date.fromisoformat(end)
    # Incomes are given for the middle of household.income_year and grown to the start at the trend (read_params).
    years = (start - dt.date(int(g("household.income_year")), 7, 1)).days / 365.25
    return Params(
        start=start, end=end, scale=float(g("run.scale")), counties_file=g("run.counties_file"),
        persons=g("household.persons"),
        income_urban=g("household.income_urban") * (1.0 + g("household.income_growth_urban")) ** years,
        income_rural=g("household.income_rural") * (1.0 + g("household.income_growth_rural")) ** years,
        income_growth_urban=g("household.income_growth_urban"),
        income_growth_rural=g("household.income_growth_rural"), income_sigma=g("household.income_sigma"),
        income_group_rural=(1.0, g("household.income_rural_ne"), g("household.income_rural_se")),
        mpc_urban=g("household.mpc_urban"), mpc_rural=g("household.mpc_rural"),
        wealth_spend=g("household.wealth_spend"), buffer_months=g("household.buffer_months"),
        initial_wealth_months=g("household.initial_wealth_months"), wealth_sigma=g("household.wealth_sigma"),
        goods_share_urban=g("household.goods_share_urban"), goods_share_rural=g("household.goods_share_rural"),
        spending_noise=g("household.spending_noise"), spring_festival_boost=g("household.spring_festival_boost"),
        month_factor=tuple(float(g(f"season.{m}")) for m in MONTHS),
        asc=(0.0, g("channel.asc_township"), g("channel.asc_county"), g("channel.asc_online")),
        log_variety=(g("channel.variety_village"), g("channel.variety_township"), g("channel.variety_county"),
                     g("channel.variety_online")),
        price_index=(1.0 + sm, 1.0 + tm, 1.0 + dm, (1.0 + dm) * g("channel.price_online")),
        beta_time=g("channel.beta_time"), beta_variety=g("channel.beta_variety"),
        beta_price=g("channel.beta_price"), beta_delivery=g("channel.beta_delivery"),
        online_peak_utility=g("channel.online_peak_utility"),
        speed=tuple(g(f"terrain.speed_{t}") for t in terr), urban_trip_hours=g("channel.urban_trip_hours"),
        delivery_days_base=g("delivery.base_days"), delivery_days_periodic=g("delivery.periodic_extra_days"),
        daily_route_km=g("delivery.daily_route_km"),
        adoption_rural0=g("adoption.rural_initial"), adoption_urban0=g("adoption.urban_initial"),
        bass_p=g("adoption.bass_p"), bass_q=g("adoption.bass_q"),
        local_seller_share=g("online.local_seller_share"), rural_seller_share=g("online.rural_seller_share"),
        external_urban_online=g("online.external_urban"),
        external_online_growth=g("online.external_growth"), external_peak_boost=g("online.external_peak_boost"),
        parcel_value_down=g("logistics.parcel_value_down"), sorting_capacity=g("logistics.sorting_capacity"),
        store_markup=sm, store_fixed_cost=g("store.fixed_cost"), store_initial_presence=g("store.initial_presence"),
        store_exit_months=float(g("store.exit_months")), store_entry_rate=g("store.entry_rate"),
        store_stock_days=g("store.stock_days"), restock_trip_cost=g("store.restock_trip_cost"),
        restock_cost_per_km=g("store.restock_cost_per_km"), store_upgrade_variety=g("store.upgrade_variety"),
        township_markup=tm, township_fixed_cost=g("township.fixed_cost"), district_markup=dm,
        village_size_sigma=g("geography.village_size_sigma"),
        village_township_km=tuple(g(f"geography.village_township_km_{t}") for t in terr),
        township_county_km=tuple(g(f"geography.township_county_km_{t}") for t in terr),
        distance_sigma=g("geography.distance_sigma"),
    )


def core_violations(full: dict) -> list[str]:
    """The mechanisms outside the household retail core that the resolved scenario switches on."""
    bad = []
    g = lambda key: full[key.split(".")[0]][key.split(".")[1]]  # noqa: E731
    for k, v in full["budget"].items():
        if not k.endswith(("_start", "_end", "_ramp_months")) and v:
            bad.append(f"budget.{k}={v} (policy budgets)")
    for key, what in [("ecommerce.seller_share_initial", "rural online sellers"),
                      ("ecommerce.seller_p", "rural online sellers"),
                      ("logistics.lastmile_trip_cost", "route economics of village parcel service"),
                      ("logistics.cost_per_km", "route economics of village parcel service"),
                      ("facilities.township_upgraded_initial", "upgraded township centres"),
                      ("facilities.district_upgraded_initial", "upgraded business districts"),
                      ("assistance.public_procurement", "assistance payments to households"),
                      ("assistance.union_procurement", "assistance payments to households"),
                      ("assistance.shandong_procurement", "assistance payments to households"),
                      ("assistance.xiushan_package", "assistance payments to households"),
                      ("sericulture.initial_area", "sericulture payments to households"),
                      ("sericulture.qianjiang_area", "sericulture payments to households")]:
        if g(key):
            bad.append(f"{key}={g(key)} ({what})")
    for k, v in full["exports"].items():
        if k.endswith("_farm_share") and v:
            bad.append(f"exports.{k}={v} (export payments to households)")
    start = g("run.start")
    start_year = start.year if isinstance(start, dt.date) else int(str(start)[:4])
    if g("macro.realised_until") >= start_year:
        bad.append(f"macro.realised_until={g('macro.realised_until')} (a realised macro path from {start_year})")
    for k, v in full["macro"].items():
        ends = v["end"] if isinstance(v, dict) and k.startswith("shock") else None
        if ends is not None and str(ends) >= str(start) and (v["spending"] or v["offline"]):
            bad.append(f"macro.{k} (a demand shock in the run)")
    return bad


def load(scenario, sets=(), scale=None, binary=None) -> Params:
    """Params of the resolved scenario; refuses one that needs more than the retail core
    (run the peers with `--set` of each of CORE_SETS, as the benchmark and test do)."""
    full = resolve(scenario, sets, scale, binary)
    bad = core_violations(full)
    if bad:
        raise NotImplementedError("the peers model the household retail core only; this scenario switches on: "
                                  + "; ".join(bad) + " (see common.CORE_SETS)")
    return params(full)


# --------------------------------------------------------------------------- county data and geography

@dataclass
class County:
    name: str
    group: int      # 0 M, 1 NE, 2 SE
    terrain: int    # 0 plain, 1 hill, 2 mountain
    population: float
    urban_share: float
    subdistricts: int
    towns: int
    townships: int
    villages: int


def load_counties(path: str = "") -> list[County]:
    path = path or str(ROOT / "data" / "counties.csv")
    groups, terrains = {"M": 0, "NE": 1, "SE": 2}, {"plain": 0, "hill": 1, "mountain": 2}
    with open(path, newline="", encoding="utf-8") as f:
        return [County(r["name"], groups[r["group"]], terrains[r["terrain"]], float(r["population"]),
                       float(r["urban_share"]), int(r["subdistricts"]), int(r["towns"]), int(r["townships"]),
                       int(r["villages"])) for r in csv.DictReader(f)]


def lognormal_mean(rng, mean, sigma, size=None):
    """Log-normal with the given mean (not median), as sim::Stream::lognormal_mean."""
    return mean * np.exp(sigma * rng.standard_normal(size) - 0.5 * sigma * sigma)


@dataclass
class Geography:
    """County -> township -> place tree as flat arrays (geography.cpp build_geography)."""
    counties: list
    township_county: np.ndarray    # per township
    township_urban: np.ndarray
    township_km: np.ndarray        # township -> county seat (county_km)
    place_county: np.ndarray       # per place
    place_township: np.ndarray
    place_urban: np.ndarray
    place_households: np.ndarray   # real households
    place_km: np.ndarray           # village -> township centre

    @property
    def places(self) -> int:
        return len(self.place_county)


def build_geography(counties: list[County], p: Params, rng) -> Geography:
    tc, tu, tk = [], [], []
    pc, pt, pu, ph, pk = [], [], [], [], []
    for c, cd in enumerate(counties):
        households = cd.population / p.persons
        urban_hh = households * cd.urban_share
        rural_hh = households - urban_hh
        first_township = len(tc)
        rural_units = cd.towns + cd.townships
        for _ in range(cd.subdistricts):
            tc.append(c)
            tu.append(True)
            tk.append(0.0)
        for _ in range(rural_units):
            tc.append(c)
            tu.append(False)
            tk.append(float(lognormal_mean(rng, p.township_county_km[cd.terrain], p.distance_sigma)))
        for i in range(cd.subdistricts):
            pc.append(c)
            pt.append(first_township + i)
            pu.append(True)
            ph.append(urban_hh / cd.subdistricts)
            pk.append(0.0)
        if cd.villages > 0:
            size = lognormal_mean(rng, 1.0, p.village_size_sigma, cd.villages)
            total = size.sum()
            hosts = rural_units if rural_units > 0 else cd.subdistricts
            host0 = first_township + (cd.subdistricts if rural_units > 0 else 0)
            for k in range(hosts):
                v0, v1 = k * cd.villages // hosts, (k + 1) * cd.villages // hosts
                for v in range(v0, v1):
                    pc.append(c)
                    pt.append(host0 + k)
                    pu.append(False)
                    ph.append(rural_hh * size[v] / total)
                    pk.append(float(lognormal_mean(rng, p.village_township_km[cd.terrain], p.distance_sigma)))
    return Geography(counties, np.array(tc, np.int64), np.array(tu, bool), np.array(tk),
                     np.array(pc, np.int64), np.array(pt, np.int64), np.array(pu, bool), np.array(ph), np.array(pk))


def agents_per_place(geo: Geography, p: Params) -> tuple[np.ndarray, np.ndarray]:
    """Agents per place (>= 1 where anyone lives; C++ std::round) and real households per agent."""
    real = geo.place_households
    agents = np.where(real > 0, np.maximum(1.0, np.floor(real / p.scale + 0.5)), 0.0)
    weight = np.divide(real, agents, out=np.zeros_like(real), where=agents > 0)
    return agents.astype(np.int64), weight


def place_mean_income(geo: Geography, p: Params) -> np.ndarray:
    grp = np.array([c.group for c in geo.counties])[geo.place_county]
    return np.where(geo.place_urban, p.income_urban, p.income_rural * np.asarray(p.income_group_rural)[grp])


def urban_weight(geo: Geography) -> float:
    """Share of urban households summed city-wide (1 unless there are none): the part of the
    urban sellers' outside demand booked (model.cpp setup_stores urban_weight)."""
    return 1.0 if geo.place_households[geo.place_urban].sum() > 0 else 0.0


def initial_service(geo: Geography, p: Params) -> np.ndarray:
    """Parcel service at the start (logistics.cpp setup_network): urban places and villages
    within delivery.daily_route_km of their township daily, the others periodic."""
    return np.where(geo.place_urban | (geo.place_km <= p.daily_route_km), DAILY, PERIODIC).astype(np.int8)


def monthly_service(geo: Geography, p: Params) -> np.ndarray:
    """Parcel service decided at month end (logistics.cpp decide_services). A village gets daily
    service when its parcels pay a trip: potential / carriers * lastmile_revenue >= trip cost.
    The core runs with free trips (logistics.lastmile_trip_cost = cost_per_km = 0, checked by
    `load`), where every village's potential (>= 0) pays, so every village is served daily."""
    return np.full(geo.places, DAILY, np.int8)


def county_households(geo: Geography) -> np.ndarray:
    return np.bincount(geo.place_county, weights=geo.place_households, minlength=len(geo.counties))


def sorting_extra_days(parcels: np.ndarray, capacity: np.ndarray) -> np.ndarray:
    """Extra delivery days per county from sorting-centre overload (logistics.cpp phase_logistics),
    used from the next day on: (parcels / capacity - 1) clamped to [0, 2]."""
    return np.where(capacity > 0, np.clip(parcels / np.where(capacity > 0, capacity, 1.0) - 1.0, 0.0, 2.0), 0.0)


# --------------------------------------------------------------------------- logit shares (place_shares)

def place_utilities(p: Params, geo: Geography) -> tuple[np.ndarray, np.ndarray]:
    """Per place: utilities of the four channels without upgrade, delivery-days and peak terms,
    and the extra online disutility at a pick-up-only village (fetching parcels: half a trip
    to the township)."""
    P = geo.places
    terrain = np.array([c.terrain for c in geo.counties])[geo.place_county]
    speed = np.asarray(p.speed)[terrain]
    base = np.array([p.asc[c] + p.beta_variety * p.log_variety[c] - p.beta_price * math.log(p.price_index[c])
                     for c in range(CHANNELS)])
    u = np.tile(base, (P, 1))
    urban = geo.place_urban
    county_km = geo.township_km[geo.place_township]
    t_township = 2.0 * geo.place_km / speed
    t_county = 2.0 * (geo.place_km + county_km) / speed
    u[:, TOWNSHIP] -= np.where(urban, 0.0, p.beta_time * t_township)
    u[:, DISTRICT] -= np.where(urban, p.beta_time * p.urban_trip_hours, p.beta_time * t_county)
    fetch = np.where(urban, 0.0, p.beta_time * 0.5 * t_township)
    return u, fetch


def delivery_days(p: Params, geo: Geography, service, extra_days_place) -> np.ndarray:
    """Days to a parcel per place (households.cpp place_shares): base days plus the county's
    overload days, plus the periodic extra where a village is not served daily."""
    rural_slow = ~geo.place_urban & (np.asarray(service) != DAILY)
    return p.delivery_days_base + extra_days_place + np.where(rural_slow, p.delivery_days_periodic, 0.0)


def logit_shares(u: np.ndarray, avail: np.ndarray) -> np.ndarray:
    """Row-wise multinomial logit over available channels (households.cpp logit)."""
    top = np.max(np.where(avail, u, -1e300), axis=-1, keepdims=True)
    e = np.where(avail, np.exp(np.minimum(u - top, 0.0)), 0.0)
    return e / e.sum(axis=-1, keepdims=True)


def place_shares(p: Params, geo: Geography, u0, fetch, store_open, upgraded, online_peak, service, days):
    """Vectorised place_shares: (adopter, other) share matrices, places x channels.
    `service` per place (DAILY ...), `days` per place from delivery_days."""
    u = u0.copy()
    service = np.asarray(service)
    rural = ~geo.place_urban
    u[:, VILLAGE] += np.where(upgraded, p.beta_variety * p.store_upgrade_variety, 0.0)
    u[:, ONLINE] -= np.where(rural & (service == PICKUP), fetch, 0.0)
    u[:, ONLINE] -= p.beta_delivery * days
    if online_peak:
        u[:, ONLINE] += p.online_peak_utility
    avail = np.ones_like(u, dtype=bool)
    avail[:, VILLAGE] = np.asarray(store_open, bool) & rural
    avail[:, TOWNSHIP] = rural
    avail[:, ONLINE] = geo.place_urban | (service != NO_SERVICE)
    adopter = logit_shares(u, avail)
    avail[:, ONLINE] = False
    other = logit_shares(u, avail)
    return adopter, other


# --------------------------------------------------------------------------- calendar

@dataclass
class Day:
    index: int
    date: dt.date
    month: int          # month index from the first month
    year: int           # year index
    month_start: bool
    month_end: bool
    week_start: bool    # Monday
    season: float
    external_season: float
    online_peak: bool


def calendar(p: Params) -> list[Day]:
    days = (p.end - p.start).days + 1
    spring = set()
    for sf in SPRING_FESTIVAL:
        for k in range(1, 15):
            spring.add(sf - dt.timedelta(days=k))
    out = []
    for i in range(days):
        d = p.start + dt.timedelta(days=i)
        nxt = d + dt.timedelta(days=1)
        mf = p.month_factor[d.month - 1]
        out.append(Day(i, d, (d.year - p.start.year) * 12 + d.month - p.start.month, d.year - p.start.year,
                       d.day == 1 or i == 0, nxt.month != d.month or i == days - 1, d.weekday() == 0,
                       mf * (1.0 + p.spring_festival_boost if d in spring else 1.0), mf,
                       (d.month == 6 and d.day <= 18) or (d.month == 11 and d.day <= 11)))
    return out


def growth_factor(rate: float, day: int) -> float:
    return math.exp(math.log1p(rate) * day / 365.25)


def years(p: Params) -> list[int]:
    return list(range(p.start.year, p.end.year + 1))


def cli(argv, doc: str, peer: str, build, households, days):
    """The peers' shared command line: load the scenario like ruralsim, time the day loop,
    print one JSON line (and append it to --out). `build(params, seed)` makes the model,
    `households(model)` and `days(model, params)` describe the workload."""
    ap = argparse.ArgumentParser(description=doc, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("scenario")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--scale", type=float)
    ap.add_argument("--set", action="append", default=[], dest="sets")
    ap.add_argument("--core", action="store_true", help="add the neutral-core overrides (common.CORE_SETS) first")
    ap.add_argument("--out", help="also append the JSON line to this file (one line per run)")
    ap.add_argument("--bin", help="ruralsim binary to ask for the defaults (else env RURALSIM_BIN, else the snapshot)")
    args = ap.parse_args(argv)
    p = load(args.scenario, (CORE_SETS if args.core else []) + args.sets, args.scale, args.bin)
    model = build(p, args.seed)
    t0 = time.perf_counter()
    res = model.run()
    wall = time.perf_counter() - t0
    line = json.dumps({"peer": peer, "households": households(model), "days": days(model, p),
                       "wall_seconds": wall, "yearly": res})
    print(line)
    if args.out:
        with open(args.out, "a") as f:
            f.write(line + "\n")
