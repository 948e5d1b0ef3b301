#!/usr/bin/env python3
"""Throughput of the full model at several scales and thread counts.

Runs `ruralsim run` (baseline scenario) as separate processes and prints, per
run: household agents, simulated days, engine wall time (from the output's
wall_seconds attribute), household-days per second, peak resident memory
and bytes per household agent. Ratios (2 threads vs 1) come from runs made
in the same invocation, so they are comparable on a noisy machine.

    python3 benchmarks/throughput.py [--bin build/release/apps/ruralsim] [--scales 1000 100] [--end 2021-12-31]
"""

import argparse
import os
import subprocess
import sys
import tempfile
from pathlib import Path

import h5py

ROOT = Path(__file__).resolve().parents[1]


def run(binary, scale, threads, end, out):
    cmd = [binary, "run", str(ROOT / "scenarios/baseline.toml"), "-o", out, "-q", "--scale", str(scale),
           "--threads", str(threads), "--set", f"run.end={end}"]
    # GNU time reports the peak resident memory of the program alone (a fork's
    # rusage would include the Python interpreter it was forked from).
    timer = ["/usr/bin/time", "-f", "%M"] if os.access("/usr/bin/time", os.X_OK) else []
    proc = subprocess.run(timer + cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    if proc.returncode != 0:
        sys.exit(f"run failed: {' '.join(cmd)}\n{proc.stderr}")
    rss = int(proc.stderr.strip().splitlines()[-1]) * 1024 if timer else float("nan")
    with h5py.File(out) as f:
        return int(f.attrs["households"]), int(f.attrs["days"]), float(f.attrs["wall_seconds"]), rss


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--bin", default=str(ROOT / "build/release/apps/ruralsim"))
    ap.add_argument("--scales", type=float, nargs="+", default=[1000, 100])
    ap.add_argument("--end", default="2021-12-31", help="last simulated day (the run starts 2021-01-01)")
    args = ap.parse_args()
    print(f"{'scale':>7} {'threads':>7} {'agents':>10} {'days':>5} {'seconds':>8} {'hh-days/s':>12} "
          f"{'peak MiB':>9} {'2T/1T':>6}")
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        for scale in args.scales:
            t1 = None
            for threads in (1, 2):
                agents, days, secs, rss = run(args.bin, scale, threads, args.end, os.path.join(tmp, "o.h5"))
                rate = agents * days / secs
                t1 = secs if threads == 1 else t1
                speedup = f"{t1 / secs:.2f}" if threads == 2 else ""
                print(f"{scale:>7g} {threads:>7} {agents:>10} {days:>5} {secs:>8.2f} {rate:>12.3g} "
                      f"{rss / 2**20:>9.1f} {speedup:>6}")
                rows.append((scale, threads, agents, rss))
        # Memory per additional agent, from the smallest and largest runs at 1 thread.
        one = [r for r in rows if r[1] == 1]
        if len(one) >= 2:
            (_, _, a0, m0), (_, _, a1, m1) = min(one, key=lambda r: r[2]), max(one, key=lambda r: r[2])
            if a1 > a0:
                print(f"\nbytes per additional household agent: {(m1 - m0) / (a1 - a0):.0f}")


if __name__ == "__main__":
    main()
