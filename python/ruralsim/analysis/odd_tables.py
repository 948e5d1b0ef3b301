"""Fills the parameter tables of docs/ODD.md from the parameter registry (`ruralsim params
--json`). Each table stands between the markers

    <!-- params: GROUP ... -->
    <!-- /params -->

and lists the parameters the concept GROUP binds (sim::ParamBinder, one group per concept or
module): key, default, unit, plausible range and provenance, then the checks across its keys.
Every group of the registry must have its table, and every table a group.

The command line is scripts/odd_tables.py (run by scripts/gen-docs).
"""

from __future__ import annotations

import json
import os
import re
import subprocess
from pathlib import Path

from ._paths import project_root

__all__ = ["registry", "render", "table", "write"]

MARKER = re.compile(r"<!-- params: (\w+)[^>]*-->\n(.*?)<!-- /params -->", re.S)


def _value(x) -> str:
    if isinstance(x, bool):
        return "true" if x else "false"
    if isinstance(x, str):
        return f'"{x}"'
    return f"{x:g}"


def _provenance(p: dict) -> str:
    prov = p["provenance"]
    if prov["kind"] == "assumption":
        return "**assumption**" + (f": {prov['reference']}" if prov["reference"] else "")
    return "-" if prov["kind"] == "setting" else prov["text"]


def table(group: str, registry: dict) -> str:
    params = [p for p in registry["parameters"] if p["group"] == group]
    lines = ["| key | default | unit | plausible range | provenance |", "|---|---|---|---|---|"]
    for p in params:
        rng = f"[{_value(p['plausible'][0])}, {_value(p['plausible'][1])}]" if p["plausible"] else "-"
        lines.append(f"| `{p['key']}` | {_value(p['default'])} | {p['unit'] or '-'} | {rng} | {_provenance(p)} |")
    for c in registry["checks"]:
        if c["group"] == group:
            lines.append("")
            lines.append("Checked when a scenario is read: " + " and ".join(f"`{k}`" for k in c["keys"])
                         + f": {c['rule']}.")
    return "\n".join(lines) + "\n"


def render(text: str, registry: dict) -> str:
    groups = {p["group"] for p in registry["parameters"]}
    tables = MARKER.findall(text)
    named = [g for g, _ in tables]
    missing = sorted(groups - set(named))
    unknown = sorted(set(named) - groups)
    if missing or unknown:
        raise ValueError(f"docs/ODD.md: no table for groups {missing}; tables of no group {unknown}")
    return MARKER.sub(lambda m: m.group(0).split("\n", 1)[0] + "\n" + table(m.group(1), registry)
                      + "<!-- /params -->", text)


def registry(binary: str | os.PathLike[str]) -> dict:
    """The registry with groups and checks (`ruralsim params --json`)."""
    out = subprocess.run([os.fspath(binary), "params", "--json"], check=True, capture_output=True, text=True).stdout
    return json.loads(out)


def write(binary: str | os.PathLike[str], root: str | os.PathLike[str] | None = None, check: bool = False) -> bool:
    """Rewrites the tables of ``root``/docs/ODD.md (default: the project's); with ``check``, only
    says whether they are current. Returns True when the file was already current."""
    path = (project_root() if root is None else Path(root)) / "docs" / "ODD.md"
    text = path.read_text(encoding="utf-8")
    new = render(text, registry(binary))
    if not check and new != text:
        path.write_text(new, encoding="utf-8")
    return new == text
