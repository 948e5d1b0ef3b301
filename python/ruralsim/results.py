"""The results of a sweep: the runs' summaries as arrays over (scenario, run, time), and what is
read from them (quantile bands, target probabilities, paired differences, an xarray Dataset)."""

from __future__ import annotations

import warnings
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from . import plot
from .errors import IndicatorNotAvailable
from .summary import RunSummary

if TYPE_CHECKING:
    from matplotlib.figure import Figure

DEFAULT_QUANTILES = (0.05, 0.5, 0.95)


class Sweep:
    """The runs of a sweep, as arrays over (scenario, run, time).

    ``to_xarray()``, ``quantiles()``, ``target_probabilities()``,
    ``p_rural_beats_urban()``, ``paired_differences()``; ``runs`` is the table of
    runs (sample, seed and the sampled values).
    """

    def __init__(self, spec: Mapping[str, Any], results: Mapping[tuple[int, int], RunSummary], n_computed: int,
                 n_loaded: int, wall_seconds: float):
        """``spec``: a plan's ``RunPlan.spec()``; ``results``: {(scenario index, run index): summary}."""
        self.spec = dict(spec)
        self.scenarios: list[str] = list(spec["scenarios"])
        self.seeds: list[int] = list(spec["seeds"])
        self.keys: list[str] = list(spec["keys"])
        self.points = np.asarray(spec["points"], dtype=float).reshape(spec["samples"], len(self.keys))
        self.n_computed, self.n_loaded, self.wall_seconds = n_computed, n_loaded, wall_seconds
        S, R = len(self.scenarios), spec["samples"] * len(self.seeds)
        self.n_runs = S * R
        first = results[(0, 0)]
        years = sorted({int(y) for v in results.values() for y in v["years"]})
        months = sorted({pd.Timestamp(v["first"]) + pd.Timedelta(days=int(o))
                         for v in results.values() for o in v["month_offsets"]})
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
        """Runs computed (not loaded from a store) per second of wall time."""
        return self.n_computed / self.wall_seconds if self.wall_seconds > 0 else float("nan")

    def names(self, freq: str = "year") -> list[str]:
        """Every indicator the sweep holds."""
        return list(self._data[freq])

    def times(self, freq: str = "year") -> pd.Index:
        """The time axis: years (integers) or months (first days)."""
        return self._time[freq]

    def indicator(self, name: str, freq: str = "year") -> np.ndarray:
        """(scenario, run, time) array of one indicator."""
        if freq not in self._data:
            raise ValueError(f"freq must be 'year' or 'month' in a sweep, got {freq!r}")
        if name not in self._data[freq]:
            raise IndicatorNotAvailable(f"indicator {name!r} is not produced by this model version; "
                                        f"available: {', '.join(self._data[freq])}")
        return self._data[freq][name]

    def to_xarray(self, freq: str = "year") -> Any:
        """An xarray Dataset: every indicator over (scenario, run, time); per-run
        targets (target_value, target_met over (scenario, run, target)) and T8 by
        year (t8_gap, t8_met over (scenario, run, year)); run coordinates sample,
        seed and the sampled parameter values."""
        import xarray as xr

        runs = self.runs
        coords = {"scenario": self.scenarios, "run": runs.index.to_numpy(),
                  "time": self._time[freq].to_numpy(),
                  "target": self.targets_list, "year": self._time["year"].to_numpy(),
                  "sample": ("run", runs["sample"].to_numpy()), "seed": ("run", runs["seed"].to_numpy())}
        for k in self.keys:
            coords[k] = ("run", runs[k].to_numpy())
        data: dict[str, tuple[tuple[str, ...], np.ndarray]] = {
            n: (("scenario", "run", "time"), a) for n, a in self._data[freq].items()}
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

    def plot(self, kind: str = "retail_growth", **kw: Any) -> Figure:
        """A matplotlib Figure: "retail_growth", "targets", "p_rural_beats_urban" or any indicator name."""
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
