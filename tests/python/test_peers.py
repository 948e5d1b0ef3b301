"""The benchmark peers (benchmarks/peers: NumPy and Mesa versions of ruralsim's household
retail core) do the same work as ruralsim: their yearly aggregates agree with ruralsim's
on the same workload within a tolerance set by the seed-to-seed variation measured for both.

Workload: the neutral-core workload of the benchmark, i.e. the baseline scenario for 2021
(the Mesa checks, marked slow: January-April 2021 and the whole year, Mesa taking ~25 s per
simulated year) at run.scale=5000 with the overrides benchmarks/peers/common.py CORE_SETS,
passed with `--set` to ruralsim and to the peers alike. They switch off what is outside the
core: no rural online sellers (ecommerce.seller_share_initial = seller_p = 0), free village trips
so the route economics give every village daily parcel service (logistics.lastmile_trip_cost
= cost_per_km = 0; delivery.daily_route_km = 100 for the first month), no sorting-centre
overload (logistics.sorting_capacity = 100), no upgraded township centres or business
districts at the start, and no payments of the production modules to households (baseline
procurement of the assistance module 0, no mulberry area, export farm shares 0).
`test_core_workload_is_neutral` checks in ruralsim's output that these mechanisms are off.
What the production modules would add is small anyway: with their payments on (all else the
same, seed 1) ruralsim's 2021 rural retail sales, rural online purchases, village store and
township centre sales are 0.06-0.07 % higher and urban retail / district sales 0.0015 %
higher (their income is spent out of wealth above the buffer, 1 % a month); with the
overrides they are exactly 0.

Tolerance. One-year aggregates at run.scale=5000 vary from seed to seed (the geography,
store presence, incomes and adoption are all drawn). Coefficients of variation measured
over seeds 1-20 on this workload (ruralsim and the NumPy peer), the larger of the two,
rounded up:
    rural_retail_sales 1.2 %, urban_retail_sales 1.2 %, rural_household_online_purchases 2.2 %,
    village_store_sales 1.3 %, township_centre_sales 1.4 %, county_district_sales 1.7 %
for the year, and the same within 0.1 point for January-April (the variation comes from the
drawn geography and stores, not from the days); the Mesa peer, seeds 1-8, full year:
1.0, 0.7, 3.1, 1.1, 1.2, 0.9 %.
Comparing the mean of n_a ruralsim seeds with the mean of n_b peer seeds, the difference
has standard deviation cv*sqrt(1/n_a + 1/n_b); we allow 3.5 such standard deviations (a
correct peer fails with probability < 0.05 %) and never less than 2 %. Over 20 seeds the
NumPy peer's means agree with ruralsim's to within 0.4 % (largest gap: county district
sales -0.39 %; rural retail -0.14 %), the Mesa peer's over 8 seeds to within 0.5 %, so a
wrong equation (a missed markup, a channel left out, a wrong growth rate) shows as a larger gap.
"""

import json
import math
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor

import h5py
import pytest

from conftest import ROOT, run_cli

PEERS = ROOT / "benchmarks" / "peers"
sys.path.insert(0, str(PEERS))
import common as cm  # noqa: E402

SCENARIO = ROOT / "scenarios" / "baseline.toml"
SCALE = 5000
END = "2021-12-31"
SHORT_END = "2021-04-30"  # the shorter Mesa check
CV = {"rural_retail_sales": 0.012, "urban_retail_sales": 0.012, "rural_household_online_purchases": 0.022,
      "village_store_sales": 0.013, "township_centre_sales": 0.014, "county_district_sales": 0.017}
SIGMAS = 3.5
FLOOR = 0.02
RS_SEEDS = [1, 2, 3, 4, 5]
# ruralsim indicators that show the non-core mechanisms, and their value when neutral.
NEUTRAL_OUTPUT = {"rural_online_sellers": 0.0, "parcels_up": 0.0, "village_daily_delivery_coverage": 1.0,
                  "township_centre_coverage": 0.0, "business_district_coverage": 0.0, "sericulture_income": 0.0,
                  "procurement_received": 0.0, "remittances": 0.0, "export_farm_purchases": 0.0}


def set_args(sets):
    return [a for kv in sets for a in ("--set", kv)]


def tolerance(name, n_a, n_b):
    return max(FLOOR, SIGMAS * CV[name] * math.sqrt(1 / n_a + 1 / n_b))


def sets(end):
    return [f"run.end={end}", *cm.CORE_SETS]


def run_ruralsim(binary, seed, out, end=END):
    r = run_cli(binary, "run", SCENARIO, "-o", out, "-q", "--seed", seed, "--scale", SCALE, "--threads", 1,
                *set_args(sets(end)))
    assert r.returncode == 0, r.stderr
    with h5py.File(out) as f:
        assert len(f["year"]["year"]) == 1
        return {k: float(f["year"][k][0]) for k in [*CV, *NEUTRAL_OUTPUT]}


@pytest.fixture(scope="module")
def ruralsim_runs(ruralsim_bin, tmp_path_factory):
    tmp = tmp_path_factory.mktemp("peers")
    with ThreadPoolExecutor(max_workers=2) as ex:
        return list(ex.map(lambda s: run_ruralsim(ruralsim_bin, s, tmp / f"rs{s}.h5"), RS_SEEDS))


def means(runs):
    return {k: sum(r[k] for r in runs) / len(runs) for k in CV}


@pytest.fixture(scope="module")
def ruralsim_means(ruralsim_runs):
    return means(ruralsim_runs)


@pytest.fixture(scope="module")
def ruralsim_short_means(ruralsim_bin, tmp_path_factory):
    tmp = tmp_path_factory.mktemp("peers_short")
    with ThreadPoolExecutor(max_workers=2) as ex:
        return means(list(ex.map(lambda s: run_ruralsim(ruralsim_bin, s, tmp / f"rs{s}.h5", SHORT_END), RS_SEEDS)))


