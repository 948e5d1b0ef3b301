"""Makes the HDF5 seeds of fuzz/corpus/h5/ that hold strings, in the string format ruralsim
writes and reads (fixed-length; see docs/output.md). Run from the repository root:

    build/release/apps/ruralsim run scenarios/baseline.toml -o /tmp/seed.h5 --scale 5000 \\
        --set run.end=2021-03-31 -q
    python3 fuzz/make_h5_seeds.py /tmp/seed.h5

- real_year_targets.h5, real_year_few.h5: the root attributes, /year (all of it, or four
  variables) and /targets copied out of that run output as written (H5Ocopy: types, dimension
  scales and attributes unchanged);
- vlen_strings.h5: real_year_targets.h5 with every string variable-length, as h5py writes a str
  (compare refuses those unread);
- minimal.h5, chunked_compressed.h5, empty_years.h5, mismatch.h5: small hand-made files, their
  strings fixed-length but null-padded (as h5py and other programs write fixed-length strings).

The other seeds (empty, not HDF5, truncated, zeroed signature, mistyped) and the regressions found
by the fuzzer are kept as they are.
"""

import sys
from pathlib import Path

import h5py
import numpy as np

CORPUS = Path(__file__).resolve().parent / "corpus" / "h5"


def fixed(text: str):
    """A null-padded fixed-length UTF-8 string (h5py's fixed-length strings)."""
    data = text.encode()
    return np.array(data, dtype=h5py.string_dtype("utf-8", max(len(data), 1)))


def fixed_list(texts):
    data = [t.encode() for t in texts]
    return np.array(data, dtype=h5py.string_dtype("utf-8", max([len(d) for d in data] + [1])))


def copy_attrs(src, dst, vlen=False):
    for k in src.attrs:
        v = src.attrs[k]
        if isinstance(v, bytes) and vlen:
            dst.attrs.create(k, v.decode(), dtype=h5py.string_dtype())
        else:
            dst.attrs.create(k, v, dtype=src.attrs.get_id(k).dtype)


def real(run: Path):
    with h5py.File(run, "r") as src:
        with h5py.File(CORPUS / "real_year_targets.h5", "w") as dst:
            copy_attrs(src, dst)
            src.copy(src["year"], dst, "year")
            src.copy(src["targets"], dst, "targets")
        with h5py.File(CORPUS / "real_year_few.h5", "w") as dst:
            copy_attrs(src, dst)
            src.copy(src["year"], dst, "year")
            keep = {"year", "rural_retail_sales", "urban_retail_sales", "village_stores"}
            for k in list(dst["year"]):
                if k not in keep:
                    del dst["year"][k]
    # Every string variable-length: the root attributes and the target names.
    with h5py.File(CORPUS / "real_year_targets.h5", "r") as src, h5py.File(CORPUS / "vlen_strings.h5", "w") as dst:
        copy_attrs(src, dst, vlen=True)
        for k in src["year"]:
            dst["year/" + k] = src["year/" + k][()]
        dst["targets/target"] = np.array([t.decode() for t in src["targets/target"][()]], dtype=h5py.string_dtype())
        for k in ("value", "threshold", "met"):
            dst["targets/" + k] = src["targets/" + k][()]


def hand_made():
    with h5py.File(CORPUS / "minimal.h5", "w") as f:
        f.attrs["scenario_name"] = fixed("mini")
        f.attrs["seed"] = np.int64(3)
        f["year/year"] = np.array([2021, 2022], dtype=np.int64)
        f["year/rural_retail_sales"] = np.array([1.0, 2.0])
        f["targets/target"] = fixed_list(["T1", "T8"])
        f["targets/value"] = np.array([0.5, np.nan])
        f["targets/met"] = np.array([1, -1], dtype=np.int8)
    with h5py.File(CORPUS / "chunked_compressed.h5", "w") as f:
        f.attrs["scenario_name"] = fixed("c")
        f.attrs["seed"] = np.int64(1)
        f.create_dataset("year/year", data=np.arange(2021, 2026, dtype=np.int64), chunks=(2,), compression="gzip",
                         shuffle=True)
        f.create_dataset("year/rural_retail_sales", data=np.arange(5.0), chunks=(5,), compression="gzip")
    with h5py.File(CORPUS / "empty_years.h5", "w") as f:
        f.attrs["scenario_name"] = fixed("e")
        f.attrs["seed"] = np.int64(1)
        f["year/year"] = np.zeros(0)
    with h5py.File(CORPUS / "mismatch.h5", "w") as f:
        f.attrs["scenario_name"] = fixed("m")
        f.attrs["seed"] = 1.5
        f["year/year"] = np.zeros((2, 3))
        f["year/rural_retail_sales"] = np.array([1.0])
        f.create_group("year/village_stores")
        f["targets/target"] = fixed_list(["T1"])
        f["targets/value"] = np.array([b"x"], dtype="S1")
        f["targets/met"] = np.array([1, 2], dtype=np.int64)


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    real(Path(sys.argv[1]))
    hand_made()
