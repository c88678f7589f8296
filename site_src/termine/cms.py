"""The events collection of the browser editor, built from what site_src/termine/schema.py checks.

Keys, nested keys, patterns and allow-lists come from the schema and the model, so a key the
schema gains (for example in `registration`) reaches the editor or stops the build. Nested
fields are optional for Decap (it would insist on them even where the whole group is left out,
as `place` is for online dates); which of them a group needs is in `rules()`, which the rules
script (admin/regeln.js) enforces on save together with the rules between fields.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import MISSING
from dataclasses import fields as dataclass_fields
from types import UnionType
from typing import Union, get_args, get_origin, get_type_hints

from site_src import cms_widgets as w
from site_src.cms_widgets import suffix_pattern
from site_src.schema import SLUG
from site_src.settings import FOCUS_AREAS, SiteSettings
from site_src.termine import schema
from site_src.termine.model import Accessibility, Registration, Venue
from site_src.termine.times import MOMENT

NAME = "termine"
MOMENT_HINT = "JJJJ-MM-TT HH:MM, z. B. 2021-06-21 16:00; ganztägig nur JJJJ-MM-TT"
MOMENT_MESSAGE = "Bitte als JJJJ-MM-TT HH:MM oder (ganztägig) JJJJ-MM-TT schreiben"
DAY = re.compile(r"^\d{4}-\d{2}-\d{2}$")
TIMED = re.compile(r"^\d{4}-\d{2}-\d{2} \d{1,2}:\d{2}$")
# Nested keys a group may leave out (check fills them in): the city is Kassel.
OPTIONAL_NESTED = {"place": ("city",)}
# Fields of the nested groups, labelled for editors; a key without a label stops the build.
LABELS = {
    "title": "Titel",
    "description": "Anreißer (ein Satz)",
    "start": "Beginn",
    "end": "Ende",
    "repeat": "Wiederholung",
    "until": "Letzter Termin (bei Wiederholung)",
    "place": "Ort (vor Ort)",
    "online": "Link (bei Online-Terminen)",
    "accessibility": "Barrierefreiheit",
    "focus": "Handlungsfelder",
    "image": "Bild",
    "image_alt": "Bildbeschreibung (Alternativtext)",
    "registration": "Anmeldung",
    "free": "Eintritt frei",
    "draft": "Entwurf (noch nicht veröffentlichen)",
    "place.name": "Name des Ortes",
    "place.street": "Straße und Hausnummer",
    "place.postal_code": "Postleitzahl",
    "place.city": "Stadt (leer: Kassel)",
    "place.stadtteil": "Stadtteil",
    "accessibility.step_free": "Stufenlos erreichbar",
    "accessibility.hearing_loop": "Induktionsschleife",
    "accessibility.sign_language": "Gebärdensprache",
    "registration.form": "Formular (Kurzname)",
    "registration.capacity": "Plätze",
    "registration.deadline": "Anmeldeschluss",
}


def collection(settings: SiteSettings, docs_dir: str) -> dict:
    """A folder collection: every date is one file named after its title."""
    return {
        "name": NAME,
        "label": "Termine",
        "label_singular": "Termin",
        "folder": f"{docs_dir}/termine",
        "create": True,
        "extension": "md",
        "format": "frontmatter",
        "identifier_field": "title",
        "slug": "{{slug}}",
        "summary": "{{start}} – {{title}}",
        "media_folder": "bilder",
        "public_folder": "bilder",
        "fields": [
            *fields(settings),
            {"name": "body", "label": "Text", "widget": "markdown", "required": False},
        ],
    }


def fields(settings: SiteSettings) -> list[dict]:
    """One widget per key the schema knows, in the schema's order."""
    build = _builders(settings)
    missing = [key for key in schema.KEYS if key not in build]
    if missing:
        raise ValueError(f"no CMS widget for event keys {missing}")
    return [build[key]() for key in schema.KEYS]


