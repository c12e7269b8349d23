"""Optional dependencies (pandas, polars), imported only when a feature needs them."""

from __future__ import annotations

import importlib
from types import ModuleType

from safetylit._errors import SafetylitError


class MissingExtraError(SafetylitError, ImportError):
    """An optional dependency is not installed; the message says which extra to install."""


def require(module: str, extra: str) -> ModuleType:
    """Import ``module`` or raise :class:`MissingExtraError` naming ``safetylit[extra]``."""
    try:
        return importlib.import_module(module)
    except ImportError as exc:
        raise MissingExtraError(
            f"this feature needs {module}: pip install 'safetylit[{extra}]'"
        ) from exc
