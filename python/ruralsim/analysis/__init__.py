"""Analyses built on runs and sweeps; each has a command-line wrapper in scripts/ that writes the
committed documents:

- ``ruralsim.analysis.calibration``: the method-of-simulated-moments fit of the baseline to
  Chongqing's 2019-2021 figures (scripts/calibrate.py: scenarios/calibrated.toml, docs/calibration.md);
- ``ruralsim.analysis.sensitivity``: Sobol indices of the key outcomes (scripts/sensitivity.py:
  docs/sensitivity.md and docs/sensitivity/);
- ``ruralsim.analysis.assumptions``: the parameters resting on assumptions (scripts/assumptions.py:
  docs/assumptions.md);
- ``ruralsim.analysis.odd_tables``: the parameter tables of docs/ODD.md (scripts/odd_tables.py).

They read the project's data and scenarios from a checkout of the repository: ``root`` arguments
default to ``project_root()``.
"""

from ._paths import project_root

__all__ = ["project_root"]
