"""The contact form embedded in a page of another origin: one snippet, one deferred script."""

from __future__ import annotations

import json
import re
import subprocess
from collections.abc import Iterator
from contextlib import ExitStack

import pytest
from playwright.sync_api import expect
from selectolax.lexbor import LexborHTMLParser as HTMLParser

from site_src import embed
from site_src.quality.serving import serving

from .conftest import CONTACT, running, stored
from .test_contact_form import MESSAGE, fill_contact

HOST_TITLE = "Stadt Kassel – Bürgerservice"
# Styles of the host page that must not reach the form, and a class of ours they use too.
HOST_STYLE = (
    "label { color: rgb(255, 0, 0); font-size: 40px; } .sk-button { color: rgb(0, 128, 0); }"
)


def host_page(site_url: str) -> bytes:
    """A city page on another origin that embeds the contact form as the guide says."""
    return f"""<!doctype html>
<html lang="de"><head><meta charset="utf-8"><title>{HOST_TITLE}</title>
<style>{HOST_STYLE}</style></head>
<body><h1>Bürgerservice</h1>
<button class="sk-button" id="host-button">Knopf der Stadtseite</button>
<div data-sk-form="kontakt"><a href="{site_url}/kontakt/">Zum Kontaktformular</a></div>
<script defer src="{site_url}/assets/sk/embed.js"></script>
</body></html>""".encode()


def host_app(site: dict):
    """Serve the host page; under /streng/ with a policy that forbids blob: workers."""

    def app(environ, start_response):
        headers = [("Content-Type", "text/html; charset=utf-8")]
        if environ["PATH_INFO"].startswith("/streng/"):
            headers.append(
                ("Content-Security-Policy", "worker-src 'none'; default-src * 'unsafe-inline'")
            )
        start_response("200 OK", headers)
        return [host_page(site["url"])]

    return app


@pytest.fixture(scope="module")
def origins(site, tmp_path_factory) -> Iterator[dict]:
    """The site with the service, a city page on an allowed origin and one on another origin."""
    holder: dict = {}
    with ExitStack() as stack:
        allowed = stack.enter_context(serving(host_app(holder)))
        foreign = stack.enter_context(serving(host_app(holder)))
        instance = tmp_path_factory.mktemp("embed-instance")
        url, app = stack.enter_context(running(site, instance, ALLOWED_ORIGINS=[allowed]))
        holder["url"] = url
        yield {"site": url, "allowed": allowed, "foreign": foreign, "app": app}


def rows_for(app, email: str) -> list:
    return [row for row in stored(app, "kontakt") if row.data["email"] == email]


def test_embed_script_is_one_classic_script_with_the_pages_form(site):
    script = site / embed.EMBED_PATH
    subprocess.run(["node", "--check", str(script)], check=True)
    text = script.read_text()
    assert not re.search(r"^\s*(import|export)\b|import\.meta", text, re.MULTILINE)
    data = json.loads(re.search(r"^const SK_EMBED = (.*);$", text, re.MULTILINE).group(1))
    embedded = HTMLParser(data["sections"]["kontakt"]).css_first("form[data-sk-form]")
    on_page = HTMLParser((site / "kontakt" / "index.html").read_text()).css_first(
        "form[data-sk-form]"
    )

    def controls(form):
        return [
            (n.tag, n.attributes.get("name"), n.attributes.get("id"))
            for n in form.css("input, textarea, select, label, button")
        ]

    assert controls(embedded) == controls(on_page), "the same macros render both"
    assert embedded.css_first("script") is None


def test_linker_refuses_what_it_cannot_link():
    with pytest.raises(embed.LinkError):
        embed.classic('import foo from "./x.js";\n')
    with pytest.raises(embed.LinkError):
        embed.classic("const url = import.meta.url;\n")


