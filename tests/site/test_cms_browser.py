"""The CMS round trip in Chromium: /admin/ against decap-server, a new article, `check` passes."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path
from unittest import mock

import pytest
from playwright.sync_api import expect

from site_src import admin_csp, pipeline
from site_src.quality.serving import serving, static_app

REPO = Path(__file__).resolve().parents[2]
DECAP_SERVER = REPO / "node_modules" / "decap-server" / "dist" / "index.js"
pytestmark = pytest.mark.browser


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture(scope="module")
def cms(tmp_path_factory) -> Iterator[dict]:
    """A copy of the content, decap-server writing into it, and the site built to edit it."""
    root = tmp_path_factory.mktemp("cms")
    repo = root / "repo"
    shutil.copytree(REPO / "content", repo / "content")
    port = free_port()
    env = os.environ | {
        "PORT": str(port),
        "BIND_HOST": "127.0.0.1",
        "GIT_REPO_DIRECTORY": str(repo),
        "MODE": "fs",
    }
    server = subprocess.Popen(
        ["node", str(DECAP_SERVER)], env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT
    )
    try:
        backend = f"http://127.0.0.1:{port}/api/v1"
        _wait_for(port)
        build_env = {"CMS_LOCAL_BACKEND_URL": backend, "NO_MKDOCS_2_WARNING": "1"}
        with mock.patch.dict(os.environ, build_env):
            pipeline.build(str(REPO / "mkdocs.yml"), root / "site", docs_dir=str(repo / "content"))
        policy = admin_csp.admin_policy([f"http://127.0.0.1:{port}"])
        with serving(_with_admin_policy(static_app(root / "site"), policy)) as url:
            yield {"url": url, "repo": repo, "site": root / "site"}
    finally:
        server.terminate()
        server.wait(timeout=10)


def _wait_for(port: int) -> None:
    for _ in range(100):
        with socket.socket() as probe:
            if probe.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.1)
    raise RuntimeError("decap-server did not start")


def _with_admin_policy(app, policy: str):
    """Send /admin/ with its own policy, as deploy/nginx.conf does."""

    def wrapped(environ, start_response):
        def start(status, headers, exc_info=None):
            if environ["PATH_INFO"].startswith("/admin/"):
                headers = [*headers, ("Content-Security-Policy", policy)]
            return start_response(status, headers, exc_info)

        return app(environ, start)

    return wrapped


def test_editor_writes_an_article_in_the_browser_and_check_accepts_it(chromium, cms):
    context = chromium.new_context(locale="de-DE", timezone_id="Europe/Berlin")
    page = context.new_page()
    violations: list[str] = []
    page.on("console", lambda m: "Content Security Policy" in m.text and violations.append(m.text))
    posts = cms["repo"] / "content" / "aktuelles" / "posts"
    before = set(posts.glob("*.md"))

    page.goto(cms["url"] + "/admin/")
    page.get_by_role("button", name="Login").click()
    page.goto(cms["url"] + "/admin/#/collections/aktuelles/new")
    page.get_by_label("Datum").fill("2021-07-01")
    page.get_by_label("Titel").fill("Neue Sitzbänke: Kassel lädt die Sonne")
    page.get_by_label("Anreißer (ein Satz)").fill("Am Königsplatz laden Bänke jetzt Telefone.")
    page.locator("#categories-field-4, [id^='categories']").first.click()
    page.get_by_text("Mobilität", exact=True).click()
    editor = page.locator("[data-slate-editor='true']")
    editor.click()
    editor.type("Die ersten zwei Bänke stehen seit Montag.")
    page.get_by_role("button", name="Veröffentlichen").click()
    page.get_by_text("Jetzt veröffentlichen").click()
    expect(page.get_by_role("button", name="Veröffentlicht")).to_be_visible(timeout=15000)

    new = set(posts.glob("*.md")) - before
    assert len(new) == 1, new
    text = new.pop().read_text()
    assert "title: 'Neue Sitzbänke: Kassel lädt die Sonne'" in text or "Neue Sitzbänke" in text
    check = subprocess.run(
        [
            str(REPO / ".venv" / "bin" / "python"),
            str(REPO / "build.py"),
            "--content",
            str(cms["repo"] / "content"),
            "check",
        ],
        capture_output=True,
        text=True,
        env=os.environ | {"NO_MKDOCS_2_WARNING": "1"},
    )
    assert check.returncode == 0, check.stdout + check.stderr + text
    assert violations == []
    context.close()


def _check(content: Path) -> subprocess.CompletedProcess:
    """`build.py check` on the edited content, as the pre-commit hook runs it."""
    return subprocess.run(
        [REPO / ".venv" / "bin" / "python", REPO / "build.py", "--content", content, "check"],
        capture_output=True,
        text=True,
        env=os.environ | {"NO_MKDOCS_2_WARNING": "1"},
    )


def _choose(page, label: str, option: str) -> None:
    """Pick `option` in a Decap select (react-select) labelled `label`."""
    page.get_by_label(label, exact=True).click()
    page.get_by_text(option, exact=True).last.click()


def _publish(page) -> None:
    page.get_by_role("button", name="Veröffentlichen").click()
    page.get_by_text("Jetzt veröffentlichen").click()
    expect(page.get_by_role("button", name="Veröffentlicht")).to_be_visible(timeout=15000)


def test_editor_adds_an_event_with_place_and_registration_and_check_accepts_it(chromium, cms):
    context = chromium.new_context(locale="de-DE", timezone_id="Europe/Berlin")
    page = context.new_page()
    dialogs: list[str] = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.accept()))
    folder = cms["repo"] / "content" / "termine"
    before = set(folder.glob("*.md"))
    # The office defines the registration form first (forms are not edited in the CMS);
    # the date the editor writes must agree with it, or check refuses.
    form = (cms["repo"] / "content" / "forms" / "werkstatt-nachbarschafts-app.yml").read_text()
    form = form.replace("id: werkstatt-nachbarschafts-app", "id: sprechstunde-baenke")
    form = form.replace("capacity: 20", "capacity: 12")
    form = form.replace("closes: 2021-08-30T12:00:00+02:00", "closes: 2021-09-14T12:00:00+02:00")
    form = form.replace("start: 2021-09-01T18:00:00+02:00", "start: 2021-09-15T18:00:00+02:00")
    form = form.replace("end: 2021-09-01T20:00:00+02:00", "end: 2021-09-15T20:00:00+02:00")
    form = form.replace(
        "page: /termine/werkstatt-nachbarschafts-app/", "page: /termine/sprechstunde-smarte-banke/"
    )
    (cms["repo"] / "content" / "forms" / "sprechstunde-baenke.yml").write_text(form)

    page.goto(cms["url"] + "/admin/")
    page.get_by_role("button", name="Login").click()
    page.goto(cms["url"] + "/admin/#/collections/termine/new")
    page.get_by_label("Titel", exact=True).fill("Sprechstunde: Smarte Bänke")
    page.get_by_label("Anreißer (ein Satz)", exact=True).fill("Fragen zu den Bänken am Platz.")
    page.get_by_label("Beginn", exact=True).fill("2021-09-15 18:00")
    page.get_by_label("Name des Ortes").fill("Stadtteilzentrum Wesertor")
    page.get_by_label("Straße und Hausnummer").fill("Weserstraße 26")
    page.get_by_label("Postleitzahl").fill("34125")
    _choose(page, "Stadtteil (optional)", "Wesertor")
    page.get_by_label("Stufenlos erreichbar").click()
    # The first try forgets the end: the rules script refuses, as check would.
    page.get_by_role("button", name="Veröffentlichen").click()
    page.get_by_text("Jetzt veröffentlichen").click()
    expect(page.get_by_label("Ende (optional)", exact=True)).to_be_visible()
    page.wait_for_timeout(500)
    assert any("„Ende“ fehlt" in message for message in dialogs), dialogs
    assert set(folder.glob("*.md")) == before
    page.get_by_label("Ende (optional)", exact=True).fill("2021-09-15 20:00")
    page.get_by_label("Formular (Kurzname)").fill("sprechstunde-baenke")
    page.get_by_label("Plätze").fill("12")
    page.get_by_label("Anmeldeschluss").fill("2021-09-14 12:00")
    _publish(page)

    new = set(folder.glob("*.md")) - before
    assert [path.name for path in new] == ["sprechstunde-smarte-banke.md"], (
        "ASCII file name from the title"
    )
    text = new.pop().read_text()
    assert "stadtteil: Wesertor" in text and "step_free: true" in text
    assert "hearing_loop: false" in text and "capacity: 12" in text
    check = _check(cms["repo"] / "content")
    assert check.returncode == 0, check.stdout + check.stderr + text
    context.close()


def _upload(page, button, path: Path) -> None:
    """Choose a file in Decap's media library by uploading it, then use it."""
    button.click()
    page.locator("input[type=file]").set_input_files(str(path))
    page.get_by_role("button", name="Ausgewähltes Element verwenden").click()


