import os
import subprocess
import sys
from pathlib import Path

import h5py
import pytest

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "python"))


@pytest.fixture(scope="session")
def ruralsim_bin() -> str:
    path = os.environ.get("RURALSIM_BIN", str(ROOT / "build" / "release" / "apps" / "ruralsim"))
    if not os.access(path, os.X_OK):
        pytest.fail(f"ruralsim binary not found at {path}: build first (scripts/build) or set RURALSIM_BIN")
    return path


@pytest.fixture(scope="session")
def root() -> Path:
    return ROOT


def run_cli(binary, *args, cwd=None):
    return subprocess.run([binary, *map(str, args)], capture_output=True, text=True, cwd=cwd, timeout=600)


@pytest.fixture(scope="session")
def small_run(ruralsim_bin, tmp_path_factory):
    """The baseline at a coarse scale (1 agent per 500 households), written once."""
    out = tmp_path_factory.mktemp("runs") / "baseline.h5"
    r = run_cli(ruralsim_bin, "run", ROOT / "scenarios" / "baseline.toml", "-o", out, "--scale", 500, "--threads", 2)
    assert r.returncode == 0, r.stderr
    return out, r.stdout


def h5_datasets(path) -> dict:
    """Every dataset of an HDF5 file: {path inside the file: its values}."""
    out = {}
    with h5py.File(path, "r") as f:
        def visit(name, obj):
            if isinstance(obj, h5py.Dataset):
                out[name] = obj[()]
        f.visititems(visit)
    return out
