"""Monte Carlo sweeps: seeded sampling, paired (common random number)
differences, summaries, resume from a store, and the same numbers on Dask."""

import os

import numpy as np
import pandas as pd
import pytest

import ruralsim as rs
from conftest import ROOT
from ruralsim import sampling

BASELINE = ROOT / "scenarios" / "baseline.toml"


def small() -> rs.Scenario:
    return rs.Scenario.load(BASELINE).set("run.scale", 5000).set("run.start", "2021-01-01").set("run.end", "2022-12-31")


def funded(base) -> rs.Scenario:
    return rs.Scenario.from_dict({"scenario": {"name": "funded"}, "budget": {"facilities": 3e9, "ecommerce": 1e9}},
                                 base=base)


VARY = {"household.mpc_rural": (0.74, 0.86)}


@pytest.fixture(scope="module")
def ens():
    base = small()
    same = base.copy().set("scenario.name", "same")
    return rs.sweep([base, same, funded(base)], seeds=[11, 12], vary=VARY, samples=2, progress=False)


def test_sampling_is_seeded_and_stratified():
    rng = sampling.ranges({"household.mpc_rural": (0.7, 0.9), "adoption.bass_q": "plausible"})
    reg = rs.parameters()
    assert rng[1] == ("adoption.bass_q", *reg.loc["adoption.bass_q", ["plausible_lo", "plausible_hi"]])
    for method in ("lhs", "sobol"):
        a = sampling.sample(rng, 8, method, seed=4)
        assert np.array_equal(a, sampling.sample(rng, 8, method, seed=4))
        assert not np.array_equal(a, sampling.sample(rng, 8, method, seed=5))
        assert a.shape == (8, 2) and (a[:, 0] >= 0.7).all() and (a[:, 0] <= 0.9).all()
    lhs = sampling.sample(rng, 10, "lhs", seed=1)
    # Latin hypercube: one point in each tenth of every range.
    assert sorted(np.floor((lhs[:, 0] - 0.7) / 0.02).astype(int)) == list(range(10))
    assert [r[0] for r in sampling.ranges(["household.mpc_rural"])] == ["household.mpc_rural"]
    with pytest.raises(KeyError, match="did you mean 'household.mpc_rural'"):
        sampling.ranges({"hh.mpc_rural": (0.7, 0.8)})
    with pytest.raises(ValueError, match="lo < hi"):
        sampling.ranges({"household.mpc_rural": (0.8, 0.7)})
    hi = reg.loc["household.mpc_rural", "max"]
    with pytest.raises(ValueError, match="valid range"):
        sampling.ranges({"household.mpc_rural": (0.5, hi + 1)})
    with pytest.raises(ValueError, match="only numbers"):
        sampling.ranges(["scenario.name"])


def test_sweep_shape_and_xarray(ens):
    assert ens.n_runs == 12 and ens.n_computed == 12 and ens.runs_per_second > 0
    runs = ens.runs
    assert list(runs["seed"]) == [11, 12, 11, 12] and list(runs["sample"]) == [0, 0, 1, 1]
    assert runs["household.mpc_rural"].between(0.74, 0.86).all()
    ds = ens.to_xarray()
    assert ds["rural_retail_sales"].dims == ("scenario", "run", "time")
    assert list(ds.scenario.values) == ["baseline", "same", "funded"] and list(ds.time.values) == [2021, 2022]
    assert ds["target_met"].dims == ("scenario", "run", "target") and ds.sizes["target"] == 8
    assert ds["t8_gap"].dims == ("scenario", "run", "year")
    assert "household.mpc_rural" in ds.coords and "seed" in ds.coords
    m = ens.to_xarray("month")
    assert m.sizes["time"] == 24 and m.time.dtype.kind == "M"
    # The months add up to the years.
    assert np.allclose(m["rural_retail_sales"].groupby("time.year").sum().transpose("scenario", "run", "year").values,
                       ds["rural_retail_sales"].values, rtol=1e-12)


def test_a_sweep_run_equals_a_single_run(ens):
    runs = ens.runs
    r = 3
    sc = funded(small()).set("household.mpc_rural", float(runs.loc[r, "household.mpc_rural"]))
    one = rs.run(sc, seed=int(runs.loc[r, "seed"]), threads=1)
    s = ens.scenarios.index("funded")
    for name in ("rural_retail_sales", "village_stores"):
        assert np.array_equal(ens.indicator(name)[s, r], one.indicators("year")[name].to_numpy())
        assert np.array_equal(ens.indicator(name, "month")[s, r], one.indicators("month")[name].to_numpy())
    t = one.targets()
    ds = ens.to_xarray()
    assert np.array_equal(ds["target_met"].values[s, r], t["met"].to_numpy())


