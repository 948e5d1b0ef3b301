"""Where a sweep keeps its completed runs (HDF5), so a rerun skips them.

A store is either one HDF5 file (``"sweep.h5"``: group ``/runs/<key>`` per run)
or a folder (``"sweep/"``: file ``<key>.h5`` per run, each written under a
temporary name and renamed, the safer choice if a sweep may be killed). Each
run holds its yearly and monthly city-wide series, its targets and the run
attributes; the run key hashes the resolved scenario, the sampled values and
the seed, so a changed spec never reuses an old run.
"""

from __future__ import annotations

import json
import os
from typing import Any

import h5py
import numpy as np

from .summary import RunSummary

_STR = h5py.string_dtype()


def write_summary(g: h5py.Group, s: RunSummary, meta: dict[str, Any]) -> None:
    for k, v in meta.items():
        g.attrs[k] = v if not isinstance(v, (dict, list, tuple)) else json.dumps(v)
    g.attrs["first"] = s["first"]
    g.attrs["wall_seconds"] = float(s["wall_seconds"])
    g.attrs["households"] = int(s["households"])
    g["years"] = np.asarray(s["years"], dtype=np.int64)
    g["month_offsets"] = np.asarray(s["month_offsets"], dtype=np.int64)
    for freq in ("year", "month"):
        sub = g.create_group(freq)
        for name, arr in s[freq].items():
            sub[name] = np.asarray(arr, dtype=np.float64)
    t = g.create_group("targets")
    t["target"] = np.array(s["targets"]["target"], dtype=_STR)
    t["value"] = np.asarray(s["targets"]["value"], dtype=np.float64)
    t["threshold"] = np.asarray(s["targets"]["threshold"], dtype=np.float64)
    t["met"] = np.asarray(s["targets"]["met"], dtype=np.int8)
    t8 = g.create_group("t8")
    t8["year"] = np.asarray(s["t8"]["year"], dtype=np.int64)
    t8["value"] = np.asarray(s["t8"]["value"], dtype=np.float64)
    t8["met"] = np.asarray(s["t8"]["met"], dtype=np.int8)


def read_summary(g: h5py.Group) -> RunSummary:
    def dec(v: Any) -> Any:
        return v.decode() if isinstance(v, bytes) else v

    s: RunSummary = {
        "first": dec(g.attrs["first"]),
        "wall_seconds": float(g.attrs["wall_seconds"]),
        "households": int(g.attrs["households"]),
        "years": g["years"][()],
        "month_offsets": g["month_offsets"][()],
        "year": {k: v[()] for k, v in g["year"].items()},
        "month": {k: v[()] for k, v in g["month"].items()},
        "targets": {"target": [dec(x) for x in g["targets/target"][()]],
                    "value": g["targets/value"][()], "threshold": g["targets/threshold"][()],
                    "met": g["targets/met"][()]},
        "t8": {"year": g["t8/year"][()], "value": g["t8/value"][()], "met": g["t8/met"][()]},
    }
    s["meta"] = {k: dec(v) for k, v in g.attrs.items()}
    return s


class Store:
    """Completed runs of sweeps, keyed by run key."""

    def __init__(self, path: str | os.PathLike[str]):
        self.path = os.fspath(path)
        self.single = self.path.endswith((".h5", ".hdf5"))
        self._f: h5py.File | None = None
        if self.single:
            parent = os.path.dirname(os.path.abspath(self.path))
            if not os.path.isdir(parent):
                raise FileNotFoundError(f"store: folder {parent} does not exist")
            self._f = h5py.File(self.path, "a")
            runs = self._f.require_group("runs")
            for name in [n for n in runs if n.startswith(".tmp-")]:  # a write cut short
                del runs[name]
        else:
            os.makedirs(self.path, exist_ok=True)

    @property
    def _h5(self) -> h5py.File:
        """The open file of a single-file store."""
        if self._f is None:
            raise ValueError(f"store {self.path} is closed")
        return self._f

    def _file(self, key: str) -> str:
        return os.path.join(self.path, f"{key}.h5")

    def has(self, key: str) -> bool:
        if self.single:
            return key in self._h5["runs"]
        return os.path.exists(self._file(key))

    def load(self, key: str) -> RunSummary:
        if self.single:
            return read_summary(self._h5["runs"][key])
        with h5py.File(self._file(key), "r") as f:
            return read_summary(f)

    def save(self, key: str, summary: RunSummary, meta: dict[str, Any]) -> None:
        if self.single:
            runs = self._h5["runs"]
            tmp = f".tmp-{key}"
            if tmp in runs:
                del runs[tmp]
            write_summary(runs.create_group(tmp), summary, meta)
            runs.move(tmp, key)
            self._h5.flush()
        else:
            final = self._file(key)
            tmp = final + f".tmp.{os.getpid()}"
            with h5py.File(tmp, "w") as f:
                write_summary(f, summary, meta)
            os.replace(tmp, final)

    def keys(self) -> list[str]:
        if self.single:
            return [k for k in self._h5["runs"] if not k.startswith(".tmp-")]
        return sorted(f[:-3] for f in os.listdir(self.path) if f.endswith(".h5"))

    def write_spec(self, spec: dict[str, Any]) -> None:
        text = json.dumps(spec)
        if self.single:
            self._h5.attrs["spec"] = text
            self._h5.flush()
        else:
            tmp = os.path.join(self.path, f"sweep.json.tmp.{os.getpid()}")
            with open(tmp, "w") as f:
                f.write(text)
            os.replace(tmp, os.path.join(self.path, "sweep.json"))

    def read_spec(self) -> dict[str, Any]:
        if self.single:
            if "spec" not in self._h5.attrs:
                raise ValueError(f"{self.path} holds no sweep spec")
            v = self._h5.attrs["spec"]
            return json.loads(v.decode() if isinstance(v, bytes) else v)
        p = os.path.join(self.path, "sweep.json")
        if not os.path.exists(p):
            raise ValueError(f"{self.path} holds no sweep spec (sweep.json)")
        with open(p) as f:
            return json.load(f)

    def close(self) -> None:
        if self._f is not None:
            self._f.close()
            self._f = None

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
