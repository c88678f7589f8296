"""``panel select --form``: the pool is a panel-pool form's entries (spam-checked, for now)."""

from __future__ import annotations

import json
import shutil
from datetime import UTC, datetime
from pathlib import Path

import pytest

from forms import create_app
from forms.definitions import validation
from forms.definitions.loader import DefinitionErrors, load_all
from forms.storage import entries
from forms.storage.db import engine
from forms.storage.migrate import upgrade

from .conftest import SECRET

CONTENT = Path(__file__).resolve().parents[2] / "content" / "forms"
POOL_FORM = """\
id: buergerrat-test
title: Interesse am Bürgerrat
kind: contact
panel_pool: {panel_pool}
fields:
  - name: email
    label: E-Mail-Adresse
    type: email
  - name: geschlecht
    label: Geschlecht
    type: choice
    options:
      - {{value: weiblich, label: weiblich}}
      - {{value: männlich, label: männlich}}
      - {{value: divers, label: divers}}
      - {{value: keine Angabe, label: keine Angabe}}
success_url: /mitmachen/buergerrat/danke/
retention_days: 365
examples:
  - name: gültig
    valid: true
    data: {{email: a@beispiel.de, geschlecht: divers}}
"""
QUOTAS = "category,feature,min,max\ngeschlecht,weiblich,1,2\ngeschlecht,männlich,1,2\n"
QUOTAS += "geschlecht,divers,0,2\ngeschlecht,keine Angabe,0,2\n"


def make_app(tmp_path, panel_pool: bool):
    forms_dir = tmp_path / "forms"
    shutil.copytree(CONTENT, forms_dir)
    text = POOL_FORM.format(panel_pool="true" if panel_pool else "false")
    (forms_dir / "buergerrat-test.yml").write_text(text, encoding="utf-8")
    config = {"TESTING": True, "SECRET_KEY": SECRET, "FORMS_CONTENT_DIR": str(forms_dir)}
    app = create_app({**config, "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}"})
    with app.app_context():
        upgrade(engine())
    return app


def store(app, email: str, gender: str, verified: bool) -> str:
    definition = app.extensions["forms_definitions"]["buergerrat-test"]
    result = validation.validate(definition, {"email": email, "geschlecht": gender})
    assert not result.errors
    with app.app_context(), engine().connect() as connection:
        return entries.save(
            connection,
            definition,
            result.values,
            all_correct=None,
            verified=verified,
            now=datetime.now(UTC),
            secret=SECRET,
        )


def run(app, tmp_path, *args):
    quotas = tmp_path / "quotas.csv"
    quotas.write_text(QUOTAS, encoding="utf-8")
    base = ["panel", "select", "--seats", "3", "--quotas", str(quotas), "--seed", "5"]
    return app.test_cli_runner().invoke(args=[*base, *args])


def test_the_pool_is_the_forms_checked_entries_and_verify_reads_it_again(tmp_path):
    app = make_app(tmp_path, panel_pool=True)
    for number, gender in enumerate(["weiblich", "weiblich", "männlich", "divers", "männlich"]):
        store(app, f"p{number}@beispiel.de", gender, verified=True)
    store(app, "bot@beispiel.de", "weiblich", verified=False)
    out = tmp_path / "out"
    result = run(app, tmp_path, "--form", "buergerrat-test", "--out", str(out))
    assert result.exit_code == 0, result.output
    record = json.loads((out / "protocol.json").read_text(encoding="utf-8"))
    assert record["pool"]["source"] == "form:buergerrat-test"
    assert record["pool"]["size"] == 5
    assert "beispiel.de" not in (out / "protocol.json").read_text(encoding="utf-8")
    verified = app.test_cli_runner().invoke(args=["panel", "verify", str(out)])
    assert verified.exit_code == 0, verified.output
    store(app, "late@beispiel.de", "divers", verified=True)
    again = app.test_cli_runner().invoke(args=["panel", "verify", str(out)])
    assert again.exit_code == 1
    assert "Pool: Prüfsumme weicht ab" in again.output


def test_a_form_that_is_no_panel_pool_is_refused(tmp_path):
    app = make_app(tmp_path, panel_pool=False)
    result = run(app, tmp_path, "--form", "buergerrat-test", "--out", str(tmp_path / "o"))
    assert result.exit_code == 1
    assert "kein Bürgerrat-Pool" in result.output


def test_an_unknown_form_names_the_forms_there_are(tmp_path):
    app = make_app(tmp_path, panel_pool=True)
    result = run(app, tmp_path, "--form", "nope", "--out", str(tmp_path / "o"))
    assert result.exit_code == 1
    assert "Unbekanntes Formular 'nope'" in result.output


@pytest.mark.parametrize("value", ["ja", "1"])
def test_panel_pool_must_be_true_or_false(tmp_path, value):
    forms_dir = tmp_path / "forms"
    forms_dir.mkdir()
    text = POOL_FORM.format(panel_pool=value)
    (forms_dir / "buergerrat-test.yml").write_text(text, encoding="utf-8")
    with pytest.raises(DefinitionErrors, match="panel_pool: must be true or false"):
        load_all(forms_dir)
