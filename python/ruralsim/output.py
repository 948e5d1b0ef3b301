"""Run results: read from an output file (``open_run``) or straight from a run
(``ruralsim.run``), with the same frames and identical numbers either way.
The file layout is documented in docs/output.md."""

from __future__ import annotations

import os
import shutil
import tomllib
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import h5py
import numpy as np
import pandas as pd

from . import plot
from .errors import IndicatorNotAvailable

if TYPE_CHECKING:
    from matplotlib.figure import Figure

_FREQS = ("day", "month", "year")
TARGET_COLUMNS = ["value", "threshold", "met", "description", "unit"]


def _decode(v: Any) -> Any:
    return v.decode() if isinstance(v, bytes) else v


def _time_index(values: np.ndarray, freq: str, origin: str | None) -> pd.Index:
    if freq == "year":
        return pd.Index(np.asarray(values).astype(int), name="year")
    return pd.DatetimeIndex(pd.Timestamp(origin) + pd.to_timedelta(np.asarray(values), unit="D"), name=freq)


def _origin(ds: h5py.Dataset) -> str:
    units = _decode(ds.attrs["units"])  # "days since YYYY-MM-DD"
    return units.split("since", 1)[1].strip()


def _parse_descriptions(text: str) -> dict[str, tuple[str, str]]:
    """'T1: words [unit]\\n...' -> {"T1": ("words", "unit")}."""
    out = {}
    for line in (text or "").splitlines():
        if ":" not in line:
            continue
        tid, rest = line.split(":", 1)
        rest = rest.strip()
        unit = ""
        if rest.endswith("]") and "[" in rest:
            rest, unit = rest[: rest.rindex("[")].strip(), rest[rest.rindex("[") + 1 : -1]
        out[tid.strip()] = (rest, unit)
    return out


