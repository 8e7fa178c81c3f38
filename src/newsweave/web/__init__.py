"""The local web app (extra ``newsweave[web]``): ``newsweave serve --db FILE``.

``create_app`` is imported lazily so that ``newsweave.cli.serve`` (registered on the main CLI)
imports without the extra installed; the ``serve`` command then says what to install.
"""

from __future__ import annotations

from typing import Any

__all__ = ["create_app"]


def __getattr__(name: str) -> Any:
    if name == "create_app":
        from newsweave.web.app import create_app

        return create_app
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
