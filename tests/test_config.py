from __future__ import annotations

from pathlib import Path

import pytest

from newsweave.config import Settings, load_settings
from newsweave.errors import ConfigError


def test_precedence_file_env_kwargs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    conf = tmp_path / "c.toml"
    conf.write_text('db = "file.db"\nwindow_days = 10\nner = "off"\n')
    monkeypatch.setenv("NEWSWEAVE_WINDOW_DAYS", "20")
    s = load_settings(conf, ner=None, db="kw.db")
    assert (s.db, s.window_days, s.ner) == ("kw.db", 20, "off")


def test_unknown_and_invalid_settings_say_what_to_do(tmp_path: Path) -> None:
    conf = tmp_path / "c.toml"
    conf.write_text("colour = 1\n")
    with pytest.raises(ConfigError, match="Unknown setting"):
        load_settings(conf)
    with pytest.raises(ConfigError, match="ner must be one of"):
        load_settings(None, ner="maybe")
    with pytest.raises(ConfigError, match="not a valid number"):
        load_settings(None, window_days="soon")
    with pytest.raises(ConfigError, match="min_idle must be 0 or more"):
        load_settings(None, min_idle=-1)


def test_broken_config_file(tmp_path: Path) -> None:
    conf = tmp_path / "c.toml"
    conf.write_text("db = \n")
    with pytest.raises(ConfigError, match="Cannot read config file"):
        load_settings(conf)


def test_settings_are_validated_on_construction() -> None:
    """Settings(...) refuses what load_settings refuses: no unvalidated object exists."""
    with pytest.raises(ConfigError, match="ner must be one of"):
        Settings(ner="bogus")
    with pytest.raises(ConfigError, match="window_days must be a positive"):
        Settings(window_days=-3)
    with pytest.raises(ConfigError, match="embeddings must be one of"):
        Settings(embeddings="sometimes")
    with pytest.raises(ConfigError, match="must be a number"):
        Settings(event_threshold="high")  # type: ignore[arg-type]
    with pytest.raises(ConfigError, match="min_idle"):
        Settings().replace(min_idle=-5)
    assert Settings(ner="off", window_days=3).window_days == 3
