"""`draw` and `verify`: refused when unfair, reproducible, recorded, checkable by anyone."""

import json

import pytest

from forms.office import raffle

from .conftest import AFTER_QUIZ, count_rows

SEED = "Lotto 6aus49 vom 26.06.2021: 3 11 19 26 38 45, Superzahl 7"


@pytest.fixture
def quiz_entries(add_entry, clock):
    """25 entries in both raffles, 2 only for the Auebad, 3 with a wrong answer."""
    both = [add_entry(email=f"beide{n}@beispiel.de") for n in range(25)]
    pool = [add_entry(email=f"bad{n}@beispiel.de", raffles=["auebad"]) for n in range(2)]
    wrong = [add_entry(email=f"falsch{n}@beispiel.de", correct=False) for n in range(3)]
    clock.set(AFTER_QUIZ)
    return both, pool, wrong


def _draw(runner, *args):
    return runner.invoke(args=["draw", "smart-kassel-quiz", "--seed", SEED, *args])


def test_draw_picks_the_seat_then_the_tickets_among_eligible_entries(runner, quiz_entries):
    both, _, wrong = quiz_entries
    result = _draw(runner)
    assert result.exit_code == 0, result.output
    protocol = json.loads(result.output)
    seat, tickets = protocol["raffles"]
    assert protocol["seed"] == SEED and protocol["form"] == "smart-kassel-quiz"
    assert protocol["drawn_at"].startswith("2021-06-27T08:00:00")
    assert seat["eligible"] == 25 and tickets["eligible"] == 27
    assert seat["references"] == sorted(both)
    assert seat["winners"][0] in both
    assert len(tickets["winners"]) == 20 and len(tickets["substitutes"]) == 5
    assert seat["winners"][0] not in tickets["winners"] + tickets["substitutes"]
    assert not set(wrong) & set(tickets["references"])
    assert "@" not in result.output
    assert raffle.verify(protocol) == []


def test_drawing_again_needs_force_is_recorded_and_gives_the_same_result(runner, app, quiz_entries):
    from forms.office.draws import draws

    first = json.loads(_draw(runner).output)
    again = _draw(runner)
    assert again.exit_code == 1
    assert "Bereits gezogen: buergerrat, auebad" in again.output
    forced = _draw(runner, "--force")
    assert forced.exit_code == 0, forced.output
    second = json.loads(forced.output)
    assert second["forced"] is True and first["forced"] is False
    assert second["earlier_draws"] == [first["drawn_at"]]
    assert second["raffles"] == first["raffles"]
    assert count_rows(app, draws) == 2
    assert count_rows(app, draws, forced=True) == 1


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ["--raffle", "hauptgewinn"],
            "Unbekannte Verlosung hauptgewinn; vorhanden: buergerrat, auebad",
        ),
        (["--raffle", "auebad"], "Zuerst die Verlosung 'buergerrat' ziehen"),
        (["--seed", "  "], "Der Seed ist leer"),
    ],
)
def test_unfair_or_impossible_draws_are_refused(runner, app, quiz_entries, args, message):
    from forms.office.draws import draws

    result = _draw(runner, *args)
    assert result.exit_code == 1
    assert message in result.output
    assert count_rows(app, draws) == 0


def test_draw_before_the_deadline_is_refused(runner, add_entry):
    add_entry()
    result = _draw(runner)
    assert result.exit_code == 1
    assert "Einsendeschluss ist erst am 25.06.2021 23:59:59" in result.output


def test_draw_without_eligible_entries_is_refused(runner, add_entry, clock):
    add_entry(correct=False)
    clock.set(AFTER_QUIZ)
    result = _draw(runner)
    assert result.exit_code == 1
    assert "keine teilnahmeberechtigten Einträge" in result.output


def test_draw_of_a_form_without_raffle_is_refused(runner, clock):
    clock.set(AFTER_QUIZ)
    result = runner.invoke(args=["draw", "kontakt", "--seed", SEED])
    assert result.exit_code == 1
    assert "hat keine Verlosung" in result.output


def test_one_raffle_can_be_redrawn_and_still_excludes_the_seat_winner(runner, quiz_entries):
    seat_winner = json.loads(_draw(runner).output)["raffles"][0]["winners"][0]
    result = _draw(runner, "--raffle", "auebad", "--force", "--seed", "anderer Seed")
    assert result.exit_code == 0, result.output
    protocol = json.loads(result.output)
    assert [r["raffle"] for r in protocol["raffles"]] == ["auebad"]
    assert protocol["prior_winners"] == [seat_winner]
    assert seat_winner not in protocol["raffles"][0]["winners"]
    assert raffle.verify(protocol) == []


def test_redrawing_the_seat_excludes_the_ticket_winners_of_the_earlier_draw(runner, quiz_entries):
    tickets = json.loads(_draw(runner).output)["raffles"][1]["winners"]
    result = _draw(runner, "--raffle", "buergerrat", "--force", "--seed", "neu")
    protocol = json.loads(result.output)
    assert sorted(protocol["prior_winners"]) == sorted(tickets)
    assert protocol["raffles"][0]["winners"][0] not in tickets
    assert raffle.verify(protocol) == []


