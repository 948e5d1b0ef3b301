"""The parameter registry: every scenario key with its type, default, limits, plausible range, unit,
description and provenance, as the compiled core declares them (``ruralsim._core.parameters()``).

    reg = registry()
    reg["household.mpc_rural"].plausible          # (lo, hi)
    reg["household.mpc_rural"].provenance.kind    # "source", "calibrated", "assumption", "lever" or "setting"
    parameters()                                  # the same as a DataFrame indexed by key
"""

from __future__ import annotations

import difflib
import functools
import math
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from typing import Any, Literal

import pandas as pd

from ._native import core

ProvenanceKind = Literal["source", "calibrated", "assumption", "lever", "setting"]
#: The kinds of provenance, in the order the documentation lists them.
PROVENANCE_KINDS: tuple[ProvenanceKind, ...] = ("source", "calibrated", "assumption", "lever", "setting")

#: The columns of ``parameters()``, in order.
COLUMNS = ["type", "default", "min", "max", "plausible_lo", "plausible_hi", "unit", "source", "description",
           "choices", "provenance", "reference"]


@dataclass(frozen=True)
class Provenance:
    """Where a parameter's default comes from.

    ``kind`` is "source" (a published figure; ``reference`` cites it), "calibrated" (fitted to data;
    ``reference`` says to what), "assumption" (no measurement; ``reference`` cites the figure the
    value was read off, "" for a bare assumption), "lever" (a policy choice that scenarios compare)
    or "setting" (a run setting such as a name, a date or a file; no model meaning).
    """

    kind: str
    reference: str = ""


@dataclass(frozen=True)
class Parameter:
    """One scenario key of the registry. ``min``/``max`` (limits) and the plausible range are NaN for
    keys that are not numbers; ``choices`` lists the allowed values of a string key ("" = any)."""

    key: str
    type: str
    default: float | int | bool | str
    min: float
    max: float
    plausible_lo: float
    plausible_hi: float
    unit: str
    description: str
    source: str
    choices: tuple[str, ...]
    provenance: Provenance

    @property
    def numeric(self) -> bool:
        return self.type in ("real", "integer")

    @property
    def plausible(self) -> tuple[float, float] | None:
        """The plausible range (for sampling), or None when the key has none."""
        if not self.numeric or math.isnan(self.plausible_lo) or not self.plausible_hi > self.plausible_lo:
            return None
        return (self.plausible_lo, self.plausible_hi)


def _provenance(entry: Mapping[str, Any]) -> Provenance:
    """The typed provenance the core declares for a registry entry (``{"kind", "reference"}``)."""
    p = entry["provenance"]
    return Provenance(str(p["kind"]), str(p.get("reference", "")))


def _parameter(entry: Mapping[str, Any]) -> Parameter:
    return Parameter(
        key=entry["key"], type=entry["type"], default=entry["default"], min=float(entry["min"]),
        max=float(entry["max"]), plausible_lo=float(entry["plausible_lo"]), plausible_hi=float(entry["plausible_hi"]),
        unit=entry["unit"], description=entry["description"], source=entry["source"],
        choices=tuple(entry.get("choices") or ()), provenance=_provenance(entry))


class Registry(Mapping[str, Parameter]):
    """Every scenario key, in the core's order. ``reg[key]`` raises KeyError naming close keys."""

    def __init__(self, params: Iterable[Parameter]):
        self._params = {p.key: p for p in params}

    def __getitem__(self, key: str) -> Parameter:
        try:
            return self._params[key]
        except KeyError:
            raise KeyError(f"unknown scenario key {key!r}{self.hint(key)}") from None

    def __iter__(self) -> Iterator[str]:
        return iter(self._params)

    def __len__(self) -> int:
        return len(self._params)

    def hint(self, key: str) -> str:
        """"; did you mean 'x'?" for the nearest key ("" when none is near)."""
        leaf = key.split(".")[-1]
        close = [k for k in self._params if k.split(".")[-1] == leaf] or difflib.get_close_matches(key, self._params, 1)
        return f"; did you mean {close[0]!r}?" if close else ""

    def types(self) -> dict[str, str]:
        """{key: type} ("real", "integer", "boolean", "string", "date")."""
        return {k: p.type for k, p in self._params.items()}

    def frame(self) -> pd.DataFrame:
        """One row per key (index ``key``), the columns of ``COLUMNS``."""
        rows = [{"key": p.key, "type": p.type, "default": p.default, "min": p.min, "max": p.max,
                 "plausible_lo": p.plausible_lo, "plausible_hi": p.plausible_hi, "unit": p.unit, "source": p.source,
                 "description": p.description, "choices": list(p.choices), "provenance": p.provenance.kind,
                 "reference": p.provenance.reference} for p in self._params.values()]
        return pd.DataFrame(rows).set_index("key")[COLUMNS]


@functools.cache
def registry() -> Registry:
    """The registry of the compiled core (read once)."""
    return Registry(_parameter(e) for e in core().parameters())


def parameters() -> pd.DataFrame:
    """Every scenario key from the C++ registry: type, default, limits (min, max), plausible range
    (plausible_lo, plausible_hi: for sampling), unit, source, description, choices, provenance (its
    kind) and reference. Indexed by key."""
    return registry().frame()
