"""Plots (matplotlib; Figures made without pyplot, so they work headless).

Each helper takes a Result (one run), a list of them, or a Sweep (bands over runs)
and returns a ``matplotlib.figure.Figure``. A helper whose indicator this model
version does not produce raises ``IndicatorNotAvailable`` naming it and what exists.

The helpers know the results by what they offer (``RunLike``, ``EnsembleLike``), not
by their classes: the results classes draw themselves with these helpers, and any
other results class that offers the same (a batched ensemble, say) is drawn too.
"""

from __future__ import annotations

import io
import warnings
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any, Protocol, TypeGuard, runtime_checkable

import numpy as np
import pandas as pd

from .errors import IndicatorNotAvailable

if TYPE_CHECKING:
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure as _FigureType


@runtime_checkable
class RunLike(Protocol):
    """One run's results, as ``ruralsim.output.RunOutput`` offers them."""

    @property
    def scenario_name(self) -> str: ...
    @property
    def seed(self) -> int: ...
    def indicators(self, freq: str = "year", by: str = "city") -> pd.DataFrame: ...
    def series(self, indicator: str, freq: str = "year") -> pd.Series: ...
    def targets(self) -> pd.DataFrame: ...


@runtime_checkable
class EnsembleLike(Protocol):
    """Many runs' results over (scenario, run, time), as ``ruralsim.results.Sweep`` offers them."""

    scenarios: list[str]
    n_runs: int

    def indicator(self, name: str, freq: str = "year") -> np.ndarray: ...
    def times(self, freq: str = "year") -> pd.Index: ...
    def target_probabilities(self) -> pd.DataFrame: ...
    def p_rural_beats_urban(self) -> pd.DataFrame: ...


Plottable = RunLike | Sequence[RunLike] | EnsembleLike


def Figure(*args: Any, **kw: Any) -> _FigureType:  # matplotlib is imported on first use: `import ruralsim` stays light
    from matplotlib.figure import Figure as _Figure

    return _Figure(*args, **kw)


RURAL, URBAN = "#2a7f3f", "#3b5b9a"


def _year_axis(ax: Axes, years: Sequence[Any]) -> None:
    years = [int(y) for y in years]
    if years:
        ax.set_xticks(years)
        ax.set_xlim(min(years) - 0.6, max(years) + 0.6)


def _is_sweep(obj: object) -> TypeGuard[EnsembleLike]:
    return isinstance(obj, EnsembleLike)


def _results(obj: Any) -> list[RunLike]:
    return list(obj) if isinstance(obj, (list, tuple)) else [obj]


def _band(ax: Axes, sweep: EnsembleLike, name: str, color: str, label: str, freq: str = "year",
          scenario: int = 0) -> None:
    a = sweep.indicator(name, freq)[scenario]
    t = sweep.times(freq)
    with np.errstate(all="ignore"):
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", RuntimeWarning)
            lo, mid, hi = np.nanquantile(a, [0.05, 0.5, 0.95], axis=0)
    ax.fill_between(t, lo, hi, color=color, alpha=0.2, lw=0)
    ax.plot(t, mid, color=color, marker="o", label=f"{label} (median, 90% band)")


def retail_growth(obj: Plottable, scenario: str | None = None) -> _FigureType:
    """Rural vs urban retail sales growth by year, and the gap with the target line at 0 (T8)."""
    fig = Figure(figsize=(9, 4.2), layout="constrained")
    ax1, ax2 = fig.subplots(1, 2)
    if _is_sweep(obj):
        s = obj.scenarios.index(scenario) if scenario else 0
        _band(ax1, obj, "rural_retail_growth", RURAL, "rural", scenario=s)
        _band(ax1, obj, "urban_retail_growth", URBAN, "urban", scenario=s)
        for k, name in enumerate(obj.scenarios):
            _band(ax2, obj, "rural_urban_growth_gap", f"C{k}", name, scenario=k)
        title = f"{obj.scenarios[s]}: {obj.n_runs // len(obj.scenarios)} runs"
    else:
        runs = _results(obj)
        for k, res in enumerate(runs):
            y = res.indicators("year")
            for name in ("rural_retail_growth", "urban_retail_growth", "rural_urban_growth_gap"):
                if name not in y:
                    raise IndicatorNotAvailable(f"indicator {name!r} is not in this run")
            lab = res.scenario_name if len(runs) > 1 else ""
            ax1.plot(y.index, y["rural_retail_growth"], color=RURAL, marker="o", ls=["-", "--", ":", "-."][k % 4],
                     label=f"rural {lab}".strip())
            ax1.plot(y.index, y["urban_retail_growth"], color=URBAN, marker="s", ls=["-", "--", ":", "-."][k % 4],
                     label=f"urban {lab}".strip())
            ax2.bar(np.asarray(y.index) + (k - (len(runs) - 1) / 2) * 0.8 / len(runs), y["rural_urban_growth_gap"],
                    width=0.8 / len(runs), color=f"C{k}", label=lab or "gap")
        title = ", ".join(f"{r.scenario_name} (seed {r.seed})" for r in runs)
    ax1.set_title("retail sales growth (%)")
    ax1.set_xlabel("year")
    ax1.legend(fontsize=8)
    ax2.axhline(0, color="crimson", lw=1.5, ls="--", label="target T8: gap > 0")
    ax2.set_title("rural minus urban growth (pp)")
    ax2.set_xlabel("year")
    ax2.legend(fontsize=8)
    years = obj.times("year") if _is_sweep(obj) else _results(obj)[0].indicators("year").index
    for ax in (ax1, ax2):
        _year_axis(ax, years)
        ax.grid(alpha=0.3)
    fig.suptitle(title, fontsize=10)
    return fig


