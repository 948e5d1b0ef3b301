"""Bad input and what the user sees: one test per row of docs/robustness.md that
tests/python/test_cli.py, test_scenarios.py, test_api.py and test_reader.py do not
already cover (the document names the covering test of every row)."""

import os
import resource
import subprocess

import h5py
import numpy as np
import pytest

import ruralsim as rs
from conftest import ROOT, run_cli

BASELINE = ROOT / "scenarios" / "baseline.toml"
COUNTIES = ROOT / "data" / "counties.csv"
TINY = ("--scale", "100000", "--set", "run.end=2021-01-03", "-q")  # a few seconds at most


def fails(r, *needles, rc=2):
    assert r.returncode == rc, (r.returncode, r.stdout, r.stderr)
    for n in needles:
        assert n in r.stderr, (n, r.stderr)


def scenario(tmp_path, text, name="bad.toml"):
    p = tmp_path / name
    p.write_text(text)
    return p


# --- scenario files -------------------------------------------------------------------------------

SCENARIOS = {
    "unknown_section": ("[nosuch]\nx = 1\n", ":1", "key 'nosuch': unknown key"),
    "unknown_top_key": ("frobnicate = 1\n", ":1", "key 'frobnicate': unknown key"),
    "section_as_value": ("run = 5\n", ":1", "key 'run': expected a table [run], got an integer"),
    "value_as_table": ("[run.scale]\nx = 1\n", ":1", "key 'run.scale': expected a number, got a table"),
    "array_value": ("[run]\nscale = [1, 2]\n", ":2", "key 'run.scale': expected a number, got an array"),
    "integer_fraction": ("[store]\nexit_months = 2.5\n", ":2", "key 'store.exit_months': expected an integer, got a number"),  # noqa: E501
    "nan": ("[run]\nscale = nan\n", ":2", "expected a finite number, got nan"),
    "inf": ("[household]\nmpc_rural = inf\n", ":2", "expected a finite number, got inf"),
    "scale_too_small": ("[run]\nscale = 0.5\n", ":2", "value 0.5 is out of range: expected a number in [1.0, 100000.0]"),  # noqa: E501
    "scale_too_large": ("[run]\nscale = 1e9\n", ":2", "out of range"),
    "huge_integer_literal": ("[store]\nexit_months = 99999999999999999999\n", ":2", "TOML syntax error"),
    "datetime_for_date": ("[run]\nstart = 2021-01-01T10:00:00\n", ":2", "key 'run.start': expected a date (YYYY-MM-DD), got a date-time"),  # noqa: E501
    "end_before_start": ("[run]\nstart = 2023-01-01\nend = 2022-12-31\n", ":3", "end 2022-12-31 is before run.start 2023-01-01"),  # noqa: E501
    "duplicate_table": ("[run]\nscale = 5\n[run]\nscale = 6\n", ":3", "TOML syntax error"),
    "invalid_utf8": ("[scenario]\nname = \"\udcff\"\n", "", "TOML syntax error"),
    "extends_not_string": ("extends = 5\n", ":1", "key 'extends': expected a string (a scenario file path), got an integer"),  # noqa: E501
    "extends_folder": ('extends = "."\n', ":1", "not found"),
}


@pytest.mark.parametrize("case", sorted(SCENARIOS))
def test_bad_scenario_values(ruralsim_bin, tmp_path, case):
    text, line, expected = SCENARIOS[case]
    p = tmp_path / f"{case}.toml"
    p.write_bytes(text.encode("utf-8", "surrogateescape"))
    r = run_cli(ruralsim_bin, "validate", p)
    fails(r, f"{p}{line}", expected)
    if case != "end_before_start":  # a cross-key check: rs.run raises it (test_api.py)
        with pytest.raises(rs.ScenarioError):
            rs.Scenario.load(p)


def test_extends_cycle_and_depth(ruralsim_bin, tmp_path):
    scenario(tmp_path, 'extends = "b.toml"\n', "a.toml")
    scenario(tmp_path, 'extends = "a.toml"\n', "b.toml")
    fails(run_cli(ruralsim_bin, "validate", tmp_path / "a.toml"), "key 'extends': cycle: the file extends itself")
    for i in range(20):
        scenario(tmp_path, f'extends = "c{i + 1}.toml"\n', f"c{i}.toml")
    scenario(tmp_path, "[run]\nscale = 200\n", "c20.toml")
    fails(run_cli(ruralsim_bin, "validate", tmp_path / "c0.toml"), "more than 16 levels of extends")


