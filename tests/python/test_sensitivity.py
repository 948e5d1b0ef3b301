"""scripts/sensitivity.py: Sobol indices of the key outcomes. The script runs at its
tiny budget (--quick) into a temporary folder and writes complete tables; a parameter
that drives an outcome by construction comes out as its most influential one; the
committed report (docs/sensitivity/) covers every parameter and outcome the script
declares."""

import os
import subprocess
import sys

import numpy as np
import pandas as pd
import pytest

from conftest import ROOT

pytest.importorskip("SALib")

from ruralsim.analysis import sensitivity as sa  # noqa: E402  (after the SALib check)

SCRIPT = ROOT / "scripts" / "sensitivity.py"
QUICK_OUTCOMES = ["t8_gap_2022", "t8_gap_mean", "rural_online_growth", "cost_per_parcel_2022",
                  "silk_output_value_2022"]
FULL_OUTCOMES = ["t8_gap_2022", "t8_gap_2023", "t8_gap_2024", "t8_gap_2025", "t8_gap_mean", "rural_online_growth",
                 "cost_per_parcel_2025", "silk_output_value_2025"]


@pytest.fixture(scope="module")
def quick(tmp_path_factory):
    out = tmp_path_factory.mktemp("sensitivity")
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(ROOT / "python"), env.get("PYTHONPATH")]))
    r = subprocess.run([sys.executable, str(SCRIPT), "--quick", "--out", str(out), "--no-progress"],
                       capture_output=True, text=True, env=env, timeout=600)
    assert r.returncode == 0, r.stderr
    return out, r


def test_outcome_names_follow_the_run_years():
    assert sa.outcome_names([2021, 2022]) == QUICK_OUTCOMES
    assert sa.outcome_names(range(2019, 2026)) == FULL_OUTCOMES


def test_design_needs_a_power_of_two():
    prob = {"num_vars": 2, "names": ["a", "b"], "bounds": [[0, 1], [0, 1]]}
    assert sa.design(prob, 4, 1).shape == (4 * (2 + 2), 2)
    with pytest.raises(ValueError, match="power of 2"):
        sa.design(prob, 6, 1)


@pytest.mark.slow
def test_quick_run_writes_complete_tables(quick):
    out, r = quick
    md = (out / "sensitivity.md").read_text()
    idx = pd.read_csv(out / "sensitivity" / "indices.csv")
    noise = pd.read_csv(out / "sensitivity" / "seed_noise.csv", index_col="outcome")
    assert list(dict.fromkeys(idx["outcome"])) == QUICK_OUTCOMES
    assert list(dict.fromkeys(idx["parameter"])) == list(sa.QUICK_PARAMETERS)
    assert len(idx) == len(QUICK_OUTCOMES) * len(sa.QUICK_PARAMETERS)
    assert (idx["n_nonfinite"] == 0).all(), idx[idx["n_nonfinite"] > 0]
    vals = idx[["S1", "S1_conf", "ST", "ST_conf"]].to_numpy()
    assert np.isfinite(vals).all()
    assert (idx["ST"] >= 0).all() and (idx["S1_conf"] >= 0).all() and (idx["ST_conf"] >= 0).all()
    assert list(noise.index) == QUICK_OUTCOMES
    assert np.isfinite(noise.to_numpy()).all()
    assert (noise["sample_sd"] > 0).all()  # every outcome responds to the parameters or the seed
    for name in QUICK_OUTCOMES + list(sa.QUICK_PARAMETERS):
        assert f"`{name}`" in md, name
    assert "Command: `python3 scripts/sensitivity.py --quick`" in md
    assert "runtime" in md and "S1" in md and "ST" in md


@pytest.mark.slow
def test_yield_per_box_drives_silk_output(quick):
    # Cocoons per box scale cocoon output, the largest part of the silk output value, and no other quick
    # parameter touches sericulture except rural income growth (through the reservation wage, weakly).
    out, _ = quick
    idx = pd.read_csv(out / "sensitivity" / "indices.csv")
    silk = idx[idx["outcome"] == "silk_output_value_2022"].set_index("parameter")
    assert silk["ST"].idxmax() == "sericulture.cocoon_per_box", silk
    assert silk.loc["sericulture.cocoon_per_box", "ST"] > 0.3
    # Parameters with no path to sericulture in the model leave it alone.
    for p in ("channel.asc_online", "logistics.handling_cost"):
        assert silk.loc[p, "ST"] < 0.05, silk


def test_committed_report_covers_every_parameter_and_outcome():
    idx = pd.read_csv(ROOT / "docs" / "sensitivity" / "indices.csv")
    assert list(dict.fromkeys(idx["outcome"])) == FULL_OUTCOMES
    assert list(dict.fromkeys(idx["parameter"])) == list(sa.PARAMETERS)
    assert np.isfinite(idx[["S1", "ST", "S1_conf", "ST_conf"]].to_numpy()).all()
    md = (ROOT / "docs" / "sensitivity.md").read_text()
    for name in FULL_OUTCOMES + list(sa.PARAMETERS):
        assert f"`{name}`" in md, name
    reg = __import__("ruralsim").parameters()
    for key in sa.PARAMETERS:
        assert reg.loc[key, "plausible_hi"] > reg.loc[key, "plausible_lo"], key