def run_peer(peer, seed, ruralsim_bin, end=END):
    cmd = [sys.executable, str(PEERS / f"{peer}_peer.py"), str(SCENARIO), "--seed", str(seed), "--scale", str(SCALE),
           *set_args(sets(end)), "--bin", ruralsim_bin]
    r = subprocess.run(cmd, capture_output=True, text=True, timeout=600)
    assert r.returncode == 0, r.stderr
    return json.loads(r.stdout)


def check(peer_runs, ruralsim_means):
    n = len(peer_runs)
    bad = []
    for k in CV:
        peer = sum(r["yearly"][k][0] for r in peer_runs) / n
        rel = peer / ruralsim_means[k] - 1
        tol = tolerance(k, len(RS_SEEDS), n)
        if abs(rel) > tol:
            bad.append(f"{k}: peer {peer:.4g} vs ruralsim {ruralsim_means[k]:.4g} ({rel:+.2%}, tolerance {tol:.1%})")
    assert not bad, "\n".join(bad)


def test_core_workload_is_neutral(ruralsim_runs):
    """With CORE_SETS ruralsim's mechanisms outside the retail core are off (what the peers assume)."""
    for r in ruralsim_runs:
        for k, v in NEUTRAL_OUTPUT.items():
            assert r[k] == pytest.approx(v, abs=1e-9), k


def test_numpy_peer_agrees_with_ruralsim(ruralsim_bin, ruralsim_means):
    with ThreadPoolExecutor(max_workers=2) as ex:
        runs = list(ex.map(lambda s: run_peer("numpy", s, ruralsim_bin), (1, 2, 3, 4, 5)))
    assert runs[0]["households"] > 9000 and runs[0]["days"] == 365
    check(runs, ruralsim_means)


@pytest.mark.slow  # ~25 s
def test_mesa_peer_agrees_with_ruralsim(ruralsim_bin, ruralsim_short_means):
    """January-April 2021 (Spring Festival included), two seeds side by side."""
    pytest.importorskip("mesa")
    with ThreadPoolExecutor(max_workers=2) as ex:
        runs = list(ex.map(lambda s: run_peer("mesa", s, ruralsim_bin, SHORT_END), (1, 2)))
    assert runs[0]["days"] == 120
    check(runs, ruralsim_short_means)


@pytest.mark.slow  # ~1 min
def test_mesa_peer_agrees_with_ruralsim_full_year(ruralsim_bin, ruralsim_means):
    pytest.importorskip("mesa")
    # Two seeds side by side (Mesa takes ~25 s per simulated year at this scale).
    with ThreadPoolExecutor(max_workers=2) as ex:
        runs = list(ex.map(lambda s: run_peer("mesa", s, ruralsim_bin), (1, 2)))
    check(runs, ruralsim_means)


def test_peer_agents_match_ruralsim(ruralsim_bin, tmp_path):
    """Same geography construction and agent layout: the same number of household agents."""
    out = tmp_path / "o.h5"
    for scale in (1000, 20000):
        sets = ["run.end=2021-01-02", *cm.CORE_SETS]
        r = run_cli(ruralsim_bin, "run", SCENARIO, "-o", out, "-q", "--scale", scale, *set_args(sets))
        assert r.returncode == 0, r.stderr
        with h5py.File(out) as f:
            agents = int(f.attrs["households"])
        p = cm.load(SCENARIO, sets, scale, ruralsim_bin)
        geo = cm.build_geography(cm.load_counties(p.counties_file), p, __import__("numpy").random.default_rng(1))
        assert int(cm.agents_per_place(geo, p)[0].sum()) == pytest.approx(agents, rel=0.002)


def test_defaults_snapshot_is_current(ruralsim_bin):
    """benchmarks/peers/defaults.toml (used when no binary is given) is `ruralsim params --resolved`,
    and every key of CORE_SETS is a scenario key."""
    r = run_cli(ruralsim_bin, "params", "--resolved")
    assert r.returncode == 0, r.stderr
    assert (PEERS / "defaults.toml").read_text() == r.stdout, \
        "regenerate: ruralsim params --resolved > benchmarks/peers/defaults.toml"
    defaults = cm.load_defaults(ruralsim_bin)
    for kv in cm.CORE_SETS:
        sec, _, leaf = kv.partition("=")[0].partition(".")
        assert leaf in defaults.get(sec, {}), kv


def test_extends_and_overrides_resolve_like_ruralsim(ruralsim_bin):
    """A scenario that extends baseline, plus --set, gives the peers the same values ruralsim reads;
    the peers refuse what is outside the core (budgets; the plain baseline's sellers, routes, modules)."""
    full = cm.resolve(ROOT / "scenarios" / "plan2022.toml", ["household.mpc_rural=0.8"], 300, ruralsim_bin)
    assert full["budget"]["ecommerce"] == 1.5e8
    assert full["run"]["end"].isoformat() == "2025-12-31"
    assert full["household"]["mpc_rural"] == 0.8
    assert full["run"]["scale"] == 300.0
    assert full["store"]["markup"] == 0.22
    with pytest.raises(NotImplementedError, match="budget"):
        cm.load(ROOT / "scenarios" / "plan2022.toml", cm.CORE_SETS, binary=ruralsim_bin)
    with pytest.raises(NotImplementedError, match="seller_share_initial"):
        cm.load(SCENARIO, binary=ruralsim_bin)
    assert cm.core_violations(cm.resolve(SCENARIO, cm.CORE_SETS, binary=ruralsim_bin)) == []
