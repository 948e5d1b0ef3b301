"""The Python API around the compiled core: scenarios, runs, errors, targets,
parameters, the simulator function and the plot helpers."""

import os
import pickle
import threading
import time

import h5py
import numpy as np
import pandas as pd
import pytest

import ruralsim as rs
from conftest import ROOT, run_cli

BASELINE = ROOT / "scenarios" / "baseline.toml"


def small(**over) -> rs.Scenario:
    sc = rs.Scenario.load(BASELINE).set("run.scale", 4000).set("run.start", "2021-01-01").set("run.end", "2022-12-31")
    return sc.update(over)


@pytest.fixture(scope="module")
def result():
    return rs.run(small(), seed=3, threads=1)


def test_scenario_load_set_get_to_toml():
    sc = rs.Scenario.load(BASELINE)
    assert sc.name == "baseline" and sc.path == str(BASELINE)
    assert sc.set("household.mpc_rural", 0.8) is sc  # chainable
    assert sc["household.mpc_rural"] == 0.8 and isinstance(sc["run.scale"], float)
    sc["budget.facilities"] = 1.5e9
    assert sc.get("budget.facilities") == 1.5e9
    assert sc.origin("run.start")[0].endswith("baseline.toml") and sc.origin("household.mpc_urban") == ("", 0)
    text = sc.to_toml()
    assert "mpc_rural = 0.8" in text and "[budget]" in text
    assert sc.to_dict()["household"]["mpc_rural"] == 0.8
    # The resolved TOML parses back to the same scenario, and pickling goes through it.
    assert rs.Scenario.from_toml(text) == sc
    assert pickle.loads(pickle.dumps(sc)) == sc
    assert sc.copy() == sc and sc.copy() is not sc


def test_from_dict_over_a_base():
    base = rs.Scenario.load(BASELINE)
    v = rs.Scenario.from_dict({"scenario": {"name": "funded"}, "budget": {"facilities": 2e9}, "budget.ecommerce": 5e8},
                              base=base)
    assert v.name == "funded" and v["budget.facilities"] == 2e9 and v["budget.ecommerce"] == 5e8
    assert base["budget.facilities"] == 0.0  # the base is not changed
    assert v["run.start"] == base["run.start"]
    v2 = rs.Scenario.from_dict({"budget.facilities": 2e9, "budget.ecommerce": 5e8, "scenario.name": "funded"},
                                base=BASELINE)
    assert v2 == v
    d = rs.Scenario.from_dict({"extends": str(BASELINE), "run": {"end": "2023-06-30", "scale": 5000}})
    assert d["run.end"] == "2023-06-30" and d["run.scale"] == 5000 and d.name == "baseline"
    assert rs.Scenario()["scenario.name"] == "unnamed"  # registry defaults


def test_errors_are_python_exceptions():
    with pytest.raises(rs.ScenarioError, match="household.mpc_rual': unknown key") as e:
        rs.Scenario.load(BASELINE).set("household.mpc_rual", 0.8)
    assert isinstance(e.value, ValueError) and isinstance(e.value, rs.Error)
    assert e.value.key == "household.mpc_rual"
    with pytest.raises(ValueError, match="out of range"):
        rs.Scenario().set("budget.facilities", -1.0)
    with pytest.raises(rs.ScenarioError, match="expected a number"):
        rs.Scenario().set("run.scale", "big")
    with pytest.raises(rs.ScenarioError, match="not found"):
        rs.Scenario.load(ROOT / "scenarios" / "no_such.toml")
    with pytest.raises(rs.ScenarioError, match="TOML syntax error"):
        rs.Scenario.from_toml("[run\nscale = 2\n", name="bad.toml")
    with pytest.raises(rs.ScenarioError) as e:
        rs.Scenario.from_toml('[run]\nend = "2025-02-30"\n', name="bad.toml")
    assert e.value.file == "bad.toml" and e.value.line == 2 and e.value.key == "run.end"
    # An error found when the model is built (after the GIL is released) still arrives as an exception.
    with pytest.raises(rs.ScenarioError, match="before run.start"):
        rs.run(small().set("run.end", "2018-12-31"), seed=1)


def test_run_then_open_run_identical(result, tmp_path):
    path = result.write(tmp_path / "r.h5")
    back = rs.open_run(path)
    for freq in ("day", "month", "year"):
        pd.testing.assert_frame_equal(result.indicators(freq), back.indicators(freq), check_exact=True)
    for freq in ("month", "year"):
        pd.testing.assert_frame_equal(result.indicators(freq, by="county"), back.indicators(freq, by="county"),
                                      check_exact=True)
    pd.testing.assert_frame_equal(result.targets(), back.targets(), check_exact=True)
    pd.testing.assert_frame_equal(result.targets_by_year(), back.targets_by_year(), check_exact=True)
    assert back.seed == result.seed == 3 and back.scenario == result.scenario
    assert np.array_equal(result.ledger_residual, back.ledger_residual)
    assert back.write(tmp_path / "copy.h5") and rs.open_run(tmp_path / "copy.h5").indicators("year").equals(
        back.indicators("year"))
    year = result.indicators("year")
    assert list(year.index) == [2021, 2022] and (year["rural_retail_sales"] > 0).all()
    assert result.indicators("month", by="county").index.names == ["month", "county"]