def test_summaries(ens):
    q = ens.quantiles("rural_retail_growth")
    assert q.index.names == ["scenario", "year"] and {"q0.05", "q0.5", "q0.95", "mean"} <= set(q.columns)
    row = q.loc[("baseline", 2022)]
    assert row["q0.05"] <= row["q0.5"] <= row["q0.95"]
    p = ens.target_probabilities()
    assert list(p.index) == ["baseline", "same", "funded"] and list(p.columns) == [f"T{i}" for i in range(1, 9)]
    v = p.to_numpy()
    assert np.all(np.isnan(v) | ((v >= 0) & (v <= 1)))
    b = ens.p_rural_beats_urban()
    assert list(b.index) == [2022] and list(b.columns) == ["baseline", "same", "funded"]
    assert ((b >= 0) & (b <= 1)).all().all()
    gap = ens.indicator("rural_urban_growth_gap")[:, :, 1]
    assert np.allclose(b.loc[2022].to_numpy(), (gap > 0).mean(axis=1))


def test_paired_differences_use_common_random_numbers(ens):
    d = ens.paired_differences(reference="baseline", indicator="rural_retail_sales")
    # The same scenario under another name differs by exactly nothing: every draw is shared.
    same = d.loc["same"]
    assert (same["mean"] == 0).all() and (same["q0.05"] == 0).all() and (same["p_gt_0"] == 0).all()
    f = d.loc["funded"]
    assert {"mean", "q0.05", "q0.5", "q0.95", "p_gt_0"} <= set(f.columns)
    assert f["p_gt_0"].between(0, 1).all()
    # Paired differences are tighter than differences between unrelated runs.
    a = ens.indicator("rural_retail_sales")
    s_b, s_f = ens.scenarios.index("baseline"), ens.scenarios.index("funded")
    paired = np.std(a[s_f, :, 1] - a[s_b, :, 1])
    shuffled = np.std(a[s_f, :, 1] - a[s_b, ::-1, 1][np.r_[1, 0, 3, 2]])
    assert paired <= shuffled
    with pytest.raises(ValueError, match="reference"):
        ens.paired_differences(reference="nope")


@pytest.mark.parametrize("kind", ["folder", "file"])
def test_store_resumes_with_identical_results(tmp_path, kind):
    store = tmp_path / ("store" if kind == "folder" else "sweep.h5")
    args = dict(scenarios=[small()], seeds=[1], vary=VARY, samples=2, method="sobol", store=store, progress=False)
    first = rs.sweep(**args)
    assert first.n_computed == 2 and first.n_loaded == 0
    again = rs.sweep(**args)
    assert again.n_computed == 0 and again.n_loaded == 2
    xr_first, xr_again = first.to_xarray(), again.to_xarray()
    assert xr_first.identical(xr_again)
    # Lose one run (as if the sweep had been killed): only that one runs again.
    if kind == "folder":
        victim = sorted(p for p in os.listdir(store) if p.endswith(".h5"))[0]
        os.remove(store / victim)
    else:
        import h5py

        with h5py.File(store, "a") as f:
            del f["runs"][sorted(f["runs"])[0]]
    third = rs.sweep(**args)
    assert third.n_computed == 1 and third.n_loaded == 1
    assert third.to_xarray().identical(xr_first)
    assert rs.load_sweep(store).to_xarray().identical(xr_first)
    # A different spec does not reuse the stored runs.
    other = rs.sweep(**{**args, "sample_seed": 9})  # other points
    assert other.n_computed == 2


@pytest.mark.slow
def test_same_numbers_on_dask(ens):
    distributed = pytest.importorskip("distributed")
    sc = small()
    # The spec of the `ens` fixture without its "same" scenario: same samples, seeds, hence same runs.
    args = dict(scenarios=[sc, funded(sc)], seeds=[11, 12], vary=VARY, samples=2, progress=False)
    cluster_args = dict(n_workers=2, processes=True, threads_per_worker=1, dashboard_address=None)
    with distributed.LocalCluster(**cluster_args) as cluster, distributed.Client(cluster) as client:
        remote = rs.sweep(**args, client=client)
        # Several runs in one Dask task: the same numbers again.
        plan = rs.RunPlan.build([sc, funded(sc)], seeds=[11, 12], vary=VARY, samples=2)
        batched = rs.execute(plan, rs.DaskExecutor(client, batch_size=3), progress=False)
    assert remote.n_computed == 8 and batched.n_computed == 8
    xl, xd = ens.to_xarray().sel(scenario=["baseline", "funded"]), remote.to_xarray()
    assert xl.identical(xd) and batched.to_xarray().identical(xd)
    pd.testing.assert_frame_equal(ens.p_rural_beats_urban()[["baseline", "funded"]], remote.p_rural_beats_urban())
