"""Makes the seeds of fuzz/corpus/checkpoint/ (run from the repository root after a release build):

    python3 fuzz/make_checkpoint_seeds.py build/release/apps/ruralsim

- real_baseline_90d.ckpt, real_plan2022_90d.ckpt: the checkpoints of baseline from 2021-01-01 and
  plan2022 from 2022-01-01 at --scale 5000 --checkpoint-every 90d (saved at day 90), on the two
  counties of fuzz/checkpoint_counties.csv (the whole table would make every checkpoint some
  megabytes: the per-place state of ~8,000 places). Their `counties_file_base` is emptied, so the
  county table `counties.csv` resolves beside the checkpoint file, where the fuzz body puts it
  (fuzz/fuzz_targets.hpp, checkpoint_folder);
- truncated_half.ckpt: the first half of real_baseline_90d.ckpt;
- vlen_registry.ckpt: real_baseline_90d.ckpt with its `registry` attribute rewritten as a
  variable-length string (refused unread).

The fuzzer's regressions are added beside them by hand.
"""

import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import h5py
import numpy as np

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "fuzz" / "corpus" / "checkpoint"
RUNS = {
    "real_baseline_90d.ckpt": ("baseline.toml", "2021-01-01", "2021-04-15"),
    "real_plan2022_90d.ckpt": ("plan2022.toml", "2022-01-01", "2022-04-15"),
}


def main(binary: str):
    binary = str(Path(binary).resolve())
    OUT.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        shutil.copy(ROOT / "fuzz" / "checkpoint_counties.csv", tmp / "counties.csv")
        for name, (scenario, start, end) in RUNS.items():
            subprocess.run([binary, "run", str(ROOT / "scenarios" / scenario), "--scale", "5000",
                            "--set", f"run.start={start}", "--set", f"run.end={end}",
                            "--set", "run.counties_file=counties.csv", "--no-output", "-q",
                            "--checkpoint", name, "--checkpoint-every", "90d"], cwd=tmp, check=True)
            with h5py.File(tmp / name, "r+") as f:
                assert int(f.attrs["day"]) == 90
                del f.attrs["counties_file_base"]
                f.attrs["counties_file_base"] = np.bytes_(b"")
            shutil.copy(tmp / name, OUT / name)
    data = (OUT / "real_baseline_90d.ckpt").read_bytes()
    (OUT / "truncated_half.ckpt").write_bytes(data[: len(data) // 2])
    shutil.copy(OUT / "real_baseline_90d.ckpt", OUT / "vlen_registry.ckpt")
    with h5py.File(OUT / "vlen_registry.ckpt", "r+") as f:
        registry = f.attrs["registry"].decode()
        del f.attrs["registry"]
        f.attrs["registry"] = registry  # h5py writes a str as a variable-length string


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    main(sys.argv[1])
