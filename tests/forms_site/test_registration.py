"""Registering for the workshop in Chromium, with and without JavaScript, mail from aiosmtpd.

The workshop's date is still a draft (the seed gives no date or place), so these tests build
a copy of the content with it published; the form itself is the real one from content/forms/.
"""

from __future__ import annotations

import os
import re
import shutil
from dataclasses import replace
from pathlib import Path
from unittest import mock

import pytest
from playwright.sync_api import expect

from site_src import pipeline

from .conftest import PREVIEW_NOW, REPO, delivered_mail, mail_settings, running

pytestmark = pytest.mark.browser


FORM = "werkstatt-nachbarschafts-app"
EVENT = f"/termine/{FORM}/"
CONFIRM = re.compile(r"https?://\S+/api/bestaetigen/\S+")
CANCEL = re.compile(r"https?://\S+/api/absagen/\S+")


@pytest.fixture(scope="module")
def workshop_site(tmp_path_factory) -> Path:
    """The real content with the workshop's date published, built like `make run` does."""
    folder = tmp_path_factory.mktemp("registration-site")
    content = folder / "content"
    shutil.copytree(REPO / "content", content)
    page = content / "termine" / f"{FORM}.md"
    page.write_text(page.read_text(encoding="utf-8").replace("draft: true\n", ""), "utf-8")
    environment = {"FORMS_PREVIEW_NOW": PREVIEW_NOW, "NO_MKDOCS_2_WARNING": "1"}
    with mock.patch.dict(os.environ, environment):
        pipeline.build(str(REPO / "mkdocs.yml"), folder / "site", str(content))
    return folder / "site"


@pytest.fixture
def served(workshop_site, tmp_path, mail_server):
    """A fresh `make run` server with one seat, whose mails go to the test's SMTP server."""
    mail = mail_settings(mail_server)
    with running(workshop_site, tmp_path, **mail) as (url, app):
        app.config["SITE_URL"] = url
        definitions = app.extensions["forms_definitions"]
        definitions[FORM] = replace(definitions[FORM], capacity=1)  # the second one waits
        yield url, app


def _register(page, url: str, name: str, address: str, with_js: bool) -> None:
    page.goto(url + EVENT)
    section = page.locator(".sk-registration")
    section.get_by_label("Ihr Name").fill(name)
    section.get_by_label("E-Mail-Adresse").fill(address)
    section.get_by_label("Ich bin einverstanden").check()
    section.get_by_role("button", name="Anmelden").click()
    if with_js:
        expect(page.locator("[data-sk-form-result]")).to_contain_text(
            "bestätigen Sie Ihre Anmeldung"
        )
    else:
        expect(page.get_by_role("heading", level=1)).to_have_text("Vielen Dank für Ihre Anmeldung")
        expect(page.locator("main")).to_contain_text("Warteliste")


def _press(page, link: str, heading: str, button: str) -> None:
    page.goto(link)
    expect(page.get_by_role("heading", level=1)).to_have_text(heading)
    page.get_by_role("button", name=button).click()


@pytest.mark.parametrize("with_js", [True, False], ids=["with-js", "without-js"])
def test_register_confirm_cancel_and_the_waiting_list_moves_up(
    served, mail_server, request, with_js
):
    url, app = served
    page = request.getfixturevalue("page" if with_js else "page_without_js")
    seats = page.locator("[data-sk-seats]")

    _register(page, url, "Erika Mustermann", "erika@beispiel.de", with_js)
    if with_js:
        page.goto(url + EVENT)
        expect(seats).to_have_text("Noch 1 von 1 Plätzen frei.")
    link = CONFIRM.search(delivered_mail(app, mail_server, "erika@beispiel.de", "Bitte bestätigen"))
    _press(page, link.group(0), "Anmeldung bestätigen", "Anmeldung jetzt bestätigen")
    expect(page.get_by_role("heading", level=1)).to_have_text("Anmeldung bestätigt")
    confirmed = delivered_mail(app, mail_server, "erika@beispiel.de", "Anmeldung bestätigt")
    assert "Obere Königsstraße 8" in confirmed

    if with_js:
        page.goto(url + EVENT)
        expect(seats).to_contain_text("Alle Plätze sind vergeben")
    else:
        page.goto(url + EVENT)
        expect(seats).to_be_hidden()  # without JavaScript the form is simply shown
        expect(page.locator(".sk-registration form")).to_be_visible()
    _register(page, url, "Jonas Beispiel", "jonas@beispiel.de", with_js)
    if with_js:
        expect(page.locator("[data-sk-form-result]")).to_contain_text("Warteliste")
    link = CONFIRM.search(delivered_mail(app, mail_server, "jonas@beispiel.de", "Bitte bestätigen"))
    _press(page, link.group(0), "Anmeldung bestätigen", "Anmeldung jetzt bestätigen")
    expect(page.get_by_role("heading", level=1)).to_have_text("Warteliste")
    expect(page.locator("main")).to_contain_text("auf Platz 1")
    waiting = delivered_mail(app, mail_server, "jonas@beispiel.de", "Warteliste")
    assert CANCEL.search(waiting)

    _press(page, CANCEL.search(confirmed).group(0), "Absagen", "Jetzt absagen")
    expect(page.get_by_role("heading", level=1)).to_have_text("Abgesagt")
    moved = delivered_mail(app, mail_server, "jonas@beispiel.de", "Ein Platz ist frei")
    assert "jetzt fest angemeldet" in moved
    delivered_mail(app, mail_server, "erika@beispiel.de", "Ihre Absage")

    page.goto(CANCEL.search(confirmed).group(0))  # the link works once
    expect(page.get_by_role("heading", level=1)).to_have_text("Absage nicht möglich")
    if with_js:
        page.goto(url + EVENT)
        expect(seats).to_contain_text("Alle Plätze sind vergeben")
