"""The README documents what the code has: every setting and every command."""

import re

from tests.helpers import ROOT
from worker.commands.cli import app
from worker.settings import Settings

README = (ROOT / "README.md").read_text(encoding="utf-8")


def test_every_setting_is_in_the_configuration_table():
    documented = set(re.findall(r"`INGEST_([A-Z_]+)`", README))
    assert {name.upper() for name in Settings.model_fields} <= documented


def test_every_command_is_documented():
    for command in app.registered_commands:
        assert f"`ingest {command.name or command.callback.__name__}" in README
    for group in app.registered_groups:
        assert f"`ingest {group.name}" in README


def test_ci_runs_the_readme_test_command():
    ci = (ROOT / ".ci" / "run").read_text()
    assert "<!-- test-command" in README and "test-command" in ci