def test_editor_adds_a_video_evening_with_a_transcript_and_check_accepts_it(
    chromium, cms, tmp_path
):
    context = chromium.new_context(locale="de-DE", timezone_id="Europe/Berlin")
    page = context.new_page()
    dialogs: list[str] = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.accept()))
    violations: list[str] = []
    page.on("console", lambda m: "Content Security Policy" in m.text and violations.append(m.text))
    folder = cms["repo"] / "content" / "videos"
    before = set(folder.glob("*.md"))
    transcript = tmp_path / "werkstatt-transkript.md"
    transcript.write_text("# Transkript\n\nBegrüßung durch das Smart Kassel-Büro.\n")
    poster = tmp_path / "werkstatt-vorschau.jpg"
    poster.write_bytes((folder / "media" / "beispiel-begruessung.jpg").read_bytes())

    page.goto(cms["url"] + "/admin/")
    page.get_by_role("button", name="Login").click()
    page.goto(cms["url"] + "/admin/#/collections/videos/new")
    page.get_by_label("Name des Abends", exact=True).fill("Werkstattabend Nachbarschaft")
    page.get_by_label("Datum", exact=True).fill("2021-09-10")
    page.get_by_label("Ort", exact=True).fill("Stadtteilzentrum Wesertor")
    page.get_by_label("Anreißer (ein Satz)", exact=True).fill("Ideen für die Nachbarschafts-App.")
    page.get_by_role("button", name="Aufzeichnung hinzufügen").click()
    page.get_by_role("textbox", name="Titel", exact=True).fill("Begrüßung")
    page.get_by_role("button", name="Person hinzufügen").click()
    page.get_by_role("textbox", name="Name", exact=True).fill("Smart Kassel-Büro")
    page.get_by_role("textbox", name="Dauer", exact=True).fill("12:05")
    page.get_by_role("textbox", name="YouTube-Video-ID").fill("dQw4w9WgXcQ")
    _upload(page, page.get_by_role("button", name="Wähle ein Bild").nth(1), poster)
    # Without captions or a transcript the recording may not appear: refused, as check would.
    page.get_by_role("button", name="Veröffentlichen").click()
    page.get_by_text("Jetzt veröffentlichen").click()
    expect(page.get_by_text("Beitrag speichern fehlgeschlagen").first).to_be_visible()
    assert any("Untertitel oder ein Transkript" in message for message in dialogs), dialogs
    assert set(folder.glob("*.md")) == before
    _upload(page, page.get_by_role("button", name="Wählen Sie eine Datei").nth(2), transcript)
    _publish(page)

    new = set(folder.glob("*.md")) - before
    assert [path.name for path in new] == ["werkstattabend-nachbarschaft.md"]
    text = new.pop().read_text()
    assert "transcript: media/werkstatt-transkript.md" in text
    assert "poster: media/werkstatt-vorschau.jpg" in text
    assert (folder / "media" / "werkstatt-transkript.md").read_text() == transcript.read_text()
    check = _check(cms["repo"] / "content")
    assert check.returncode == 0, check.stdout + check.stderr + text
    assert violations == []
    context.close()
