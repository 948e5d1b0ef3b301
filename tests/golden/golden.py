#!/usr/bin/env python3
"""Golden outputs: a few small reference runs whose every dataset and attribute
the test suite compares bit for bit (tests/python/test_golden.py).

Each case's manifest (tests/golden/<case>.json) holds, for every dataset and
attribute of the run's HDF5 output, its dtype, shape and SHA-256 of its bytes,
and the values themselves where they are few (yearly series, targets), so that
a regeneration can say what changed and by how much.

Regenerate only on purpose, after a change meant to alter the model's output:

    scripts/golden            # rerun the cases, rewrite the manifests, print what changed
    scripts/golden --check    # rerun and compare only (what the test does)

Attributes that differ between identical runs by nature (wall_seconds) and the
thread count (outputs are bit-identical at any thread count: the cases run at
1 and 2 threads) are left out.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import math
import os
import subprocess
import sys
import tempfile
from pathlib import Path

import h5py
import numpy as np

ROOT = Path(__file__).resolve().parents[2]
HERE = Path(__file__).resolve().parent

#: name -> (scenario, seed, threads, extra CLI arguments). Small (scale 5000, about 2 s each)
#: and covering the core, the modules, county earmarks and both thread counts.
CASES: dict[str, tuple[str, int, int, list[str]]] = {
    "baseline": ("scenarios/baseline.toml", 1, 2, ["--scale", "5000"]),
    "plan2022": ("scenarios/plan2022.toml", 1, 1, ["--scale", "5000"]),
    "plan2022_xiushan": ("scenarios/plan2022_xiushan.toml", 2, 2, ["--scale", "5000"]),
    "sericulture_first": ("scenarios/sericulture_first.toml", 3, 2, ["--scale", "5000"]),
}

#: Root attributes that are not a function of (scenario, seed).
VOLATILE_ATTRIBUTES = {"wall_seconds", "threads"}
#: Datasets with at most this many elements keep their values in the manifest.
MAX_VALUES = 600


def _plain(x):
    """A JSON-safe copy of an attribute or element value."""
    if isinstance(x, bytes):
        return x.decode("utf-8", "replace")
    if isinstance(x, np.ndarray):
        return [_plain(v) for v in x.tolist()]
    if isinstance(x, np.generic):
        return _plain(x.item())
    if isinstance(x, float) and not math.isfinite(x):
        return repr(x)
    if isinstance(x, list):
        return [_plain(v) for v in x]
    return x


def _digest(a: np.ndarray) -> str:
    return hashlib.sha256(np.ascontiguousarray(a).tobytes()).hexdigest()


def manifest(path: str | os.PathLike) -> dict:
    """Every dataset and attribute of an output file, as a comparable dict."""
    out: dict = {"attributes": {}, "datasets": {}}
    with h5py.File(path, "r") as f:
        for k, v in sorted(f.attrs.items()):
            if k in VOLATILE_ATTRIBUTES:
                continue
            out["attributes"][k] = _plain(v) if k != "scenario" else hashlib.sha256(bytes(v)).hexdigest()

        def visit(name, obj):
            if isinstance(obj, h5py.Dataset):
                a = obj[()]
                a = np.asarray(a)
                entry = {
                    "dtype": str(a.dtype),
                    "shape": list(a.shape),
                    "sha256": _digest(a),
                    "attributes": {
                        k: _plain(v) for k, v in sorted(obj.attrs.items())
                        if k not in ("DIMENSION_LIST", "REFERENCE_LIST")
                    },
                }
                if a.size <= MAX_VALUES:
                    entry["values"] = _plain(a)
                out["datasets"][name] = entry

        f.visititems(visit)
    return out


def run_case(binary: str, name: str, workdir: Path) -> Path:
    scenario, seed, threads, extra = CASES[name]
    out = workdir / f"{name}.h5"
    cmd = [binary, "run", str(ROOT / scenario), "-o", str(out), "--seed", str(seed), "--threads", str(threads), *extra]
    r = subprocess.run(cmd, capture_output=True, text=True, timeout=900)
    if r.returncode != 0:
        raise RuntimeError(f"golden case {name}: {' '.join(cmd)} failed ({r.returncode}):\n{r.stderr}")
    return out


def differences(old: dict, new: dict, limit: int = 40) -> list[str]:
    """What differs between two manifests, one line each (values shown where kept)."""
    lines: list[str] = []
    for k in sorted(set(old["attributes"]) | set(new["attributes"])):
        a, b = old["attributes"].get(k), new["attributes"].get(k)
        if a != b:
            lines.append(f"attribute {k}: {str(a)[:80]} -> {str(b)[:80]}")
    od, nd = old["datasets"], new["datasets"]
    for k in sorted(set(od) - set(nd)):
        lines.append(f"dataset {k}: removed")
    for k in sorted(set(nd) - set(od)):
        lines.append(f"dataset {k}: added {nd[k]['dtype']} {nd[k]['shape']}")
    for k in sorted(set(od) & set(nd)):
        a, b = od[k], nd[k]
        if a == b:
            continue
        if a["dtype"] != b["dtype"] or a["shape"] != b["shape"]:
            lines.append(f"dataset {k}: {a['dtype']} {a['shape']} -> {b['dtype']} {b['shape']}")
        elif a["sha256"] != b["sha256"]:
            if "values" in a and "values" in b:
                lines.append(f"dataset {k}: {_short(a['values'])} -> {_short(b['values'])}")
            else:
                lines.append(f"dataset {k}: values differ")
        else:
            lines.append(f"dataset {k}: attributes {a['attributes']} -> {b['attributes']}")
    if len(lines) > limit:
        lines = lines[:limit] + [f"... and {len(lines) - limit} more"]
    return lines


def _short(v) -> str:
    flat = np.asarray(v, dtype=object).ravel().tolist()
    text = ", ".join(f"{x:.6g}" if isinstance(x, float) else str(x) for x in flat[:8])
    return "[" + text + (", ..." if len(flat) > 8 else "") + "]"


def write_manifest(path: Path, m: dict) -> None:
    """One line per dataset, so that a regeneration's git diff reads dataset by dataset."""
    lines = ["{", ' "attributes": ' + json.dumps(m["attributes"], sort_keys=True) + ",", ' "datasets": {']
    items = sorted(m["datasets"].items())
    for i, (k, v) in enumerate(items):
        lines.append("  " + json.dumps(k) + ": " + json.dumps(v, sort_keys=True) + ("," if i + 1 < len(items) else ""))
    lines += [" }", "}"]
    path.write_text("\n".join(lines) + "\n")


