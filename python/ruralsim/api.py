"""Running one scenario, and a plain simulator function for calibration and sensitivity tools
(black-it, SALib)."""

from __future__ import annotations

import os
from collections.abc import Sequence

import numpy as np

from ._native import core
from .output import RunOutput, from_core
from .scenario import Scenario, ScenarioLike, as_scenario


def run(scenario: ScenarioLike, seed: int = 1, threads: int | None = None,
        checkpoint: str | os.PathLike[str] | None = None, checkpoint_every: str | None = None) -> RunOutput:
    """Runs a scenario (a Scenario, a TOML path or a dict of overrides).

    The GIL is released while the model runs, so runs in other Python threads
    proceed in parallel. ``threads=None`` uses all cores; the output does not
    depend on it. Returns a Result (``.indicators()``, ``.targets()``, ``.write()``).

    With ``checkpoint`` (a file) and ``checkpoint_every`` ("90d", "6m", "1y") the
    complete state is saved every period; ``resume(checkpoint)`` continues a run
    that was killed.

    A bad scenario raises ScenarioError (or DataError for its county table); a run
    that would need more memory than the machine has raises ResourceError before
    anything is allocated. All are ruralsim.Error.
    """
    if (checkpoint is None) != (checkpoint_every is None):
        raise ValueError("checkpoint and checkpoint_every go together")
    sc = as_scenario(scenario)
    r = core().run(sc._sc, int(seed), 0 if threads is None else int(threads),
                   "" if checkpoint is None else str(checkpoint),
                   "" if checkpoint_every is None else str(checkpoint_every))
    return from_core(r)


def resume(checkpoint: str | os.PathLike[str], threads: int | None = None) -> RunOutput:
    """Continues a run from its checkpoint (``run(..., checkpoint=...)`` or
    ``ruralsim run --checkpoint``) to the end; the result equals the uninterrupted
    run's. Raises ruralsim.CheckpointError (or ruralsim.IoError for a missing, truncated or non-HDF5
    file) when the file is not a usable checkpoint."""
    return from_core(core().resume(str(checkpoint), 0 if threads is None else int(threads)))


#: Keys of the parameter vector ``theta`` that ``simulate`` takes by default, in order.
SIMULATE_KEYS = (
    "household.mpc_rural",
    "household.mpc_urban",
    "household.income_growth_rural",
    "household.income_growth_urban",
    "adoption.bass_q",
)
#: Indicator columns ``simulate`` returns by default, in order.
SIMULATE_INDICATORS = ("rural_retail_sales", "urban_retail_sales")


def simulate(theta: Sequence[float] | np.ndarray, n: int | None = None, seed: int = 0, *,
             keys: Sequence[str] = SIMULATE_KEYS, scenario: ScenarioLike | None = None,
             indicators: Sequence[str] = SIMULATE_INDICATORS, freq: str = "month",
             threads: int = 1) -> np.ndarray:
    """A plain simulator: parameter vector in, indicator series out.

    ``theta[i]`` sets ``keys[i]`` (default ``SIMULATE_KEYS``) on ``scenario``
    (default: the registry defaults); returns an array of shape
    ``(n, len(indicators))`` holding the first ``n`` periods (``freq``: "day",
    "month" or "year"; ``n=None``: all). The signature ``(theta, N, seed)`` is
    the one black-it expects of a model; for SALib evaluate it row by row.
    Same theta and seed give the same array.
    """
    theta = np.atleast_1d(np.asarray(theta, dtype=float))
    if len(theta) != len(keys):
        raise ValueError(f"theta has {len(theta)} values but {len(keys)} keys: {list(keys)}")
    sc = Scenario() if scenario is None else as_scenario(scenario).copy()
    for k, v in zip(keys, theta, strict=True):
        sc.set(k, float(v))
    res = run(sc, seed=int(seed), threads=threads)
    cols = [res.series(name, freq).to_numpy() for name in indicators]
    out = np.column_stack(cols)
    if n is not None:
        if n > len(out):
            raise ValueError(f"asked for {n} {freq} periods but the run has {len(out)} (extend run.end)")
        out = out[: int(n)]
    return out