def test_scenario_is_not_a_file(ruralsim_bin, tmp_path):
    fails(run_cli(ruralsim_bin, "validate", tmp_path), "file not found or not a regular file")
    fails(run_cli(ruralsim_bin, "run", "/dev/null", "-q"), "file not found or not a regular file")


def test_empty_scenario_is_the_defaults(ruralsim_bin, tmp_path):
    r = run_cli(ruralsim_bin, "validate", scenario(tmp_path, ""))
    assert r.returncode == 0 and "valid (2021-01-01 to 2025-12-31, scale 100)" in r.stdout


# --- county tables (run.counties_file) ----------------------------------------------------------

HEADER, ROW = COUNTIES.read_text().splitlines()[:2]
CSV = {
    "missing": (None, "cannot open county table '"),
    "empty": ("", "empty county table"),
    "header_only": (HEADER + "\n", "no counties"),
    "missing_column": ("code,name\n1,a\n", "bad.csv:1: column 'name_zh': missing from the header"),
    "short_row": (HEADER + "\n1,2,3\n", "bad.csv:2: expected 15 columns, found 3"),
    "bad_number": (HEADER + "\n" + ROW.replace(",1564449,", ",lots,") + "\n", "column 'population': expected a number, got 'lots'"),  # noqa: E501
    "out_of_range": (HEADER + "\n" + ROW.replace(",0.6852,", ",1.5,") + "\n", "column 'urban_share': value 1.5 out of range"),  # noqa: E501
    "fraction": (HEADER + "\n" + ROW.replace(",401,", ",40.5,") + "\n", "column 'villages': expected a whole number"),
    "bad_group": (HEADER + "\n" + ROW.replace(",NE,", ",XX,") + "\n", "column 'group': expected M, NE or SE, got 'XX'"),
    "bad_terrain": (HEADER + "\n" + ROW.replace(",mountain,", ",swamp,") + "\n", "expected plain, hill or mountain"),
    "no_villages": (HEADER + "\n" + ROW.replace(",401,", ",0,") + "\n", "needs villages"),
}


@pytest.mark.parametrize("case", sorted(CSV))
def test_bad_counties_file(ruralsim_bin, tmp_path, case):
    text, expected = CSV[case]
    if text is not None:
        (tmp_path / "bad.csv").write_text(text)
    sc = scenario(tmp_path, '[run]\ncounties_file = "bad.csv"\n', "sc.toml")
    fails(run_cli(ruralsim_bin, "validate", sc), expected)
    out = tmp_path / "out.h5"
    fails(run_cli(ruralsim_bin, "run", sc, "-o", out, *TINY), expected)
    assert not out.exists()


def test_good_counties_file_copy_runs(ruralsim_bin, tmp_path):
    (tmp_path / "c.csv").write_text(COUNTIES.read_text())
    sc = scenario(tmp_path, '[run]\ncounties_file = "c.csv"\n', "sc.toml")
    r = run_cli(ruralsim_bin, "run", sc, "--no-output", *TINY)
    assert r.returncode == 0, r.stderr


# --- command line ---------------------------------------------------------------------------------

CLI = {
    "no_command": ([], 2, "", "usage: ruralsim"),
    "seed_text": (["run", BASELINE, "--seed", "abc"], 2, "--seed expects a whole number from 0 to 18446744073709551615, got 'abc'", ""),  # noqa: E501
    "seed_too_big": (["run", BASELINE, "--seed", str(2**64)], 2, "--seed expects a whole number", ""),
    "threads_negative": (["run", BASELINE, "--threads", "-3"], 2, "--threads must be 0 (all cores) or more", ""),
    "threads_too_big": (["run", BASELINE, "--threads", str(2**40)], 2, "for option '--threads' is invalid", ""),
    "scale_zero": (["run", BASELINE, "--scale", "0"], 2, "key 'run.scale': value 0.0 is out of range", ""),
    "scale_nan": (["run", BASELINE, "--scale", "nan"], 2, "key 'run.scale': expected a finite number, got nan", ""),
    "scale_text": (["run", BASELINE, "--scale", "abc"], 2, "for option '--scale' is invalid", ""),
    "set_no_value": (["run", BASELINE, "--set"], 2, "the required argument for option '--set' is missing", ""),
    "set_no_equals": (["run", BASELINE, "--set", "run.scale"], 2, "--set expects KEY=VALUE, got 'run.scale'", ""),
    "set_no_key": (["run", BASELINE, "--set", "=3"], 2, "--set expects KEY=VALUE, got '=3'", ""),
    "set_unknown_key": (["validate", BASELINE, "--set", "household.mpc_rual=1"], 2, "did you mean 'household.mpc_rural'", ""),  # noqa: E501
    "set_bad_bool": (["validate", BASELINE, "--set", "output.county_daily=yes"], 2, "expected true or false, got 'yes'", ""),  # noqa: E501
    "set_bad_date": (["validate", BASELINE, "--set", "run.end=2025-13-01"], 2, "expected a date YYYY-MM-DD", ""),
    "set_end_before_start": (["validate", BASELINE, "--set", "run.end=2018-12-31"], 2, "is before run.start", ""),
    "unknown_option": (["run", BASELINE, "--bogus"], 2, "unrecognised option '--bogus'", ""),
    "two_scenarios": (["run", BASELINE, BASELINE], 2, "too many positional options", ""),
    "missing_scenario": (["validate"], 2, "validate: missing SCENARIO", ""),
    "params_bad_option": (["params", "--bogus"], 2, "unrecognised option '--bogus'", ""),
    "compare_bad_option": (["compare", "--bogus"], 2, "unrecognised option '--bogus'", ""),
}


