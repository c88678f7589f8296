"""Check one date's file (content/termine/<slug>.md) into an Event, collecting every error."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

from site_src import frontmatter
from site_src.errors import ContentError
from site_src.settings import FOCUS_AREAS, SiteSettings
from site_src.termine.model import BERLIN, Accessibility, Event, Registration, Venue
from site_src.termine.times import TimeProblem, parse_local
from site_src.text import slugify
from site_src.videos.fields import FieldChecker, KeyPath
from site_src.videos.recording_schema import IMAGE_SUFFIXES
from site_src.videos.yamlnodes import front_matter_spots

KEYS = (
    "title",
    "description",
    "start",
    "end",
    "repeat",
    "until",
    "place",
    "online",
    "accessibility",
    "focus",
    "image",
    "image_alt",
    "registration",
    "free",
    "draft",
)
PLACE_KEYS = ("name", "street", "postal_code", "city", "stadtteil")
ACCESS_KEYS = ("step_free", "hearing_loop", "sign_language")
REGISTRATION_KEYS = ("form", "capacity", "deadline")
POSTAL_CODE = re.compile(r"^\d{5}$")
ONLINE_URL = re.compile(r"^https://[^\s/]+\.[^\s/]+(/\S*)?$")


def read_event(
    path: Path, content_dir: Path, settings: SiteSettings
) -> tuple[Event | None, bool, list[ContentError]]:
    """Return (event, is draft, errors); the event only when the file has no error at all."""
    try:
        page = frontmatter.read(path, content_dir)
    except frontmatter.FrontMatterError as exc:
        return None, False, [exc.error]
    check = FieldChecker(
        page.path, front_matter_spots(path.read_text(encoding="utf-8")), path.parent, content_dir
    )
    meta = page.meta
    check.file_name(path, "termine")
    check.unknown_keys(meta, (), KEYS)
    title = check.text(meta, ("title",), "Werkstatt Nachbarschafts-App")
    description = check.text(meta, ("description",), "Ein Satz, worum es geht.")
    start, end = _times(check, meta)
    weekly, until = _repeat(check, meta, start)
    venue = _venue(check, meta.get("place"), settings)
    online = _online(check, meta)
    if venue is None and online is None and "place" not in meta:
        check.error(
            ("place",),
            "fehlt: geben Sie einen Ort (place: mit name, street, postal_code, stadtteil) "
            "oder einen Link für Online-Termine an (online: https://...)",
        )
    accessibility = _accessibility(check, meta, in_person="place" in meta)
    image = _image(check, meta)
    focus = tuple(_focus(check, meta))
    registration = _registration(check, meta.get("registration"), start)
    draft = _flag(check, meta, "draft", False)
    free = _flag(check, meta, "free", True)
    if check.errors:
        return None, draft, check.errors
    return (
        Event(
            src=path.relative_to(content_dir).as_posix(),
            slug=path.stem,
            title=title,
            description=description,
            start=start,
            end=end,
            body=page.body,
            venue=venue,
            online=online,
            accessibility=accessibility,
            focus=focus,
            image=image,
            image_alt=meta.get("image_alt"),
            registration=registration,
            weekly=weekly,
            until=until,
            free=free,
        ),
        draft,
        [],
    )


def _moment(check: FieldChecker, data: dict, path: KeyPath, example: str = "2021-06-21 16:00"):
    text = check.text(data, path, example)
    if text is None:
        return None
    try:
        return parse_local(text)
    except TimeProblem as problem:
        check.error(path, str(problem))
        return None


def _times(check: FieldChecker, meta: dict):
    start = _moment(check, meta, ("start",))
    if start is not None and not isinstance(start, dt.datetime) and meta.get("end") is None:
        return start, start  # one whole day
    end = _moment(check, meta, ("end",), _end_example(start))
    if start is None or end is None:
        return start, end
    if isinstance(start, dt.datetime) != isinstance(end, dt.datetime):
        check.error(
            ("end",),
            "muss wie start geschrieben sein: beide mit Uhrzeit oder beide nur als Tag (ganztägig)",
        )
        return start, None
    too_early = end < start if not isinstance(end, dt.datetime) else end <= start
    if too_early:
        check.error(("end",), f"liegt vor dem Beginn ({check.raw(('start',), start)}); Ende prüfen")
        return start, None
    return start, end


def _end_example(start) -> str:
    """An end to copy that fits the date's start: two hours later (the example otherwise)."""
    if not isinstance(start, dt.datetime):
        return "2021-06-21 16:00"
    return f"{start + dt.timedelta(hours=2):%Y-%m-%d %H:%M}"


def _repeat(check: FieldChecker, meta: dict, start) -> tuple[bool, dt.date | None]:
    repeat = meta.get("repeat")
    if repeat is not None and repeat != "weekly":
        check.error(("repeat",), f"'{repeat}' ist nicht möglich; erlaubt ist nur repeat: weekly")
    until = None
    if meta.get("until") is not None:
        if repeat is None:
            check.error(("until",), "gilt nur für wiederkehrende Termine (repeat: weekly)")
        value = _moment(check, meta, ("until",))
        if isinstance(value, dt.datetime):
            check.error(("until",), "nur den letzten Tag angeben, ohne Uhrzeit, z. B. 2021-12-31")
        elif value is not None:
            until = value
            first = start.date() if isinstance(start, dt.datetime) else start
            if first is not None and until < first:
                check.error(("until",), "liegt vor dem ersten Termin (start); Datum prüfen")
    return repeat == "weekly", until


