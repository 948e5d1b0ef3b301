"""Scenarios: a validated TOML file (with ``extends``), overrides by key path."""

from __future__ import annotations

import datetime as _dt
import os
import tomllib
from collections.abc import Mapping
from numbers import Number
from typing import Any, Union

from ._native import core
from .params import registry

#: What ``run``, ``sweep`` and friends accept as a scenario: a Scenario, a TOML file or a dict of overrides.
ScenarioLike = Union["Scenario", str, "os.PathLike[str]", Mapping[str, Any]]


def _flatten(d: Mapping[str, Any], prefix: str = "") -> dict[str, Any]:
    out = {}
    for k, v in d.items():
        key = f"{prefix}{k}"
        if isinstance(v, Mapping):
            out.update(_flatten(v, key + "."))
        else:
            out[key] = v
    return out


class Scenario:
    """A scenario: every key of the parameter registry, resolved and validated.

    Build one from a file (``Scenario.load``), from a dict over a base
    (``Scenario.from_dict``), or from the registry defaults (``Scenario()``);
    change keys with ``set`` (chainable). Bad keys and values raise
    ``ruralsim.ScenarioError`` (a ValueError) naming the key and what was expected.

    >>> sc = Scenario.load("scenarios/baseline.toml").set("household.mpc_rural", 0.8)
    >>> sc["household.mpc_rural"]
    0.8
    """

    def __init__(self, _core_scenario: Any = None, *, base_dir: str = "."):
        self._sc = _core_scenario if _core_scenario is not None else core().Scenario()
        self._base_dir = base_dir

    # -- construction ---------------------------------------------------------------------------
    @classmethod
    def load(cls, path: str | os.PathLike[str]) -> Scenario:
        """Loads a TOML scenario file and everything it ``extends``."""
        path = os.fspath(path)
        return cls(core().Scenario.load(path), base_dir=os.path.dirname(os.path.abspath(path)))

    @classmethod
    def from_toml(cls, text: str, name: str = "<scenario>", base_dir: str = ".") -> Scenario:
        """Parses TOML text (``extends`` is resolved against ``base_dir``)."""
        return cls(core().Scenario.parse(text, name, base_dir), base_dir=base_dir)

    @classmethod
    def from_dict(cls, d: Mapping[str, Any], base: Scenario | str | os.PathLike[str] | None = None) -> Scenario:
        """A scenario from a dict of overrides over ``base`` (a Scenario, a file, or the defaults).

        Keys may be nested (``{"budget": {"facilities": 2e9}}``) or dotted
        (``{"budget.facilities": 2e9}``); a top-level ``extends`` names the base file.
        """
        flat = _flatten(d)
        extends = flat.pop("extends", None)
        if base is None and extends is not None:
            base = extends
        if base is None:
            sc = cls()
        elif isinstance(base, Scenario):
            sc = base.copy()
        else:
            sc = cls.load(base)
        for k, v in flat.items():
            sc.set(k, v)
        return sc

    def copy(self) -> Scenario:
        return Scenario(self._sc.copy(), base_dir=self._base_dir)

    __copy__ = copy

    def __deepcopy__(self, memo: dict[int, Any]) -> Scenario:
        return self.copy()

    def __reduce__(self) -> tuple[Any, ...]:  # pickles as its resolved TOML (exact: numbers are written with 17 digits)
        return (Scenario.from_toml, (self.to_toml(), self.name, self._base_dir))

    # -- keys -----------------------------------------------------------------------------------
    def set(self, key: str, value: Any) -> Scenario:
        """Overrides one key (validated); returns self, so calls chain."""
        if isinstance(value, bool):
            self._sc.set(key, "true" if value else "false")
        elif isinstance(value, Number):
            kind = registry().types().get(key)
            if kind in ("string", "date"):
                self._sc.set(key, str(value))
            else:
                self._sc.set_number(key, float(value))  # type: ignore[arg-type]  # numbers.Number has no __float__
        elif isinstance(value, (_dt.date, _dt.datetime)):
            self._sc.set(key, value.strftime("%Y-%m-%d"))
        elif hasattr(value, "isoformat") and hasattr(value, "strftime"):  # pandas Timestamp, numpy-likes
            self._sc.set(key, value.strftime("%Y-%m-%d"))
        else:
            self._sc.set(key, str(value))
        return self

    def update(self, overrides: Mapping[str, Any]) -> Scenario:
        """Sets several keys (nested or dotted); returns self."""
        for k, v in _flatten(overrides).items():
            self.set(k, v)
        return self

    def get(self, key: str) -> Any:
        """The resolved value of one key (float, int, bool or str)."""
        return self._sc.get(key)

    __getitem__ = get

    def __setitem__(self, key: str, value: Any) -> None:
        self.set(key, value)

    def origin(self, key: str) -> tuple[str, int]:
        """(file, line) the key's value came from; ("", 0) for a registry default."""
        file, line = self._sc.origin(key)
        return (file, line)

    @property
    def name(self) -> str:
        return self.get("scenario.name")

    @property
    def path(self) -> str:
        """The file this scenario was loaded from ("" when built otherwise)."""
        return self._sc.path

    @property
    def base_dir(self) -> str:
        """The folder ``extends`` and relative data files are resolved against."""
        return self._base_dir

    # -- export ---------------------------------------------------------------------------------
    def to_toml(self) -> str:
        """Every key with its resolved value, as TOML (what each output file stores)."""
        return self._sc.resolved_toml()

    def to_dict(self) -> dict[str, Any]:
        """Every key, nested by section."""
        return tomllib.loads(self.to_toml())

    def save(self, path: str | os.PathLike[str]) -> str:
        path = os.fspath(path)
        with open(path, "w") as f:
            f.write(self.to_toml())
        return path

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Scenario) and self.to_toml() == other.to_toml()

    def __repr__(self) -> str:
        src = f" from {self.path}" if self.path else ""
        span = f"{self.get('run.start')} to {self.get('run.end')}"
        return f"<Scenario {self.name!r}{src}: {span}, scale {self.get('run.scale')}>"


def as_scenario(x: ScenarioLike) -> Scenario:
    """A Scenario from a Scenario, a path or a dict."""
    if isinstance(x, Scenario):
        return x
    if isinstance(x, Mapping):
        return Scenario.from_dict(x)
    if isinstance(x, (str, os.PathLike)):
        return Scenario.load(x)
    raise TypeError(f"expected a Scenario, a scenario file or a dict, got {type(x).__name__}")
