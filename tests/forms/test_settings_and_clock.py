"""Settings are documented data; the preview clock is refused outside debug mode."""

from __future__ import annotations

import re

import pytest

from forms import create_app, settings
from forms.clock import PreviewClock
from forms.settings import REPO_ROOT


def _readme_section(heading: str, doc: str = "docs/operations.md") -> str:
    readme = (REPO_ROOT / doc).read_text(encoding="utf-8")
    level = heading.split(" ")[0]
    match = re.search(
        rf"^{re.escape(heading)}\n(.*?)(?=^#{{2,{len(level)}}} |\Z)", readme, re.M | re.S
    )
    assert match, f"{doc} has no '{heading}' section"
    return match.group(1)


def test_every_setting_is_documented_in_the_readme():
    section = _readme_section("## Form service")
    missing = [s.name for s in settings.SETTINGS if f"`{s.name}`" not in section]
    assert missing == []


def test_every_field_type_is_documented_for_editors():
    from forms.definitions.model import FIELD_TYPES

    section = _readme_section("## Ein Formular einbinden", "docs/redaktion.md")
    assert [t for t in FIELD_TYPES if f"`{t}`" not in section] == []


def test_settings_come_from_the_environment_with_defaults():
    values = settings.load(
        {"TRUSTED_PROXIES": "2", "ALLOWED_ORIGINS": "https://a.de/, https://b.de"}
    )
    assert values["TRUSTED_PROXIES"] == 2
    assert values["ALLOWED_ORIGINS"] == ["https://a.de", "https://b.de"]
    assert values["RATELIMIT_STORAGE_URI"] == "memory://"
    assert all(setting.help for setting in settings.SETTINGS)


def test_preview_time_is_refused_outside_debug_mode(config):
    del config["CLOCK"]
    with pytest.raises(RuntimeError, match=r"FORMS_PREVIEW_NOW .* only in debug mode"):
        create_app(config | {"FORMS_PREVIEW_NOW": "2021-06-20T12:00:00+02:00"})


def test_preview_time_without_offset_is_refused(config):
    del config["CLOCK"]
    with pytest.raises(RuntimeError, match="no UTC offset"):
        create_app(config | {"DEBUG": True, "FORMS_PREVIEW_NOW": "2021-06-20T12:00:00"})


def test_preview_time_in_debug_mode_opens_the_quiz_of_2021(config):
    del config["CLOCK"]
    app = create_app(config | {"DEBUG": True, "FORMS_PREVIEW_NOW": "2021-06-20T12:00:00+02:00"})
    assert isinstance(app.extensions["forms_clock"], PreviewClock)
    described = app.test_client().get("/api/forms/smart-kassel-quiz").get_json()
    assert described["open"] is True
    assert described["now"].startswith("2021-06-20T10:00")


def test_without_a_configured_secret_one_is_kept_in_the_instance_folder(config, tmp_path):
    config = config | {"SECRET_KEY": ""}
    first = create_app(config)
    first.instance_path = str(tmp_path)
    from forms.keys import load_secret

    secret = load_secret("", str(tmp_path))
    assert len(secret) == 64 and load_secret("", str(tmp_path)) == secret
    assert (tmp_path / "secret_key").stat().st_mode & 0o077 == 0
