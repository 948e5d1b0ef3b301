"""Global sensitivity analysis of ruralsim: Sobol indices of the key outcomes.

Samples a set of key behavioural parameters over their plausible ranges (the
parameter registry, ``ruralsim.parameters()``) with SALib's Sobol' sequence
(Saltelli's scheme, first-order and total indices), runs every point of the
plan2022 scenario at a reduced scale as one run plan (``ruralsim.plan.RunPlan``)
with one fixed seed (common random numbers: every point sees the same random
draws), and estimates S1 and ST with bootstrap confidence intervals for

  * the T8 gap (rural minus urban retail growth, percentage points) of each
    year 2022-2025 and its mean over those years;
  * the average annual growth of rural online retail from 2021 (the plan's base
    year, as in target T1);
  * the cost per rural parcel and the comprehensive silk output value in 2025.

Seed noise is measured alongside: the same scenario at the default parameter
values is run with several seeds, and the variance of each outcome across
seeds is set against its variance across the parameter sample.

``run_analysis()`` does it all; ``write()`` writes ``OUT/sensitivity.md`` (settings,
tables of S1 and ST with confidence intervals, seed noise) and
``OUT/sensitivity/indices.csv`` and ``OUT/sensitivity/seed_noise.csv``;
scripts/sensitivity.py is its command line and notebooks/05_sensitivity.ipynb
shows it.
"""

from __future__ import annotations

import datetime as dt
import os
import platform
import time
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from .. import sampling
from .._version import __version__
from ..executors import executor_for
from ..params import parameters
from ..plan import RunPlan
from ..results import Sweep
from ..scenario import Scenario
from ..sweeps import execute
from ._paths import project_root

if TYPE_CHECKING:
    from matplotlib.figure import Figure

#: The parameters varied, with why each is expected to matter for the outcomes.
PARAMETERS: dict[str, str] = {
    "household.income_growth_rural": "drives rural consumption and so rural retail growth (the T8 gap's first term); "
                                     "also raises farm labour's reservation wage in sericulture",
    "household.income_growth_urban": "drives urban consumption and so urban retail growth (the T8 gap's second term)",
    "channel.asc_online": "attractiveness of online shopping in the channel choice: moves rural spending from "
                          "village stores and township centres (rural retail) to online sellers, mostly urban or "
                          "outside Chongqing; parcel volumes",
    "channel.beta_delivery": "disutility of waiting for a parcel: how much the plan's faster village delivery "
                             "moves buyers online",
    "adoption.bass_q": "imitation rate of online shopping (Bass diffusion): speed at which rural households start "
                       "buying online",
    "ecommerce.seller_q": "imitation rate of selling online: growth of the number of rural online sellers",
    "ecommerce.seller_sales_growth": "growth of each rural seller's online sales: rural online retail growth",
    "online.external_growth": "growth of outside buyers' demand for Chongqing online sellers: urban retail (in the "
                              "code it scales urban sellers' outside sales only; rural sellers' sales follow "
                              "ecommerce.seller_sales_growth, although the registry description names both)",
    "logistics.lastmile_trip_cost": "fixed cost of a township-village trip: village delivery coverage and cost per "
                                    "parcel",
    "logistics.handling_cost": "sorting and handling cost per parcel: enters the cost per parcel directly",
    "sericulture.cocoon_per_box": "fresh cocoons per box of eggs (the yield): cocoon output and the return to "
                                  "rearing, so the boxes farms rear; cocoon sales are the largest part of the silk "
                                  "output value",
    "sericulture.contract_price": "leading firms' contract price of fresh cocoons: value of cocoon sales and the "
                                  "return to rearing",
    "sericulture.reservation_wage": "farm households' reservation wage: whether rearing a batch pays against other "
                                    "work, so the boxes reared",
}

#: The small set for --quick: one parameter from each of households, channel choice, logistics and sericulture.
QUICK_PARAMETERS = ("household.income_growth_rural", "channel.asc_online", "logistics.handling_cost",
                    "sericulture.cocoon_per_box")

BASE_YEAR, GAP_YEARS = 2021, (2022, 2023, 2024, 2025)

