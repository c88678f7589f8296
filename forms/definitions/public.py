"""What a browser may know about a form: everything except the answers and the office's inbox."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from forms.definitions.model import Field, FormDefinition, Question


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
        "questions": [_question(question) for question in form.questions],
        "fields": [_field(form, item) for item in form.fields],
        "prizes": [
            {"id": prize.id, "label": prize.label, "count": prize.count} for prize in form.prizes
        ],
        "success_url": form.success_url,
        "success_message": form.success_message,
        "one_entry_per": form.one_entry_per or None,
    }


def _question(question: Question) -> dict[str, Any]:
    return {
        "id": question.id,
        "text": question.text,
        "hint": question.hint,
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
    if item.max_length:
        described["max_length"] = item.max_length
    if item.type == "choice":
        described["multiple"] = item.multiple
        described["options"] = [
            {"value": o.value, "label": o.label} for o in form.options_for(item)
        ]
    return described
