"""The package's shape: one version string everywhere, the typing marker shipped, the parameter
registry with its provenance, run plans separate from the executors that run them, and the plot
helpers that know results by what they offer."""

import importlib.metadata
import re
import tomllib
from pathlib import Path

import numpy as np
import pytest

import ruralsim as rs
from conftest import ROOT, run_cli
from ruralsim import plot
from ruralsim.executors import ThreadExecutor, run_task
from ruralsim.params import Provenance, registry
from ruralsim.plan import RunPlan

BASELINE = ROOT / "scenarios" / "baseline.toml"


def small() -> rs.Scenario:
    return rs.Scenario.load(BASELINE).set("run.scale", 5000).set("run.start", "2021-01-01").set("run.end", "2021-12-31")


# -- version and packaging ------------------------------------------------------------------------------
def test_one_version_string(ruralsim_bin, tmp_path):
    text = (ROOT / "python" / "ruralsim" / "_version.py").read_text()
    (written,) = re.findall(r'^__version__ = "([0-9.]+)"$', text, re.M)
    pyproject = tomllib.loads((ROOT / "pyproject.toml").read_text())
    assert "version" not in pyproject["project"] and "version" in pyproject["project"]["dynamic"]
    assert pyproject["tool"]["scikit-build"]["metadata"]["version"]["input"] == "python/ruralsim/_version.py"
    assert rs.__version__ == written
    assert importlib.metadata.version("ruralsim") == written  # the installed package's metadata
    assert rs._native.core().__version__ == written  # the C++ RURALSIM_VERSION of the extension
    cache = (Path(ruralsim_bin).resolve().parents[1] / "CMakeCache.txt").read_text()
    assert f"CMAKE_PROJECT_VERSION:STATIC={written}" in cache
    out = tmp_path / "v.h5"
    r = run_cli(ruralsim_bin, "run", BASELINE, "-o", out, "--scale", 20000, "--set", "run.end=2019-01-31", "-q")
    assert r.returncode == 0, r.stderr
    assert rs.open_run(out).attrs["version"] == written  # the C++ library's RURALSIM_VERSION


def test_typing_marker_is_packaged():
    files = {str(f) for f in importlib.metadata.files("ruralsim")}
    assert "ruralsim/py.typed" in files and "ruralsim/_core.pyi" in files
    assert "ruralsim/analysis/calibration.py" in files


# -- the parameter registry ------------------------------------------------------------------------------
def test_typed_provenance_comes_from_the_core():
    """Every key carries the kind its binding declares; a cited source keeps its reference."""
    reg = registry()
    kinds = {p.provenance.kind for p in reg.values()}
    assert kinds <= {"source", "calibrated", "assumption", "lever", "setting"} and {"source", "lever"} <= kinds
    assert reg["budget.ecommerce"].provenance == Provenance("lever")
    persons = reg["household.persons"].provenance
    assert persons.kind == "source" and "census" in persons.reference
    assert reg["store.markup"].provenance == Provenance("assumption")


def test_registry_and_parameters_agree():
    reg = registry()
    df = rs.parameters()
    assert list(reg) == list(df.index) and len(reg) > 300
    p = reg["household.mpc_rural"]
    assert p.plausible == (df.loc[p.key, "plausible_lo"], df.loc[p.key, "plausible_hi"])
    assert df.loc[p.key, "provenance"] == p.provenance.kind
    kinds = df["provenance"].value_counts()
    assert set(kinds.index) <= {"source", "calibrated", "assumption", "lever", "setting"}
    assert kinds["assumption"] > 100 and kinds["lever"] > 10 and kinds["source"] > 5
    assert df.loc["budget.facilities", "provenance"] == "lever" and df.loc["run.start", "provenance"] == "setting"
    with pytest.raises(KeyError, match="did you mean 'household.mpc_rural'"):
        reg["hh.mpc_rural"]


# -- run plans and executors -----------------------------------------------------------------------------
def test_plan_is_scenarios_by_samples_by_seeds():
    base = small()
    other = base.copy().set("scenario.name", "other")
    plan = RunPlan.build([base, other], seeds=[3, 4, 5], vary={"household.mpc_rural": (0.75, 0.85)}, samples=2)
    assert plan.n_runs == 2 * 2 * 3 and plan.names == ("baseline", "other")
    tasks = plan.tasks()
    assert [(t.scenario, t.run, t.sample, t.seed) for t in tasks[:4]] == [(0, 0, 0, 3), (0, 1, 0, 4), (0, 2, 0, 5),
                                                                         (0, 3, 1, 3)]
    # Paired: run r has the same sample values and seed in every scenario.
    by = {(t.scenario, t.run): t for t in tasks}
    assert all(by[(0, r)].overrides == by[(1, r)].overrides and by[(0, r)].seed == by[(1, r)].seed for r in range(6))
    assert len({t.key for t in tasks}) == len(tasks)
    spec = plan.spec()
    assert spec["keys"] == ["household.mpc_rural"] and len(spec["run_keys"]) == 2 and len(spec["run_keys"][0]) == 6


def test_plan_from_given_points():
    plan = RunPlan.from_points(small(), [1, 2], {"household.mpc_rural": [0.8, 0.78, 0.83],
                                                 "store.exit_months": [2.4, 3.0, 5.6]})
    assert plan.samples == 3 and plan.method == "given"
    assert plan.points[:, 1].tolist() == [2.0, 3.0, 6.0]  # an integer key is rounded
    assert plan.ranges == ((0.78, 0.83), (2.4, 5.6))
    with pytest.raises(rs.ScenarioError, match="household.mpc_rural"):
        RunPlan.from_points(small(), [1], {"household.mpc_rural": [0.8, -3.0]})  # validated before anything runs
    with pytest.raises(ValueError, match="only numbers"):
        RunPlan.from_points(small(), [1], {"scenario.name": [1.0]})


def test_execute_a_plan_of_given_points_equals_single_runs():
    sc = small()
    plan = RunPlan.from_points(sc, [7], {"household.mpc_rural": [0.79, 0.84]})
    sw = rs.execute(plan, ThreadExecutor(max_workers=2), progress=False)
    assert sw.n_runs == 2 and sw.runs["household.mpc_rural"].tolist() == [0.79, 0.84]
    for r, v in enumerate((0.79, 0.84)):
        one = rs.run(sc.copy().set("household.mpc_rural", v), seed=7, threads=1)
        assert np.array_equal(sw.indicator("rural_retail_sales", "month")[0, r],
                              one.indicators("month")["rural_retail_sales"].to_numpy())
    # A task is plain data: the same task gives the same summary wherever it runs.
    task = plan.tasks()[1]
    assert np.array_equal(run_task(task)["year"]["village_stores"], sw.indicator("village_stores")[0, 1])


def test_plot_helpers_know_results_by_what_they_offer():
    plan = RunPlan.build(small(), seeds=[1])
    sw = rs.execute(plan, progress=False)
    res = rs.run(small(), seed=1, threads=1)
    assert isinstance(sw, plot.EnsembleLike) and not isinstance(sw, plot.RunLike)
    assert isinstance(res, plot.RunLike) and not isinstance(res, plot.EnsembleLike)
    assert list(sw.times("year")) == [2021]
    assert sw.plot("rural_retail_sales").axes and res.plot("rural_retail_sales").axes
