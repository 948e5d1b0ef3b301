#!/usr/bin/env python3
"""Calibrates the baseline to Chongqing's 2019-2021 figures by the method of simulated moments.

The command line of ruralsim.analysis.calibration (the method is described there and in
docs/calibration.md). Writes scenarios/calibrated.toml (the fitted values; scenarios/baseline.toml
extends it, so every scenario runs on them) and docs/calibration.md (settings, fitted values, fit
table). Figures from 2022 on are never used.

    scripts/calibrate.py                 # the documented fit (150 evaluations; 656 s measured on 2 shared cores)
    scripts/calibrate.py --quick --out-dir /tmp/cal   # a small budget, for tests
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from ruralsim.analysis import calibration

ROOT = Path(__file__).resolve().parent.parent


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--scale", type=float, default=2000, help="real households per agent (default 2000)")
    ap.add_argument("--seeds", type=int, default=2, help="seeds averaged in the fit (default 2)")
    ap.add_argument("--check-seeds", type=int, default=4, help="seeds of the fit table (default 4)")
    ap.add_argument("--max-evals", type=int, default=150, help="optimiser budget in evaluations (default 150)")
    ap.add_argument("--workers", type=int, default=os.cpu_count() or 1, help="runs in parallel")
    ap.add_argument("--out-dir", type=Path, default=None,
                    help="write calibration.md and calibrated.toml here instead of docs/ and scenarios/")
    ap.add_argument("--quick", action="store_true", help="tiny budget for tests: scale 5000, 1 seed, 6 evaluations")
    args = ap.parse_args(argv)
    if args.quick:
        args.scale, args.seeds, args.check_seeds, args.max_evals = 5000, 1, 2, 6
    res = calibration.calibrate(ROOT, args.scale, args.seeds, args.check_seeds, args.max_evals, args.workers,
                                args.out_dir)
    print(f"distance {res.d0:.3f} -> {res.d1:.3f} in {res.evaluations} evaluations, {res.seconds:.0f} s")
    print(f"wrote {res.toml_path} and {res.markdown_path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
