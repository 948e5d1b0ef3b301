"""Monte Carlo sweeps, the short path: ``sweep()`` builds a run plan (scenarios x sampled parameter
values x seeds), runs it on an executor (threads in this process, or a Dask cluster; the same numbers
either way), keeps completed runs in a store when given one, and gathers a ``Sweep``.

    plan = RunPlan.build([sc, variant], seeds=range(20), vary={"household.mpc_rural": (0.75, 0.88)})
    ens = execute(plan, ThreadExecutor(), store="sweep.h5")     # what sweep(...) does
"""

from __future__ import annotations

import os
import time
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from .executors import Executor, ThreadExecutor, executor_for
from .plan import RunPlan, ScenariosLike
from .results import Sweep
from .store import Store
from .summary import RunSummary


def sweep(scenarios: ScenariosLike, seeds: Iterable[int] = range(10),
          vary: Mapping[str, Any] | Sequence[str] | str | None = None, method: str = "lhs",
          samples: int | None = None, client: Any = None, threads_per_run: int = 1,
          store: str | os.PathLike[str] | None = None, sample_seed: int = 0, max_workers: int | None = None,
          progress: bool = True) -> Sweep:
    """Runs scenarios x sampled parameter values x seeds and gathers the results.

    scenarios: a Scenario, a path, a list of them, or a dict {name: scenario}.
    seeds: the seeds of every (scenario, sample); run ``r`` = sample ``r // len(seeds)``
    with seed ``seeds[r % len(seeds)]``, the same in every scenario (paired).
    vary: ``{"household.mpc_rural": (lo, hi)}``, ``{"key": "plausible"}`` or a list
    of keys (their registry plausible ranges); sampled with ``method`` ("lhs" or
    "sobol", scipy.stats.qmc seeded by ``sample_seed``: same spec, same points),
    ``samples`` points (default 8 when vary is given, else 1).
    client: None runs in this process on all cores (threads, ``max_workers`` of
    them, default cores // threads_per_run); a ``dask.distributed.Client`` runs there.
    store: an .h5 file or a folder; completed runs are saved there and a rerun
    loads them instead of running them again (identical results).
    """
    plan = RunPlan.build(scenarios, seeds, vary, method, samples, sample_seed, threads_per_run)
    return execute(plan, executor_for(client, max_workers), store=store, progress=progress)


def execute(plan: RunPlan, executor: Executor | None = None, store: str | os.PathLike[str] | None = None,
            progress: bool = True) -> Sweep:
    """Runs a plan's runs on ``executor`` (default: threads in this process) and gathers a Sweep.
    With ``store`` (an .h5 file or a folder) runs already there are loaded, not run again, and each
    completed run is saved as soon as it completes."""
    from tqdm.auto import tqdm

    executor = ThreadExecutor() if executor is None else executor
    tasks = plan.tasks()
    spec = plan.spec(tasks)
    results: dict[tuple[int, int], RunSummary] = {}
    st = None if store is None else Store(store)
    try:
        if st is not None:
            st.write_spec(spec)
        todo = []
        for t in tasks:
            if st is not None and st.has(t.key):
                results[(t.scenario, t.run)] = st.load(t.key)
            else:
                todo.append(t)
        n_loaded = len(tasks) - len(todo)
        t0 = time.perf_counter()
        with tqdm(total=len(tasks), initial=n_loaded, desc="ruralsim sweep", unit="run", disable=not progress) as bar:
            for t, summary in executor.map(todo):
                results[(t.scenario, t.run)] = summary
                if st is not None:
                    st.save(t.key, summary, {"scenario": plan.names[t.scenario], **t.meta})
                bar.update(1)
        wall = time.perf_counter() - t0
    finally:
        if st is not None:
            st.close()
    return Sweep(spec, results, n_computed=len(todo), n_loaded=n_loaded, wall_seconds=wall)


def load_sweep(store: str | os.PathLike[str]) -> Sweep:
    """A Sweep from its store (the runs of the last ``sweep(..., store=)`` call)."""
    with Store(store) as st:
        spec = st.read_spec()
        results = {}
        for s, keys in enumerate(spec["run_keys"]):
            for r, key in enumerate(keys):
                if not st.has(key):
                    raise ValueError(f"{store}: run {key} is missing (the sweep did not finish; rerun it to resume)")
                results[(s, r)] = st.load(key)
    return Sweep(spec, results, n_computed=0, n_loaded=len(results), wall_seconds=0.0)