@dataclass
class RunOutput:
    """One run: its indicators (city-wide and per county), targets and attributes.

    Made by ``ruralsim.run`` (in memory) or ``ruralsim.open_run`` (from a file);
    both give the same frames with identical numbers.
    """

    path: str | None
    attrs: dict[str, Any] = field(default_factory=dict)
    _city: dict[str, pd.DataFrame] = field(default_factory=dict, repr=False)
    _county: dict[str, pd.DataFrame] = field(default_factory=dict, repr=False)
    _targets: pd.DataFrame | None = field(default=None, repr=False)
    _t8: pd.DataFrame | None = field(default=None, repr=False)
    _units: dict[str, str] = field(default_factory=dict, repr=False)
    ledger_residual: np.ndarray | None = field(default=None, repr=False)
    _run: Any = field(default=None, repr=False)  # the live ruralsim._core.Run, when made by ruralsim.run

    # -- attributes -----------------------------------------------------------------------------
    @property
    def scenario(self) -> str:
        """The resolved scenario (TOML text, every key)."""
        return self.attrs["scenario"]

    @property
    def scenario_name(self) -> str:
        return tomllib.loads(self.scenario).get("scenario", {}).get("name", "")

    @property
    def seed(self) -> int:
        return int(self.attrs["seed"])

    @property
    def wall_seconds(self) -> float:
        return float(self.attrs.get("wall_seconds", float("nan")))

    # -- indicators -----------------------------------------------------------------------------
    def indicators(self, freq: str = "year", by: str = "city") -> pd.DataFrame:
        """Indicators as a DataFrame.

        freq: "day", "month" or "year". by: "city" (one row per period) or
        "county" (rows indexed by period and county; "day" only when the run
        wrote county daily output).
        """
        if freq not in _FREQS:
            raise ValueError(f"freq must be one of {_FREQS}, got {freq!r}")
        if by == "city":
            return self._city[freq].copy()
        if by == "county":
            if freq not in self._county:
                raise ValueError(f"{self.path or 'this run'} has no county {freq} series "
                                 "(set output.county_daily = true)")
            return self._county[freq].copy()
        raise ValueError(f"by must be 'city' or 'county', got {by!r}")

    def names(self) -> list[str]:
        """Every indicator this run has (month and year series)."""
        return list(self._city["year"].columns)

    def unit(self, indicator: str) -> str:
        """The unit of an indicator ("" when unknown)."""
        return self._units.get(indicator, "")

    def series(self, indicator: str, freq: str = "year") -> pd.Series:
        """One indicator; ``IndicatorNotAvailable`` (clear message) when this run has none."""
        frame = self._city[freq] if freq in _FREQS else self.indicators(freq)
        if indicator not in frame:
            raise IndicatorNotAvailable(
                f"indicator {indicator!r} is not produced by this run (model version "
                f"{self.attrs.get('version', '?')}); available: {', '.join(frame.columns)}"
            )
        return frame[indicator].copy()

    # -- targets --------------------------------------------------------------------------------
    @property
    def has_targets(self) -> bool:
        return self._targets is not None

    def targets(self) -> pd.DataFrame:
        """The plan's targets T1..T8: value, threshold, met (1 met, 0 not met,
        -1 not evaluable in this model version), description, unit. Empty when
        the run output has no /targets group (older files)."""
        if self._targets is None:
            return pd.DataFrame(columns=TARGET_COLUMNS, index=pd.Index([], name="target"))
        return self._targets.copy()

    def targets_by_year(self) -> pd.DataFrame:
        """T8 year by year: value (rural minus urban retail growth, percentage points),
        threshold (0), met. Empty when the output has no /targets/T8."""
        if self._t8 is None:
            return pd.DataFrame(columns=["value", "threshold", "met"], index=pd.Index([], name="year"))
        return self._t8.copy()

    # -- writing and plotting -------------------------------------------------------------------
    def write(self, path: str | os.PathLike[str]) -> str:
        """Writes the run output (HDF5, the layout of docs/output.md); returns the path."""
        path = os.fspath(path)
        if self._run is not None and not self._run.released:
            self._run.write(path)
        elif self.path is not None:
            if os.path.abspath(path) != os.path.abspath(self.path):
                shutil.copyfile(self.path, path)
        else:
            raise ValueError("this result no longer holds its model (it was released) and has no file")
        return path

    def plot(self, kind: str = "retail_growth", **kw: Any) -> Figure:
        """A matplotlib Figure: "retail_growth", "targets" or any indicator name."""
        if kind == "retail_growth":
            return plot.retail_growth(self, **kw)
        if kind in ("targets", "target_attainment"):
            return plot.target_attainment(self, **kw)
        return plot.indicator(self, kind, **kw)

    def __repr__(self) -> str:
        years = self._city["year"].index
        span = f"{years[0]}-{years[-1]}" if len(years) else "empty"
        where = f", {self.path}" if self.path else ""
        return f"<ruralsim result {self.scenario_name!r} seed {self.seed}, {span}{where}>"


Result = RunOutput


