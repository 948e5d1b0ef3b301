"""A run plan: scenarios x parameter samples x seeds, every run named and validated before any runs.

Run ``r`` of a scenario is sample ``r // len(seeds)`` with seed ``seeds[r % len(seeds)]``, the same in
every scenario. With common random numbers (the model keys every random draw by seed, stream, agent
and day, never by scenario) run ``r`` of two scenarios differs by the scenarios alone: differences
are paired run by run.

A plan is plain data: an executor (``ruralsim.executors``) runs its ``tasks()`` anywhere, and the
results class (``ruralsim.results.Sweep``) reads its ``spec()``.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Union

import numpy as np
import pandas as pd

from . import sampling
from .params import registry
from .scenario import Scenario, as_scenario

#: What ``scenarios`` may be: a Scenario or a TOML path, a list of them (or of dicts of overrides),
#: or a dict {name: scenario}.
ScenariosLike = Union[Scenario, str, "os.PathLike[str]", Mapping[str, Any], Sequence[Any]]


@dataclass(frozen=True)
class RunTask:
    """One run of a plan, as plain data (it pickles to a Dask worker)."""

    scenario: int  # index into the plan's scenarios
    run: int  # run index within the scenario: sample * len(seeds) + seed index
    sample: int
    seed: int
    key: str  # names the run in a store: hashes the resolved scenario, the sampled values and the seed
    toml: str  # the resolved scenario
    name: str  # the scenario's name (messages)
    base_dir: str
    overrides: tuple[tuple[str, float], ...]
    threads: int = 1

    @property
    def meta(self) -> dict[str, Any]:
        """What a store keeps beside the run's summary (scenario name, run, sample, seed, params)."""
        return {"run": self.run, "sample": self.sample, "seed": self.seed, "params": dict(self.overrides)}


def _scenario_list(scenarios: ScenariosLike) -> list[tuple[str, Scenario]]:
    """[(name, scenario)]: names from a dict's keys or the scenarios' own, made unique (``x``, ``x_2``)."""
    items: list[tuple[str | None, Scenario]]
    if isinstance(scenarios, Mapping):
        items = [(str(k), as_scenario(v)) for k, v in scenarios.items()]
    elif isinstance(scenarios, (Scenario, str, os.PathLike)):
        items = [(None, as_scenario(scenarios))]
    else:
        items = [(None, as_scenario(s)) for s in scenarios]
    out: list[tuple[str, Scenario]] = []
    seen: dict[str, int] = {}
    for given, sc in items:
        name = given or sc.name
        if name in seen:
            seen[name] += 1
            name = f"{name}_{seen[name]}"
        else:
            seen[name] = 1
        out.append((name, sc))
    return out


def run_key(toml: str, overrides: Iterable[tuple[str, float]], seed: int, name: str, sample: int) -> str:
    """The store key of one run: changes with the resolved scenario, the sampled values or the seed."""
    h = hashlib.sha1(json.dumps([toml, [[k, repr(float(v))] for k, v in overrides], int(seed)]).encode()).hexdigest()
    safe = re.sub(r"[^A-Za-z0-9_.-]", "_", name)[:40]
    return f"{safe}__s{sample}__seed{seed}__{h[:12]}"


