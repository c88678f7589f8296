"""The OpenAPI 3 description, generated from the definitions so it cannot drift from them."""

from __future__ import annotations

from typing import Any

from forms.definitions.model import FormDefinition
from forms.intake import field_schemas
from forms.intake.antispam import HONEYPOT, PAYLOAD_FIELD
from forms.intake.idempotency import ID_PATTERN, SUBMISSION_ID

# Every error body names its request (also sent as the X-Request-ID header) for the office.
REQUEST_ID = {"type": "string", "description": "Quote this id when asking the office."}
ERROR = {
    "type": "object",
    "required": ["error", "message", "request_id"],
    "properties": {
        "error": {"type": "string"},
        "title": {"type": "string", "description": "A heading for the message, in German."},
        "message": {"type": "string"},
        "request_id": REQUEST_ID,
    },
}
INVALID = {
    "type": "object",
    "required": ["error", "message", "errors", "request_id"],
    "properties": {
        "error": {"const": "invalid"},
        "message": {"type": "string"},
        "errors": {"type": "object", "additionalProperties": {"type": "string"}},
        "request_id": REQUEST_ID,
    },
}
HTML = {"text/html": {"schema": {"type": "string"}}}
SUBMIT_ERRORS = {
    "400": "Unreadable body or failed spam check",
    "403": "Not open yet",
    "404": "Unknown form",
    "409": (
        "Already entered (one entry per person, error `duplicate`), or this submission id was "
        "stored with other content (error `submission_changed`)"
    ),
    "410": "Closed",
    "413": "Body too large",
    "415": "Unsupported content type",
    "429": "Too many requests",
    "503": "Database unavailable",
}


def document(definitions: dict[str, FormDefinition]) -> dict[str, Any]:
    """Build the whole OpenAPI document."""
    paths: dict[str, Any] = {
        "/api/health": {"get": _health()},
        "/api/challenge": {"get": _challenge()},
    }
    for form_id, definition in sorted(definitions.items()):
        paths[f"/api/forms/{form_id}"] = {
            "get": _show(definition),
            "post": _submit(definition),
        }
    paths["/api/bestaetigen/{token}"] = _link_pages("confirm", CONFIRM_LINK)
    if any(d.kind == "registration" for d in definitions.values()):
        paths["/api/absagen/{token}"] = _link_pages("cancel", CANCEL_LINK)
    return {
        "openapi": "3.1.0",
        "info": {
            "title": "Smart Kassel form service",
            "version": "1",
            "description": (
                "Contact messages, quiz entries and event registrations for the Smart Kassel site."
            ),
        },
        "paths": paths,
    }


def request_schema(definition: FormDefinition, json: bool = True) -> dict[str, Any]:
    """The body a form accepts, as strict as the validator; unknown keys are ignored.

    JSON needs the proof of work; a form post (no JavaScript) may come without it.
    """
    properties = {q.id: field_schemas.question_schema(q) for q in definition.questions}
    properties |= {
        f.name: field_schemas.field_schema(definition, f, json) for f in definition.fields
    }
    properties[HONEYPOT] = field_schemas.empty(json) | {"description": "must stay empty"}
    properties[PAYLOAD_FIELD] = {"type": "string", "description": "ALTCHA payload (base64)"}
    properties[SUBMISSION_ID] = {
        # Empty (or null in JSON) counts as no id, as in idempotency.submission_id().
        "anyOf": [
            {"type": "string", "pattern": f"^{ID_PATTERN.pattern}$"},
            field_schemas.empty(json),
        ],
        "description": (
            "Random id of this form rendering (e.g. a UUID), the same on every retry: a "
            "resend with the same content gets the first answer again (same reference, "
            "stored once), with other content 409 `submission_changed`. Without it a JSON "
            "post is always a new submission; a form-encoded one is recognised by its "
            "content on the same day."
        ),
    }
    required = [q.id for q in definition.questions]
    required += [f.name for f in definition.fields if f.required]
    required += [HONEYPOT, PAYLOAD_FIELD] if json else [HONEYPOT]
    return {
        "type": "object",
        "properties": properties,
        "required": required,
        "additionalProperties": True,
    }


def _json(schema: dict[str, Any], description: str) -> dict[str, Any]:
    return {"description": description, "content": {"application/json": {"schema": schema}}}


def _error(description: str, html: bool) -> dict[str, Any]:
    response = _json(ERROR, description)
    if html:
        response["content"] |= HTML
    return response


