"""Where the project's files are: the analyses read data/ and scenarios/ and write docs/."""

from __future__ import annotations

import os
from pathlib import Path

_MARKER = Path("scenarios") / "baseline.toml"


def project_root(start: str | os.PathLike[str] | None = None) -> Path:
    """The checkout of the repository: the first folder from ``start`` (default: the working folder)
    upwards that holds scenarios/baseline.toml, else the checkout this package was imported from.
    FileNotFoundError when there is none (pass the folder explicitly)."""
    here = Path.cwd() if start is None else Path(start)
    for folder in [here.resolve(), *here.resolve().parents, Path(__file__).resolve().parents[3]]:
        if (folder / _MARKER).is_file():
            return folder
    raise FileNotFoundError(f"no ruralsim checkout (a folder with {_MARKER}) at or above {here}; pass root=")
