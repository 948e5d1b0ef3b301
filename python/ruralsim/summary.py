"""The summary of one run that an ensemble keeps: its yearly and monthly city-wide series, its
targets and T8 by year, as plain numpy arrays (small, picklable, stored by ``ruralsim.store``)."""

from __future__ import annotations

from typing import Any, TypedDict

import numpy as np


class TargetsSummary(TypedDict):
    target: list[str]
    value: np.ndarray
    threshold: np.ndarray
    met: np.ndarray  # int8: 1 met, 0 not met, -1 not evaluable


class T8Summary(TypedDict):
    year: np.ndarray
    value: np.ndarray
    met: np.ndarray


class RunSummary(TypedDict, total=False):
    first: str  # ISO date of the first day: month offsets count from it
    wall_seconds: float
    households: int
    years: np.ndarray
    month_offsets: np.ndarray
    year: dict[str, np.ndarray]
    month: dict[str, np.ndarray]
    targets: TargetsSummary
    t8: T8Summary
    meta: dict[str, Any]  # the attributes a store saved with it (scenario, run, sample, seed, params)


def summarize(d: dict[str, Any]) -> RunSummary:
    """The summary of a finished run from its ``ruralsim._core.Run.data()``."""
    t = d["targets"]
    return {
        "first": d["first"], "wall_seconds": float(d["wall_seconds"]), "households": int(d["households"]),
        "years": np.asarray(d["years"], dtype=np.int64),
        "month_offsets": np.asarray(d["month_offsets"], dtype=np.int64),
        "year": {k: np.asarray(v) for k, v in d["year"].items()},
        "month": {k: np.asarray(v) for k, v in d["month"].items()},
        "targets": {"target": [x["target"] for x in t], "value": np.array([x["value"] for x in t], dtype=float),
                    "threshold": np.array([x["threshold"] for x in t], dtype=float),
                    "met": np.array([x["met"] for x in t], dtype=np.int8)},
        "t8": {"year": np.asarray(d["t8"]["year"]), "value": np.asarray(d["t8"]["value"]),
               "met": np.asarray(d["t8"]["met"], dtype=np.int8)},
    }
