"""Build the real site once, serve it with the form service as `make run` does, drive Chromium."""

from __future__ import annotations

import importlib.util
import os
import re
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from unittest import mock

import pytest
import sqlalchemy as sa
from playwright.sync_api import expect

from forms.devserver import create_dev_app
from forms.storage.tables import outbox, submissions
from site_src import pipeline
from site_src.quality.serving import serving

REPO = Path(__file__).resolve().parents[2]
ARTIFACTS = REPO / "test-artifacts"
# The clock `make run` uses: a day while the quiz was open.
PREVIEW_NOW = "2021-06-20T12:00:00+02:00"
# Half an hour after the quiz closed (25 June 2021, 23:59:59 Berlin time).
AFTER_CLOSE = "2021-06-26T00:30:00+02:00"
QUIZ = "/mitmachen/quiz/"
CONTACT = "/kontakt/"


def build_site(target: Path, preview_now: str) -> Path:
    """Build the real content the way `build.py` does, under a preview clock like `make run`."""
    with mock.patch.dict(
        os.environ, {"FORMS_PREVIEW_NOW": preview_now, "NO_MKDOCS_2_WARNING": "1"}
    ):
        pipeline.build(str(REPO / "mkdocs.yml"), target)
    return target


@pytest.fixture(scope="session")
def site(tmp_path_factory) -> Path:
    """The site as `make run` builds it (quiz open)."""
    return build_site(tmp_path_factory.mktemp("forms-site") / "site", PREVIEW_NOW)


@pytest.fixture(scope="session")
def closed_site(tmp_path_factory) -> Path:
    """The site built after the quiz's deadline."""
    return build_site(tmp_path_factory.mktemp("forms-site-closed") / "site", AFTER_CLOSE)


def dev_app(site_dir: Path, instance: Path, **overrides):
    """The app of `make run`, with a cheap proof of work and no fill-time wait (tests only)."""
    return create_dev_app(
        site_dir,
        {
            "DATABASE_URL": f"sqlite:///{instance / 'forms.sqlite3'}",
            "SECRET_KEY": "forms-site-tests",
            "FORMS_PREVIEW_NOW": PREVIEW_NOW,
            "ALTCHA_COST": 1,
            "ALTCHA_MAX_NUMBER": 50,
            "FORMS_MIN_FILL_SECONDS": 0,
            "RATELIMIT_SUBMIT": "1000 per minute",
            "RATELIMIT_CHALLENGE": "1000 per minute",
        }
        | overrides,
    )


@contextmanager
def running(site_dir: Path, instance: Path, **overrides) -> Iterator[tuple[str, object]]:
    """Serve one dev app on a free loopback port; yield its base URL and the app."""
    app = dev_app(site_dir, instance, **overrides)
    with serving(app) as url:
        yield url, app


@pytest.fixture(scope="session")
def server(site, tmp_path_factory) -> Iterator[tuple[str, object]]:
    """One running `make run` server for the session."""
    with running(site, tmp_path_factory.mktemp("forms-instance")) as served:
        yield served


@pytest.fixture(scope="session")
def base_url(server) -> str:
    return server[0]


@pytest.fixture(scope="session")
def app(server):
    return server[1]


def stored(app, form_id: str) -> list:
    """The stored submissions of one form, oldest first."""
    return _select(app, sa.select(submissions).where(submissions.c.form_id == form_id))


def mails_for(app, reference: str) -> list:
    """The outbox rows written with the submission `reference`."""
    query = (
        sa.select(outbox)
        .join(submissions, outbox.c.submission_id == submissions.c.id)
        .where(submissions.c.reference == reference)
    )
    return _select(app, query)


def _select(app, query) -> list:
    with app.extensions["forms_engine"].connect() as connection:
        return list(connection.execute(query))


@pytest.hookimpl(wrapper=True, tryfirst=True)
def pytest_runtest_makereport(item, call):
    """Remember each phase's outcome on the test item, so fixtures can react to failures."""
    report = yield
    setattr(item, f"report_{report.when}", report)
    return report


@contextmanager
def _context(chromium, request, **options):
    context = chromium.new_context(locale="de-DE", timezone_id="Europe/Berlin", **options)
    yield context
    report = getattr(request.node, "report_call", None)
    if report is not None and report.failed:
        ARTIFACTS.mkdir(exist_ok=True)
        name = re.sub(r"[^\w.-]+", "_", request.node.nodeid)
        for index, page in enumerate(context.pages):
            page.screenshot(path=str(ARTIFACTS / f"{name}-{index}.png"), full_page=True)
    context.close()


@pytest.fixture
def page(chromium, request):
    """A page with JavaScript, in a fresh profile; a screenshot is saved if the test fails."""
    with _context(chromium, request) as context:
        yield context.new_page()


@pytest.fixture
def page_without_js(chromium, request):
    """A page with JavaScript switched off, as some people browse."""
    with _context(chromium, request, java_script_enabled=False) as context:
        yield context.new_page()


def expect_result(page, *texts: str):
    """The answer shown in place of or above the form: focused, with each of `texts` in it."""
    result = page.locator("[data-sk-form-result]")
    expect(result).to_be_focused()
    for text in texts:
        expect(result).to_contain_text(text)
    return result


_spec = importlib.util.spec_from_file_location(
    "smtp_server", Path(__file__).resolve().parents[1] / "office" / "smtp_server.py"
)
smtp_server = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(smtp_server)


@pytest.fixture
def mail_server():
    """An SMTP server (aiosmtpd) that keeps what the service sends, for one test."""
    server = smtp_server.SmtpServer()
    server.start()
    yield server
    server.stop()


def delivered_mail(app, server, address: str, subject: str) -> str:
    """Run `deliver`, then return the newest mail to `address` whose subject starts so."""
    result = app.test_cli_runner().invoke(args=["deliver"])
    assert result.exit_code == 0, result.output
    found = [
        message
        for recipients, message in server.inbox.received
        if recipients == [address] and message["Subject"].startswith(subject)
    ]
    assert found, [message["Subject"] for message in server.messages]
    return found[-1].get_content()


def mail_settings(server) -> dict:
    """The service's settings that send its mails to `server`."""
    return {
        "MAIL_SERVER": "127.0.0.1",
        "MAIL_PORT": server.port,
        "MAIL_SECURITY": "none",
        "MAIL_FROM": "Smart Kassel-Büro <smart@kassel.de>",
    }
