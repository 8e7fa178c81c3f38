"""Documentation stays true: every command and setting is documented where users look."""

from __future__ import annotations

import dataclasses
import re

from newsweave.cli import main
from newsweave.config import Settings
from tests.helpers import REPO


def test_every_command_is_in_the_readme() -> None:
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    for name in main.commands:
        assert f"newsweave {name}" in readme, f"`newsweave {name}` is not documented in README"


def test_every_command_has_help() -> None:
    for name, command in main.commands.items():
        assert command.help and len(command.help) > 20, name


def test_every_setting_is_documented_in_config() -> None:
    source = (REPO / "src" / "newsweave" / "config.py").read_text(encoding="utf-8")
    for field in dataclasses.fields(Settings):
        pattern = rf"#: [^\n]+\n(?:    #:[^\n]*\n)*    {field.name}:"
        assert re.search(pattern, source), f"setting {field.name} has no #: comment in config.py"


def test_readme_links_point_to_files() -> None:
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    for target in re.findall(r"\]\(((?!https?:)[^)#]+)\)", readme):
        assert (REPO / target).exists(), f"README links to missing {target}"


def test_docstring_examples_hold() -> None:
    """The ``>>>`` examples in docstrings are checked, so they cannot drift from the code."""
    import doctest

    import newsweave.cluster.features
    import newsweave.extract.entities
    import newsweave.pipeline

    attempted = 0
    for module in (newsweave.cluster.features, newsweave.extract.entities, newsweave.pipeline):
        result = doctest.testmod(module)
        assert result.failed == 0, module.__name__
        attempted += result.attempted
    assert attempted >= 8  # the examples ran (office_status, spelling_key, person_cue, ...)
