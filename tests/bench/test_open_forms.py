"""The benchmarks' copy of the forms opens the quiz now and changes nothing else."""

from __future__ import annotations

from datetime import UTC, datetime

from bench.open_forms import FORMS, QUIZ_ID, open_forms_dir
from forms.definitions import load_all

NOW = datetime(2026, 12, 2, 12, tzinfo=UTC)


def test_the_quiz_is_open_with_its_double_opt_in_and_one_entry_rule(tmp_path):
    copied = load_all(open_forms_dir(tmp_path, NOW))
    real = load_all(FORMS)
    quiz = copied[QUIZ_ID]
    assert real[QUIZ_ID].status(NOW) == "closed"
    assert quiz.status(NOW) == "open"
    assert quiz.needs_confirmation and quiz.one_entry_per == "email"
    assert [f.name for f in quiz.fields] == [f.name for f in real[QUIZ_ID].fields]


def test_the_other_forms_are_copied_unchanged(tmp_path):
    folder = open_forms_dir(tmp_path, NOW)
    for source in FORMS.glob("*.yml"):
        if source.stem != QUIZ_ID:
            assert (folder / source.name).read_bytes() == source.read_bytes()
