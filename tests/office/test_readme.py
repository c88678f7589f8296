"""The operators' guide covers every office command and every option it offers."""

import re
from pathlib import Path

import pytest

from forms.office import commands

README = Path(__file__).resolve().parents[2] / "docs/office.md"


def _section() -> str:
    text = README.read_text(encoding="utf-8")
    match = re.search(r"^## Ablauf eines Quiz für das Büro\n(.*?)(?=^##? |\Z)", text, re.M | re.S)
    assert match, "docs/office.md has no '## Ablauf eines Quiz für das Büro' section"
    return match.group(1)


@pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)
def test_every_office_command_and_option_is_in_the_guide(app):
    section = _section()
    guide = README.read_text(encoding="utf-8")  # options of subcommands: in their own section
    missing = []
    for name in commands.OFFICE_COMMANDS:
        command = app.cli.get_command(None, name)
        if f"`{name} " not in section and f"`{name}`" not in section:
            missing.append(name)
        where = [(command, section)]
        where += [(sub, guide) for sub in getattr(command, "commands", {}).values()]
        for each, text in where:
            for param in each.params:
                missing += [o for o in param.opts if o.startswith("--") and o not in text]
    assert missing == []