DEFAULTS: dict[str, Any] = {"scenario": "scenarios/plan2022.toml", "n": 16, "scale": 1000, "seed": 1, "noise_seeds": 8}
QUICK: dict[str, Any] = {"n": 4, "scale": 2000, "noise_seeds": 2, "end": "2022-12-31"}


# -- the design ---------------------------------------------------------------------------------------
def problem(keys: Iterable[str]) -> dict[str, Any]:
    """The SALib problem: the keys with their registry plausible ranges."""
    rngs = sampling.ranges(list(keys))
    return {"num_vars": len(rngs), "names": [r[0] for r in rngs], "bounds": [[r[1], r[2]] for r in rngs]}


def design(prob: dict[str, Any], n: int, seed: int) -> np.ndarray:
    """Saltelli's design from a scrambled Sobol' sequence: n * (D + 2) points (first-order and total indices)."""
    from SALib.sample import sobol as sobol_sample

    if n < 2 or n & (n - 1):
        raise ValueError(f"--n must be a power of 2 (at least 2) for the Sobol' sequence, got {n}")
    return sobol_sample.sample(prob, n, calc_second_order=False, scramble=True, seed=seed)


# -- running ------------------------------------------------------------------------------------------
def base_scenario(path: str | os.PathLike[str], scale: float, end: str | None = None,
                  root: str | os.PathLike[str] | None = None) -> Scenario:
    """The scenario file (relative to ``root``, default the project's checkout) at the given scale
    and end."""
    sc = Scenario.load(path if os.path.isabs(str(path)) else (project_root() if root is None else Path(root)) / path)
    sc.set("run.scale", float(scale))
    if end is not None:
        sc.set("run.end", end)
    return sc


def outcome_names(years: Iterable[int]) -> list[str]:
    """The outcomes a run over ``years`` gives (growth needs the base year 2021)."""
    years = list(years)
    last = max(years)
    gap = [y for y in GAP_YEARS if y in years]
    names = [f"t8_gap_{y}" for y in gap]
    if gap:
        names.append("t8_gap_mean")
    names += ["rural_online_growth", f"cost_per_parcel_{min(last, GAP_YEARS[-1])}",
              f"silk_output_value_{min(last, GAP_YEARS[-1])}"]
    return names


OUTCOME_LABELS = {
    "t8_gap": ("T8 gap {year}: rural minus urban retail growth", "pp"),
    "t8_gap_mean": ("T8 gap, mean 2022-{last}", "pp"),
    "rural_online_growth": ("rural online retail, average annual growth 2021-{last}", "%"),
    "cost_per_parcel": ("cost per rural parcel, {year}", "yuan/parcel"),
    "silk_output_value": ("silk output value, {year}", "billion yuan"),
}


def outcome_label(name: str, last: int) -> tuple[str, str]:
    """(label, unit) of an outcome name."""
    if name in ("t8_gap_mean", "rural_online_growth"):
        lab, unit = OUTCOME_LABELS[name]
        return lab.format(last=last), unit
    stem, year = name.rsplit("_", 1)
    lab, unit = OUTCOME_LABELS[stem]
    return lab.format(year=year), unit


def outcomes(sw: Sweep) -> pd.DataFrame:
    """The outcomes of every run of a sweep: rows (scenario, run), one column per outcome."""
    ds = sw.to_xarray("year")
    years = [int(y) for y in ds["time"].values]
    last = min(max(years), GAP_YEARS[-1])

    def at(name, year):
        return ds[name].sel(time=year).values.reshape(-1)  # (scenario * run)

    cols = {}
    gap_years = [y for y in GAP_YEARS if y in years]
    for y in gap_years:
        cols[f"t8_gap_{y}"] = at("rural_urban_growth_gap", y)
    if gap_years:
        cols["t8_gap_mean"] = np.mean([cols[f"t8_gap_{y}"] for y in gap_years], axis=0)
    with np.errstate(invalid="ignore", divide="ignore"):
        ratio = at("rural_online_retail", last) / at("rural_online_retail", BASE_YEAR)
        cols["rural_online_growth"] = 100.0 * (ratio ** (1.0 / (last - BASE_YEAR)) - 1.0)
    cols[f"cost_per_parcel_{last}"] = at("cost_per_parcel", last)
    cols[f"silk_output_value_{last}"] = at("silk_output_value", last) / 1e9
    idx = pd.MultiIndex.from_product([sw.scenarios, range(ds.sizes["run"])], names=["point", "run"])
    df = pd.DataFrame(cols, index=idx)
    assert list(df.columns) == outcome_names(years)
    return df


