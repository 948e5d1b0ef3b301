"""The notebooks run end to end with small settings (RURALSIM_SMALL=1) and
show what they claim: figures as PNG, tables with probabilities in [0, 1]."""

import os
import re

import pytest

from conftest import ROOT

nbformat = pytest.importorskip("nbformat")
nbclient = pytest.importorskip("nbclient")

NOTEBOOKS = sorted((ROOT / "notebooks").glob("*.ipynb"))


def execute(path):
    nb = nbformat.read(path, as_version=4)
    env_before = {k: os.environ.get(k) for k in ("RURALSIM_SMALL", "PYTHONPATH", "MPLBACKEND")}
    os.environ["RURALSIM_SMALL"] = "1"
    os.environ["PYTHONPATH"] = os.pathsep.join(filter(None, [str(ROOT / "python"), env_before["PYTHONPATH"]]))
    os.environ.pop("MPLBACKEND", None)
    try:
        nbclient.NotebookClient(nb, timeout=300, kernel_name="python3",
                                resources={"metadata": {"path": str(path.parent)}}).execute()
    finally:
        for k, v in env_before.items():
            if v is None:
                os.environ.pop(k, None)
            else:
                os.environ[k] = v
    return nb


def tagged(nb, tag):
    cells = [c for c in nb.cells if tag in c.get("metadata", {}).get("tags", [])]
    assert cells, f"no cell tagged {tag!r}"
    return cells


def outputs(cell, mime):
    return [o["data"][mime] for o in cell.get("outputs", []) if mime in o.get("data", {})]


def test_all_notebooks_are_tested():
    assert [p.stem for p in NOTEBOOKS] == ["01_quickstart", "02_compare_funding_scenarios",
                                           "03_monte_carlo_sweep_dask", "04_can_rural_outpace_urban",
                                           "05_sensitivity", "06_calibration"]


@pytest.mark.slow
@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_notebook_runs_and_shows_its_figures(path):
    nb = execute(path)
    for cell in nb.cells:
        for o in cell.get("outputs", []):
            assert o.get("output_type") != "error", "".join(o.get("traceback", []))
    for cell in tagged(nb, "figure"):
        pngs = outputs(cell, "image/png")
        assert pngs and len(pngs[0]) > 1000, "figure cell shows no PNG"
    for tag in ("probability-table",):
        for cell in [c for c in nb.cells if tag in c.get("metadata", {}).get("tags", [])]:
            assert outputs(cell, "text/html"), "probability table not shown as a table"
            text = outputs(cell, "text/plain")[0]
            values = [float(v) for v in re.findall(r"(?<![\d.])(?:0|1)?\.\d+|(?<![\d.])[01]\.0(?![\d])|nan", text)
                      if v != "nan"]
            assert values and all(0.0 <= v <= 1.0 for v in values), text
    if path.stem == "01_quickstart":
        text = outputs(tagged(nb, "targets-table")[0], "text/plain")[0]
        assert "T1" in text and "T8" in text
    if path.stem == "05_sensitivity":
        cell = tagged(nb, "indices-table")[0]
        assert outputs(cell, "text/html"), "indices not shown as a table"
        text = outputs(cell, "text/plain")[0]
        for name in ("t8_gap_2022", "rural_online_growth", "cost_per_parcel_2022", "silk_output_value_2022",
                     "sericulture.cocoon_per_box"):
            assert name in text, text
        # Total indices: finite, non-negative, and at most a few times 1 (the sampling error of a base sample of 4).
        values = [float(v) for v in re.findall(r"-?\d+\.\d+|nan|NaN", text)]
        assert len(values) >= 4 * 5 and all(0.0 <= v <= 3.0 for v in values), text
        assert len(tagged(nb, "figure")) == 2
