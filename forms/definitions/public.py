"""What a browser may know about a form: everything except the answers and the office's inbox."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from forms.definitions.model import Field, FormDefinition, Question
from forms.definitions.validation import required_message, unanswered_message


def definition(form: FormDefinition, now: datetime) -> dict[str, Any]:
    """The public description of `form` and whether it takes entries at `now`."""
    status = form.status(now)
    return {
        "id": form.id,
        "title": form.title,
        "kind": form.kind,
        "description": form.description,
        "opens": form.opens.isoformat() if form.opens else None,
        "closes": form.closes.isoformat() if form.closes else None,
        "status": status,
        "open": status == "open",
        "now": now.isoformat(),
        "questions": [
            _question(question, number) for number, question in enumerate(form.questions, 1)
        ],
        "fields": [_field(form, item) for item in form.fields],
        "prizes": [
            {"id": prize.id, "label": prize.label, "count": prize.count} for prize in form.prizes
        ],
        "success_url": form.success_url,
        "success_message": form.success_message,
        "one_entry_per": form.one_entry_per or None,
    }


def _question(question: Question, number: int) -> dict[str, Any]:
    # The page checks for unanswered questions itself while it waits to send (forms.js).
    return {
        "id": question.id,
        "text": question.text,
        "hint": question.hint,
        "required_message": unanswered_message(number),
        "options": [{"value": o.value, "label": o.label} for o in question.options],
    }


def _field(form: FormDefinition, item: Field) -> dict[str, Any]:
    described = {
        "name": item.name,
        "label": item.label,
        "type": item.type,
        "required": item.required,
        "hint": item.hint,
    }
    if item.required:
        described["required_message"] = required_message(item)
    if item.max_length:
        described["max_length"] = item.max_length
    if item.type == "choice":
        described["multiple"] = item.multiple
        described["options"] = [
            {"value": o.value, "label": o.label} for o in form.options_for(item)
        ]
    return described