def test_embedded_form_sends_across_origins_and_keeps_styles_apart(page, origins):
    page.goto(origins["allowed"] + "/")
    form = page.locator("div[data-sk-form] form[data-sk-form]")
    expect(form).to_be_visible()
    expect(page.get_by_role("link", name="Zum Kontaktformular")).to_be_hidden()
    # The host's label rule does not reach the form, our button rule does not reach the host.
    label_color = page.get_by_text("Ihre Nachricht", exact=True).evaluate(
        "e => getComputedStyle(e).color"
    )
    assert label_color != "rgb(255, 0, 0)"
    button = page.locator("#host-button")
    assert button.evaluate("e => getComputedStyle(e).color") == "rgb(0, 128, 0)"
    embedded_button = page.get_by_role("button", name="Nachricht senden")
    assert embedded_button.evaluate("e => getComputedStyle(e).color") != "rgb(0, 128, 0)"

    # German validation messages in place; the host page's title stays its own.
    embedded_button.click()
    summary = page.locator(".sk-error-summary")
    expect(summary).to_be_focused()
    expect(summary).to_contain_text("Bitte korrigieren Sie die folgenden 4 Angaben")
    summary.locator("a").first.click()
    expect(page.get_by_label("E-Mail-Adresse")).to_be_focused()
    assert page.title() == HOST_TITLE

    fill_contact(page, "erika.embed@beispiel.de")
    embedded_button.click()
    result = page.locator("[data-sk-form-result]")
    expect(result).to_contain_text("Nachricht gesendet")
    rows = rows_for(origins["app"], "erika.embed@beispiel.de")
    assert len(rows) == 1
    assert rows[0].data["message"] == MESSAGE
    assert rows[0].verified is True, "the embed solved the proof of work"


def test_embed_solves_on_the_main_thread_where_workers_are_forbidden(page, origins):
    page.goto(origins["allowed"] + "/streng/")
    fill_contact(page, "erika.streng@beispiel.de")
    page.get_by_role("button", name="Nachricht senden").click()
    expect(page.locator("[data-sk-form-result]")).to_contain_text("Nachricht gesendet")
    rows = rows_for(origins["app"], "erika.streng@beispiel.de")
    assert len(rows) == 1 and rows[0].verified is True


def test_a_page_of_another_origin_cannot_send(page, origins):
    page.goto(origins["foreign"] + "/")
    fill_contact(page, "erika.fremd@beispiel.de")
    page.get_by_role("button", name="Nachricht senden").click()
    problem = page.locator("[data-sk-form-result]")
    expect(problem).to_contain_text("Nicht gesendet")
    expect(page.get_by_label("Ihre Nachricht")).to_have_value(MESSAGE)
    assert rows_for(origins["app"], "erika.fremd@beispiel.de") == []


def test_without_javascript_the_snippet_is_a_link_to_the_contact_page(page_without_js, origins):
    page_without_js.goto(origins["allowed"] + "/")
    link = page_without_js.get_by_role("link", name="Zum Kontaktformular")
    expect(link).to_be_visible()
    assert link.get_attribute("href") == origins["site"] + CONTACT


PLAIN_FORM = """
(action) => {
  const form = document.createElement("form");
  form.method = "post";
  form.action = action;
  const fields = {name: "Erika", email: "erika.csrf@beispiel.de", subject: "idee",
                  message: "Untergeschoben.", consent: "ja", website: ""};
  for (const [name, value] of Object.entries(fields)) {
    const input = document.createElement("input");
    input.name = name;
    input.value = value;
    form.append(input);
  }
  document.body.append(form);
  form.submit();
}
"""


@pytest.mark.parametrize("where", ["foreign", "allowed"])
def test_a_plain_form_post_from_another_page_is_judged_by_its_origin(page, origins, where):
    """Without JavaScript CORS cannot help: a foreign page's form post is refused by origin."""
    page.goto(origins[where] + "/")
    with page.expect_navigation():
        page.evaluate(PLAIN_FORM, origins["site"] + "/api/forms/kontakt")
    rows = rows_for(origins["app"], "erika.csrf@beispiel.de")
    if where == "foreign":
        expect(page.locator("body")).to_contain_text("von einer fremden Website abgeschickt")
        assert page.title().startswith("Fehler: Von einer fremden Website")
        assert rows == []
    else:
        # An allowed page's post is taken like one from the site (without proof: unverified).
        assert page.url == origins["site"] + "/kontakt/danke/"
        assert len(rows) == 1 and rows[0].verified is False
