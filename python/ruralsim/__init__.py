"""ruralsim: agent-based simulation of Chongqing's rural commerce economy.

A small, Covasim-like surface around the C++ core (``ruralsim._core``)::

    import ruralsim as rs
    sc = rs.Scenario.load("scenarios/baseline.toml").set("run.scale", 2000)
    res = rs.run(sc, seed=1)               # the GIL is released while it runs
    res.indicators("year")                 # pandas DataFrame, one row per year
    res.indicators("month", by="county")   # MultiIndex (month, county)
    res.targets()                          # T1..T8: value, threshold, met
    res.write("baseline.h5")               # the same file `ruralsim run` writes
    rs.open_run("baseline.h5")             # reads it back: identical numbers

    ens = rs.sweep([sc, variant], seeds=range(20),
                   vary={"household.mpc_rural": (0.75, 0.88)}, samples=8)
    ens.target_probabilities()             # P(T_i met) per scenario
    ens.p_rural_beats_urban()              # P(rural growth > urban) per year
    rs.report(ens, "report.html")          # self-contained HTML

Reading output (``open_run``) works without the compiled core.

The modules, in layers (each imports only from those before it; tests/python/test_layers.py):
``errors``; ``params`` (the parameter registry and provenance), ``scenario``, ``sampling``;
``plot``; ``output`` (one run's results), ``api`` (``run``, ``resume``, ``simulate``);
``plan`` (``RunPlan``: scenarios x parameter samples x seeds), ``store``, ``executors``
(threads, Dask), ``results`` (``Sweep``); ``sweeps`` (``sweep``, ``execute``, ``load_sweep``),
``report``; ``analysis`` (calibration, sensitivity, assumptions).
"""

# The compiled core may live in an installed copy of this package while the
# Python sources are imported from the source tree (tests put python/ first on
# sys.path): let submodules be found in every `ruralsim` folder on sys.path.
__path__ = __import__("pkgutil").extend_path(__path__, __name__)

from . import plot  # noqa: E402
from ._version import __version__  # noqa: E402
from .api import SIMULATE_INDICATORS, SIMULATE_KEYS, resume, run, simulate  # noqa: E402
from .errors import (  # noqa: E402
    CheckpointError,
    DataError,
    Error,
    IndicatorNotAvailable,
    IoError,
    ResourceError,
    ScenarioError,
)
from .executors import DaskExecutor, ThreadExecutor  # noqa: E402
from .output import Result, RunOutput, open_run  # noqa: E402
from .params import parameters, registry  # noqa: E402
from .plan import RunPlan  # noqa: E402
from .report import report  # noqa: E402
from .results import Sweep  # noqa: E402
from .scenario import Scenario  # noqa: E402
from .sweeps import execute, load_sweep, sweep  # noqa: E402

__all__ = [
    "SIMULATE_INDICATORS",
    "SIMULATE_KEYS",
    "CheckpointError",
    "DaskExecutor",
    "DataError",
    "Error",
    "IndicatorNotAvailable",
    "IoError",
    "ResourceError",
    "Result",
    "RunOutput",
    "RunPlan",
    "Scenario",
    "ScenarioError",
    "Sweep",
    "ThreadExecutor",
    "__version__",
    "execute",
    "load_sweep",
    "open_run",
    "parameters",
    "plot",
    "registry",
    "report",
    "resume",
    "run",
    "simulate",
    "sweep",
]