def evaluate(sc: Scenario, keys: Sequence[str], X: np.ndarray, seed: int, client: Any = None,
             progress: bool = True) -> tuple[pd.DataFrame, Sweep]:
    """Runs the scenario at every row of X (values of ``keys``), all with the same seed: one run plan
    whose parameter samples are the rows. Returns (outcomes DataFrame in row order, Sweep)."""
    plan = RunPlan.from_points(sc, [seed], pd.DataFrame(np.asarray(X, dtype=float), columns=list(keys)))
    sw = execute(plan, executor_for(client), progress=progress)
    return outcomes(sw).reset_index(drop=True), sw


def seed_noise(sc: Scenario, seeds: Iterable[int], client: Any = None, progress: bool = True) -> pd.DataFrame:
    """Outcomes of the scenario at its default parameter values over several seeds (rows: seed)."""
    seeds = list(seeds)
    y = outcomes(execute(RunPlan.build(sc, seeds), executor_for(client), progress=progress))
    y.index = pd.Index(seeds, name="seed")
    return y


# -- the analysis -------------------------------------------------------------------------------------
def analyze(prob: dict[str, Any], Y: pd.DataFrame, seed: int, resamples: int = 200) -> pd.DataFrame:
    """S1 and ST with 95 % bootstrap confidence half-widths, rows (outcome, parameter).

    An outcome that is not finite at every point gets NaN indices (and its count of
    non-finite points in ``n_nonfinite``); an outcome constant over the sample gets 0."""
    from SALib.analyze import sobol as sobol_analyze

    rows = []
    for name in Y.columns:
        y = Y[name].to_numpy(dtype=float)
        bad = int((~np.isfinite(y)).sum())
        if bad:
            res = {k: np.full(prob["num_vars"], np.nan) for k in ("S1", "S1_conf", "ST", "ST_conf")}
        elif np.ptp(y) == 0:
            res = {k: np.zeros(prob["num_vars"]) for k in ("S1", "S1_conf", "ST", "ST_conf")}
        else:
            res = sobol_analyze.analyze(prob, y, calc_second_order=False, num_resamples=resamples, conf_level=0.95,
                                        seed=seed)
        for j, key in enumerate(prob["names"]):
            rows.append({"outcome": name, "parameter": key, "S1": float(res["S1"][j]),
                         "S1_conf": float(res["S1_conf"][j]), "ST": float(res["ST"][j]),
                         "ST_conf": float(res["ST_conf"][j]), "n_nonfinite": bad})
    return pd.DataFrame(rows)


def noise_table(Y: pd.DataFrame, N: pd.DataFrame) -> pd.DataFrame:
    """Per outcome: mean and SD across the parameter sample (fixed seed), mean and SD across seeds at the
    default values, and the variance ratio seed / sample."""
    out = pd.DataFrame({"sample_mean": Y.mean(), "sample_sd": Y.std(ddof=1), "seeds_mean": N.mean(),
                        "seeds_sd": N.std(ddof=1)})
    out["noise_share"] = out["seeds_sd"] ** 2 / out["sample_sd"] ** 2
    out.index.name = "outcome"
    return out


