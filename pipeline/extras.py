"""Optional heavy parts (Parquet, Dask) are imported only when asked for, with an install hint."""

from __future__ import annotations

import importlib
from types import ModuleType

from pipeline.core.errors import YearbookError


class MissingExtraError(YearbookError):
    """An option needs a package of an optional extra that is not installed."""

    stage = "setup"


def import_extra(module: str, extra: str, feature: str) -> ModuleType:
    """Import `module`, or raise `MissingExtraError` saying which extra installs it."""
    try:
        return importlib.import_module(module)
    except ImportError:
        raise MissingExtraError(
            f"{feature} needs the {module!r} package, which is not installed; "
            f"install it with: pip install 'yearbook-extract[{extra}]'"
        ) from None
