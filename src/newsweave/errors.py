"""Errors newsweave raises. Expected rejections (an empty file, a broken JSON line) are not
errors: they are :class:`~newsweave.models.ItemOutcome` results in the run report.

Every message says what to do next. The CLI turns these into ``click.ClickException`` at the
edge; the Python API lets them propagate.
"""

from __future__ import annotations


class NewsweaveError(Exception):
    """Base class of every error newsweave raises on purpose."""


class ConfigError(NewsweaveError):
    """A setting, config file or option value is invalid."""


class InputError(NewsweaveError):
    """An input path or URL cannot be used at all (missing, unreadable)."""


class OutputError(NewsweaveError):
    """A report or export cannot be written (missing folder, no space, read-only)."""


class StoreError(NewsweaveError):
    """The store cannot be opened, migrated or written."""


class PipelineError(NewsweaveError):
    """A pipeline is mis-assembled: a stage requires a field no earlier stage assigns."""


class NotFoundError(NewsweaveError):
    """A record (event, article, storyline) does not exist in the store."""


class MissingDependencyError(NewsweaveError):
    """An optional extra is needed for this feature."""

    def __init__(self, feature: str, extra: str) -> None:
        super().__init__(
            f"{feature} needs the optional dependencies of newsweave[{extra}]: "
            f"run `pip install 'newsweave[{extra}]'`."
        )
        self.feature = feature
        self.extra = extra


class MissingPackageError(MissingDependencyError):
    """A package newsweave itself requires (not an optional extra) cannot be imported.

    A broken install, e.g. an old pip that skipped a dependency of a dependency: raised by the
    reader that needs the package, so the run stops with this one message instead of rejecting
    every item it would have read.
    """

    def __init__(self, reader: str, problem: str, package: str | None = None) -> None:
        what = f"the package {package!r}" if package else "a package it requires"
        install = f"`pip install {package}`" if package else "`pip install` the missing package"
        NewsweaveError.__init__(
            self,
            f"The {reader} reader cannot run: {what} is missing or broken "
            f"({problem.rstrip('.')}). Run {install}, or reinstall newsweave with a current "
            "pip: `pip install --upgrade pip && pip install --force-reinstall newsweave`.",
        )
        self.feature = f"the {reader} reader"
        self.extra = ""
        self.reader = reader
        self.package = package