def _submit(definition: FormDefinition) -> dict[str, Any]:
    schema = request_schema(definition, json=True)
    responses = {
        "201": _json(
            {
                "type": "object",
                "required": ["id", "message"],
                "properties": {"id": {"type": "string"}, "message": {"type": "string"}},
            },
            "Stored, or stored before under this submission id (the same answer again)",
        ),
        "303": {"description": "Stored (form-encoded): see the thank-you page"},
        "422": {
            "description": "Field errors",
            "content": {"application/json": {"schema": INVALID}} | HTML,
        },
    }
    responses |= {code: _error(text, html=True) for code, text in SUBMIT_ERRORS.items()}
    responses["429"]["headers"] = {"Retry-After": {"schema": {"type": "string"}}}
    return {
        "summary": f"Submit: {definition.title}",
        "operationId": f"submit_{definition.id.replace('-', '_')}",
        "requestBody": {
            "required": True,
            "content": {
                "application/json": {"schema": schema},
                "application/x-www-form-urlencoded": {
                    "schema": request_schema(definition, json=False)
                },
            },
        },
        "responses": responses,
    }


def _show(definition: FormDefinition) -> dict[str, Any]:
    schema: dict[str, Any] = {"type": "object", "required": ["id", "status", "open", "fields"]}
    if definition.kind == "registration":
        schema = schema | {
            "required": [*schema["required"], "seats"],
            "properties": {"seats": SEATS},
        }
    return {
        "summary": f"Public definition: {definition.title}",
        "operationId": f"show_{definition.id.replace('-', '_')}",
        "responses": {"200": _json(schema, "The form without answers")},
    }


SEATS = {
    "type": "object",
    "description": "Event registrations only: the seats, counted at the moment of the request.",
    "required": ["capacity", "taken", "left", "waiting"],
    "properties": {
        name: {"type": "integer", "minimum": 0} for name in ("capacity", "taken", "left", "waiting")
    },
}
CONFIRM_LINK = {
    "what": "the double opt-in link mailed after a submission",
    "get": "Shows what the link would confirm and a button; changes nothing (mail scanners).",
    "post": (
        "Confirms the entry once. An event registration takes a seat or its place on the "
        "waiting list here, in order of confirmation, and is mailed its cancellation link."
    ),
    "errors": {
        "400": "A link this service never signed",
        "404": "The entry is gone",
        "409": "This address has confirmed an entry already",
        "410": "Used, expired, or the form has closed",
    },
}
CANCEL_LINK = {
    "what": "the personal cancellation link in every mail about a registration",
    "get": "Shows what the link would cancel and a button; changes nothing.",
    "post": (
        "Cancels the registration once; the first person on the waiting list moves up and "
        "is mailed (through the outbox)."
    ),
    "errors": {
        "400": "A link this service never signed",
        "404": "The registration is gone",
        "410": "Used, or the event has started",
    },
}


def _link_pages(name: str, spec: dict[str, Any]) -> dict[str, Any]:
    """A signed single-use link: German HTML pages, never cached, no referrer."""
    token = {
        "name": "token",
        "in": "path",
        "required": True,
        "schema": {"type": "string"},
        "description": f"The signed token of {spec['what']}",
    }
    responses = {"200": {"description": "German HTML page", "content": HTML}}
    responses |= {
        code: {"description": text, "content": HTML} for code, text in spec["errors"].items()
    }
    return {
        "parameters": [token],
        "get": {
            "summary": spec["get"],
            "operationId": f"show_{name}_link",
            "responses": responses,
        },
        "post": {
            "summary": spec["post"],
            "operationId": f"use_{name}_link",
            "responses": responses,
        },
    }


def _challenge() -> dict[str, Any]:
    schema = {
        "type": "object",
        "required": ["parameters", "signature"],
        "properties": {"parameters": {"type": "object"}, "signature": {"type": "string"}},
    }
    return {
        "summary": "A proof-of-work challenge (ALTCHA); its data signs the form start time",
        "operationId": "challenge",
        "responses": {
            "200": _json(schema, "Challenge"),
            "429": _error("Too many requests", html=False)
            | {"headers": {"Retry-After": {"schema": {"type": "string"}}}},
        },
    }


def _health() -> dict[str, Any]:
    return {
        "summary": "Health check",
        "operationId": "health",
        "responses": {
            "200": _json({"type": "object", "properties": {"status": {"const": "ok"}}}, "Up"),
            "503": _error("Database unavailable", html=False),
        },
    }