def _venue(check: FieldChecker, value: object, settings: SiteSettings) -> Venue | None:
    if value is None:
        return None
    path: KeyPath = ("place",)
    if not isinstance(value, dict):
        check.error(path, "muss name, street, postal_code und stadtteil enthalten (eingerückt)")
        return None
    check.unknown_keys(value, path, PLACE_KEYS)
    name = check.text(value, (*path, "name"), "Stadtteilzentrum Wesertor")
    street = check.text(value, (*path, "street"), "Obere Königsstraße 8")
    postal = check.text(value, (*path, "postal_code"), '"34117"')
    city = check.text(value, (*path, "city"), "Kassel", required=False) or "Kassel"
    stadtteil = check.text(value, (*path, "stadtteil"), "Mitte")
    if postal is not None and not POSTAL_CODE.match(postal):
        check.error((*path, "postal_code"), f"'{postal}' ist keine Postleitzahl (fünf Ziffern)")
    if stadtteil is not None and stadtteil not in settings.stadtteile:
        names = ", ".join(settings.stadtteile)
        check.error(
            (*path, "stadtteil"),
            f"'{stadtteil}' ist kein Stadtteil von Kassel; erlaubt sind: {names}",
        )
    if None in (name, street, postal, stadtteil):
        return None
    return Venue(name, street, postal, city, stadtteil)


def _online(check: FieldChecker, meta: dict) -> str | None:
    url = check.text(meta, ("online",), "https://www.letsgetsmartkassel.de/", required=False)
    if url is not None and not ONLINE_URL.match(url):
        check.error(("online",), f"'{url}' ist kein Link; schreiben Sie ihn mit https://")
        return None
    return url


def _accessibility(check: FieldChecker, meta: dict, in_person: bool) -> Accessibility:
    value = meta.get("accessibility")
    path: KeyPath = ("accessibility",)
    if value is None:
        if in_person:
            check.error(
                path,
                "fehlt, ist bei Terminen vor Ort aber Pflicht: step_free (stufenlos), "
                "hearing_loop (Induktionsschleife), sign_language (Gebärdensprache), je true/false",
            )
        return Accessibility()
    if not isinstance(value, dict):
        check.error(path, "muss step_free, hearing_loop und sign_language enthalten (eingerückt)")
        return Accessibility()
    allowed = ACCESS_KEYS if in_person else ("sign_language",)
    check.unknown_keys(value, path, allowed)
    flags = {}
    for key in allowed:
        flag = value.get(key)
        if flag is None and in_person:
            check.error((*path, key), "fehlt; true oder false angeben")
        elif flag is not None and not isinstance(flag, bool):
            check.error((*path, key), "muss true oder false sein")
        else:
            flags[key] = flag
    return Accessibility(**flags)


def _focus(check: FieldChecker, meta: dict) -> list[str]:
    value = meta.get("focus")
    if value is None:
        return []
    items = value if isinstance(value, list) else [value]
    allowed = ", ".join(FOCUS_AREAS)
    for index, item in enumerate(items):
        if item not in FOCUS_AREAS:
            where = ("focus", index) if isinstance(value, list) else ("focus",)
            check.error(where, f"'{item}' ist kein Handlungsfeld; erlaubt sind: {allowed}")
    return [item for item in items if item in FOCUS_AREAS]


def _image(check: FieldChecker, meta: dict) -> str | None:
    value = check.text(meta, ("image",), "bilder/werkstatt.jpg", required=False)
    if value is None:
        return None
    if not meta.get("image_alt"):
        message = "ist Pflicht, wenn 'image' gesetzt ist; was zeigt das Bild?"
        check.error(("image_alt",), message, at=("image",))
    target = check.file(("image",), value, IMAGE_SUFFIXES)
    return check.content_path(target) if target else None


def _registration(check: FieldChecker, value: object, start) -> Registration | None:
    if value is None:
        return None
    path: KeyPath = ("registration",)
    if not isinstance(value, dict):
        check.error(path, "muss form, capacity und deadline enthalten (eingerückt)")
        return None
    check.unknown_keys(value, path, REGISTRATION_KEYS)
    form = check.text(value, (*path, "form"), "werkstatt-wesertor")
    if form is not None and slugify(form) != form:
        check.error((*path, "form"), f"'{form}' ist kein Formularname (a-z, 0-9, '-')")
    capacity = value.get("capacity")
    if isinstance(capacity, bool) or not isinstance(capacity, int) or capacity < 1:
        check.error((*path, "capacity"), "muss eine ganze Zahl ab 1 sein (Zahl der Plätze)")
    deadline = _moment(check, value, (*path, "deadline")) if "deadline" in value else None
    if "deadline" not in value:
        check.error((*path, "deadline"), "fehlt; Anmeldeschluss angeben, z. B. 2021-07-01 12:00")
    elif deadline is not None and not isinstance(deadline, dt.datetime):
        check.error((*path, "deadline"), "braucht eine Uhrzeit, z. B. 2021-07-01 12:00")
    elif deadline is not None and start is not None and deadline > as_moment(start):
        check.error((*path, "deadline"), "liegt nach dem Beginn (start); Anmeldeschluss prüfen")
    if check.errors or form is None or not isinstance(deadline, dt.datetime):
        return None
    return Registration(form, capacity, deadline)


def as_moment(start: dt.datetime | dt.date) -> dt.datetime:
    """An all-day date starts at midnight in Kassel."""
    if isinstance(start, dt.datetime):
        return start
    return dt.datetime.combine(start, dt.time(), BERLIN)


def _flag(check: FieldChecker, meta: dict, key: str, default: bool) -> bool:
    value = meta.get(key, default)
    if not isinstance(value, bool):
        check.error((key,), "muss true oder false sein")
        return default
    return value
