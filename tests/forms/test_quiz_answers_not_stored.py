"""Quiz answers decide the score and are then forgotten, wherever a wrong one stands."""

from __future__ import annotations

import itertools

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from forms.definitions import load_all
from forms.settings import REPO_ROOT

from .helpers import quiz, rows

QUIZ = load_all(REPO_ROOT / "content" / "forms")["smart-kassel-quiz"]
QUESTIONS = [question.id for question in QUIZ.questions]
FIELDS = {item.name for item in QUIZ.fields}
WRONG = {
    question.id: [o.value for o in question.options if o.value != question.answer]
    for question in QUIZ.questions
}


@st.composite
def answer_sets(draw) -> dict[str, str]:
    """Answers with at least one wrong one, at any position and in any combination."""
    wrong = draw(st.sets(st.sampled_from(QUESTIONS), min_size=1))
    return {
        question.id: draw(st.sampled_from(WRONG[question.id]))
        if question.id in wrong
        else question.answer
        for question in QUIZ.questions
    }


def test_every_position_of_a_single_wrong_answer_leaves_no_answer_in_the_row(client, app, proof):
    for position, question in enumerate(QUIZ.questions):
        answers = {q.id: q.answer for q in QUIZ.questions} | {question.id: WRONG[question.id][0]}
        response = client.post(
            "/api/forms/smart-kassel-quiz",
            json=quiz(email=f"falsch{position}@beispiel.de", altcha=proof()) | answers,
        )
        assert response.status_code == 201, response.get_json()
    for stored in rows(app):
        assert stored.all_correct is False
        assert set(stored.data) == FIELDS
        assert not set(QUESTIONS) & set(stored.data)


@settings(
    max_examples=15,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(answers=answer_sets())
def test_no_combination_of_wrong_answers_is_stored(client, app, proof, answers):
    email = f"person{next(_NUMBERS)}@beispiel.de"
    response = client.post(
        "/api/forms/smart-kassel-quiz", json=quiz(email=email, altcha=proof()) | answers
    )
    assert response.status_code == 201, response.get_json()
    stored = rows(app)[-1]
    assert stored.data["email"] == email
    assert stored.all_correct is False
    assert set(stored.data) == FIELDS


_NUMBERS = itertools.count()
