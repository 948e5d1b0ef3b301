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
"""

# The compiled core may live in an installed copy of this package while the
# Python sources are imported from the source tree (tests put python/ first on
# sys.path): let submodules be found in every `ruralsim` folder on sys.path.
__path__ = __import__("pkgutil").extend_path(__path__, __name__)

from .errors import (  # noqa: E402
    CheckpointError, DataError, Error, IndicatorNotAvailable, IoError, ResourceError, ScenarioError,
)
from .output import Result, RunOutput, open_run  # noqa: E402
from .scenario import Scenario  # noqa: E402
from .api import SIMULATE_INDICATORS, SIMULATE_KEYS, parameters, resume, run, simulate  # noqa: E402
from .sweep import Sweep, load_sweep, sweep  # noqa: E402
from .report import report  # noqa: E402
from . import plot  # noqa: E402

__all__ = [
    "CheckpointError", "DataError", "Error", "IndicatorNotAvailable", "IoError", "ResourceError", "Result",
    "RunOutput", "SIMULATE_INDICATORS", "SIMULATE_KEYS", "Scenario", "ScenarioError", "Sweep", "load_sweep",
    "open_run", "parameters", "plot", "report", "resume", "run", "simulate", "sweep",
]
__version__ = "0.1.0"