@pytest.mark.parametrize("case", sorted(CLI))
def test_bad_command_line(ruralsim_bin, case):
    args, rc, err, out = CLI[case]
    r = run_cli(ruralsim_bin, *args)
    assert r.returncode == rc, (r.stdout, r.stderr)
    assert err in r.stderr and out in r.stdout, (r.stdout, r.stderr)


def test_negative_seed_is_refused(ruralsim_bin, tmp_path):
    r = run_cli(ruralsim_bin, "run", BASELINE, "--seed", "-1", "--no-output", *TINY)
    assert r.returncode == 2 and "--seed" in r.stderr


def test_output_is_a_folder_fails_before_run(ruralsim_bin, tmp_path):
    (tmp_path / "out").mkdir()
    r = run_cli(ruralsim_bin, "run", BASELINE, "-o", tmp_path / "out", *TINY)
    assert r.returncode == 2 and "cannot rename" not in r.stderr, r.stderr


def test_output_is_a_folder_fails_and_leaves_nothing(ruralsim_bin, tmp_path):
    (tmp_path / "out").mkdir()
    r = run_cli(ruralsim_bin, "run", BASELINE, "-o", tmp_path / "out", *TINY)
    fails(r, "is a folder; give a file name")
    assert [p.name for p in tmp_path.iterdir()] == ["out"] and not any((tmp_path / "out").iterdir())


# --- run files given to compare -------------------------------------------------------------------

@pytest.fixture(scope="module")
def good_run(ruralsim_bin, tmp_path_factory):
    out = tmp_path_factory.mktemp("rob") / "good.h5"
    r = run_cli(ruralsim_bin, "run", BASELINE, "-o", out, "--scale", "100000", "--set", "run.end=2022-01-05", "-q")
    assert r.returncode == 0, r.stderr
    return out


def _compare(ruralsim_bin, good, bad):
    return run_cli(ruralsim_bin, "compare", good, bad)


def test_compare_non_hdf5_and_truncated(ruralsim_bin, good_run, tmp_path):
    bad = tmp_path / "text.h5"
    bad.write_text("hello")
    fails(_compare(ruralsim_bin, good_run, bad), "text.h5' is not an HDF5 file (or it is truncated or corrupt)")
    data = good_run.read_bytes()
    for frac in (0.1, 0.5, 0.9):
        t = tmp_path / f"trunc{frac}.h5"
        t.write_bytes(data[: int(len(data) * frac)])
        r = _compare(ruralsim_bin, good_run, t)
        fails(r, t.name)
    (tmp_path / "empty.h5").write_bytes(b"")
    fails(_compare(ruralsim_bin, good_run, tmp_path / "empty.h5"), "is not an HDF5 file")
    fails(_compare(ruralsim_bin, good_run, tmp_path), "is not an HDF5 file")


