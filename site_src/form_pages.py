"""Forms on pages with front matter `form: <form_id>`, rendered from the service's definitions.

The page shows the same Jinja macros the form service uses for its error pages, so a field is
defined once (content/forms/<form_id>.yml) and looks the same everywhere. Editors place the
parts with HTML comments in the page's Markdown; without the form marker the form goes last:

- `<!-- formular -->`: the form (or the notice that it has ended), with its script;
- `<!-- formular:einsendeschluss -->`: the deadline in words, e.g. "Freitag, 25. Juni 2021,
  23:59 Uhr";
- `<!-- formular:preise -->`: the prizes of a quiz as a list.

The answers of a quiz never reach the page: only question texts and options are rendered.
"""

from __future__ import annotations

import os
from datetime import UTC, datetime
from functools import cache
from pathlib import Path

from jinja2 import ChoiceLoader, Environment, FileSystemLoader, StrictUndefined

from forms.clock import german_time
from forms.definitions import DefinitionErrors, FormDefinition
from site_src.clock import BuildClock, ClockError, build_clock
from site_src.errors import ContentError
from site_src.form_definitions import load_all
from site_src.render import relative_url

FORM_MARKER = "<!-- formular -->"
DEADLINE_MARKER = "<!-- formular:einsendeschluss -->"
PRIZES_MARKER = "<!-- formular:preise -->"
SCRIPT = "js/forms.js"
# Loaded only by pages with a form: the script and the modules it imports.
ON_DEMAND_SCRIPTS = (SCRIPT, "js/form-send.js", "js/form-answers.js", "js/form-seats.js")
ASSETS_URL = "assets/sk/"
API_VARIABLE = "FORMS_API_URL"
DEFAULT_API = "/api"
_HERE = Path(__file__).parent


def page_markdown(src: str, markdown: str, meta: dict, content, settings) -> str:
    """Put the form, its deadline and its prizes into the Markdown of a page with `form:`."""
    form_id = meta.get("form")
    if not form_id:
        return markdown
    definition = load_all(Path(content.root) / "forms")[form_id]
    moment = build_moment()
    section = render_section(
        definition,
        now=moment.moment,
        preview=moment.preview,
        script_url=relative_url(ASSETS_URL + SCRIPT, content.page_url(src)),
        api_url=api_url(),
    )
    markdown = markdown.replace(DEADLINE_MARKER, deadline_words(definition))
    markdown = markdown.replace(PRIZES_MARKER, prize_list(definition))
    if FORM_MARKER in markdown:
        return markdown.replace(FORM_MARKER, f"\n\n{section}\n\n", 1)
    return f"{markdown.rstrip()}\n\n{section}\n"


def check_forms(content, settings) -> list[ContentError]:
    """Report broken form definitions, pages naming unknown forms and a bad preview clock."""
    folder = Path(content.root) / "forms"
    uses_forms = any(fm.meta.get("form") for fm in content.pages.values())
    if not folder.is_dir() and not uses_forms:
        return []  # a site without forms (e.g. a test site) needs no definitions
    try:
        known = load_all(folder)
    except DefinitionErrors as exc:
        return [ContentError(p.path, p.line, p.key, p.message) for p in exc.problems]
    errors = []
    for fm in content.pages.values():
        form_id = fm.meta.get("form")
        if form_id and form_id not in known:
            names = ", ".join(sorted(known)) or "keine"
            message = (
                f"unbekanntes Formular {form_id!r}; vorhanden sind: {names} "
                "(Dateien in content/forms/)"
            )
            errors.append(ContentError(fm.path, fm.line_of("form"), "form", message))
    try:
        build_moment()
    except ClockError as exc:
        errors.append(exc.as_content_error())
    return errors


def build_moment() -> BuildClock:
    """The moment the forms are shown at (see site_src.clock for what decides it)."""
    return build_clock()


def api_url() -> str:
    """Where the forms post to: FORMS_API_URL, by default /api on the site's own host."""
    return (os.environ.get(API_VARIABLE) or DEFAULT_API).rstrip("/")


def render_section(
    definition: FormDefinition,
    now: datetime,
    preview: bool = False,
    script_url: str = "/" + ASSETS_URL + SCRIPT,
    api_url: str = DEFAULT_API,
    built_at: datetime | None = None,
) -> str:
    """The form with its notices as HTML, in the state it is in at `now`."""
    template = _environment().get_template("forms/section.html")
    return template.render(
        definition=definition,
        status=definition.status(now),
        action=f"{api_url}/forms/{definition.id}",
        api_url=api_url,
        script_url=script_url,
        preview=preview,
        now=now,
        built_at=built_at or datetime.now(UTC).replace(microsecond=0),
    ).strip()


def deadline_words(definition: FormDefinition) -> str:
    """The deadline as people read it, or a plain statement that there is none."""
    return german_time(definition.closes) if definition.closes else "ohne Einsendeschluss"


def prize_list(definition: FormDefinition) -> str:
    """The prizes as a Markdown list, taken from the definition the draw also uses."""
    return "\n".join(f"- {prize.label}" for prize in definition.prizes)


@cache
def _environment() -> Environment:
    """Our section template plus the shared macros in overrides/partials/forms/."""
    env = Environment(
        loader=ChoiceLoader(
            [FileSystemLoader(_HERE / "templates"), FileSystemLoader(_HERE / "overrides")]
        ),
        autoescape=True,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["german_time"] = german_time
    env.filters["iso"] = lambda moment: moment.astimezone(UTC).isoformat()
    return env
