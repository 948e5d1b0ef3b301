"""Calibration of the baseline to Chongqing's 2019-2021 figures by the method of simulated moments.

The moments (data/calibration_targets.csv, each with its source and tolerance) are computed
from the baseline run over 2019-2021; the fitted parameters start from the registry's
defaults and stay within their documented plausible ranges. The distance is the sum of
squared errors in units of each moment's tolerance, averaged over a fixed set of seeds
(common random numbers, so the objective is a smooth function of the parameters), and is
minimised with SciPy's bounded Powell method. The fit is then checked on seeds the fit did
not use. Figures from 2022 on are never used.

``calibrate()`` does it all and writes scenarios/calibrated.toml (the fitted values;
scenarios/baseline.toml extends it, so every scenario runs on them) and docs/calibration.md
(settings, fitted values, fit table); scripts/calibrate.py is its command line.
"""

from __future__ import annotations

import csv
import datetime as dt
import os
import time
import tomllib
from collections.abc import Callable, Iterable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from ..api import run
from ..output import RunOutput
from ..params import parameters
from ..scenario import Scenario
from ._paths import project_root

#: Parameter values: a sequence or an array, in the order of PARAMS.
Values = Sequence[float] | np.ndarray

#: Fitted parameters, in blocks, and the moments each mainly moves. Each block is fitted in turn
#: (block-coordinate descent on the one distance over all moments): the sericulture parameters
#: hardly move the retail moments and the retail ones not the sericulture moments, so a few small
#: searches cost far fewer runs than one search over every parameter.
BLOCKS = {
    "episodes": [
        ("macro.shock1.spending", "January-February 2020 share of the year"),
        ("macro.shock2.spending", "2020 and 2021 retail growth"),
        ("macro.shock1.offline", "rural vs urban fall in 2020 and recovery in early 2021"),
        ("macro.shock2.offline", "rural vs urban fall in 2020 and recovery in early 2021"),
    ],
    "recovery": [
        ("macro.deferred_share", "2020 retail growth (spending made up after the episodes)"),
        ("household.wealth_spend", "2021 retail growth (saved money coming back through the buffer rule)"),
        ("macro.rural_parcel_disruption", "rural online retail growth 2020 vs 2021; rural vs urban fall in 2020"),
    ],
    "online": [
        ("ecommerce.seller_sales_growth", "rural online retail growth"),
    ],
    "sericulture": [
        ("sericulture.labour_days_per_batch", "cocoon output (egg boxes reared)"),
        ("sericulture.diversification_income", "sericulture income (not cocoon output)"),
    ],
}
PARAMS = [p for block in BLOCKS.values() for p in block]
FIT_START, FIT_END = "2019-01-01", "2021-12-31"


def fitted_keys(path: str | os.PathLike[str] | None = None) -> set[str]:
    """The keys a fit wrote to ``path`` (default: the project's scenarios/calibrated.toml; a previous
    fit may have fitted other keys than this one); none before the first fit."""
    path = Path(path) if path is not None else project_root() / "scenarios" / "calibrated.toml"
    if not path.exists():
        return set()
    keys: set[str] = set()

    def walk(node: dict, prefix: str) -> None:
        for k, v in node.items():
            if isinstance(v, dict):
                walk(v, f"{prefix}{k}.")
            elif prefix != "scenario.":
                keys.add(prefix + k)

    walk(tomllib.loads(path.read_text(encoding="utf-8")), "")
    return keys


