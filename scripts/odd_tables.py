#!/usr/bin/env python3
"""Fills the parameter tables of docs/ODD.md from the parameter registry: the command line of
ruralsim.analysis.odd_tables.

    scripts/odd_tables.py [RURALSIM_BIN]            # rewrite docs/ODD.md (run by scripts/gen-docs)
    scripts/odd_tables.py --check [RURALSIM_BIN]    # fail when docs/ODD.md is stale
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

from ruralsim.analysis import odd_tables

ROOT = Path(__file__).resolve().parent.parent


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    check = "--check" in argv
    argv = [a for a in argv if a != "--check"]
    binary = argv[0] if argv else os.environ.get("RURALSIM_BIN", str(ROOT / "build" / "release" / "apps" / "ruralsim"))
    current = odd_tables.write(binary, ROOT, check=check)
    if check:
        print("docs/ODD.md: parameter tables " + ("current" if current else "stale; regenerate with scripts/gen-docs"))
        return 0 if current else 1
    print("docs/ODD.md: parameter tables " + ("unchanged" if current else "rewritten"))
    return 0


if __name__ == "__main__":
    sys.exit(main())
