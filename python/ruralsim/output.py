"""Reading run output (the layout is documented in docs/output.md)."""

from __future__ import annotations

import os
from dataclasses import dataclass, field

import h5py
import numpy as np
import pandas as pd

_FREQS = ("day", "month", "year")


def _decode(v):
    return v.decode() if isinstance(v, bytes) else v


def _time_index(ds: h5py.Dataset, freq: str) -> pd.Index:
    values = ds[()]
    if freq == "year":
        return pd.Index(values.astype(int), name="year")
    units = _decode(ds.attrs["units"])  # "days since YYYY-MM-DD"
    origin = pd.Timestamp(units.split("since", 1)[1].strip())
    return pd.DatetimeIndex(origin + pd.to_timedelta(values, unit="D"), name=freq)


@dataclass
class RunOutput:
    """One run's output file, read into memory."""

    path: str
    attrs: dict = field(default_factory=dict)
    _city: dict = field(default_factory=dict, repr=False)
    _county: dict = field(default_factory=dict, repr=False)
    ledger_residual: np.ndarray | None = field(default=None, repr=False)

    @property
    def scenario(self) -> str:
        """The resolved scenario (TOML text, every key)."""
        return self.attrs["scenario"]

    @property
    def seed(self) -> int:
        return int(self.attrs["seed"])

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
                raise ValueError(f"{self.path} has no county {freq} series (set output.county_daily = true)")
            return self._county[freq].copy()
        raise ValueError(f"by must be 'city' or 'county', got {by!r}")


def open_run(path: str | os.PathLike) -> RunOutput:
    """Reads a file written by ``ruralsim run``."""
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
            index = _time_index(g[freq], freq)
            cols = {k: g[k][()] for k in g if k != freq}
            out._city[freq] = pd.DataFrame(cols, index=index)
            cg = f.get(f"county/{freq}")
            if cg is not None:
                t = _time_index(cg[freq], freq)
                counties = [_decode(c) for c in cg["county"][()]]
                mi = pd.MultiIndex.from_product([t, counties], names=[freq, "county"])
                cols = {k: cg[k][()].reshape(-1) for k in cg if k not in (freq, "county")}
                out._county[freq] = pd.DataFrame(cols, index=mi)
        if "ledger/residual" in f:
            out.ledger_residual = f["ledger/residual"][()]
    return out
