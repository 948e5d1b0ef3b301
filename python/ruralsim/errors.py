"""The exception hierarchy. The classes come from the compiled core, which
raises them for the C++ ``ruralsim::Error`` subclasses; when the core is not
built, equivalent Python classes stand in (so reading output still works).

    Error(RuntimeError)
    ScenarioError(Error, ValueError)     attributes file, line, key
    DataError(Error, ValueError)
    IoError(Error, OSError)
    CheckpointError(Error)               a checkpoint that cannot be resumed (``resume``)
    ResourceError(Error)                 a run that would need more memory than the limit
    IndicatorNotAvailable(Error, KeyError-like ValueError): an indicator this model version does not produce
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ._native import _core

if TYPE_CHECKING:  # the classes as the compiled core declares them (_core.pyi)
    from ._core import CheckpointError, DataError, Error, IoError, ResourceError, ScenarioError
elif _core is not None:
    Error = _core.Error
    ScenarioError = _core.ScenarioError
    DataError = _core.DataError
    IoError = _core.IoError
    CheckpointError = _core.CheckpointError
    ResourceError = _core.ResourceError
else:  # pragma: no cover - only without the compiled core

    class Error(RuntimeError):
        """Base of every error ruralsim raises on purpose."""

    class ScenarioError(Error, ValueError):
        """A scenario (file, key or value) is wrong."""

    class DataError(Error, ValueError):
        """A data file is missing or malformed."""

    class IoError(Error, OSError):
        """Reading or writing an HDF5 file failed."""

    class CheckpointError(Error):
        """A checkpoint cannot be resumed: not a checkpoint, written by another version, or corrupt."""

    class ResourceError(Error):
        """A run would need more memory than the limit; refused before allocating."""


class IndicatorNotAvailable(Error, ValueError):
    """An indicator (or the targets) that this run, or this model version, does not produce."""
