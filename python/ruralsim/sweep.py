"""Monte Carlo sweeps: scenarios x sampled parameter values x seeds, run
concurrently in this process (threads; the GIL is released during runs) or on
a Dask cluster, with the same numbers either way.

Common random numbers: run ``r`` uses the same seed and the same sampled
parameter values in every scenario, and the model keys every random draw by
(seed, stream, agent, day), so each agent gets the same draws in every
scenario and differences between scenarios are paired run by run.
"""

from __future__ import annotations

import concurrent.futures as cf
import hashlib
import json
import os
import re
import time
import warnings
from collections.abc import Iterable, Mapping, Sequence

import numpy as np
import pandas as pd

from . import sampling
from ._native import core
from .scenario import Scenario, as_scenario

DEFAULT_QUANTILES = (0.05, 0.5, 0.95)


# -- one run, as a worker sees it -------------------------------------------------------------------
def run_task(toml: str, name: str, base_dir: str, overrides: Sequence[tuple[str, float]], seed: int,
             threads: int = 1) -> dict:
    """Runs one point of a sweep and returns its summary (plain dict of numpy
    arrays: yearly and monthly city series, targets, T8 by year). Module-level so
    Dask can ship it to workers."""
    c = core()
    sc = c.Scenario.parse(toml, name, base_dir)
    for k, v in overrides:
        sc.set_number(k, float(v))
    r = c.run(sc, int(seed), int(threads))
    d = r.data()
    r.release()
    return summarize(d)


def summarize(d: dict) -> dict:
    t = d["targets"]
    return {
        "first": d["first"], "wall_seconds": float(d["wall_seconds"]), "households": int(d["households"]),
        "years": np.asarray(d["years"], dtype=np.int64), "month_offsets": np.asarray(d["month_offsets"], dtype=np.int64),
        "year": {k: np.asarray(v) for k, v in d["year"].items()},
        "month": {k: np.asarray(v) for k, v in d["month"].items()},
        "targets": {"target": [x["target"] for x in t], "value": np.array([x["value"] for x in t], dtype=float),
                    "threshold": np.array([x["threshold"] for x in t], dtype=float),
                    "met": np.array([x["met"] for x in t], dtype=np.int8)},
        "t8": {"year": np.asarray(d["t8"]["year"]), "value": np.asarray(d["t8"]["value"]),
               "met": np.asarray(d["t8"]["met"], dtype=np.int8)},
    }


# -- the plan ---------------------------------------------------------------------------------------
def _scenario_list(scenarios) -> list[tuple[str, Scenario]]:
    if isinstance(scenarios, Mapping):
        items = [(str(k), as_scenario(v)) for k, v in scenarios.items()]
    elif isinstance(scenarios, (Scenario, str, os.PathLike)):
        items = [(None, as_scenario(scenarios))]
    else:
        items = [(None, as_scenario(s)) for s in scenarios]
    out, seen = [], {}
    for name, sc in items:
        name = name or sc.name
        if name in seen:
            seen[name] += 1
            name = f"{name}_{seen[name]}"
        else:
            seen[name] = 1
        out.append((name, sc))
    return out


def _run_key(toml: str, overrides, seed: int, name: str, sample: int) -> str:
    h = hashlib.sha1(json.dumps([toml, [[k, repr(float(v))] for k, v in overrides], int(seed)]).encode()).hexdigest()
    safe = re.sub(r"[^A-Za-z0-9_.-]", "_", name)[:40]
    return f"{safe}__s{sample}__seed{seed}__{h[:12]}"


