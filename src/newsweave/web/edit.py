"""Merging and renaming outlets from the web app, written to the outlet-profile file.

The only thing the app writes. A merge or rename is a POST of a small form to ``/outlets``
carrying the app's CSRF token; :class:`~newsweave.web.security.SecurityMiddleware` lets
through only such posts (size, media type, same origin) and :class:`OutletEditor` applies
them under a lock: it reads the file as it is now (so edits made by hand meanwhile are kept),
changes it with :func:`newsweave.outlets.merge_outlets` or
:func:`~newsweave.outlets.rename_outlet`, writes it with
:func:`~newsweave.outlets.save_outlets` and swaps the app's profiles, so every page counts
the outlets the new way at once. The store is not touched: outlet names are resolved through
the profiles when a page is built (and by the next analysis).
"""

from __future__ import annotations

import hmac
import logging
import secrets
import threading
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import parse_qs

from newsweave.errors import ConfigError
from newsweave.outlets import load_outlets, merge_outlets, rename_outlet, save_outlets
from newsweave.web.profiles import OutletProfiles

log = logging.getLogger(__name__)

ACTIONS = ("merge", "rename")
#: Longest outlet name accepted from the form.
MAX_NAME = 200


class EditRefused(ValueError):
    """The edit cannot be made; the message says why (written here, safe to show)."""


class EditFailed(RuntimeError):
    """The profile file could not be read or written (details in the server log)."""


@dataclass(frozen=True, slots=True)
class Edit:
    """One requested change: merge ``outlet`` into ``target``, or rename it to ``target``."""

    action: str
    outlet: str
    target: str


def parse_edit(body: bytes, token: str) -> Edit:
    """Read the form of an edit, checking its CSRF token.

    Raises:
        EditRefused: a field is missing, too long or unknown, or the token is wrong.
    """
    try:
        fields = parse_qs(body.decode("utf-8"), keep_blank_values=True, max_num_fields=8)
    except (UnicodeDecodeError, ValueError):
        raise EditRefused("The form could not be read.") from None

    def one(name: str) -> str:
        values = fields.get(name, [])
        if len(values) != 1:
            raise EditRefused(f"The form needs exactly one `{name}`.")
        value = values[0].strip()
        if len(value) > MAX_NAME:
            raise EditRefused(f"`{name}` is too long (at most {MAX_NAME} characters).")
        return value

    if not hmac.compare_digest(one("csrf").encode(), token.encode()):
        raise EditRefused("The form has expired: reload the page and try again.")
    action = one("action")
    if action not in ACTIONS:
        raise EditRefused("`action` must be `merge` or `rename`.")
    edit = Edit(action, one("outlet"), one("target"))
    if not edit.outlet or not edit.target:
        raise EditRefused("Give the outlet and the name to merge it into or rename it to.")
    for name in (edit.outlet, edit.target):
        if name.startswith("[") and name.endswith("]"):
            raise EditRefused(
                "An article whose outlet is unknown has no outlet name to merge or rename; "
                "describe its outlet (name and domains) in the profile file."
            )
    return edit


class OutletEditor:
    """Holds the app's outlet profiles and writes merges and renames to their file.

    Args:
        profiles: the profiles the app starts with.
        path: the profile file edits are written to; ``None`` disables editing. A file that
            does not exist yet is created by the first edit.
        remote: the server answers other machines (``--allow-remote``, no login): editing
            is then off, as anyone who can read the pages could change the file.
    """

    def __init__(
        self, profiles: OutletProfiles, path: str | Path | None, *, remote: bool = False
    ) -> None:
        self._profiles = profiles
        self.path = Path(path) if path is not None and not remote else None
        self.refusal = (
            "Outlets cannot be edited on a server open to other machines (--allow-remote)."
            if remote
            else "Outlets cannot be edited here: start the server with --outlets FILE."
        )
        self.token = secrets.token_urlsafe(32)
        self._lock = threading.Lock()

    @property
    def profiles(self) -> OutletProfiles:
        """The current profiles (replaced as a whole by each edit)."""
        return self._profiles

    @property
    def enabled(self) -> bool:
        return self.path is not None

    def apply(self, edit: Edit) -> str:
        """Make ``edit`` in the file and reload the profiles; return the outlet's new name.

        Raises:
            EditRefused: editing is off, or the edit makes no sense (see the message).
            EditFailed: the file could not be read or written.
        """
        if self.path is None:
            raise EditRefused(self.refusal)
        with self._lock:
            try:
                current = load_outlets(self.path) if self.path.exists() else ()
            except ConfigError as exc:
                log.error("outlet edit: %s", exc)
                raise EditFailed from exc
            try:
                if edit.action == "merge":
                    changed = merge_outlets(current, edit.outlet, edit.target)
                else:
                    changed = rename_outlet(current, edit.outlet, edit.target)
            except ConfigError as exc:  # messages of merge/rename name only the outlets
                raise EditRefused(str(exc)) from exc
            try:
                save_outlets(self.path, changed)
                self._profiles = OutletProfiles(load_outlets(self.path), self.path.name)
            except ConfigError as exc:
                log.error("outlet edit: %s", exc)
                raise EditFailed from exc
        log.info("outlet edit: %s %r -> %r", edit.action, edit.outlet, edit.target)
        found = self._profiles.match(edit.target)
        return found.name if found is not None else edit.target


__all__ = ["ACTIONS", "Edit", "EditFailed", "EditRefused", "OutletEditor", "parse_edit"]
