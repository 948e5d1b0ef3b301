"""Access to the compiled core, with a clear message when it is not built."""

from __future__ import annotations

from types import ModuleType

_core: ModuleType | None = None
_import_error: Exception | None = None
try:
    from . import _core  # type: ignore[no-redef]
except ImportError as e:  # pragma: no cover - depends on the installation
    _import_error = e


def core() -> ModuleType:
    """The ``ruralsim._core`` extension module; ImportError with a hint when missing."""
    if _core is None:
        raise ImportError(
            "ruralsim's compiled core (ruralsim._core) is not available: install the package with "
            "`python3 -m pip install .` from the repository root (reading run output works without it)"
            f" [{_import_error}]"
        )
    return _core