def sweep(scenarios, seeds: Iterable[int] = range(10), vary=None, method: str = "lhs", samples: int | None = None,
          client=None, threads_per_run: int = 1, store: str | os.PathLike | None = None, sample_seed: int = 0,
          max_workers: int | None = None, progress: bool = True) -> "Sweep":
    """Runs scenarios x sampled parameter values x seeds and gathers the results.

    scenarios: a Scenario, a path, a list of them, or a dict {name: scenario}.
    seeds: the seeds of every (scenario, sample); run ``r`` = sample ``r // len(seeds)``
    with seed ``seeds[r % len(seeds)]``, the same in every scenario (paired).
    vary: ``{"household.mpc_rural": (lo, hi)}``, ``{"key": "plausible"}`` or a list
    of keys (their registry plausible ranges); sampled with ``method`` ("lhs" or
    "sobol", scipy.stats.qmc seeded by ``sample_seed``: same spec, same points),
    ``samples`` points (default 8 when vary is given, else 1).
    client: None runs in this process on all cores (threads, ``max_workers`` of
    them, default cores // threads_per_run); a ``dask.distributed.Client`` runs there.
    store: an .h5 file or a folder; completed runs are saved there and a rerun
    loads them instead of running them again (identical results).
    """
    plan = _scenario_list(scenarios)
    seeds = [int(s) for s in seeds]
    if not seeds:
        raise ValueError("sweep: seeds is empty")
    rngs = sampling.ranges(vary)
    if samples is None:
        samples = 8 if rngs else 1
    if samples < 1:
        raise ValueError("sweep: samples must be at least 1")
    points = sampling.sample(rngs, samples, method, sample_seed) if rngs else np.empty((samples, 0))
    from .api import parameters

    if rngs:
        types = parameters()["type"]
        for j, (key, _, _) in enumerate(rngs):
            if types[key] == "integer":
                points[:, j] = np.round(points[:, j])
    keys = [r[0] for r in rngs]

    # Validate every scenario with every sampled point before anything runs.
    tomls = []
    for name, sc in plan:
        tomls.append((sc.to_toml(), sc.name, sc._base_dir))
        probe = sc.copy()
        for i in range(samples):
            for k, v in zip(keys, points[i]):
                probe.set(k, float(v))

    R = samples * len(seeds)
    tasks = []  # (scenario index, run index, key, payload)
    for s, (name, _) in enumerate(plan):
        toml, scname, base_dir = tomls[s]
        for i in range(samples):
            overrides = tuple(zip(keys, map(float, points[i])))
            for j, seed in enumerate(seeds):
                r = i * len(seeds) + j
                key = _run_key(toml, overrides, seed, name, i)
                tasks.append((s, r, key, (toml, scname, base_dir, overrides, seed, int(threads_per_run))))

    spec = {"scenarios": [n for n, _ in plan], "seeds": seeds, "samples": samples, "method": method,
            "sample_seed": sample_seed, "keys": keys, "ranges": [[r[1], r[2]] for r in rngs],
            "points": points.tolist(), "run_keys": [[t[2] for t in tasks if t[0] == s] for s in range(len(plan))]}
    results: dict[tuple[int, int], dict] = {}
    st = None
    if store is not None:
        from .store import Store

        st = Store(store)
        st.write_spec(spec)
    n_loaded = 0
    todo = []
    for t in tasks:
        if st is not None and st.has(t[2]):
            results[(t[0], t[1])] = st.load(t[2])
            n_loaded += 1
        else:
            todo.append(t)

    from tqdm.auto import tqdm

    bar = tqdm(total=len(tasks), initial=n_loaded, desc="ruralsim sweep", unit="run", disable=not progress)
    t0 = time.perf_counter()

    def done(t, summary):
        s, r, key, payload = t
        results[(s, r)] = summary
        if st is not None:
            st.save(key, summary, {"scenario": plan[s][0], "run": r, "sample": r // len(seeds),
                                   "seed": payload[4], "params": dict(payload[3])})
        bar.update(1)

    try:
        if todo and client is None:
            workers = max_workers or max(1, (os.cpu_count() or 1) // max(1, int(threads_per_run)))
            with cf.ThreadPoolExecutor(max_workers=workers, thread_name_prefix="ruralsim") as ex:
                futs = {ex.submit(run_task, *t[3]): t for t in todo}
                try:
                    for f in cf.as_completed(futs):
                        done(futs[f], f.result())
                except BaseException:
                    for f in futs:
                        f.cancel()
                    raise
        elif todo:
            from distributed import as_completed

            futs = {}
            for t in todo:
                futs[client.submit(run_task, *t[3], pure=False)] = t
            for f in as_completed(list(futs)):
                done(futs[f], f.result())
    finally:
        bar.close()
        if st is not None:
            st.close()
    wall = time.perf_counter() - t0
    out = Sweep(spec, results, n_computed=len(todo), n_loaded=n_loaded, wall_seconds=wall)
    return out


def load_sweep(store: str | os.PathLike) -> "Sweep":
    """A Sweep from its store (the runs of the last ``sweep(..., store=)`` call)."""
    from .store import Store

    with Store(store) as st:
        spec = st.read_spec()
        results = {}
        for s, keys in enumerate(spec["run_keys"]):
            for r, key in enumerate(keys):
                if not st.has(key):
                    raise ValueError(f"{store}: run {key} is missing (the sweep did not finish; rerun it to resume)")
                results[(s, r)] = st.load(key)
    return Sweep(spec, results, n_computed=0, n_loaded=len(results), wall_seconds=0.0)


# -- the results ------------------------------------------------------------------------------------
class Sweep:
    """The runs of a sweep, as arrays over (scenario, run, time).

    ``to_xarray()``, ``quantiles()``, ``target_probabilities()``,
    ``p_rural_beats_urban()``, ``paired_differences()``; ``runs`` is the table of
    runs (sample, seed and the sampled values).
    """

    def __init__(self, spec: dict, results: dict, n_computed: int, n_loaded: int, wall_seconds: float):
        self.spec = spec
        self.scenarios: list[str] = list(spec["scenarios"])
        self.seeds: list[int] = list(spec["seeds"])
        self.keys: list[str] = list(spec["keys"])
        self.points = np.asarray(spec["points"], dtype=float).reshape(spec["samples"], len(self.keys))
        self.n_computed, self.n_loaded, self.wall_seconds = n_computed, n_loaded, wall_seconds
        S, R = len(self.scenarios), spec["samples"] * len(self.seeds)
        self.n_runs = S * R
        first = results[(0, 0)]
        origin = pd.Timestamp(first["first"])
        years = sorted({int(y) for v in results.values() for y in v["years"]})
        months = sorted({pd.Timestamp(v["first"]) + pd.Timedelta(days=int(o))
                         for v in results.values() for o in v["month_offsets"]})
        del origin
        self._time = {"year": pd.Index(years, name="year"), "month": pd.DatetimeIndex(months, name="month")}
        names = sorted({k for v in results.values() for k in v["year"]})
        self._data = {f: {n: np.full((S, R, len(self._time[f])), np.nan) for n in names} for f in ("year", "month")}
        self.targets_list = list(first["targets"]["target"])
        self._target_met = np.full((S, R, len(self.targets_list)), -1, dtype=np.int8)
        self._target_value = np.full((S, R, len(self.targets_list)), np.nan)
        self._target_threshold = np.asarray(first["targets"]["threshold"], dtype=float)
        self._t8_gap = np.full((S, R, len(years)), np.nan)
        self._t8_met = np.full((S, R, len(years)), -1, dtype=np.int8)
        self.run_seconds = np.full((S, R), np.nan)
        ypos = {y: k for k, y in enumerate(years)}
        mpos = {m: k for k, m in enumerate(months)}
        for (s, r), v in results.items():
            yi = [ypos[int(y)] for y in v["years"]]
            base = pd.Timestamp(v["first"])
            mi = [mpos[base + pd.Timedelta(days=int(o))] for o in v["month_offsets"]]
            for n, arr in v["year"].items():
                self._data["year"][n][s, r, yi] = arr
            for n, arr in v["month"].items():
                self._data["month"][n][s, r, mi] = arr
            tpos = {t: k for k, t in enumerate(v["targets"]["target"])}
            for k, t in enumerate(self.targets_list):
                if t in tpos:
                    self._target_met[s, r, k] = v["targets"]["met"][tpos[t]]
                    self._target_value[s, r, k] = v["targets"]["value"][tpos[t]]
            ti = [ypos[int(y)] for y in v["t8"]["year"]]
            self._t8_gap[s, r, ti] = v["t8"]["value"]
            self._t8_met[s, r, ti] = v["t8"]["met"]
            self.run_seconds[s, r] = v["wall_seconds"]

    # -- tables ---------------------------------------------------------------------------------
    @property
    def runs(self) -> pd.DataFrame:
        """One row per run index: sample, seed and the sampled parameter values."""
        n = len(self.seeds)
        R = self.spec["samples"] * n
        df = pd.DataFrame({"sample": np.arange(R) // n, "seed": [self.seeds[r % n] for r in range(R)]},
                          index=pd.Index(np.arange(R), name="run"))
        for j, k in enumerate(self.keys):
            df[k] = self.points[df["sample"].to_numpy(), j]
        return df

    @property
    def runs_per_second(self) -> float:
        return self.n_computed / self.wall_seconds if self.wall_seconds > 0 else float("nan")

    def names(self, freq: str = "year") -> list[str]:
        return list(self._data[freq])

    def indicator(self, name: str, freq: str = "year") -> np.ndarray:
        """(scenario, run, time) array of one indicator."""
        if freq not in self._data:
            raise ValueError(f"freq must be 'year' or 'month' in a sweep, got {freq!r}")
        if name not in self._data[freq]:
            from .errors import IndicatorNotAvailable

            raise IndicatorNotAvailable(f"indicator {name!r} is not produced by this model version; "
                                        f"available: {', '.join(self._data[freq])}")
        return self._data[freq][name]

    def to_xarray(self, freq: str = "year"):
        """An xarray Dataset: every indicator over (scenario, run, time); per-run
        targets (target_value, target_met over (scenario, run, target)) and T8 by
        year (t8_gap, t8_met over (scenario, run, year)); run coordinates sample,
        seed and the sampled parameter values."""
        import xarray as xr

        runs = self.runs
        coords = {"scenario": self.scenarios, "run": runs.index.to_numpy(),
                  "time": self._time[freq].to_numpy() if freq == "month" else self._time[freq].to_numpy(),
                  "target": self.targets_list, "year": self._time["year"].to_numpy(),
                  "sample": ("run", runs["sample"].to_numpy()), "seed": ("run", runs["seed"].to_numpy())}
        for k in self.keys:
            coords[k] = ("run", runs[k].to_numpy())
        data = {n: (("scenario", "run", "time"), a) for n, a in self._data[freq].items()}
        data["target_value"] = (("scenario", "run", "target"), self._target_value)
        data["target_met"] = (("scenario", "run", "target"), self._target_met)
        data["target_threshold"] = (("target",), self._target_threshold)
        data["t8_gap"] = (("scenario", "run", "year"), self._t8_gap)
        data["t8_met"] = (("scenario", "run", "year"), self._t8_met)
        ds = xr.Dataset(data, coords=coords)
        ds.attrs.update({"method": self.spec["method"], "samples": self.spec["samples"], "freq": freq})
        return ds

    def quantiles(self, indicator: str = "rural_urban_growth_gap", freq: str = "year",
                  q: Sequence[float] = DEFAULT_QUANTILES) -> pd.DataFrame:
        """Quantile bands over runs: rows (scenario, time), columns q0.05, q0.5, ... and mean."""
        a = self.indicator(indicator, freq)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", RuntimeWarning)
            qs = np.nanquantile(a, q, axis=1)  # (q, S, T)
            mean = np.nanmean(a, axis=1)
        idx = pd.MultiIndex.from_product([self.scenarios, self._time[freq]], names=["scenario", self._time[freq].name])
        df = pd.DataFrame({f"q{x:g}": qs[k].reshape(-1) for k, x in enumerate(q)}, index=idx)
        df["mean"] = mean.reshape(-1)
        return df

    @staticmethod
    def _prob(met: np.ndarray) -> np.ndarray:
        evaluable = (met >= 0).sum(axis=1)
        hit = (met == 1).sum(axis=1)
        with np.errstate(invalid="ignore", divide="ignore"):
            return np.where(evaluable > 0, hit / np.maximum(evaluable, 1), np.nan)

    def target_probabilities(self) -> pd.DataFrame:
        """P(target met) per scenario (rows) and target (columns), over the runs
        where it is evaluable; NaN where this model version cannot evaluate it."""
        return pd.DataFrame(self._prob(self._target_met), index=pd.Index(self.scenarios, name="scenario"),
                            columns=pd.Index(self.targets_list, name="target"))

    def p_rural_beats_urban(self) -> pd.DataFrame:
        """P(rural retail growth > urban retail growth) per year (rows) and
        scenario (columns): the share of runs in which target T8 holds that year.
        Years without growth (the first year) are left out."""
        p = self._prob(self._t8_met)  # (S, Y)
        df = pd.DataFrame(p.T, index=self._time["year"], columns=pd.Index(self.scenarios, name="scenario"))
        return df.dropna(how="all")

    def paired_differences(self, reference: str | None = None, indicator: str = "rural_urban_growth_gap",
                           freq: str = "year", q: Sequence[float] = DEFAULT_QUANTILES) -> pd.DataFrame:
        """Scenario minus reference, run by run (paired: same seed and sampled
        values): mean, quantiles and P(diff > 0), rows (scenario, time)."""
        ref = self.scenarios[0] if reference is None else reference
        if ref not in self.scenarios:
            raise ValueError(f"reference {ref!r} is not one of the sweep's scenarios {self.scenarios}")
        a = self.indicator(indicator, freq)
        k = self.scenarios.index(ref)
        others = [s for s in range(len(self.scenarios)) if s != k]
        if not others:
            raise ValueError("paired_differences needs at least two scenarios")
        d = a[others] - a[k][None]  # (S-1, R, T)
        finite = np.isfinite(d)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", RuntimeWarning)
            qs = np.nanquantile(d, q, axis=1)
            mean = np.nanmean(d, axis=1)
            p = np.where(finite.sum(axis=1) > 0, (d > 0).sum(axis=1) / np.maximum(finite.sum(axis=1), 1), np.nan)
        idx = pd.MultiIndex.from_product([[self.scenarios[s] for s in others], self._time[freq]],
                                         names=["scenario", self._time[freq].name])
        df = pd.DataFrame({"mean": mean.reshape(-1)}, index=idx)
        for j, x in enumerate(q):
            df[f"q{x:g}"] = qs[j].reshape(-1)
        df["p_gt_0"] = p.reshape(-1)
        df.attrs["reference"] = ref
        df.attrs["indicator"] = indicator
        return df.dropna(subset=["mean"])

    def plot(self, kind: str = "retail_growth", **kw):
        from . import plot

        if kind == "retail_growth":
            return plot.retail_growth(self, **kw)
        if kind in ("targets", "target_attainment"):
            return plot.target_attainment(self, **kw)
        if kind == "p_rural_beats_urban":
            return plot.p_rural_beats_urban(self, **kw)
        return plot.indicator(self, kind, **kw)

    def __repr__(self) -> str:
        return (f"<ruralsim sweep: {len(self.scenarios)} scenarios x {self.spec['samples']} samples x "
                f"{len(self.seeds)} seeds = {self.n_runs} runs ({self.n_computed} run, {self.n_loaded} loaded)>")
