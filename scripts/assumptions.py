#!/usr/bin/env python3
"""Writes docs/assumptions.md: every scenario parameter whose typed provenance in the parameter
registry (`ruralsim params --json`) is an assumption. The command line of ruralsim.analysis.assumptions.

    scripts/assumptions.py [RURALSIM_BIN]      # run by scripts/gen-docs
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

from ruralsim.analysis import assumptions

ROOT = Path(__file__).resolve().parent.parent


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    binary = argv[0] if argv else os.environ.get("RURALSIM_BIN", str(ROOT / "build" / "release" / "apps" / "ruralsim"))
    print(f"wrote {assumptions.write(binary, ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
