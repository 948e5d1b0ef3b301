"""A self-contained HTML report (plots embedded as base64 PNG, tables) for
runs or a sweep; also the ``ruralsim-report`` command."""

from __future__ import annotations

import argparse
import base64
import datetime as _dt
import html
import os
import sys
from typing import TYPE_CHECKING, Any

import pandas as pd

from . import plot
from .errors import IndicatorNotAvailable
from .output import RunOutput, open_run
from .results import Sweep
from .sweeps import load_sweep

if TYPE_CHECKING:
    from matplotlib.figure import Figure

_CSS = """
body{font-family:system-ui,sans-serif;max-width:1100px;margin:2em auto;padding:0 1em;color:#222}
h1{font-size:1.6em}h2{font-size:1.25em;border-bottom:1px solid #ccc;padding-bottom:.2em;margin-top:2em}
table{border-collapse:collapse;margin:.8em 0;font-size:.88em}
th,td{border:1px solid #ddd;padding:.25em .6em;text-align:right}th{background:#f3f3f3}
td:first-child,th:first-child{text-align:left}img{max-width:100%;display:block;margin:.8em 0}
.note{color:#666;font-size:.9em}.targets td{text-align:left}
"""

YEAR_COLUMNS = ["rural_retail_sales", "urban_retail_sales", "rural_retail_growth", "urban_retail_growth",
                "rural_urban_growth_gap", "rural_online_retail", "village_stores"]


def _img(fig: Figure, alt: str) -> str:
    data = base64.b64encode(plot.to_png(fig)).decode()
    return f'<img alt="{html.escape(alt)}" src="data:image/png;base64,{data}">'


def _table(df: pd.DataFrame, cls: str, floatfmt: str = "{:,.4g}") -> str:
    return df.to_html(classes=cls, float_format=lambda v: floatfmt.format(v), na_rep="–", border=0)


def _targets_table(t: pd.DataFrame) -> pd.DataFrame:
    t = t.copy()
    t["met"] = t["met"].map({1: "yes", 0: "no", -1: "not evaluable yet"})
    return t[["description", "value", "threshold", "unit", "met"]]


def _run_section(res: RunOutput, k: int) -> list[str]:
    title = f"Run {k + 1}: {res.scenario_name} (seed {res.seed})"
    out = [f"<h2>{html.escape(title)}</h2>"]
    y = res.indicators("year")
    cols = [c for c in YEAR_COLUMNS if c in y]
    out.append("<h3>Yearly indicators</h3>" + _table(y[cols], "indicators"))
    t = res.targets()
    if not t.empty:
        out.append("<h3>The plan's targets</h3>" + _table(_targets_table(t), "targets"))
        out.append(_img(plot.target_attainment(res), f"targets {res.scenario_name}"))
    else:
        out.append('<p class="note">This output has no targets (/targets absent).</p>')
    out.append(_img(plot.retail_growth(res), f"retail growth {res.scenario_name}"))
    return out


def _sweep_section(sw: Sweep) -> list[str]:
    out = [f"<h2>Sweep: {len(sw.scenarios)} scenarios × {sw.spec['samples']} parameter samples × "
           f"{len(sw.seeds)} seeds</h2>"]
    if sw.keys:
        rng = pd.DataFrame(sw.spec["ranges"], index=pd.Index(sw.keys, name="parameter"), columns=["low", "high"])
        out.append(f"<p>Sampled with {html.escape(sw.spec['method'])}:</p>" + _table(rng, "ranges"))
    p = sw.p_rural_beats_urban()
    out.append("<h3>Probability that rural retail growth beats urban growth</h3>"
               + _table(p, "probabilities", "{:.2f}"))
    out.append(_img(plot.p_rural_beats_urban(sw), "P(rural beats urban)"))
    tp = sw.target_probabilities()
    out.append("<h3>Probability each 2025 target is met</h3>" + _table(tp, "target-probabilities", "{:.2f}")
               + '<p class="note">– : not evaluable in this model version.</p>')
    out.append(_img(plot.target_attainment(sw), "target probabilities"))
    q = sw.quantiles("rural_urban_growth_gap")
    out.append("<h3>Rural minus urban growth (pp): quantiles over runs</h3>" + _table(q.dropna(how="all"), "quantiles"))
    for s in sw.scenarios:
        out.append(_img(plot.retail_growth(sw, scenario=s), f"retail growth {s}"))
    if len(sw.scenarios) > 1:
        d = sw.paired_differences()
        out.append(f"<h3>Paired differences vs {html.escape(d.attrs['reference'])} (same seeds)</h3>"
                   + _table(d, "differences"))
    return out


def _load(x: Any) -> RunOutput | Sweep:
    if isinstance(x, (RunOutput, Sweep)):
        return x
    path = os.fspath(x)
    if os.path.isdir(path):
        return load_sweep(path)
    import h5py

    with h5py.File(path, "r") as f:
        is_sweep = "runs" in f and "spec" in f.attrs
    return load_sweep(path) if is_sweep else open_run(path)


def report(obj: Any, path: str | os.PathLike[str], title: str = "ruralsim report") -> str:
    """Writes a self-contained HTML report for a Result, a list of Results, a
    Sweep, or paths to run outputs / sweep stores; returns the path."""
    items = [_load(x) for x in (obj if isinstance(obj, (list, tuple)) else [obj])]
    body = [f"<h1>{html.escape(title)}</h1>",
            f'<p class="note">Generated {_dt.datetime.now():%Y-%m-%d %H:%M} by ruralsim.</p>']
    runs = [x for x in items if isinstance(x, RunOutput)]
    for k, res in enumerate(runs):
        body += _run_section(res, k)
    if len(runs) > 1:
        try:
            body.append("<h2>All runs</h2>" + _img(plot.retail_growth(runs), "retail growth, all runs"))
        except IndicatorNotAvailable:
            pass
    for sw in (x for x in items if isinstance(x, Sweep)):
        body += _sweep_section(sw)
    doc = (f"<!DOCTYPE html><html><head><meta charset='utf-8'><title>{html.escape(title)}</title>"
           f"<style>{_CSS}</style></head><body>{''.join(body)}</body></html>")
    path = os.fspath(path)
    tmp = path + ".tmp"
    with open(tmp, "w", encoding="utf-8") as f:
        f.write(doc)
    os.replace(tmp, path)
    return path


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(
        prog="ruralsim-report",
        description="Writes a self-contained HTML report for run outputs (.h5) and sweep stores.")
    ap.add_argument("inputs", nargs="+", help="run output files (ruralsim run -o) or sweep stores (file or folder)")
    ap.add_argument("-o", "--output", default="report.html", help="HTML file to write (default: report.html)")
    ap.add_argument("--title", default="ruralsim report")
    a = ap.parse_args(argv)
    try:
        out = report(a.inputs, a.output, a.title)
    except (OSError, ValueError) as e:
        print(f"ruralsim-report: error: {e}", file=sys.stderr)
        return 2
    print(out)
    return 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
