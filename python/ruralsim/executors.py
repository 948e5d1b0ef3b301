"""Executors run the tasks of a run plan and hand back each run's summary as it completes:
``ThreadExecutor`` in this process (threads; the GIL is released while a run runs), ``DaskExecutor``
on a ``dask.distributed`` cluster. Either gives the same numbers: a run depends only on its task."""

from __future__ import annotations

import concurrent.futures as cf
import os
from collections.abc import Iterator, Sequence
from typing import Any, Protocol

from ._native import core
from .plan import RunTask
from .summary import RunSummary, summarize


def run_task(task: RunTask) -> RunSummary:
    """Runs one task and returns its summary. Module-level, so Dask ships it to workers by name."""
    c = core()
    sc = c.Scenario.parse(task.toml, task.name, task.base_dir)
    for k, v in task.overrides:
        sc.set_number(k, float(v))
    r = c.run(sc, int(task.seed), int(task.threads))
    d = r.data()
    r.release()
    return summarize(d)


def run_batch(tasks: Sequence[RunTask]) -> list[RunSummary]:
    """Runs tasks one after another (one Dask task for several runs)."""
    return [run_task(t) for t in tasks]


class Executor(Protocol):
    """Runs tasks; yields (task, summary) in the order they complete."""

    def map(self, tasks: Sequence[RunTask]) -> Iterator[tuple[RunTask, RunSummary]]: ...


class ThreadExecutor:
    """Runs tasks on threads of this process: ``max_workers`` of them (default: the cores divided by
    the threads each run uses)."""

    def __init__(self, max_workers: int | None = None):
        self.max_workers = max_workers

    def workers(self, threads_per_run: int = 1) -> int:
        return self.max_workers or max(1, (os.cpu_count() or 1) // max(1, int(threads_per_run)))

    def map(self, tasks: Sequence[RunTask]) -> Iterator[tuple[RunTask, RunSummary]]:
        if not tasks:
            return
        with cf.ThreadPoolExecutor(max_workers=self.workers(tasks[0].threads), thread_name_prefix="ruralsim") as ex:
            futs = {ex.submit(run_task, t): t for t in tasks}
            try:
                for f in cf.as_completed(futs):
                    yield futs[f], f.result()
            finally:  # an error, or the caller stopped early: runs not started yet are not started
                for f in futs:
                    f.cancel()


class DaskExecutor:
    """Runs tasks on a ``dask.distributed`` Client's cluster, ``batch_size`` runs per Dask task."""

    def __init__(self, client: Any, batch_size: int = 1):
        if batch_size < 1:
            raise ValueError("batch_size must be at least 1")
        self.client, self.batch_size = client, int(batch_size)

    def map(self, tasks: Sequence[RunTask]) -> Iterator[tuple[RunTask, RunSummary]]:
        from distributed import as_completed

        batches = [list(tasks[i : i + self.batch_size]) for i in range(0, len(tasks), self.batch_size)]
        futs = {self.client.submit(run_batch, b, pure=False): b for b in batches}
        for f in as_completed(list(futs)):
            yield from zip(futs[f], f.result(), strict=True)


def executor_for(client: Any = None, max_workers: int | None = None) -> Executor:
    """Threads in this process when ``client`` is None, else the Dask client's cluster."""
    return ThreadExecutor(max_workers) if client is None else DaskExecutor(client)
