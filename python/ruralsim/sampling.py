"""Parameter ranges and quasi-random samples (scipy.stats.qmc) for sweeps."""

from __future__ import annotations

import warnings
from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np

from .params import registry

METHODS = ("lhs", "sobol")


def ranges(vary: Mapping[str, Any] | Sequence[str] | str | None) -> list[tuple[str, float, float]]:
    """[(key, lo, hi)] from ``{"key": (lo, hi) | "plausible"}`` or a list of keys
    (each then spans its registry plausible range)."""
    if vary is None:
        return []
    if isinstance(vary, str):
        vary = [vary]
    if isinstance(vary, Mapping):
        items = list(vary.items())
    elif isinstance(vary, Sequence):
        items = [(k, "plausible") for k in vary]
    else:
        raise TypeError("vary must be a dict {key: (lo, hi) or 'plausible'} or a list of keys")
    reg = registry()
    out = []
    for key, spec in items:
        if key not in reg:
            raise KeyError(f"vary: unknown key {key!r}{reg.hint(key)}")
        p = reg[key]
        if not p.numeric:
            raise ValueError(f"vary: {key!r} is a {p.type} parameter; only numbers can be varied")
        if isinstance(spec, str):
            if spec != "plausible":
                raise ValueError(f"vary: {key!r}: expected (lo, hi) or 'plausible', got {spec!r}")
            if p.plausible is None:
                raise ValueError(f"vary: {key!r} has no plausible range in the registry; give (lo, hi)")
            lo, hi = p.plausible
        else:
            lo, hi = map(float, spec)
            if not hi > lo:
                raise ValueError(f"vary: {key!r}: expected lo < hi, got ({lo}, {hi})")
            if lo < p.min or hi > p.max:
                raise ValueError(f"vary: {key!r}: ({lo}, {hi}) leaves the valid range [{p.min}, {p.max}]")
        out.append((key, lo, hi))
    return out


def _engine(cls: Any, d: int, seed: int, **kw: Any) -> Any:
    try:
        return cls(d, rng=np.random.default_rng(seed), **kw)
    except TypeError:  # SciPy < 1.15
        return cls(d, seed=seed, **kw)


def sample(rngs: list[tuple[str, float, float]], n: int, method: str = "lhs", seed: int = 0) -> np.ndarray:
    """An (n, len(rngs)) array of points in the ranges; the same arguments give the same points."""
    if method not in METHODS:
        raise ValueError(f"method must be one of {METHODS}, got {method!r}")
    if not rngs:
        return np.empty((n, 0))
    from scipy.stats import qmc

    d = len(rngs)
    if method == "lhs":
        unit = _engine(qmc.LatinHypercube, d, seed).random(n)
    else:
        eng = _engine(qmc.Sobol, d, seed, scramble=True)
        m = int(np.log2(n)) if n > 0 else 0
        if 2**m == n:
            unit = eng.random_base2(m)
        else:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")  # balance properties need a power of 2; still a valid design
                unit = eng.random(n)
    lo = np.array([r[1] for r in rngs])
    hi = np.array([r[2] for r in rngs])
    return qmc.scale(unit, lo, hi)