@dataclass(frozen=True, eq=False)
class RunPlan:
    """Scenarios x parameter samples x seeds. Build one with ``RunPlan.build`` (sampled ranges) or
    ``RunPlan.from_points`` (given values, e.g. posterior samples); both validate every scenario at
    every point before anything runs."""

    names: tuple[str, ...]
    scenarios: tuple[Scenario, ...]
    seeds: tuple[int, ...]
    keys: tuple[str, ...]  # the varied parameters
    points: np.ndarray  # (samples, len(keys)): the values of the keys in each sample
    ranges: tuple[tuple[float, float], ...]  # per key: the range sampled (given points: their min and max)
    method: str  # "lhs", "sobol", or "given"
    sample_seed: int = 0
    threads_per_run: int = 1

    # -- construction -----------------------------------------------------------------------------
    @classmethod
    def build(cls, scenarios: ScenariosLike, seeds: Iterable[int] = range(10),
              vary: Mapping[str, Any] | Sequence[str] | str | None = None, method: str = "lhs",
              samples: int | None = None, sample_seed: int = 0, threads_per_run: int = 1) -> RunPlan:
        """A plan over sampled parameter values.

        vary: ``{"household.mpc_rural": (lo, hi)}``, ``{"key": "plausible"}`` or a list of keys (their
        registry plausible ranges), sampled with ``method`` ("lhs" or "sobol"; scipy.stats.qmc seeded
        by ``sample_seed``: the same spec gives the same points); ``samples`` points (default 8 when
        vary is given, else 1). Integer keys are rounded.
        """
        rngs = sampling.ranges(vary)
        if samples is None:
            samples = 8 if rngs else 1
        if samples < 1:
            raise ValueError("sweep: samples must be at least 1")
        points = sampling.sample(rngs, samples, method, sample_seed) if rngs else np.empty((samples, 0))
        return cls._make(scenarios, seeds, [r[0] for r in rngs], points, [(r[1], r[2]) for r in rngs], method,
                         sample_seed, threads_per_run)

    @classmethod
    def from_points(cls, scenarios: ScenariosLike, seeds: Iterable[int], points: pd.DataFrame | Mapping[str, Any],
                    threads_per_run: int = 1) -> RunPlan:
        """A plan over given parameter values: one sample per row of ``points`` (a DataFrame or a dict
        {key: values}, e.g. draws from a posterior). Integer keys are rounded."""
        df = pd.DataFrame(points)
        if df.empty:
            raise ValueError("sweep: points is empty")
        keys = [str(k) for k in df.columns]
        reg = registry()
        for k in keys:
            if not reg[k].numeric:
                raise ValueError(f"sweep: {k!r} is a {reg[k].type} parameter; only numbers can be varied")
        values = df.to_numpy(dtype=float)
        if not np.isfinite(values).all():
            raise ValueError("sweep: points hold a value that is not a finite number")
        ranges = [(float(values[:, j].min()), float(values[:, j].max())) for j in range(len(keys))]
        return cls._make(scenarios, seeds, keys, values, ranges, "given", 0, threads_per_run)

    @classmethod
    def _make(cls, scenarios, seeds, keys, points, ranges, method, sample_seed, threads_per_run) -> RunPlan:
        listed = _scenario_list(scenarios)
        seeds = tuple(int(s) for s in seeds)
        if not seeds:
            raise ValueError("sweep: seeds is empty")
        points = np.array(points, dtype=float).reshape(len(points), len(keys))
        types = registry().types()
        for j, key in enumerate(keys):
            if types[key] == "integer":
                points[:, j] = np.round(points[:, j])
        plan = cls(names=tuple(n for n, _ in listed), scenarios=tuple(sc for _, sc in listed), seeds=seeds,
                   keys=tuple(keys), points=points, ranges=tuple(ranges), method=method, sample_seed=int(sample_seed),
                   threads_per_run=int(threads_per_run))
        plan.validate()
        return plan

    def validate(self) -> None:
        """Sets every sample's values on a copy of every scenario: a bad value raises ScenarioError
        (naming the key) before anything runs."""
        for sc in self.scenarios:
            probe = sc.copy()
            for row in self.points:
                for k, v in zip(self.keys, row, strict=True):
                    probe.set(k, float(v))

    # -- size -------------------------------------------------------------------------------------
    @property
    def samples(self) -> int:
        return len(self.points)

    @property
    def runs_per_scenario(self) -> int:
        return self.samples * len(self.seeds)

    @property
    def n_runs(self) -> int:
        return len(self.scenarios) * self.runs_per_scenario

    # -- the runs ---------------------------------------------------------------------------------
    def tasks(self) -> list[RunTask]:
        """Every run, scenario by scenario, run index within each."""
        out = []
        for s, (name, sc) in enumerate(zip(self.names, self.scenarios, strict=True)):
            toml = sc.to_toml()
            for i in range(self.samples):
                overrides = tuple(zip(self.keys, map(float, self.points[i]), strict=True))
                for j, seed in enumerate(self.seeds):
                    out.append(RunTask(scenario=s, run=i * len(self.seeds) + j, sample=i, seed=seed,
                                       key=run_key(toml, overrides, seed, name, i), toml=toml, name=sc.name,
                                       base_dir=sc.base_dir, overrides=overrides, threads=self.threads_per_run))
        return out

    def spec(self, tasks: Sequence[RunTask] | None = None) -> dict[str, Any]:
        """The plan as JSON-able data (what a store keeps and ``Sweep`` reads)."""
        tasks = self.tasks() if tasks is None else tasks
        return {"scenarios": list(self.names), "seeds": list(self.seeds), "samples": self.samples,
                "method": self.method, "sample_seed": self.sample_seed, "keys": list(self.keys),
                "ranges": [list(r) for r in self.ranges], "points": self.points.tolist(),
                "run_keys": [[t.key for t in tasks if t.scenario == s] for s in range(len(self.names))]}

    def __repr__(self) -> str:
        return (f"<RunPlan: {len(self.names)} scenarios x {self.samples} samples x {len(self.seeds)} seeds = "
                f"{self.n_runs} runs{', varying ' + ', '.join(self.keys) if self.keys else ''}>")