def _builders(settings: SiteSettings) -> dict:
    label = LABELS.__getitem__
    moment = w.js_pattern(MOMENT, MOMENT_MESSAGE)
    return {
        "title": lambda: w.text("title", label("title"), required=True),
        "description": lambda: w.text("description", label("description"), True, long=True),
        "start": lambda: w.field(
            "start", label("start"), "string", True, pattern=moment, hint=MOMENT_HINT
        ),
        "end": lambda: w.field(
            "end", label("end"), "string", pattern=moment, hint="wie der Beginn geschrieben"
        ),
        "repeat": lambda: w.field(
            "repeat",
            label("repeat"),
            "select",
            options=[{"label": "wöchentlich", "value": "weekly"}],
        ),
        "until": lambda: w.field(
            "until",
            label("until"),
            "string",
            pattern=w.js_pattern(DAY, "Nur den Tag angeben: JJJJ-MM-TT"),
        ),
        "place": lambda: _group("place", settings),
        "online": lambda: w.field(
            "online",
            label("online"),
            "string",
            pattern=w.js_pattern(schema.ONLINE_URL, "Ein Link, der mit https:// beginnt"),
        ),
        "accessibility": lambda: _group("accessibility", settings),
        "focus": lambda: w.field(
            "focus",
            label("focus"),
            "select",
            multiple=True,
            options=[{"label": text, "value": slug} for slug, text in FOCUS_AREAS.items()],
        ),
        "image": lambda: w.field(
            "image",
            label("image"),
            "image",
            choose_url=False,
            pattern=suffix_pattern(schema.IMAGE_SUFFIXES, "Bilder"),
        ),
        "image_alt": lambda: w.text("image_alt", label("image_alt"), long=True),
        "registration": lambda: _group("registration", settings),
        "free": lambda: w.flag("free", label("free"), default=True),
        "draft": lambda: w.flag("draft", label("draft"), default=False),
    }


# Decap marks nested fields "optional"; the hint says when they are needed after all.
GROUP_HINTS = {
    "place": "Pflicht bei Terminen vor Ort",
    "registration": "Pflicht, wenn man sich anmelden muss",
}
GROUP_MODELS: dict[str, type] = {
    "place": Venue,
    "accessibility": Accessibility,
    "registration": Registration,
}
GROUP_KEYS = {
    "place": schema.PLACE_KEYS,
    "accessibility": schema.ACCESS_KEYS,
    "registration": schema.REGISTRATION_KEYS,
}


def _group(name: str, settings: SiteSettings) -> dict:
    """An optional group whose fields follow the schema's keys and the model's types."""
    model = GROUP_MODELS[name]
    types = get_type_hints(model)
    known = {item.name for item in dataclass_fields(model)}
    nested = []
    for key in GROUP_KEYS[name]:
        if key not in known:
            raise ValueError(f"{name}.{key} is checked but not in {model.__name__}")
        spec = _nested(name, key, types[key], settings)
        if name in GROUP_HINTS and key not in OPTIONAL_NESTED.get(name, ()):
            spec.setdefault("hint", GROUP_HINTS[name])
        nested.append(spec)
    return w.field(name, LABELS[name], "object", collapsed=False, fields=nested)


def _nested(group: str, key: str, kind: object, settings: SiteSettings) -> dict:
    """A nested field's widget from its type; a few keys carry the schema's own pattern."""
    # A key another change adds without a German label still gets a readable one.
    label = LABELS.get(f"{group}.{key}") or key.replace("_", " ").capitalize()
    kind = _without_none(kind)
    if (group, key) == ("place", "stadtteil"):
        return w.field(key, label, "select", options=list(settings.stadtteile))
    if (group, key) == ("place", "postal_code"):
        return w.field(
            key, label, "string", pattern=w.js_pattern(schema.POSTAL_CODE, "Fünf Ziffern")
        )
    if (group, key) == ("registration", "form"):
        return w.slug(key, label, hint="der Name der Formulardatei in content/forms/, ohne .yml")
    if kind is bool:
        return w.flag(key, label, default=False)
    if kind is int:
        return w.field(key, label, "number", value_type="int", min=1, step=1)
    if kind is dt.datetime:
        return w.field(
            key,
            label,
            "string",
            pattern=w.js_pattern(TIMED, "Mit Uhrzeit angeben: JJJJ-MM-TT HH:MM"),
            hint="z. B. 2021-07-01 12:00",
        )
    if kind is dt.date:
        return w.field(key, label, "string", pattern=w.js_pattern(DAY, "JJJJ-MM-TT"))
    if kind is str:
        return w.text(key, label)
    raise ValueError(f"no CMS widget for {group}.{key} ({kind})")


def _required(group: str) -> list[str]:
    """A group's keys the model cannot do without (no default), less those check fills in."""
    model = GROUP_MODELS[group]
    defaults = {
        item.name
        for item in dataclass_fields(model)
        if item.default is not MISSING or item.default_factory is not MISSING
    }
    skip = set(OPTIONAL_NESTED.get(group, ())) | defaults
    return [key for key in GROUP_KEYS[group] if key not in skip]


def _without_none(kind: object) -> object:
    """`int | None` -> int: an optional value has the widget of its type."""
    args = [arg for arg in get_args(kind) if arg is not type(None)]
    return args[0] if get_origin(kind) in (Union, UnionType) and len(args) == 1 else kind


def rules() -> dict:
    """What the rules script checks on save, named by the schema's keys."""
    required = {group: _required(group) for group in GROUP_KEYS if group != "accessibility"}
    return {
        "needs": {"image": "image_alt"},
        "groups": required,
        "access": {"keys": list(schema.ACCESS_KEYS), "online": ["sign_language"]},
        "slug": SLUG.pattern,
    }