def test_verify_confirms_the_file_and_detects_changes(runner, quiz_entries, tmp_path):
    out = tmp_path / "protokoll.json"
    result = _draw(runner, "--out", str(out))
    assert result.exit_code == 0, result.output
    assert (
        "Protokoll gespeichert" in result.output
        and "buergerrat: 25 teilnahmeberechtigt" in result.output
    )
    ok = runner.invoke(args=["verify", str(out)])
    assert ok.exit_code == 0, ok.output
    assert "Protokoll bestätigt" in ok.output

    protocol = json.loads(out.read_text(encoding="utf-8"))
    changed = json.loads(json.dumps(protocol))
    changed["raffles"][0]["references"].remove(changed["raffles"][0]["winners"][0])
    out.write_text(json.dumps(changed), encoding="utf-8")
    bad = runner.invoke(args=["verify", str(out)])
    assert bad.exit_code == 1
    assert "references_sha256 stimmt nicht" in bad.output

    # A forger who recomputes everything still differs from the office's stored copy.
    pools = [
        (raffle.Prize(r["raffle"], r["label"], r["prizes"]), r["references"])
        for r in changed["raffles"]
    ]
    forged = raffle.draw(changed["form"], changed["seed"], pools, changed["drawn_at"])
    forged.update(forced=False, earlier_draws=[])
    out.write_text(json.dumps(forged), encoding="utf-8")
    assert raffle.verify(forged) == []
    caught = runner.invoke(args=["verify", str(out)])
    assert caught.exit_code == 1
    assert "weicht vom gespeicherten Protokoll" in caught.output


def test_verify_rejects_an_unreadable_file(runner, tmp_path):
    broken = tmp_path / "kaputt.json"
    broken.write_text("{nicht json", encoding="utf-8")
    result = runner.invoke(args=["verify", str(broken)])
    assert result.exit_code == 1
    assert "kein lesbares Protokoll" in result.output


def test_more_prizes_than_eligible_entries_is_said_recorded_and_exits_non_zero(
    runner, app, add_entry, clock
):
    from forms.office.draws import draws, stored_draws

    for n in range(3):
        add_entry(email=f"wenige{n}@beispiel.de")
    clock.set(AFTER_QUIZ)
    result = _draw(runner)
    assert result.exit_code == 3
    assert "auebad: 20 Gewinne, aber nur 2 gewinnberechtigte Einträge" in result.stderr
    assert "18 Gewinne bleiben unvergeben" in result.stderr
    protocol = json.loads(result.stdout)
    seat, tickets = protocol["raffles"]
    assert (seat["unassigned"], tickets["unassigned"]) == (0, 18)
    assert protocol["warnings"] == [
        "auebad: 20 Gewinne, aber nur 2 gewinnberechtigte Einträge; 18 Gewinne bleiben unvergeben."
    ]
    assert count_rows(app, draws) == 1
    with app.app_context():
        from forms.storage.db import engine

        with engine().connect() as connection:
            [stored] = stored_draws(connection, "smart-kassel-quiz")
    assert json.loads(stored.protocol)["warnings"] == protocol["warnings"]
    assert raffle.verify(protocol) == []


def test_entries_made_after_the_deadline_never_take_part(runner, add_entry, clock):
    on_time = [add_entry(email=f"puenktlich{n}@beispiel.de") for n in range(25)]
    clock.set(AFTER_QUIZ)
    late = add_entry(email="zu-spaet@beispiel.de")  # written past the API, after `closes`
    before = runner.invoke(args=["stats", "smart-kassel-quiz"]).output
    result = _draw(runner)
    assert result.exit_code == 0, result.output
    protocol = json.loads(result.output)
    assert protocol["entries_until"] == "2021-06-25T23:59:59+02:00"
    for drawn in protocol["raffles"]:
        assert late not in drawn["references"]
        assert set(drawn["references"]) == set(on_time)
        assert drawn["references_sha256"] in before


@pytest.mark.parametrize("change", ["delete", "wrong", "backdated", "late"])
def test_verify_recomputes_the_eligible_list_from_the_database(
    runner, app, add_entry, quiz_entries, clock, tmp_path, change
):
    import sqlalchemy as sa

    from forms.storage.db import engine
    from forms.storage.tables import submissions

    both, _, _ = quiz_entries
    out = tmp_path / "protokoll.json"
    assert _draw(runner, "--out", str(out)).exit_code == 0
    protocol = json.loads(out.read_text(encoding="utf-8"))
    loser = next(ref for ref in both if ref not in protocol["raffles"][0]["winners"])
    if change in ("backdated", "late"):
        add_entry(email="nachgereicht@beispiel.de")  # the clock stands after the deadline
    with app.app_context(), engine().begin() as connection:
        row = submissions.c.reference == loser
        if change == "delete":
            connection.execute(sa.delete(submissions).where(row))
        elif change == "wrong":
            connection.execute(sa.update(submissions).where(row).values(all_correct=False))
        elif change == "backdated":
            newest = sa.select(sa.func.max(submissions.c.id)).scalar_subquery()
            connection.execute(
                sa.update(submissions)
                .where(submissions.c.id == newest)
                .values(created_at=clock.now().replace(day=21))
            )
    result = runner.invoke(args=["verify", str(out)])
    if change == "late":
        # Entries after `closes` never belonged to the draw, so they change nothing.
        assert result.exit_code == 0, result.output
        return
    assert result.exit_code == 1
    assert "haben sich seit der Ziehung geändert" in result.output
    assert "Protokoll NICHT bestätigt" in result.output
    assert "@" not in result.output
