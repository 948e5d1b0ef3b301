"""Checkpoint and resume end to end: a run killed with SIGKILL part-way leaves no output file,
`ruralsim resume` continues it from its last checkpoint, and the result equals the uninterrupted
run dataset for dataset; bad checkpoints, periods and memory limits give clear errors and no file."""

import os
import signal
import subprocess
import time

import h5py
import numpy as np
import pytest

from conftest import h5_datasets, run_cli

# Long enough to be killed part-way (a few seconds), small enough to stay quick.
ARGS = ("--scale", "500", "--threads", "1", "-q")


def _root_attrs(path):
    with h5py.File(path, "r") as f:
        return {k: f.attrs[k] for k in f.attrs}


def _checkpoint_day(path):
    try:
        with h5py.File(path, "r") as f:
            return int(f.attrs["day"])
    except (OSError, KeyError):
        return None


def _same_output(a, b):
    da, db = h5_datasets(a), h5_datasets(b)
    assert da.keys() == db.keys() and len(da) > 300
    for k in da:
        if da[k].dtype.kind == "O":
            assert list(da[k]) == list(db[k]), k
        else:
            assert da[k].dtype == db[k].dtype and da[k].tobytes() == db[k].tobytes(), k


def test_killed_run_resumes_to_the_same_output(ruralsim_bin, root, tmp_path):
    scenario = root / "scenarios" / "plan2022.toml"
    full = tmp_path / "full.h5"
    r = run_cli(ruralsim_bin, "run", scenario, "-o", full, *ARGS)
    assert r.returncode == 0, r.stderr

    out, ckpt = tmp_path / "killed.h5", tmp_path / "run.ckpt"
    proc = subprocess.Popen([ruralsim_bin, "run", str(scenario), "-o", str(out), *ARGS,
                             "--checkpoint", str(ckpt), "--checkpoint-every", "90d"],
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    try:
        # Wait for a first checkpoint, then for it to be replaced by the next one.
        deadline = time.monotonic() + 120
        first = None
        while time.monotonic() < deadline and proc.poll() is None:
            day = _checkpoint_day(ckpt)
            if first is None and day is not None:
                first = day
            elif first is not None and day is not None and day > first:
                break
            time.sleep(0.02)
        assert proc.poll() is None, "the run finished before it could be killed: " + proc.stderr.read().decode()
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait(timeout=30)
    finally:
        if proc.poll() is None:
            proc.kill()
    assert proc.returncode == -signal.SIGKILL
    assert not out.exists()  # no final-named output from a killed run
    # At most temporary files beside it (a checkpoint being written when killed), never the final name.
    assert all(p.name.startswith(("run.ckpt", "full.h5")) for p in tmp_path.iterdir()), list(tmp_path.iterdir())
    day = _checkpoint_day(ckpt)
    assert day is not None and day % 90 == 0 and 90 < day < 2557, day

    # Resume at another thread count: the same datasets, bit for bit, as the uninterrupted run.
    resumed = tmp_path / "resumed.h5"
    r = run_cli(ruralsim_bin, "resume", ckpt, "-o", resumed, "--threads", "2")
    assert r.returncode == 0, r.stderr
    assert f"(day {day} of 2557)" in r.stderr  # 2019-2025
    assert "rural retail" in r.stdout
    _same_output(full, resumed)
    # Root attributes too, except the wall clock and the thread count of the resumed session.
    a, b = _root_attrs(full), _root_attrs(resumed)
    assert a.keys() == b.keys()
    for k in a:
        if k not in ("wall_seconds", "threads"):
            assert a[k] == b[k], k
    assert int(b["threads"]) == 2


def test_checkpointing_does_not_change_the_output(ruralsim_bin, root, tmp_path):
    args = ("--scale", "5000", "--set", "run.end=2022-03-31", "-q")
    plain, ck = tmp_path / "plain.h5", tmp_path / "ck.h5"
    assert run_cli(ruralsim_bin, "run", root / "scenarios/baseline.toml", "-o", plain, *args).returncode == 0
    r = run_cli(ruralsim_bin, "run", root / "scenarios/baseline.toml", "-o", ck, *args,
                "--checkpoint", tmp_path / "c.ckpt", "--checkpoint-every", "1m")
    assert r.returncode == 0, r.stderr
    _same_output(plain, ck)
    # The last checkpoint is the end of the last month before the run's last day.
    with h5py.File(tmp_path / "c.ckpt", "r") as f:
        assert f.attrs["date"] == b"2022-02-28" and f.attrs["checkpoint_every"] == b"1m"


BAD_RUN = {
    "period_unit": (("--checkpoint", "c.ckpt", "--checkpoint-every", "3w"), "expects a period such as 90d, 6m or 1y"),
    "period_zero": (("--checkpoint", "c.ckpt", "--checkpoint-every", "0d"), "got '0d'"),
    "period_alone": (("--checkpoint-every", "90d"), "--checkpoint FILE and --checkpoint-every PERIOD go together"),
    "file_alone": (("--checkpoint", "c.ckpt"), "go together"),
    "checkpoint_folder": (("--checkpoint", "no/such/c.ckpt", "--checkpoint-every", "90d"),
                          "checkpoint folder 'no/such' does not exist"),
    "same_as_output": (("--checkpoint", "out.h5", "--checkpoint-every", "90d"), "must be different files"),
    "memory_limit_text": (("--memory-limit", "lots"), "--memory-limit expects a size in bytes"),
}


@pytest.mark.parametrize("case", sorted(BAD_RUN))
def test_bad_checkpoint_options_fail_before_the_run(ruralsim_bin, root, tmp_path, case):
    extra, expected = BAD_RUN[case]
    r = run_cli(ruralsim_bin, "run", root / "scenarios/baseline.toml", "-o", "out.h5", "--scale", "5000", *extra,
                cwd=tmp_path)
    assert r.returncode == 2 and expected in r.stderr, r.stderr
    assert list(tmp_path.iterdir()) == []


@pytest.fixture(scope="module")
def checkpoint(ruralsim_bin, root, tmp_path_factory):
    d = tmp_path_factory.mktemp("ckpt")
    r = run_cli(ruralsim_bin, "run", root / "scenarios/baseline.toml", "--scale", "5000", "--set", "run.end=2021-06-30",
                "--no-output", "-q", "--checkpoint", d / "c.ckpt", "--checkpoint-every", "2m")
    assert r.returncode == 0, r.stderr
    return d / "c.ckpt"


def test_bad_checkpoints_are_refused_and_nothing_is_written(ruralsim_bin, checkpoint, tmp_path):
    data = checkpoint.read_bytes()
    run_output = tmp_path / "run.h5"
    with h5py.File(run_output, "w") as f:
        f.attrs["scenario"] = "x"
    (tmp_path / "text.ckpt").write_text("not a checkpoint")
    (tmp_path / "cut.ckpt").write_bytes(data[: len(data) // 2])
    cases = {
        tmp_path / "nope.ckpt": "no such file",
        tmp_path / "text.ckpt": "is not an HDF5 file",
        tmp_path / "cut.ckpt": "truncated or corrupt",
        run_output: "is not a ruralsim checkpoint",
    }
    for attr, value, expected in (("registry", np.bytes_(b"0" * 16), "different parameter registry"),
                                  ("layout", np.bytes_(b"0" * 16), "has other fields"),
                                  ("format_version", 99, "format version 99"),
                                  # h5py writes a str as a variable-length string: refused unread
                                  ("registry", "0" * 16, "attribute registry is a variable-length string")):
        p = tmp_path / f"{attr}_{type(value).__name__}.ckpt"
        p.write_bytes(data)
        with h5py.File(p, "r+") as f:
            f.attrs[attr] = value
        cases[p] = expected
    # A scenario text changed so that it still parses (another mpc_rural): refused by the attributes' checksum.
    p = tmp_path / "scenario.ckpt"
    p.write_bytes(data)
    with h5py.File(p, "r+") as f:
        text = f.attrs["scenario"].decode()
        at = text.index("mpc_rural = ")
        text = text[:at] + "mpc_rural = 0.5" + text[at + 15:]
        del f.attrs["scenario"]
        f.attrs["scenario"] = np.bytes_(text.encode())
    cases[p] = "do not match their checksum"
    for path, expected in cases.items():
        out = tmp_path / "out.h5"
        r = run_cli(ruralsim_bin, "resume", path, "-o", out, "-q")
        assert r.returncode == 2 and expected in r.stderr, (path, r.stderr)
        assert "ruralsim: error:" in r.stderr
        assert not out.exists()
    r = run_cli(ruralsim_bin, "resume", checkpoint, "-q")
    assert r.returncode == 2 and "missing -o FILE" in r.stderr


def test_absurd_runs_are_refused_fast_before_allocating(ruralsim_bin, root, tmp_path):
    out = tmp_path / "x.h5"
    # 8,000 years of daily indicator series: far beyond any machine's memory.
    t0 = time.monotonic()
    r = run_cli(ruralsim_bin, "run", root / "scenarios/baseline.toml", "-o", out,
                "--set", "run.start=0001-01-01", "--set", "run.end=9999-12-31", "-q")
    assert r.returncode == 2, r.stderr
    assert "the run would need about" in r.stderr and "GB of memory" in r.stderr
    assert "3652059 days of indicator series" in r.stderr and "more than the limit of" in r.stderr
    assert time.monotonic() - t0 < 5
    # One agent per household (run.scale at its lower limit, 13 million agents) under a 200 MB limit,
    # given on the command line and through the environment.
    r = run_cli(ruralsim_bin, "run", root / "scenarios/baseline.toml", "-o", out, "--scale", "1",
                "--memory-limit", "200M", "-q")
    assert r.returncode == 2, r.stderr
    assert "household agents" in r.stderr and "more than the limit of 200.0 MB" in r.stderr, r.stderr
    env = dict(os.environ, RURALSIM_MEMORY_LIMIT="200M")
    r = subprocess.run([ruralsim_bin, "run", str(root / "scenarios/baseline.toml"), "-o", str(out), "--scale", "1",
                        "-q"], capture_output=True, text=True, env=env, timeout=60)
    assert r.returncode == 2 and "(RURALSIM_MEMORY_LIMIT)" in r.stderr, r.stderr
    assert list(tmp_path.iterdir()) == []


def test_python_run_with_checkpoint_and_resume(root, tmp_path):
    import numpy as np

    import ruralsim as rs

    sc = rs.Scenario.load(root / "scenarios/plan2022.toml").set("run.scale", 5000).set("run.end", "2021-12-31")
    full = rs.run(sc, seed=3, threads=1)
    ck = tmp_path / "c.ckpt"
    rs.run(sc, seed=3, threads=2, checkpoint=ck, checkpoint_every="3m")
    with h5py.File(ck, "r") as f:
        assert f.attrs["date"] == b"2021-09-30"
    res = rs.resume(ck, threads=1)
    for freq in ("day", "month", "year"):
        a, b = full.indicators(freq), res.indicators(freq)
        assert list(a.columns) == list(b.columns)
        assert np.array_equal(a.to_numpy(), b.to_numpy(), equal_nan=True), freq
    full.write(tmp_path / "a.h5")
    res.write(tmp_path / "b.h5")
    _same_output(tmp_path / "a.h5", tmp_path / "b.h5")
    with pytest.raises(rs.Error, match="no such file"):
        rs.resume(tmp_path / "nope.ckpt")
    with pytest.raises(rs.CheckpointError, match="is not a ruralsim checkpoint") as e:
        rs.resume(tmp_path / "a.h5")
    assert isinstance(e.value, rs.Error)
    with pytest.raises(rs.IoError, match="is not an HDF5 file"):
        rs.resume(root / "scenarios/plan2022.toml")
    with pytest.raises(ValueError, match="go together"):
        rs.run(sc, checkpoint=ck)
    with pytest.raises(rs.Error, match="expects a period"):
        rs.run(sc, checkpoint=ck, checkpoint_every="weekly")


def test_resume_from_another_folder_with_a_relative_county_table(ruralsim_bin, root, tmp_path):
    """A relative run.counties_file resolves against the scenario's folder on resume too (from any
    working folder); a county table changed since the checkpoint is refused; county_daily output
    matches as well."""
    run_dir = tmp_path / "study"
    run_dir.mkdir()
    (run_dir / "mine.csv").write_text((root / "data" / "counties.csv").read_text())
    (run_dir / "s.toml").write_text(f'extends = "{root / "scenarios" / "plan2022.toml"}"\n'
                                    '[run]\ncounties_file = "mine.csv"\nscale = 5000\nend = "2021-12-31"\n'
                                    '[output]\ncounty_daily = true\n')
    r = run_cli(ruralsim_bin, "run", "s.toml", "-o", "full.h5", "-q", cwd=run_dir)
    assert r.returncode == 0, r.stderr
    r = run_cli(ruralsim_bin, "run", "s.toml", "--no-output", "-q", "--checkpoint", "c.ckpt",
                "--checkpoint-every", "4m", cwd=run_dir)
    assert r.returncode == 0, r.stderr
    r = run_cli(ruralsim_bin, "resume", run_dir / "c.ckpt", "-o", tmp_path / "resumed.h5", "-q", cwd="/")
    assert r.returncode == 0, r.stderr
    _same_output(run_dir / "full.h5", tmp_path / "resumed.h5")
    with h5py.File(tmp_path / "resumed.h5", "r") as f:
        assert "county/day/rural_retail_sales" in f
    table = (run_dir / "mine.csv").read_text()
    assert ",1564449," in table
    (run_dir / "mine.csv").write_text(table.replace(",1564449,", ",1564000,", 1))
    r = run_cli(ruralsim_bin, "resume", run_dir / "c.ckpt", "-o", tmp_path / "again.h5", "-q")
    assert r.returncode == 2 and "the county table gives another geography" in r.stderr, r.stderr
    assert not (tmp_path / "again.h5").exists()


def test_stale_temporaries_of_killed_runs_are_removed(ruralsim_bin, root, tmp_path):
    """A killed run leaves `<name>.tmp.<pid>`; the next run writing that output or checkpoint removes
    those of processes that no longer exist, and keeps a live process's and other names'."""
    gone = subprocess.Popen(["true"])
    gone.wait()  # its process id is free now
    dead, live = gone.pid, os.getpid()
    left = [f"out.h5.tmp.{dead}", f"c.ckpt.tmp.{dead}"]
    kept = [f"out.h5.tmp.{live}", f"c.ckpt.tmp.{live}", f"other.h5.tmp.{dead}", "out.h5.tmp.x1"]
    for name in left + kept:
        (tmp_path / name).write_bytes(b"partial HDF5")
    r = run_cli(ruralsim_bin, "run", root / "scenarios/baseline.toml", "-o", "out.h5", "--scale", "20000",
                "--set", "run.start=2021-01-01", "--set", "run.end=2021-03-31", "-q",
                "--checkpoint", "c.ckpt", "--checkpoint-every", "1m", cwd=tmp_path)
    assert r.returncode == 0, r.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(kept + ["out.h5", "c.ckpt"])
