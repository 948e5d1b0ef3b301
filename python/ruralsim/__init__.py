"""ruralsim: agent-based simulation of Chongqing's rural commerce economy.

This package reads the HDF5 files that ``ruralsim run`` writes::

    import ruralsim as rs
    res = rs.open_run("baseline.h5")
    res.indicators("year")                 # pandas DataFrame, one row per year
    res.indicators("year", by="county")    # MultiIndex (year, county)
    res.scenario                           # the resolved scenario (TOML text)
"""

from .output import RunOutput, open_run

__all__ = ["RunOutput", "open_run"]
__version__ = "0.1.0"