def test_same_numbers_as_the_command_line(result, tmp_path):
    binary = os.environ.get("RURALSIM_BIN", str(ROOT / "build" / "release" / "apps" / "ruralsim"))
    if not os.access(binary, os.X_OK):
        pytest.skip(f"no ruralsim binary at {binary}")
    sc = tmp_path / "small.toml"
    small().save(sc)
    out = tmp_path / "cli.h5"
    r = run_cli(binary, "run", sc, "-o", out, "--seed", 3, "--threads", 2, "-q")
    assert r.returncode == 0, r.stderr
    cli = rs.open_run(out)
    if cli.attrs.get("version") != result.attrs.get("version"):
        pytest.skip("binary and extension are different versions")
    for freq in ("day", "month", "year"):
        pd.testing.assert_frame_equal(cli.indicators(freq), result.indicators(freq), check_exact=True)


def test_threads_do_not_change_output_and_seeds_do():
    sc = small()
    sc.set("run.end", "2021-12-31")
    a, b = rs.run(sc, seed=5, threads=1), rs.run(sc, seed=5, threads=2)
    pd.testing.assert_frame_equal(a.indicators("day"), b.indicators("day"), check_exact=True)
    c = rs.run(sc, seed=6, threads=2)
    assert not np.array_equal(a.indicators("day")["rural_retail_sales"], c.indicators("day")["rural_retail_sales"])


def test_run_releases_the_gil():
    ticks = []
    stop = threading.Event()

    def count():
        while not stop.is_set():
            ticks.append(1)
            time.sleep(0.001)

    th = threading.Thread(target=count)
    th.start()
    try:
        t0 = time.perf_counter()
        rs.run(small(), seed=1, threads=1)
        wall = time.perf_counter() - t0
    finally:
        stop.set()
        th.join()
    # With the GIL held for the whole run the counter would stall (a few ticks at most).
    assert len(ticks) > 0.2 * wall / 0.001 * 0.5, (len(ticks), wall)


def test_targets_table(result):
    t = result.targets()
    assert list(t.index) == [f"T{i}" for i in range(1, 9)]
    assert set(t.columns) >= {"value", "threshold", "met", "description", "unit"}
    assert set(t["met"].unique()) <= {-1, 0, 1}
    # -1 (not evaluable) exactly where there is no value.
    assert ((t["met"] == -1) == t["value"].isna()).all() or (t["met"] == -1).any()
    y = result.targets_by_year()
    gap = result.indicators("year")["rural_urban_growth_gap"]
    assert np.allclose(y["value"].to_numpy(), gap.to_numpy(), equal_nan=True)
    ok = y["met"] >= 0
    assert (y.loc[ok, "met"] == (y.loc[ok, "value"] > 0).astype(int)).all()
    assert y.loc[2021, "met"] == -1  # no growth in the first year


def test_output_without_targets_is_handled(result, tmp_path):
    path = result.write(tmp_path / "old.h5")
    with h5py.File(path, "a") as f:
        del f["targets"]
    old = rs.open_run(path)
    assert not old.has_targets and old.targets().empty and old.targets_by_year().empty
    with pytest.raises(rs.IndicatorNotAvailable, match="no /targets"):
        rs.plot.target_attainment(old)


def test_parameters_from_the_registry():
    p = rs.parameters()
    assert p.index.name == "key" and "household.mpc_rural" in p.index
    row = p.loc["household.mpc_rural"]
    assert row["type"] == "real" and row["default"] == rs.Scenario()["household.mpc_rural"]
    assert row["min"] <= row["plausible_lo"] < row["plausible_hi"] <= row["max"]
    assert row["source"]
    assert p.loc["run.start", "type"] == "date" and p.loc["scenario.name", "type"] == "string"
    real = p[p["type"] == "real"]
    assert (real["plausible_lo"] <= real["plausible_hi"]).all()


def test_simulate_for_calibration_tools():
    sc = small().set("run.end", "2021-12-31")
    theta = [0.8, 0.6, 0.07, 0.06, 0.03]
    assert len(theta) == len(rs.SIMULATE_KEYS)
    a = rs.simulate(theta, 12, seed=2, scenario=sc)
    assert a.shape == (12, len(rs.SIMULATE_INDICATORS)) and np.isfinite(a).all() and (a > 0).all()
    assert np.array_equal(a, rs.simulate(np.array(theta), 12, seed=2, scenario=sc))
    # A higher rural propensity to consume raises rural retail sales.
    b = rs.simulate([0.9] + theta[1:], 12, seed=2, scenario=sc)
    assert b[:, 0].sum() > a[:, 0].sum()
    y = rs.simulate([0.8], None, seed=2, scenario=sc, keys=["household.mpc_rural"], freq="year",
                    indicators=["rural_retail_sales"])
    assert y.shape == (1, 1) and y[0, 0] > 0
    with pytest.raises(ValueError, match="keys"):
        rs.simulate([0.8], 12, seed=1, scenario=sc)
    with pytest.raises(ValueError, match="periods"):
        rs.simulate(theta, 100, seed=1, scenario=sc)


def test_plot_helpers(result):
    fig = result.plot("retail_growth")
    assert fig.axes and rs.plot.to_png(fig)[:8] == b"\x89PNG\r\n\x1a\n"
    # The target line at gap 0 is drawn.
    assert any(list(line.get_ydata()) == [0, 0] for line in fig.axes[1].get_lines())
    assert result.plot("targets").axes
    assert result.plot("village_stores").axes
    helpers = ((rs.plot.cost_per_parcel, "cost_per_parcel"), (rs.plot.sericulture_output, "silk_output_value"))
    for helper, name in helpers:
        if name in result.names():
            assert helper(result).axes
        else:
            with pytest.raises(rs.IndicatorNotAvailable, match=name):
                helper(result)
    with pytest.raises(rs.IndicatorNotAvailable, match="available: "):
        result.series("no_such_indicator")
