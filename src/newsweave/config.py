"""Settings: packaged defaults -> user file -> ``NEWSWEAVE_*`` environment -> keyword arguments,
resolved once into one frozen :class:`Settings` used by the CLI, the Python API and the web app.

The user file is TOML, found at ``$NEWSWEAVE_CONFIG`` or ``~/.config/newsweave/config.toml``,
with the same keys as :class:`Settings` at top level.
"""

from __future__ import annotations

import dataclasses
import math
import os
import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from newsweave.errors import ConfigError


@dataclass(frozen=True, slots=True)
class Settings:
    """Every user-facing setting of newsweave in one place, validated on construction.

    :func:`load_settings` resolves them from the packaged defaults, the user file and the
    environment; ``Settings(...)`` directly takes keyword arguments only. Either way a value out
    of range raises :class:`~newsweave.errors.ConfigError` saying what to set instead.
    """

    #: Store location: a SQLite file path or a ``postgresql://`` URL.
    db: str = "newsweave.db"
    #: Largest input file read, in bytes; bigger files are rejected with a clear reason.
    max_file_bytes: int = 50_000_000
    #: Use spaCy NER when the ``[nlp]`` extra is installed, around speaker mentions ("auto",
    #: see newsweave.extract.entities), on the whole text ("on", required) or never ("off").
    ner: str = "auto"
    #: Dense sentence embeddings: "on" requires them, "off" never loads them, "auto" uses them
    #: where they were measured to help at their cost (newsweave.embeddings.HELPS: nowhere
    #: yet) when the ``[embed]`` extra is installed.
    embeddings: str = "auto"
    #: Event clustering: similarity above which an article joins an event (see cluster/).
    event_threshold: float = 0.0  # 0 = use the clusterer's tuned default
    #: Storyline linking: similarity above which two events share a storyline.
    storyline_threshold: float = 0.0  # 0 = use the tuned default
    #: Days an event stays open for new articles in online clustering (memory bound).
    window_days: int = 30
    #: Online clustering: an event leaves the window only once this many more articles have
    #: arrived since it last grew (the window bounds memory; it is not evidence).
    min_idle: int = 5_000
    #: Optional TOML/JSON file describing outlets (name, domains, country, owner, lean).
    outlets_file: str | None = None
    #: Optional file extending the contested-terms lexicon used by word-choice comparison.
    lexicon_file: str | None = None
    #: User agent for fetching URLs and feeds.
    user_agent: str = "newsweave/0.1 (+https://github.com/newsweave/newsweave)"
    #: Seconds before a fetch gives up.
    fetch_timeout: float = 20.0
    #: Minimum seconds between two requests to the same host.
    per_host_delay: float = 1.0
    #: Folder of raw fetched responses (reruns re-extract without refetching). None: beside the
    #: SQLite store (``<db>.fetch/``), else ``~/.cache/newsweave/fetch``.
    fetch_cache: str | None = None

    def __post_init__(self) -> None:
        _validated(self)

    def replace(self, **changes: Any) -> Settings:
        """Return a copy with ``changes`` applied and validated."""
        return dataclasses.replace(self, **changes)


_FIELDS = {f.name: f for f in dataclasses.fields(Settings)}
_TRI = ("auto", "on", "off")


def _validated(s: Settings) -> Settings:
    for name, spec in _FIELDS.items():
        value = getattr(s, name)
        if isinstance(value, str) and "str" not in str(spec.type):
            raise ConfigError(f"Setting {name} must be a number, not the string {value!r}.")
        _coerce(name, value)  # raises ConfigError on a value of the wrong type
    if s.max_file_bytes <= 0:
        raise ConfigError("max_file_bytes must be positive; set it to e.g. 50000000.")
    for name in ("ner", "embeddings"):
        if getattr(s, name) not in _TRI:
            raise ConfigError(f"{name} must be one of {', '.join(_TRI)}, not {getattr(s, name)!r}.")
    if s.window_days <= 0:
        raise ConfigError("window_days must be a positive number of days.")
    if s.min_idle < 0:
        raise ConfigError("min_idle must be 0 or more articles (0: close at the window alone).")
    for name in ("event_threshold", "storyline_threshold", "per_host_delay"):
        if getattr(s, name) < 0:
            raise ConfigError(f"{name} must not be negative (0 means the default).")
    if s.fetch_timeout <= 0:
        raise ConfigError("fetch_timeout must be a positive number of seconds.")
    return s


def _coerce(name: str, value: Any) -> Any:
    """``value`` as the type of setting ``name``; strings (environment) are parsed.

    Raises:
        ConfigError: the value has the wrong type or is not a finite number.
    """
    default = _FIELDS[name].default
    hint = str(_FIELDS[name].type)
    if isinstance(value, str) and not isinstance(default, str) and "str" not in hint:
        text = value.strip()
        try:
            if isinstance(default, bool):
                return text.lower() in ("1", "true", "yes", "on")
            value = int(text) if isinstance(default, int) else float(text)
        except ValueError as exc:
            raise ConfigError(f"Setting {name}={value!r} is not a valid number.") from exc
    if isinstance(default, bool):
        if not isinstance(value, bool):
            raise ConfigError(f"Setting {name} must be true or false, not {value!r}.")
        return value
    if isinstance(default, int):
        if isinstance(value, bool) or not isinstance(value, int):
            raise ConfigError(f"Setting {name} must be a whole number, not {value!r}.")
        return value
    if isinstance(default, float):
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise ConfigError(f"Setting {name} must be a number, not {value!r}.")
        if not math.isfinite(value):
            raise ConfigError(f"Setting {name} must be a finite number, not {value!r}.")
        return float(value)
    if value is None and "None" in hint:
        return None
    if not isinstance(value, str):
        raise ConfigError(f"Setting {name} must be a string, not {value!r}.")
    return value


def _user_file() -> Path | None:
    explicit = os.environ.get("NEWSWEAVE_CONFIG")
    if explicit:
        return Path(explicit)
    path = Path.home() / ".config" / "newsweave" / "config.toml"
    return path if path.is_file() else None


def load_settings(config_file: str | os.PathLike[str] | None = None, **overrides: Any) -> Settings:
    """Resolve settings from defaults, the user file, the environment and ``overrides``.

    ``None`` values in ``overrides`` mean "not given" and are skipped, so CLI options can be
    passed straight through.
    """
    values: dict[str, Any] = {}
    path = Path(config_file) if config_file else _user_file()
    if path is not None:
        try:
            data = tomllib.loads(path.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
            raise ConfigError(f"Cannot read config file {path}: {exc}. Fix or remove it.") from exc
        unknown = set(data) - set(_FIELDS)
        if unknown:
            raise ConfigError(
                f"Unknown setting(s) {', '.join(sorted(unknown))} in {path}; "
                f"known: {', '.join(_FIELDS)}."
            )
        values.update(data)
    for name in _FIELDS:
        env = os.environ.get(f"NEWSWEAVE_{name.upper()}")
        if env is not None:
            values[name] = env
    for name, value in overrides.items():
        if name not in _FIELDS:
            raise ConfigError(f"Unknown setting {name!r}; known: {', '.join(_FIELDS)}.")
        if value is not None:
            values[name] = value
    return Settings(**{k: _coerce(k, v) for k, v in values.items()})
