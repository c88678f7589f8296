"""A date's `registration` and the form that takes it (content/forms/<form>.yml) agree.

The form service reads only content/forms/, so the seats, the deadline and the times live in
the form too; the build refuses a date whose registration says otherwise, naming the line.
The date's page then shows that form (the same macros as every form on the site).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from pathlib import Path

from forms.definitions import DefinitionErrors, FormDefinition
from site_src import frontmatter
from site_src.errors import ContentError
from site_src.form_definitions import load_all
from site_src.form_pages import ASSETS_URL, SCRIPT, api_url, build_moment, render_section
from site_src.render import relative_url
from site_src.termine.model import Event
from site_src.termine.schema import as_moment
from site_src.videos.yamlnodes import front_matter_spots


def registration_forms(root: Path) -> dict[str, FormDefinition]:
    """The registration forms in content/forms/ (broken definitions are reported elsewhere)."""
    folder = Path(root) / "forms"
    if not folder.is_dir():
        return {}
    try:
        return {k: v for k, v in load_all(folder).items() if v.kind == "registration"}
    except DefinitionErrors:
        return {}  # site_src.form_pages.check_forms reports every problem of the definitions


def check(
    root: Path,
    events: Iterable[Event],
    forms: dict[str, FormDefinition],
    broken: Iterable[Path] = (),
) -> list:
    """Every difference between a date's registration and its form, as editor errors.

    `broken` are date files with errors of their own: an unknown form is named for them too,
    so that one run reports every mistake.
    """
    errors: list[ContentError] = []
    for event in events:
        if event.registration is not None:
            _differences(event, forms, _reporter(root, Path(root) / event.src, errors))
    for path in broken:
        name = _form_named(path, root)
        if name is not None and name not in forms:
            _reporter(root, path, errors)("form", _unknown(name, forms))
    return errors


def _reporter(root: Path, path: Path, errors: list) -> Callable[[str, str], None]:
    """Append an error about `registration.<key>` at its line in `path` to `errors`."""
    spots = front_matter_spots(path.read_text(encoding="utf-8"))
    shown = frontmatter.read(path, Path(root)).path  # as every other error names the file

    def error(key: str, message: str) -> None:
        spot = spots.get(("registration", key)) or spots.get(("registration",))
        errors.append(ContentError(shown, spot.line if spot else 1, f"registration.{key}", message))

    return error


def _form_named(path: Path, root: Path) -> str | None:
    """The form a broken date's registration names, if it can be read at all."""
    try:
        meta = frontmatter.read(path, Path(root)).meta
    except frontmatter.FrontMatterError:
        return None
    registration = meta.get("registration")
    form = registration.get("form") if isinstance(registration, dict) else None
    return form if isinstance(form, str) and form.strip() else None


def _unknown(name: str, forms: dict[str, FormDefinition]) -> str:
    names = ", ".join(sorted(forms)) or "keine"
    return (
        f"kein Anmeldeformular '{name}' in content/forms/ (kind: registration); vorhanden: {names}"
    )


def _differences(event: Event, forms: dict[str, FormDefinition], error: Callable) -> None:
    registration = event.registration
    form = forms.get(registration.form)
    if form is None:
        error("form", _unknown(registration.form, forms))
        return
    path = form.path or f"content/forms/{form.id}.yml"
    if form.capacity != registration.capacity:
        error("capacity", f"{registration.capacity} Plätze, aber {path} sagt {form.capacity}")
    if form.closes != registration.deadline:
        error("deadline", f"stimmt nicht mit 'closes' in {path} überein")
    if form.event.start != as_moment(event.start):
        error("form", f"der Beginn (start) stimmt nicht mit 'event: start' in {path} überein")
    if form.event.page != "/" + event.url:
        error("form", f"'event: page' in {path} muss /{event.url} sein")


def section_renderer(forms: dict[str, FormDefinition]) -> Callable[[str, str], str]:
    """Render a registration form for a date's page (address relative to that page)."""
    moment = build_moment()

    def render(form_id: str, page_url: str) -> str:
        return render_section(
            forms[form_id],
            now=moment.moment,
            preview=moment.preview,
            script_url=relative_url(ASSETS_URL + SCRIPT, page_url),
            api_url=api_url(),
        )

    return render