def open_run(path: str | os.PathLike[str]) -> RunOutput:
    """Reads a file written by ``ruralsim run`` (or ``Result.write``)."""
    path = os.fspath(path)
    if not os.path.exists(path):
        raise FileNotFoundError(f"no such run output: {path}")
    try:
        f = h5py.File(path, "r")
    except OSError as e:
        raise ValueError(f"{path} is not a readable HDF5 file: {e}") from None
    with f:
        for g in ("year", "month", "day"):
            if g not in f:
                raise ValueError(f"{path} is not a ruralsim run output (no /{g} group)")
        out = RunOutput(path=path, attrs={k: _decode(v) for k, v in f.attrs.items()})
        for freq in _FREQS:
            g = f[freq]
            origin = None if freq == "year" else _origin(g[freq])
            index = _time_index(g[freq][()], freq, origin)
            cols = {k: g[k][()] for k in g if k != freq}
            for k in cols:
                out._units.setdefault(k, _decode(g[k].attrs.get("units", "")))
            out._city[freq] = pd.DataFrame(cols, index=index)
            cg = f.get(f"county/{freq}")
            if cg is not None:
                t = _time_index(cg[freq][()], freq, None if freq == "year" else _origin(cg[freq]))
                counties = [_decode(c) for c in cg["county"][()]]
                mi = pd.MultiIndex.from_product([t, counties], names=[freq, "county"])
                cols = {k: cg[k][()].reshape(-1) for k in cg if k not in (freq, "county")}
                out._county[freq] = pd.DataFrame(cols, index=mi)
        if "ledger/residual" in f:
            out.ledger_residual = f["ledger/residual"][()]
        if "targets" in f and "target" in f["targets"]:
            g = f["targets"]
            ids = [_decode(t) for t in g["target"][()]]
            desc = _parse_descriptions(_decode(g.attrs.get("descriptions", "")))
            out._targets = _targets_frame(
                ids, g["value"][()], g["threshold"][()], g["met"][()],
                [desc.get(t, ("", ""))[0] for t in ids], [desc.get(t, ("", ""))[1] for t in ids])
            if "T8" in g and "year" in g["T8"]:
                t8 = g["T8"]
                out._t8 = _t8_frame(t8["year"][()], t8["value"][()], t8["threshold"][()], t8["met"][()])
    return out


def _targets_frame(ids: Sequence[str], value: Any, threshold: Any, met: Any, description: Sequence[str],
                   unit: Sequence[str]) -> pd.DataFrame:
    return pd.DataFrame(
        {"value": np.asarray(value, dtype=np.float64), "threshold": np.asarray(threshold, dtype=np.float64),
         "met": np.asarray(met, dtype=np.int8), "description": list(description), "unit": list(unit)},
        index=pd.Index(list(ids), name="target"))


def _t8_frame(year: Any, value: Any, threshold: Any, met: Any) -> pd.DataFrame:
    return pd.DataFrame(
        {"value": np.asarray(value, dtype=np.float64), "threshold": np.asarray(threshold, dtype=np.float64),
         "met": np.asarray(met, dtype=np.int8)},
        index=pd.Index(np.asarray(year).astype(int), name="year"))


def from_core(run: Any) -> RunOutput:
    """A Result from a finished ``ruralsim._core.Run`` (frames built as ``open_run`` builds them)."""
    d = run.data()
    attrs = {k: d[k] for k in ("scenario", "version", "seed", "threads", "households", "scale", "days", "wall_seconds")}
    out = RunOutput(path=None, attrs=attrs, _run=run)
    first = d["first"]
    times = {
        "day": _time_index(np.arange(d["days"], dtype=np.int64), "day", first),
        "month": _time_index(np.asarray(d["month_offsets"], dtype=np.int64), "month", first),
        "year": _time_index(np.asarray(d["years"], dtype=np.int64), "year", None),
    }
    out._units = {s["name"]: s["unit"] for s in d["indicators"]}
    regions = list(d["regions"])
    for freq in _FREQS:
        series = d[freq]
        out._city[freq] = pd.DataFrame({k: series[k] for k in series}, index=times[freq])
        rs = d[f"region_{freq}"]
        if rs:
            mi = pd.MultiIndex.from_product([times[freq], regions], names=[freq, "county"])
            out._county[freq] = pd.DataFrame({k: rs[k].reshape(-1) for k in rs}, index=mi)
    out.ledger_residual = d["ledger_residual"]
    t = d["targets"]
    out._targets = _targets_frame([x["target"] for x in t], [x["value"] for x in t], [x["threshold"] for x in t],
                                  [x["met"] for x in t], [x["description"] for x in t], [x["unit"] for x in t])
    t8 = d["t8"]
    out._t8 = _t8_frame(t8["year"], t8["value"], t8["threshold"], t8["met"])
    return out
