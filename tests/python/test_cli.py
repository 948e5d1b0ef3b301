"""The command-line program end to end: output read back by h5py and xarray,
determinism across thread counts, and clear errors for bad scenarios."""

import os
import subprocess

import h5py
import numpy as np
import pytest
import xarray as xr

from conftest import h5_datasets, run_cli


def test_run_prints_yearly_table(small_run):
    _, stdout = small_run
    for year in range(2019, 2026):
        assert f"  {year} " in stdout
    assert "rural retail" in stdout and "urban retail" in stdout


def test_output_reads_with_xarray(small_run):
    path, _ = small_run
    year = xr.open_dataset(path, engine="h5netcdf", group="year")
    assert list(year.year.values) == list(range(2019, 2026))
    for name in ("rural_retail_sales", "urban_retail_sales", "rural_retail_growth", "urban_retail_growth",
                 "rural_urban_growth_gap", "rural_household_online_purchases", "village_stores"):
        assert name in year, name
    assert np.isnan(year.rural_retail_growth.values[0])  # no growth for the base year
    assert (year.rural_retail_sales.values > 0).all()
    g = year.rural_retail_growth.values[1:]
    s = year.rural_retail_sales.values
    assert np.allclose(g, 100 * (s[1:] / s[:-1] - 1))
    gap = year.rural_urban_growth_gap.values[1:]
    assert np.allclose(gap, g - year.urban_retail_growth.values[1:])

    day = xr.open_dataset(path, engine="h5netcdf", group="day")
    assert day.day.dtype.kind == "M"  # decoded to datetime64
    assert str(day.day.values[0])[:10] == "2019-01-01" and str(day.day.values[-1])[:10] == "2025-12-31"
    # Daily values add up to the yearly ones.
    total = day.rural_retail_sales.groupby("day.year").sum().values
    assert np.allclose(total, s, rtol=1e-12)

    county = xr.open_dataset(path, engine="h5netcdf", group="county/year")
    assert county.rural_retail_sales.dims == ("year", "county")
    assert county.sizes["county"] == 38
    assert "Xiushan" in list(county.county.values)
    assert np.allclose(county.rural_retail_sales.sum("county").values, s, rtol=1e-9)


def test_output_attributes(small_run):
    path, _ = small_run
    with h5py.File(path, "r") as f:
        a = f.attrs
        assert int(a["seed"]) == 1 and int(a["threads"]) == 2 and float(a["scale"]) == 500
        assert int(a["days"]) == 2557 and int(a["households"]) > 10000
        # Strings are fixed-length UTF-8 (h5py gives bytes; xarray and ruralsim.open_run decode them).
        info = h5py.check_string_dtype(a.get_id("scenario").dtype)
        assert info.encoding == "utf-8" and info.length == len(a["scenario"]) + 1
        scenario = a["scenario"].decode()
        assert "[household]" in scenario and 'name = "baseline"' in scenario
        assert a["version"] and float(a["wall_seconds"]) > 0
        assert h5py.check_string_dtype(f["county/year/county"].dtype).length is not None
        res = f["ledger/residual"][()]
        assert res.shape == (2557,)
        # Money is conserved: the daily imbalance stays at rounding level (flows are ~1e10 yuan a day).
        assert res.max() < 1.0


def test_same_seed_bit_identical_across_threads(ruralsim_bin, root, tmp_path):
    paths = []
    for threads in (1, 2):
        p = tmp_path / f"t{threads}.h5"
        r = run_cli(ruralsim_bin, "run", root / "scenarios/baseline.toml", "-o", p, "--scale", 1000,
                    "--threads", threads, "-q")
        assert r.returncode == 0, r.stderr
        paths.append(p)
    a, b = h5_datasets(paths[0]), h5_datasets(paths[1])
    assert a.keys() == b.keys() and len(a) > 50
    for k in a:
        assert a[k].dtype == b[k].dtype and a[k].tobytes() == b[k].tobytes(), k  # strings too (fixed-length)


def _cpu_flags():
    try:
        for line in open("/proc/cpuinfo"):
            if line.startswith("flags"):
                return set(line.split(":", 1)[1].split())
    except OSError:
        pass
    return set()


@pytest.mark.skipif(not {"avx512f", "avx512bw", "avx512vl"} <= _cpu_flags(), reason="the CPU has no AVX-512")
def test_avx512_kernels_give_the_portable_bits(ruralsim_bin, root, tmp_path):
    # The hand-written AVX-512 kernels (draws, household budgets) against the portable code:
    # RURALSIM_NO_AVX512 switches them off. The plan scenario runs every mechanism, 2019-2025.
    paths = []
    for off in ("0", "1"):
        p = tmp_path / f"avx{off}.h5"
        r = subprocess.run([ruralsim_bin, "run", str(root / "scenarios/plan2022.toml"), "-o", str(p), "--scale", "1000",
                            "-q"], capture_output=True, text=True, timeout=600,
                           env={**os.environ, "RURALSIM_NO_AVX512": off})
        assert r.returncode == 0, r.stderr
        paths.append(p)
    a, b = h5_datasets(paths[0]), h5_datasets(paths[1])
    assert a.keys() == b.keys() and len(a) > 50
    for k in a:
        assert a[k].tobytes() == b[k].tobytes(), k