def check(binary: str, names=None) -> dict[str, list[str]]:
    """Reruns the cases; returns case -> differences against the stored manifests."""
    found: dict[str, list[str]] = {}
    with tempfile.TemporaryDirectory() as tmp:
        for name in names or CASES:
            stored = json.loads((HERE / f"{name}.json").read_text())
            found[name] = differences(stored, manifest(run_case(binary, name, Path(tmp))))
    return found


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--bin", default=os.environ.get("RURALSIM_BIN", str(ROOT / "build/release/apps/ruralsim")))
    ap.add_argument("--check", action="store_true", help="compare only; exit 1 when a case differs")
    ap.add_argument("cases", nargs="*", help="cases to rerun (default: all)")
    args = ap.parse_args(argv)
    names = args.cases or list(CASES)
    status = 0
    with tempfile.TemporaryDirectory() as tmp:
        for name in names:
            new = manifest(run_case(args.bin, name, Path(tmp)))
            path = HERE / f"{name}.json"
            n = len(new["datasets"])
            if not path.exists():
                if not args.check:
                    write_manifest(path, new)
                print(f"{name}: created ({n} datasets)" if not args.check else f"{name}: no stored manifest")
                status = 1
                continue
            diff = differences(json.loads(path.read_text()), new, limit=10**6)
            if not diff:
                print(f"{name}: unchanged ({n} datasets)")
                continue
            status = 1
            print(f"{name}: {len(diff)} differences ({n} datasets)")
            for line in diff:
                print("  " + line)
            if not args.check:
                write_manifest(path, new)
                print(f"  rewrote {path.relative_to(ROOT)}")
    return status if args.check else 0


if __name__ == "__main__":
    sys.exit(main())