def test_compare_flipped_bytes_never_crash(ruralsim_bin, good_run, tmp_path):
    """Corruption in the raw data area: refused with a message or read (numbers change), never a crash."""
    data = bytearray(good_run.read_bytes())
    rng = np.random.default_rng(3)
    for i in range(12):
        d = bytearray(data)
        for pos in rng.integers(len(d) // 2, len(d), 16):
            d[pos] ^= 0xFF
        p = tmp_path / f"flip{i}.h5"
        p.write_bytes(bytes(d))
        r = subprocess.run([ruralsim_bin, "compare", str(good_run), str(p)], capture_output=True, text=True,
                           errors="replace", timeout=60)
        assert r.returncode in (0, 2), (i, r.returncode, r.stderr[-2000:])


def _name(text):
    """A string attribute as ruralsim writes it: fixed-length (h5py writes a str as variable-length)."""
    return np.bytes_(text.encode())


def test_compare_foreign_and_mistyped_files(ruralsim_bin, good_run, tmp_path):
    with h5py.File(tmp_path / "foreign.h5", "w") as f:
        f["x"] = [1]
    fails(_compare(ruralsim_bin, good_run, tmp_path / "foreign.h5"), "/ has no attribute scenario_name")
    with h5py.File(tmp_path / "mistyped.h5", "w") as f:
        f.attrs["scenario_name"] = _name("m")
        f.attrs["seed"] = "seven"
    fails(_compare(ruralsim_bin, good_run, tmp_path / "mistyped.h5"), "attribute seed is not a number")
    with h5py.File(tmp_path / "years.h5", "w") as f:
        f.attrs["scenario_name"] = _name("y")
        f.attrs["seed"] = np.int64(1)
        f["year/year"] = np.array(["a"], dtype=h5py.string_dtype())
    fails(_compare(ruralsim_bin, good_run, tmp_path / "years.h5"), "/year/year is not numeric")
    with h5py.File(tmp_path / "noyears.h5", "w") as f:
        f.attrs["scenario_name"] = _name("y")
        f.attrs["seed"] = np.int64(1)
        f["year/year"] = np.zeros(0)
    fails(_compare(ruralsim_bin, good_run, tmp_path / "noyears.h5"), "no years in /year/year")
    with h5py.File(good_run) as g, h5py.File(tmp_path / "short.h5", "w") as f:
        for k, v in g.attrs.items():
            f.attrs[k] = v
        f.attrs["scenario_name"] = _name("short")
        f["year/year"] = g["year/year"][()]
        f["year/rural_retail_sales"] = g["year/rural_retail_sales"][:1]
    fails(_compare(ruralsim_bin, good_run, tmp_path / "short.h5"), "/year/rural_retail_sales does not match /year/year")
    with h5py.File(good_run) as g, h5py.File(tmp_path / "otheryears.h5", "w") as f:
        f.attrs["scenario_name"] = _name("other")
        f.attrs["seed"] = np.int64(1)
        f["year/year"] = g["year/year"][()] + 1
    fails(_compare(ruralsim_bin, good_run, tmp_path / "otheryears.h5"), "covers other years than")


def test_compare_survives_a_libhdf5_crash(ruralsim_bin, good_run):
    """libhdf5 1.10 reads out of bounds on this crafted file (fuzz/known-hdf5-issues/): whether that
    segfaults depends on the memory layout (it does from some working directories). compare reads
    each file in a child process first, so either way it ends with exit 2 and a message naming the
    file, never with a signal (the crash path itself: Catch2 "probe_in_child ...")."""
    crash = ROOT / "fuzz" / "known-hdf5-issues" / "crash_attribute_message_overflow.h5"
    for cwd in (ROOT, ROOT / "fuzz", ROOT / "fuzz" / "known-hdf5-issues"):
        rel = os.path.relpath(crash, cwd)
        r = subprocess.run([ruralsim_bin, "compare", str(good_run), rel], capture_output=True, text=True,
                           errors="replace", timeout=120, cwd=cwd)
        fails(r, f"'{rel}'")
        assert "crashed reading it" in r.stderr or "has no attribute" in r.stderr, r.stderr


def test_compare_refuses_variable_length_strings_unread(ruralsim_bin, good_run, tmp_path):
    """libhdf5 reads variable-length strings from the file's global heap, where a corrupt file can crash
    it (found by fuzz_h5): compare refuses them with a message before reading them."""
    with h5py.File(tmp_path / "vlen_attr.h5", "w") as f:
        f.attrs["scenario_name"] = "v"  # h5py writes a str as a variable-length string
        f.attrs["seed"] = np.int64(1)
    fails(_compare(ruralsim_bin, good_run, tmp_path / "vlen_attr.h5"), "vlen_attr.h5': attribute scenario_name of / "
          "is a variable-length string, which ruralsim does not read")
    with h5py.File(good_run) as g, h5py.File(tmp_path / "vlen_targets.h5", "w") as f:
        for k, v in g.attrs.items():
            f.attrs[k] = v
        f["year/year"] = g["year/year"][()]
        f["targets/target"] = np.array([t.decode() for t in g["targets/target"][()]], dtype=h5py.string_dtype())
        for k in ("met", "value"):
            f["targets/" + k] = g["targets/" + k][()]
    fails(_compare(ruralsim_bin, good_run, tmp_path / "vlen_targets.h5"),
          "/targets/target holds variable-length strings, which ruralsim does not read")


def _limit_memory():
    resource.setrlimit(resource.RLIMIT_AS, (4 << 30, 4 << 30))


def test_compare_huge_declared_dataset_is_refused(ruralsim_bin, good_run, tmp_path):
    p = tmp_path / "huge.h5"
    with h5py.File(p, "w") as f:
        f.attrs["scenario_name"] = _name("huge")
        f.attrs["seed"] = np.int64(1)
        f.create_dataset("year/year", shape=(2**31,), dtype="f8")  # no data written: tiny file
    assert p.stat().st_size < 10_000
    r = subprocess.run([ruralsim_bin, "compare", str(good_run), str(p)], capture_output=True, text=True,
                       timeout=120, preexec_fn=_limit_memory)
    assert r.returncode == 2 and "huge.h5" in r.stderr, (r.returncode, r.stderr)


# --- Python API -----------------------------------------------------------------------------------

def _tiny():
    return rs.Scenario.load(BASELINE).set("run.scale", 100000).set("run.end", "2021-01-03")


def test_python_run_bad_seed_and_threads():
    with pytest.raises(ValueError, match="invalid literal for int"):
        rs.run(_tiny(), seed="abc")
    with pytest.raises(TypeError):
        rs.run(_tiny(), seed=None)
    with pytest.raises(TypeError, match="incompatible function arguments"):
        rs.run(_tiny(), seed=-1)  # the core takes an unsigned 64-bit seed
    with pytest.raises(TypeError, match="incompatible function arguments"):
        rs.run(_tiny(), seed=2**64)
    with pytest.raises(ValueError, match="invalid literal for int"):
        rs.run(_tiny(), threads="x")
    with pytest.raises(TypeError, match="incompatible function arguments"):
        rs.run(_tiny(), threads=2**40)
    # Documented: threads <= 0 means all cores; floats are truncated by int().
    one = rs.run(_tiny(), seed=1.9, threads=1).indicators("day")
    assert rs.run(_tiny(), seed=1, threads=-1).indicators("day").equals(one)


def test_python_resource_and_checkpoint_errors(tmp_path):
    """ResourceError and CheckpointError are their own classes, still caught as ruralsim.Error."""
    assert issubclass(rs.ResourceError, rs.Error) and issubclass(rs.CheckpointError, rs.Error)
    assert not issubclass(rs.CheckpointError, rs.ResourceError)
    huge = rs.Scenario.load(BASELINE).set("run.start", "0001-01-01").set("run.end", "9999-12-31")
    with pytest.raises(rs.ResourceError, match="the run would need about .* GB of memory"):
        rs.run(huge)
    with pytest.raises(rs.Error, match="more than the limit"):
        rs.run(huge)
    out = rs.run(_tiny(), seed=1).write(tmp_path / "run.h5")
    with pytest.raises(rs.CheckpointError, match="'.*run.h5' is not a ruralsim checkpoint"):
        rs.resume(out)


def test_python_bad_scenario_arguments():
    with pytest.raises(TypeError, match="expected a Scenario, a scenario file or a dict"):
        rs.run(5)
    with pytest.raises(rs.ScenarioError, match="not found"):
        rs.run("no_such.toml")
    with pytest.raises(rs.ScenarioError, match="key 'nosuch': unknown key"):
        rs.run({"nosuch": 1})
    with pytest.raises(rs.ScenarioError, match="key 'run.scale': expected a number, got 'big'"):
        rs.run({"run": {"scale": "big"}})
    sc = rs.Scenario()
    for key, value, match in [
        ("household.mpc_rual", 0.8, "did you mean 'household.mpc_rural'"),
        ("household.mpc_rual", "0.8", "did you mean 'household.mpc_rural'"),
        ("nosuch", 1, "unknown key"),
        ("run.scale", float("nan"), "expected a finite number, got nan"),
        ("run.scale", 10**6, "out of range"),
        ("run.scale", [1], "expected a number, got '\\[1\\]'"),
        ("run.start", "yesterday", "expected a date YYYY-MM-DD"),
        ("output.county_daily", 2, "expected true or false"),
    ]:
        with pytest.raises(rs.ScenarioError, match=match):
            sc.set(key, value)
