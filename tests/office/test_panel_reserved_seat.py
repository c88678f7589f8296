"""The pool form feeds `panel select`; the quiz winner's reserved seat counts against quotas."""

from __future__ import annotations

import csv
import json
from collections import Counter

import pytest

from forms.storage.tables import submissions

from .conftest import count_rows

pytestmark = pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)

FORM = "buergerrat-interesse"
QUOTAS = """\
category,feature,min,max
geschlecht,weiblich,3,3
geschlecht,männlich,3,3
geschlecht,divers,0,1
geschlecht,keine Angabe,0,1
altersgruppe,16-24,1,3
altersgruppe,35-49,1,3
altersgruppe,65+,2,3
"""
PEOPLE = [
    ("weiblich", "16-24"), ("weiblich", "35-49"), ("weiblich", "65+"), ("weiblich", "65+"),
    ("männlich", "16-24"), ("männlich", "35-49"), ("männlich", "35-49"), ("männlich", "65+"),
    ("divers", "16-24"), ("keine Angabe", "65+"), ("weiblich", "35-49"), ("männlich", "65+"),
]  # fmt: skip
SEATS = 6


@pytest.fixture
def pool(app, add_entry, tmp_path):
    """Twelve confirmed entries from the form and two that were never confirmed."""
    tickets = {}
    for number, (gender, age) in enumerate(PEOPLE):
        email = f"p{number}@beispiel.de"
        tickets[add_entry(FORM, email, geschlecht=gender, altersgruppe=age)] = (gender, age)
    pending = [
        add_entry(FORM, f"offen{n}@beispiel.de", confirmed=False, geschlecht="divers")
        for n in range(2)
    ]
    (tmp_path / "quotas.csv").write_text(QUOTAS, encoding="utf-8")
    return tickets, pending


def select(runner, tmp_path, out, *extra):
    args = ["panel", "select", "--seats", str(SEATS), "--quotas", str(tmp_path / "quotas.csv")]
    return runner.invoke(args=[*args, "--seed", "7 12 19", "--out", str(out), *extra])


def write_reserved(path, rows):
    lines = ["id,geschlecht,altersgruppe", *(",".join(row) for row in rows)]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def chances(out) -> dict[str, float]:
    with (out / "probabilities.csv").open(encoding="utf-8") as file:
        return {row["id"]: float(row["probability"]) for row in csv.DictReader(file)}


def test_only_confirmed_entries_of_the_form_are_in_the_draw(runner, pool, tmp_path):
    tickets, pending = pool
    out = tmp_path / "out"
    result = select(runner, tmp_path, out, "--form", FORM)
    assert result.exit_code == 0, result.output
    assert set(chances(out)) == set(tickets)
    assert not set(pending) & set(chances(out))
    assert sum(chances(out).values()) == pytest.approx(SEATS, abs=1e-6)
    record = json.loads((out / "protocol.json").read_text(encoding="utf-8"))
    assert record["pool"] == record["pool"] | {"source": f"form:{FORM}", "size": 12}
    assert "reserved" not in record


def test_a_reserved_seat_is_not_drawn_and_the_whole_panel_keeps_the_quotas(runner, pool, tmp_path):
    winner = write_reserved(tmp_path / "reserviert.csv", [("Q-WIN-1", "weiblich", "65+")])
    out = tmp_path / "out"
    result = select(runner, tmp_path, out, "--form", FORM, "--reserved", str(winner))
    assert result.exit_code == 0, result.output
    assert "Reservierte Sitze: 1; gelost: 5." in result.output
    record = json.loads((out / "protocol.json").read_text(encoding="utf-8"))
    assert record["seats"] == SEATS
    assert record["reserved"]["seats"] == 1
    assert record["reserved"]["people"][0]["features"] == {
        "geschlecht": "weiblich",
        "altersgruppe": "65+",
    }
    assert "Q-WIN-1" not in (out / "protocol.json").read_text(encoding="utf-8")
    assert len(record["panel"]) == SEATS - 1
    assert sum(chances(out).values()) == pytest.approx(SEATS - 1, abs=1e-6)
    with (out / "panel.csv").open(encoding="utf-8") as file:
        members = [r for r in csv.DictReader(file) if r["role"] == "Mitglied"]
    genders = Counter([r["geschlecht"] for r in members] + ["weiblich"])
    ages = Counter([r["altersgruppe"] for r in members] + ["65+"])
    assert genders["weiblich"] == 3 and genders["männlich"] == 3
    assert 1 <= ages["16-24"] <= 3 and 1 <= ages["35-49"] <= 3 and 2 <= ages["65+"] <= 3

    verify = ["panel", "verify", str(out)]
    assert runner.invoke(args=[*verify, "--reserved", str(winner)]).exit_code == 0
    missing = runner.invoke(args=verify)
    assert missing.exit_code == 1
    assert "--reserved DATEI.csv angeben" in missing.output
    other = write_reserved(tmp_path / "anders.csv", [("Q-WIN-1", "männlich", "65+")])
    changed = runner.invoke(args=[*verify, "--reserved", str(other)])
    assert changed.exit_code == 1
    assert "Reservierte Sitze: Prüfsumme weicht ab" in changed.output


def test_a_winner_who_also_entered_the_pool_leaves_it(runner, pool, tmp_path):
    tickets, _ = pool
    ticket, (gender, age) = next(iter(tickets.items()))
    winner = write_reserved(tmp_path / "reserviert.csv", [(ticket, gender, age)])
    out = tmp_path / "out"
    result = select(runner, tmp_path, out, "--form", FORM, "--reserved", str(winner))
    assert result.exit_code == 0, result.output
    assert set(chances(out)) == set(tickets) - {ticket}
    verified = runner.invoke(args=["panel", "verify", str(out), "--reserved", str(winner)])
    assert verified.exit_code == 0, verified.output


def test_a_reserved_seat_beyond_a_quota_is_refused_in_german(runner, pool, tmp_path):
    rows = [(f"Q{n}", "divers", "65+") for n in range(2)]
    winner = write_reserved(tmp_path / "reserviert.csv", rows)
    result = select(runner, tmp_path, tmp_path / "out", "--form", FORM, "--reserved", str(winner))
    assert result.exit_code == 1
    assert "2 reservierte Sitze mit geschlecht = divers, die Quote erlaubt höchstens 1" in (
        result.output
    )
    assert not (tmp_path / "out" / "protocol.json").exists()


def test_pool_entries_are_purged_after_the_stated_retention(app, runner, add_entry, clock):
    add_entry(FORM, "bleibt@beispiel.de", geschlecht="divers", altersgruppe="65+")
    days = app.extensions["forms_definitions"][FORM].retention_days
    clock.advance(days=days - 1)
    assert runner.invoke(args=["purge"]).exit_code == 0
    assert count_rows(app, submissions, form_id=FORM) == 1
    clock.advance(days=2)
    assert runner.invoke(args=["purge"]).exit_code == 0
    assert count_rows(app, submissions, form_id=FORM) == 0