def test_different_seed_differs(ruralsim_bin, root, tmp_path):
    p1, p2 = tmp_path / "s1.h5", tmp_path / "s2.h5"
    for p, seed in ((p1, 1), (p2, 2)):
        r = run_cli(ruralsim_bin, "run", root / "scenarios/baseline.toml", "-o", p, "--scale", 1000, "--seed", seed,
                    "-q")
        assert r.returncode == 0, r.stderr
    with h5py.File(p1) as a, h5py.File(p2) as b:
        assert not np.array_equal(a["day/rural_retail_sales"][()], b["day/rural_retail_sales"][()])


BAD = {
    "typo": ("[household]\nmpc_rual = 0.8\n", ":2", "household.mpc_rual", "did you mean 'household.mpc_rural'"),
    "type": ("[run]\nscale = \"big\"\n", ":2", "run.scale", "expected a number"),
    "negative_budget": ("\n[budget]\nfacilities = -5.0\n", ":3", "budget.facilities", "out of range"),
    "syntax": ("[run\nscale = 2\n", ":1", "", "TOML syntax error"),
    "bad_date": ("[run]\nend = \"2025-02-30\"\n", ":2", "run.end", "expected a date"),
}


@pytest.mark.parametrize("case", sorted(BAD))
def test_bad_scenario_fails_before_run(ruralsim_bin, tmp_path, case):
    text, line, key, expected = BAD[case]
    sc = tmp_path / f"{case}.toml"
    sc.write_text(text)
    out = tmp_path / "out.h5"
    for cmd in ("run", "validate"):
        args = [cmd, sc] + (["-o", out] if cmd == "run" else [])
        r = run_cli(ruralsim_bin, *args)
        assert r.returncode == 2
        assert f"{sc}{line}" in r.stderr, r.stderr
        assert key in r.stderr and expected in r.stderr, r.stderr
    assert not out.exists()
    assert list(tmp_path.glob("*.h5*")) == []


def test_missing_scenario_and_extends(ruralsim_bin, tmp_path):
    r = run_cli(ruralsim_bin, "run", tmp_path / "nope.toml")
    assert r.returncode == 2 and "nope.toml" in r.stderr and "not found" in r.stderr
    sc = tmp_path / "child.toml"
    sc.write_text('extends = "parent.toml"\n')
    r = run_cli(ruralsim_bin, "validate", sc)
    assert r.returncode == 2 and f"{sc}:1" in r.stderr and "parent.toml" in r.stderr


def test_extends_and_override(ruralsim_bin, root, tmp_path):
    sc = tmp_path / "child.toml"
    sc.write_text(f'extends = "{root / "scenarios/baseline.toml"}"\n[scenario]\nname = "child"\n'
                  '[run]\nstart = 2021-01-01\nend = 2021-03-31\n')
    out = tmp_path / "child.h5"
    r = run_cli(ruralsim_bin, "run", sc, "-o", out, "--scale", 2000, "--set", "household.mpc_rural=0.8", "-q")
    assert r.returncode == 0, r.stderr
    with h5py.File(out) as f:
        text = f.attrs["scenario"].decode()
        assert 'name = "child"' in text and "mpc_rural = 0.8" in text and "end = 2021-03-31" in text
        assert int(f.attrs["days"]) == 90


def test_validate_and_help(ruralsim_bin, root):
    r = run_cli(ruralsim_bin, "validate", root / "scenarios/baseline.toml")
    assert r.returncode == 0 and "valid" in r.stdout
    for cmd in ("run", "validate", "params"):
        r = run_cli(ruralsim_bin, cmd, "--help")
        assert r.returncode == 0 and f"ruralsim {cmd}" in r.stdout
    r = run_cli(ruralsim_bin, "frobnicate")
    assert r.returncode == 2 and "unknown command" in r.stderr
    r = run_cli(ruralsim_bin, "run", root / "scenarios/baseline.toml", "--threads", "x")
    assert r.returncode == 2


def test_unwritable_output_fails_before_run(ruralsim_bin, root, tmp_path):
    r = run_cli(ruralsim_bin, "run", root / "scenarios/baseline.toml", "-o", tmp_path / "no/such/dir/x.h5")
    assert r.returncode == 2 and "does not exist" in r.stderr