def load_targets(path: str | os.PathLike[str] | None = None) -> list[dict[str, Any]]:
    """The moments to fit (default: the project's data/calibration_targets.csv), one dict per row."""
    path = Path(path) if path is not None else project_root() / "data" / "calibration_targets.csv"
    with open(path, newline="", encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    for r in rows:
        r["value"] = float(r["value"])
        r["tolerance"] = float(r["tolerance"])
        r["fitted"] = r["fitted"].strip().lower() == "yes"
    return rows


def moments(res: RunOutput) -> dict[str, float]:
    """The moments of data/calibration_targets.csv from one run (percent, pp, tonnes, 1e8 yuan)."""
    y = res.indicators("year")
    m = res.indicators("month")
    total_y = y["rural_retail_sales"] + y["urban_retail_sales"]
    total_m = m["rural_retail_sales"] + m["urban_retail_sales"]

    def growth(s, a, b):
        return 100.0 * (s.loc[b] / s.loc[a] - 1.0)

    def months(s, year, first, last):
        sel = (s.index.year == year) & (s.index.month >= first) & (s.index.month <= last)
        return float(s[sel].sum())

    rural_jm = {yr: months(m["rural_retail_sales"], yr, 1, 5) for yr in (2020, 2021)}
    urban_jm = {yr: months(m["urban_retail_sales"], yr, 1, 5) for yr in (2020, 2021)}
    return {
        "retail_growth_2020": growth(total_y, 2019, 2020),
        "retail_growth_2021": growth(total_y, 2020, 2021),
        "jan_feb_share_2020": 100.0 * months(total_m, 2020, 1, 2) / float(total_y.loc[2020]),
        "rural_share_jan_may_2021": 100.0 * rural_jm[2021] / (rural_jm[2021] + urban_jm[2021]),
        "rural_urban_gap_jan_may_2021": 100.0 * (rural_jm[2021] / rural_jm[2020] - urban_jm[2021] / urban_jm[2020]),
        "rural_online_growth_2020": growth(y["rural_online_retail"], 2019, 2020),
        "rural_online_growth_2021": growth(y["rural_online_retail"], 2020, 2021),
        "cocoon_output_2019": float(y["cocoon_output"].loc[2019]),
        "sericulture_income_2019": float(y["sericulture_income"].loc[2019]) / 1e8,
    }


class Problem:
    """The baseline over 2019-2021 at a given scale, its moments over seeds, and the distance.

    The baseline is ``root``/scenarios/baseline.toml (default: the project's); every key of the
    previous fit (``root``/scenarios/calibrated.toml) starts from its registry default."""

    def __init__(self, targets: Sequence[dict[str, Any]], scale: float, seeds: Iterable[int], workers: int,
                 root: str | os.PathLike[str] | None = None):
        self.targets = targets
        self.names = [t["moment"] for t in targets]
        self.data = np.array([t["value"] for t in targets])
        # Percent/pp moments have tolerances in points; levels in percent of the value.
        self.tol = np.array([t["tolerance"] if t["unit"] in ("percent", "pp")
                             else t["tolerance"] / 100 * abs(t["value"]) for t in targets])
        self.fitted = np.array([t["fitted"] for t in targets])
        self.scale, self.seeds, self.workers = scale, list(seeds), workers
        root = project_root() if root is None else Path(root)
        base = Scenario.load(root / "scenarios" / "baseline.toml")
        base.set("run.start", FIT_START).set("run.end", FIT_END).set("run.scale", scale)
        defaults = parameters()
        # Start from the registry's (uncalibrated) defaults, not from a previous fit, so the fit is reproducible:
        # every key of the previous scenarios/calibrated.toml too, or a key it fitted and this fit does not
        # would keep its old fitted value here and its registry default in the committed result.
        for key in sorted({k for k, _ in PARAMS} | fitted_keys(root / "scenarios" / "calibrated.toml")):
            base.set(key, float(defaults.loc[key, "default"]))
        self.base = base
        self.lo = np.array([float(defaults.loc[k, "plausible_lo"]) for k, _ in PARAMS])
        self.hi = np.array([float(defaults.loc[k, "plausible_hi"]) for k, _ in PARAMS])
        self.x0 = np.array([float(defaults.loc[k, "default"]) for k, _ in PARAMS])
        self.evaluations = 0

    def scenario(self, x: Values) -> Scenario:
        sc = self.base.copy()
        for (key, _), v in zip(PARAMS, x, strict=True):
            sc.set(key, float(v))
        return sc

    def simulate(self, x: Values, seeds: Iterable[int] | None = None) -> np.ndarray:
        """Moments (seeds x moments) at parameters x."""
        sc = self.scenario(x)
        seeds = self.seeds if seeds is None else list(seeds)

        def one(seed):
            mom = moments(run(sc, seed=seed, threads=1))
            return [mom[n] for n in self.names]

        with ThreadPoolExecutor(self.workers) as pool:
            return np.array(list(pool.map(one, seeds)))

    def distance(self, x: Values) -> float:
        self.evaluations += 1
        sim = self.simulate(x).mean(axis=0)
        return float(np.sum((((sim - self.data) / self.tol) ** 2)[self.fitted]))

    def to_x(self, z: np.ndarray) -> np.ndarray:
        return self.lo + np.clip(z, 0.0, 1.0) * (self.hi - self.lo)

    def to_z(self, x: np.ndarray) -> np.ndarray:
        return (x - self.lo) / (self.hi - self.lo)


def fit(problem: Problem, max_evals: int, log: Callable[[str], Any] = print) -> tuple[np.ndarray, float, float]:
    """Bounded Powell on each block's parameters scaled to [0, 1], the others held; the budget is
    shared by the blocks in proportion to their size. Returns (x, distance at x0, distance at x)."""
    from scipy import optimize

    d0 = problem.distance(problem.x0)
    log(f"start: distance {d0:.3f}")
    best: dict[str, Any] = {"z": problem.to_z(problem.x0), "d": d0}
    keys = [k for k, _ in PARAMS]
    for name, block in BLOCKS.items():
        idx = [keys.index(k) for k, _ in block]
        base = best["z"].copy()

        def f(zb, idx=idx, base=base, name=name):
            z = base.copy()
            z[idx] = zb
            d = problem.distance(problem.to_x(z))
            if d < best["d"]:
                best.update(z=z, d=d)
                log(f"  {name} eval {problem.evaluations}: distance {d:.3f}")
            return d

        budget = max(2, round(max_evals * len(block) / len(PARAMS)))
        optimize.minimize(f, base[idx], method="Powell", bounds=[(0.0, 1.0)] * len(idx),
                          options={"maxfev": budget, "xtol": 1e-3, "ftol": 1e-4})
    return problem.to_x(best["z"]), d0, best["d"]


def write_toml(path: Path, x: Values, stamp: str, d0: float, d1: float) -> None:
    lines = ["# Calibrated parameters: written by scripts/calibrate.py, do not edit by hand.",
             f"# Fit of the baseline to Chongqing's 2019-2021 figures ({stamp}); see docs/calibration.md.",
             f"# Distance (sum of squared errors in tolerance units): {d0:.3f} at the registry defaults, "
             f"{d1:.3f} here.",
             ""]
    sections: dict[str, list[str]] = {"scenario": ['name = "calibrated"',
                                                 'description = "registry defaults with the calibrated parameters '
                                                 '(scripts/calibrate.py); scenarios/baseline.toml extends it"']}
    for (key, _), v in zip(PARAMS, x, strict=True):
        sec, leaf = key.rsplit(".", 1)
        sections.setdefault(sec, []).append(f"{leaf} = {float(v)!r}")
    for sec, kv in sections.items():
        lines += [f"[{sec}]", *kv, ""]
    path.write_text("\n".join(lines), encoding="utf-8")


def fmt(v: float) -> str:
    return f"{v:,.4g}" if abs(v) < 1e4 else f"{v:,.0f}"


def write_markdown(path: Path, problem: Problem, x: Values, table: Sequence[tuple[float, float, float]],
                   scale: float, max_evals: int, stamp: str, d0: float, d1: float, seconds: float,
                   eval_seeds: Sequence[int]) -> None:
    """docs/calibration.md: method, settings, fitted values and the fit table (``table``: mean, 5 %
    and 95 % of each moment over the check seeds)."""
    defaults = parameters()
    out = ["# Calibration",
           "",
           "Generated by `scripts/calibrate.py` — do not edit by hand; rerun the script "
           "(`scripts/calibrate.py`, then commit this file and `scenarios/calibrated.toml`).",
           "",
           "## Method",
           "",
           "Method of simulated moments. The baseline scenario is run from 2019-01-01 to 2021-12-31 on the "
           "realised macro path (`macro.*`, data/SOURCES.md); its moments are compared with the figures in "
           "`data/calibration_targets.csv`. The distance is the sum over moments of the squared error in units of "
           "the moment's tolerance, averaged over a fixed set of seeds (common random numbers), and is minimised "
           "with SciPy's bounded Powell method over the parameters' documented plausible ranges, starting from the "
           "registry defaults. The fit table is then computed on other seeds than the fit used. No figure from "
           "2022 on is used: those are kept for out-of-sample checks.",
           "",
           "Moments marked *not fitted* are shown for comparison only (their reason is in the table). "
           "Tolerances: 1.5 percentage points for growth rates and shares, 10 % for levels. Retail levels are "
           "not fitted: the model counts households' goods purchases only, while the statistics also count "
           "catering and purchases of institutions (the model's rural retail is about 40 % of the published "
           "figure), so retail enters as growth rates and shares.",
           "",
           "## Settings",
           "",
           f"- date: {stamp}; run time: {seconds:.0f} s; evaluations: {problem.evaluations}",
           f"- scale: {scale:g} real households per agent; fit seeds: {', '.join(map(str, problem.seeds))}; "
           f"check seeds: {', '.join(map(str, eval_seeds))}",
           f"- budget: {max_evals} evaluations; distance {d0:.3f} at the registry defaults, {d1:.3f} fitted",
           "",
           "## Fitted parameters",
           "",
           "| key | fitted | registry default | plausible range | moves mainly |",
           "|---|---|---|---|---|"]
    for (key, why), v in zip(PARAMS, x, strict=True):
        lo, hi = defaults.loc[key, "plausible_lo"], defaults.loc[key, "plausible_hi"]
        default = fmt(float(defaults.loc[key, "default"]))
        out.append(f"| `{key}` | {v:.6g} | {default} | [{fmt(lo)}, {fmt(hi)}] | {why} |")
    out += ["",
            "## Fit",
            "",
            "Simulated mean and 5-95 % range over the check seeds; error = mean - data; within = |error| <= tolerance.",
            "",
            "| moment | data | unit | simulated mean | 5-95 % range | error | tolerance | within | fitted "
            "| source (grade) |",
            "|---|---|---|---|---|---|---|---|---|---|"]
    for t, tol, (mean, lo, hi) in zip(problem.targets, problem.tol, table, strict=True):
        err = mean - t["value"]
        verdict = "yes" if abs(err) <= tol else "no"
        fitted = "yes" if t["fitted"] else "not fitted: " + t["description"].split("not fitted: ", 1)[-1]
        out.append(f"| {t['moment']} | {fmt(t['value'])} | {t['unit']} | {fmt(mean)} | {fmt(lo)} - {fmt(hi)} | "
                   f"{err:+.3g} | {fmt(tol)} | {verdict} | {fitted} | {t['source']} ({t['conf']}) |")
    ok = [abs(m - t["value"]) <= tol for t, tol, (m, _, _) in zip(problem.targets, problem.tol, table, strict=True)]
    n_fit = int(problem.fitted.sum())
    within = sum(o for o, f in zip(ok, problem.fitted, strict=True) if f)
    out += ["", f"{within} of {n_fit} fitted moments within tolerance.", ""]
    path.write_text("\n".join(out), encoding="utf-8")


@dataclass
class Calibration:
    """What ``calibrate`` did: the fitted values, the distances before and after, where it wrote."""

    x: np.ndarray
    d0: float
    d1: float
    evaluations: int
    seconds: float
    toml_path: Path
    markdown_path: Path


def calibrate(root: str | os.PathLike[str] | None = None, scale: float = 2000, seeds: int = 2, check_seeds: int = 4,
              max_evals: int = 150, workers: int | None = None, out_dir: str | os.PathLike[str] | None = None,
              log: Callable[[str], Any] = print) -> Calibration:
    """Fits, checks the fit on seeds 101.. (``check_seeds`` of them) and writes calibrated.toml and
    calibration.md to ``out_dir`` (default: the project's scenarios/ and docs/)."""
    root = project_root() if root is None else Path(root)
    t0 = time.perf_counter()
    problem = Problem(load_targets(root / "data" / "calibration_targets.csv"), scale, range(1, seeds + 1),
                      workers or os.cpu_count() or 1, root=root)
    x, d0, d1 = fit(problem, max_evals, log)
    eval_seeds = list(range(101, 101 + check_seeds))
    sims = problem.simulate(x, eval_seeds)
    table = [(float(c.mean()), float(np.quantile(c, 0.05)), float(np.quantile(c, 0.95))) for c in sims.T]
    stamp = dt.date.today().isoformat()
    seconds = time.perf_counter() - t0
    toml_path = (Path(out_dir) if out_dir is not None else root / "scenarios") / "calibrated.toml"
    md_path = (Path(out_dir) if out_dir is not None else root / "docs") / "calibration.md"
    toml_path.parent.mkdir(parents=True, exist_ok=True)
    md_path.parent.mkdir(parents=True, exist_ok=True)
    write_toml(toml_path, x, stamp, d0, d1)
    write_markdown(md_path, problem, x, table, scale, max_evals, stamp, d0, d1, seconds, eval_seeds)
    return Calibration(x, d0, d1, problem.evaluations, seconds, toml_path, md_path)
