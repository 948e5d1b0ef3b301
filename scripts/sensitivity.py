#!/usr/bin/env python3
"""Global sensitivity analysis of ruralsim: Sobol indices of the key outcomes.

The command line of ruralsim.analysis.sensitivity (the method is described there and in
docs/sensitivity.md): samples key behavioural parameters over their registry plausible ranges
(Saltelli's scheme on a Sobol' sequence, SALib), runs every point of the plan2022 scenario at a
reduced scale with one fixed seed, and estimates first-order and total indices of the T8 gap,
rural online retail growth, the cost per parcel and the silk output value, with the seed noise
beside them.

    python3 scripts/sensitivity.py                  # default budget, writes docs/sensitivity.md
    python3 scripts/sensitivity.py --quick --out /tmp/sa   # tiny budget (tests)

Writes ``OUT/sensitivity.md`` (settings, tables of S1 and ST with confidence
intervals, seed noise) and ``OUT/sensitivity/indices.csv`` and
``OUT/sensitivity/seed_noise.csv``.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from ruralsim.analysis import sensitivity as sa

ROOT = Path(__file__).resolve().parents[1]


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0], formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument("--n", type=int, help=f"base sample size, a power of 2 (default {sa.DEFAULTS['n']}, "
                                          f"quick {sa.QUICK['n']}); runs = n * (parameters + 2)")
    ap.add_argument("--scale", type=float,
                    help=f"run.scale (default {sa.DEFAULTS['scale']}, quick {sa.QUICK['scale']})")
    ap.add_argument("--seed", type=int, default=sa.DEFAULTS["seed"], help="seed of every run and of the design")
    ap.add_argument("--noise-seeds", type=int, help=f"seeds for the noise check (default {sa.DEFAULTS['noise_seeds']})")
    ap.add_argument("--scenario", default=sa.DEFAULTS["scenario"], help="scenario file (default plan2022)")
    ap.add_argument("--out", default=str(ROOT / "docs"), help="directory for sensitivity.md and sensitivity/*.csv")
    ap.add_argument("--quick", action="store_true",
                    help=f"tiny budget for tests: {len(sa.QUICK_PARAMETERS)} parameters, n={sa.QUICK['n']}, "
                         f"scale {sa.QUICK['scale']:g}, runs end {sa.QUICK['end']}")
    ap.add_argument("--scheduler", help="address of a Dask scheduler to run on (default: in this process)")
    ap.add_argument("--no-progress", action="store_true")
    a = ap.parse_args(argv)
    try:
        import SALib  # noqa: F401
    except ImportError:
        print("sensitivity.py needs SALib: python3 -m pip install -r requirements-dev.txt", file=sys.stderr)
        return 2
    cfg = dict(sa.DEFAULTS)
    keys = list(sa.PARAMETERS)
    end = None
    if a.quick:
        cfg.update({k: v for k, v in sa.QUICK.items() if k != "end"})
        keys, end = list(sa.QUICK_PARAMETERS), sa.QUICK["end"]
    for k in ("n", "scale", "noise_seeds"):
        if getattr(a, k) is not None:
            cfg[k] = getattr(a, k)
    if cfg["noise_seeds"] < 2:
        ap.error("--noise-seeds must be at least 2")
    client = None
    if a.scheduler:
        from distributed import Client

        client = Client(a.scheduler)
    res = sa.run_analysis(a.scenario, keys, cfg["n"], cfg["scale"], a.seed, cfg["noise_seeds"], end, client,
                          progress=not a.no_progress, root=ROOT)
    args = list(sys.argv[1:] if argv is None else argv)
    if "--out" in args:
        i = args.index("--out")
        del args[i:i + 2]
    res["settings"]["command"] = " ".join(x for x in args if not x.startswith("--out=") and x != "--no-progress")
    paths = sa.write(res, Path(a.out))
    s = res["settings"]
    print(f"{s['runs']} runs in {s['wall_seconds']:.0f} s; wrote " + ", ".join(str(p) for p in paths.values()))
    return 0


if __name__ == "__main__":
    sys.exit(main())