def run_analysis(scenario: str | os.PathLike[str] = DEFAULTS["scenario"], keys: Iterable[str] | None = None,
                 n: int = DEFAULTS["n"], scale: float = DEFAULTS["scale"], seed: int = DEFAULTS["seed"],
                 noise_seeds: int = DEFAULTS["noise_seeds"], end: str | None = None, client: Any = None,
                 progress: bool = True, root: str | os.PathLike[str] | None = None) -> dict[str, Any]:
    """The whole analysis; returns a dict with the settings, the indices, the sample outcomes and the noise.
    A relative ``scenario`` path is read from ``root`` (default: the project's checkout)."""
    from importlib import metadata

    keys = list(PARAMETERS if keys is None else keys)
    t0 = time.perf_counter()
    sc = base_scenario(scenario, scale, end, root)
    prob = problem(keys)
    X = design(prob, n, seed)
    Y, sw = evaluate(sc, keys, X, seed, client=client, progress=progress)
    t_sample = time.perf_counter() - t0
    N = seed_noise(sc, range(seed, seed + noise_seeds), client=client, progress=progress)
    idx = analyze(prob, Y, seed)
    noise = noise_table(Y, N)
    wall = time.perf_counter() - t0
    reg = parameters()
    years = [int(y) for y in sw.to_xarray("year")["time"].values]
    settings = {
        "scenario": str(scenario), "scenario_name": sc.name, "run.start": str(sc.get("run.start")),
        "run.end": str(sc.get("run.end")), "run.scale": float(scale), "n": int(n), "parameters": len(keys),
        "sample_runs": int(len(X)), "seed": int(seed), "noise_seeds": int(noise_seeds),
        "runs": int(len(X) + noise_seeds), "wall_seconds": wall, "sample_seconds": t_sample,
        "run_seconds_mean": float(np.nanmean(sw.run_seconds)), "cores": os.cpu_count(),
        "dask": client is not None, "date": dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M UTC"),
        "salib": metadata.version("SALib"), "ruralsim": __version__, "python": platform.python_version(),
        "last_year": min(max(years), GAP_YEARS[-1]),
    }
    ranges = reg.loc[keys, ["default", "plausible_lo", "plausible_hi", "unit", "source"]].copy()
    ranges["scenario_value"] = [float(sc.get(k)) for k in keys]
    ranges["why"] = [PARAMETERS.get(k, "") for k in keys]
    return {"settings": settings, "problem": prob, "X": X, "Y": Y, "indices": idx, "noise": noise,
            "seed_outcomes": N, "ranges": ranges}