def target_attainment(obj: Plottable) -> _FigureType:
    """Targets T1..T8: met / not met / not evaluable for one run, or P(met) per scenario for a sweep."""
    fig = Figure(figsize=(8, 3.6), layout="constrained")
    ax = fig.subplots()
    if _is_sweep(obj):
        p = obj.target_probabilities()
        x = np.arange(len(p.columns))
        w = 0.8 / max(1, len(p.index))
        for k, name in enumerate(p.index):
            vals = p.loc[name].to_numpy(dtype=float)
            ax.bar(x + (k - (len(p.index) - 1) / 2) * w, np.nan_to_num(vals), width=w, color=f"C{k}", label=name)
        for i, col in enumerate(p.columns):
            if p[col].isna().all():
                ax.text(i, 0.02, "n/a", ha="center", fontsize=8, color="grey")
        ax.set_xticks(x, p.columns)
        ax.set_ylim(0, 1.05)
        ax.set_ylabel("P(target met)")
        ax.legend(fontsize=8)
    else:
        res = _results(obj)[0]
        t = res.targets()
        if t.empty:
            raise IndicatorNotAvailable("this run output has no /targets (written by an older model version)")
        colors = {1: "#2a7f3f", 0: "#c0392b", -1: "#bbbbbb"}
        labels = {1: "met", 0: "not met", -1: "not evaluable yet"}
        for i, (_, row) in enumerate(t.iterrows()):
            ax.bar(i, 1, color=colors[int(row["met"])])
            ax.text(i, 0.5, labels[int(row["met"])], ha="center", va="center", rotation=90, fontsize=8)
        ax.set_xticks(range(len(t)), t.index)
        ax.set_yticks([])
    ax.set_title("the plan's 2025 targets")
    return fig


def p_rural_beats_urban(sweep: EnsembleLike) -> _FigureType:
    """P(rural retail growth > urban) per year and scenario, with the line at 1 (every run meets T8)."""
    p = sweep.p_rural_beats_urban()
    fig = Figure(figsize=(6, 3.6), layout="constrained")
    ax = fig.subplots()
    for k, name in enumerate(p.columns):
        ax.plot(p.index, p[name], marker="o", color=f"C{k}", label=name)
    ax.axhline(1.0, color="crimson", ls="--", lw=1, label="target: every year")
    ax.set_ylim(-0.03, 1.03)
    ax.set_xlabel("year")
    ax.set_ylabel("P(rural growth > urban growth)")
    _year_axis(ax, p.index)
    ax.grid(alpha=0.3)
    ax.legend(fontsize=8)
    return fig


def indicator(obj: Plottable, name: str, freq: str = "year", title: str | None = None) -> _FigureType:
    """Any indicator by name (one line per run, or median and 90% band per scenario)."""
    fig = Figure(figsize=(6, 3.6), layout="constrained")
    ax = fig.subplots()
    if _is_sweep(obj):
        obj.indicator(name, freq)  # raises IndicatorNotAvailable
        for k, sc in enumerate(obj.scenarios):
            _band(ax, obj, name, f"C{k}", sc, freq=freq, scenario=k)
    else:
        for res in _results(obj):
            s = res.series(name, freq)  # raises IndicatorNotAvailable
            ax.plot(s.index, s.to_numpy(), marker="o" if freq == "year" else None,
                    label=f"{res.scenario_name} seed {res.seed}")
    ax.set_title(title or name)
    ax.set_xlabel(freq)
    ax.grid(alpha=0.3)
    ax.legend(fontsize=8)
    return fig


def cost_per_parcel(obj: Plottable, freq: str = "year") -> _FigureType:
    """Cost per delivered parcel (target T3); raises IndicatorNotAvailable until the logistics module exists."""
    return indicator(obj, "cost_per_parcel", freq, "cost per parcel (yuan)")


def sericulture_output(obj: Plottable, freq: str = "year") -> _FigureType:
    """Silk output value (target T7); raises IndicatorNotAvailable until the sericulture module exists."""
    return indicator(obj, "silk_output_value", freq, "sericulture and silk output value (yuan)")


def to_png(fig: _FigureType, dpi: int = 100) -> bytes:
    buf = io.BytesIO()
    fig.savefig(buf, format="png", dpi=dpi)
    return buf.getvalue()