def plot_indices(indices: pd.DataFrame, outcomes: Sequence[str] | None = None, ncols: int = 2) -> Figure:
    """Bars of S1 and ST (with their confidence half-widths as error bars) per parameter, one panel per
    outcome; returns a matplotlib Figure (made without pyplot, so it works headless)."""
    from matplotlib.figure import Figure

    outcomes = list(dict.fromkeys(indices["outcome"])) if outcomes is None else list(outcomes)
    params = list(dict.fromkeys(indices["parameter"]))
    nrows = -(-len(outcomes) // ncols)
    fig = Figure(figsize=(6.5 * ncols, 0.32 * len(params) * nrows + 1.2 * nrows), layout="constrained")
    axes = fig.subplots(nrows, ncols, squeeze=False, sharex=True)
    y = np.arange(len(params))
    for k, ax in enumerate(axes.flat):
        if k >= len(outcomes):
            ax.set_visible(False)
            continue
        d = indices[indices["outcome"] == outcomes[k]].set_index("parameter").reindex(params)
        ax.barh(y - 0.2, d["S1"], 0.4, xerr=d["S1_conf"], color="#9ecae1", label="S1 (alone)", capsize=2)
        ax.barh(y + 0.2, d["ST"], 0.4, xerr=d["ST_conf"], color="#3182bd", label="ST (total)", capsize=2)
        ax.set_yticks(y, params if k % ncols == 0 else [""] * len(params), fontsize=8)
        ax.invert_yaxis()
        ax.axvline(0, color="grey", lw=0.6)
        ax.set_xlim(-0.2, 1.2)
        ax.set_title(outcomes[k], fontsize=10)
        if k == 0:
            ax.legend(fontsize=8, loc="lower right")
    return fig


# -- writing ------------------------------------------------------------------------------------------
def _num(x: float, digits: int = 3) -> str:
    """A number for a table: 3 significant digits, no exponent for everyday magnitudes."""
    if not np.isfinite(x):
        return "NaN"
    if x != 0 and (abs(x) >= 1e5 or abs(x) < 1e-3):
        return f"{x:.{digits}g}"
    return f"{float(f'{x:.{digits}g}'):g}"


def _ci(v: float, h: float) -> str:
    if not np.isfinite(v):
        return "NaN"
    return f"{v:.2f} ± {h:.2f}"


def markdown(res: dict[str, Any]) -> str:
    """sensitivity.md from the result of ``run_analysis``."""
    s, idx, noise, ranges = res["settings"], res["indices"], res["noise"], res["ranges"]
    last = s["last_year"]
    L: list[str] = []
    w = L.append
    w("# Sensitivity analysis: Sobol indices of the key outcomes")
    w("")
    w("*Generated by `scripts/sensitivity.py`; do not edit by hand. Rerun the script to refresh it "
      "(the indices are also in `sensitivity/indices.csv`, the seed-noise table in `sensitivity/seed_noise.csv`; "
      "`notebooks/05_sensitivity.ipynb` plots them).*")
    w("")
    w("## What is computed")
    w("")
    w(f"The scenario `{s['scenario_name']}` ({s['scenario']}) is run at a reduced scale (one household agent per "
      f"{s['run.scale']:g} real households) for {s['sample_runs']} parameter points: Saltelli's scheme on a "
      f"scrambled Sobol' sequence (SALib `sample.sobol`, base sample size N = {s['n']}, "
      f"N · (D + 2) points for D = {s['parameters']} parameters) over the registry's plausible range of each "
      "parameter, uniformly; every other parameter keeps the scenario's value. Every point runs with the same "
      f"seed ({s['seed']}): common random numbers, so the differences between points come from the parameters, "
      "not from different random draws. (At such scales a run's time hardly depends on the number of "
      "household agents, so a finer scale costs little and lowers seed noise.) `SALib.analyze.sobol` estimates "
      "for each outcome and parameter")
    w("")
    w("- **S1**, the first-order index: the share of the outcome's variance over the ranges that the parameter "
      "explains on its own (the expected reduction of variance if the parameter were known exactly);")
    w("- **ST**, the total index: the share that involves the parameter at all, alone or through interactions "
      "(the expected variance left if every *other* parameter were known). ST near 0 means the parameter can be "
      "fixed anywhere in its range without changing the outcome; ST − S1 is its share in interactions.")
    w("")
    w("The ± values are 95 % bootstrap confidence half-widths (200 resamples). With a small base sample they are "
      "wide and estimates can fall slightly below 0 or above 1; read the ranking of large indices, not the "
      "second digit.")
    w("")
    w("Outcomes (each a scalar per run):")
    w("")
    w("| outcome | meaning | unit |")
    w("|---|---|---|")
    for name in res["Y"].columns:
        lab, unit = outcome_label(name, last)
        w(f"| `{name}` | {lab} | {unit} |")
    w("")
    w("The T8 gap is `rural_urban_growth_gap` of the yearly output (growth of rural minus growth of urban retail "
      "sales, `docs/output.md`); rural online growth is the average annual growth of `rural_online_retail` from "
      f"{BASE_YEAR} (the plan's base year, as target T1); cost per parcel is `cost_per_parcel` and silk output "
      "value `silk_output_value` (cocoon sales, silk enterprises' output and mulberry diversification, gross).")
    w("")
    w("## Settings")
    w("")
    w("| setting | value |")
    w("|---|---|")
    rows = [("scenario", f"`{s['scenario']}` (`{s['scenario_name']}`), {s['run.start']} to {s['run.end']}"),
            ("scale (`run.scale`)", f"{s['run.scale']:g} real households per agent"),
            ("base sample size N", s["n"]), ("parameters D", s["parameters"]),
            ("runs",
             f"{s['sample_runs']} sample points + {s['noise_seeds']} seeds at the default values = {s['runs']}"),
            ("seed", f"{s['seed']} for every sample point; seeds {s['seed']}-{s['seed'] + s['noise_seeds'] - 1} "
                     "for the noise check"),
            ("runtime", f"{s['wall_seconds'] / 60:.1f} min wall ({s['run_seconds_mean']:.1f} s per run on average, "
                        f"{s['cores']} cores, "
                        f"{'a Dask cluster' if s['dask'] else 'in-process threads, one per core'})"),
            ("date", s["date"]),
            ("versions", f"ruralsim {s['ruralsim']}, SALib {s['salib']}, Python {s['python']}")]
    for k, v in rows:
        w(f"| {k} | {v} |")
    w("")
    w(f"Command: `{' '.join(['python3 scripts/sensitivity.py', s.get('command') or '']).strip()}`")
    w("")
    w("## Parameters and why")
    w("")
    w("Behavioural and cost parameters that the outcomes depend on, one or more from each part of the model "
      "(households, channel choice, adoption, online sellers, logistics, sericulture); policy "
      "levers (budgets and their splits) are left out, since they are what scenarios compare, not uncertainties.")
    w("")
    w("| parameter | plausible range | unit | scenario value | why |")
    w("|---|---|---|---|---|")
    for key, r in ranges.iterrows():
        w(f"| `{key}` | [{_num(r['plausible_lo'])}, {_num(r['plausible_hi'])}] | {r['unit']} | "
          f"{_num(r['scenario_value'])} | {r['why']} |")
    w("")
    w("## Seed noise against parameter uncertainty")
    w("")
    w(f"The same scenario at its own parameter values run with {s['noise_seeds']} seeds, against the sample (one "
      "seed, parameters varied). `noise share` is the variance across seeds divided by the variance across the "
      "sample: the part of the sample variance that seed noise alone could produce. Where it is small the indices "
      "describe the parameters; where it approaches 1 the outcome at this scale is mostly noise and its indices "
      "(which then sum to well below 1 in S1 and spread over interactions in ST) say little.")
    w("")
    w("| outcome | sample mean | sample SD | seeds mean | seeds SD | noise share |")
    w("|---|---|---|---|---|---|")
    for name, r in noise.iterrows():
        w(f"| `{name}` | {_num(r['sample_mean'])} | {_num(r['sample_sd'])} | {_num(r['seeds_mean'])} | "
          f"{_num(r['seeds_sd'])} | {_num(r['noise_share'], 2)} |")
    w("")
    w("## Indices by outcome")
    w("")
    for name in res["Y"].columns:
        lab, unit = outcome_label(name, last)
        d = idx[idx["outcome"] == name].sort_values("ST", ascending=False, na_position="last")
        w(f"### `{name}`: {lab} ({unit})")
        w("")
        bad = int(d["n_nonfinite"].iloc[0])
        if bad:
            w(f"**{bad} of {s['sample_runs']} points gave a non-finite value; no indices.**")
            w("")
            continue
        top = d.iloc[0]
        w(f"Sum of S1: {d['S1'].sum():.2f}; largest total effect: `{top['parameter']}` (ST {top['ST']:.2f}).")
        w("")
        w("| parameter | S1 | ST |")
        w("|---|---|---|")
        for _, r in d.iterrows():
            w(f"| `{r['parameter']}` | {_ci(r['S1'], r['S1_conf'])} | {_ci(r['ST'], r['ST_conf'])} |")
        w("")
    return "\n".join(L) + "\n"


def write(res: dict[str, Any], out: str | os.PathLike[str]) -> dict[str, Path]:
    """Writes OUT/sensitivity.md and OUT/sensitivity/{indices,seed_noise}.csv (each complete or not at all)."""
    out = Path(out)
    (out / "sensitivity").mkdir(parents=True, exist_ok=True)
    paths = {"markdown": out / "sensitivity.md", "indices": out / "sensitivity" / "indices.csv",
             "noise": out / "sensitivity" / "seed_noise.csv"}
    texts = {"markdown": markdown(res), "indices": res["indices"].to_csv(index=False, float_format="%.6g"),
             "noise": res["noise"].to_csv(float_format="%.6g")}
    for k, p in paths.items():
        tmp = p.with_name(p.name + f".tmp.{os.getpid()}")
        tmp.write_text(texts[k], encoding="utf-8")
        os.replace(tmp, p)
    return paths
