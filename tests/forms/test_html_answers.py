"""Browsers without JavaScript get accessible German pages (GOV.UK pattern); CORS is tight."""

from __future__ import annotations

import pytest
from selectolax.lexbor import LexborHTMLParser as HTMLParser

from .helpers import contact, quiz, rows


def post_form(client, form_id, data):
    response = client.post(f"/api/forms/{form_id}", data=data)
    return response, HTMLParser(response.get_data(as_text=True))


def test_error_page_has_title_summary_inline_messages_and_kept_entries(client, app):
    data = contact(email="erika(at)beispiel.de", consent="", message="Mein Text <b>fett</b>")
    response, page = post_form(client, "kontakt", data)
    assert response.status_code == 422
    assert page.css_first("title").text().startswith("Fehler: ")
    summary = page.css_first("[data-sk-error-summary]")
    assert summary.attributes["role"] == "alert" and summary.attributes["tabindex"] == "-1"
    links = [a.attributes["href"] for a in summary.css("a")]
    assert links == ["#kontakt-email", "#kontakt-consent"]
    for href in links:
        field = page.css_first(href)
        assert field is not None
        assert f"{href[1:]}-error" in field.attributes["aria-describedby"]
        assert page.css_first(f"{href}-error").text().startswith("Fehler:")
    assert page.css_first("#kontakt-email").attributes["value"] == "erika(at)beispiel.de"
    assert page.css_first("#kontakt-message").text() == "Mein Text <b>fett</b>"
    assert "checked" in page.css_first("#kontakt-subject-2").attributes
    assert rows(app) == []


def test_error_page_form_is_accessible_and_posts_back_to_the_service(client):
    _, page = post_form(client, "kontakt", contact(email=""))
    form = page.css_first("form")
    assert form.attributes["action"] == "/api/forms/kontakt"
    assert "novalidate" in form.attributes
    assert "(optional)" in page.css_first("label[for=kontakt-name]").text()
    assert "(optional)" not in page.css_first("label[for=kontakt-email]").text()
    email = page.css_first("#kontakt-email")
    assert (email.attributes["type"], email.attributes["autocomplete"]) == ("email", "email")
    assert email.attributes["inputmode"] == "email"
    assert "kontakt-email-hint" in email.attributes["aria-describedby"]
    trap = page.css_first(".sk-honeypot")
    assert trap.attributes["aria-hidden"] == "true"
    assert trap.css_first("input").attributes["tabindex"] == "-1"
    assert trap.css_first("input").attributes["name"] == "website"


def test_quiz_error_page_groups_each_question_and_never_shows_answers(client):
    response, page = post_form(client, "smart-kassel-quiz", quiz(kommunen="", consent="ja"))
    assert response.status_code == 422
    legends = [legend.text() for legend in page.css("fieldset legend")]
    assert any("Kommunen" in legend for legend in legends)
    assert page.css_first("#smart-kassel-quiz-kommunen").attributes["type"] == "radio"
    assert page.css_first("a[href='#smart-kassel-quiz-kommunen']") is not None
    assert "checked" in page.css_first("#smart-kassel-quiz-laufzeit-2").attributes
    assert "answer" not in response.get_data(as_text=True)


def test_control_characters_are_dropped_when_entries_are_shown_again(client):
    response, page = post_form(client, "kontakt", contact(name="Er\x00ika", consent="ja"))
    assert response.status_code == 422
    assert page.css_first("#kontakt-name").attributes["value"] == "Erika"


@pytest.mark.parametrize(
    ("form_id", "status", "title"),
    [("gibt-es-nicht", 404, "Fehler: Nicht gefunden"), ("kontakt", 400, "Fehler: Anfrage")],
)
def test_other_errors_are_german_pages_for_form_posts(client, form_id, status, title):
    response, page = post_form(client, form_id, {"email": "x"})
    assert response.status_code == status
    assert page.css_first("html").attributes["lang"] == "de"
    assert page.css_first("title").text().startswith(title)


def test_json_posts_from_allowed_origins_get_cors_headers(config):
    from forms import create_app

    app = create_app(config | {"ALLOWED_ORIGINS": ["https://smart.kassel.de"]})
    client = app.test_client()
    allowed = {"Origin": "https://smart.kassel.de"}
    preflight = client.options(
        "/api/forms/kontakt",
        headers=allowed | {"Access-Control-Request-Method": "POST"},
    )
    assert preflight.headers["Access-Control-Allow-Origin"] == "https://smart.kassel.de"
    assert "POST" in preflight.headers["Access-Control-Allow-Methods"]
    assert "Content-Type" in preflight.headers["Access-Control-Allow-Headers"]
    post = client.post("/api/forms/kontakt", json=contact(), headers=allowed)
    assert post.headers["Access-Control-Allow-Origin"] == "https://smart.kassel.de"
    assert "Retry-After" in post.headers["Access-Control-Expose-Headers"]
    assert "X-Request-ID" in post.headers["Access-Control-Expose-Headers"]
    other = client.post(
        "/api/forms/kontakt", json=contact(), headers={"Origin": "https://evil.example"}
    )
    assert "Access-Control-Allow-Origin" not in other.headers


def test_service_refuses_to_start_without_the_shared_form_macros(config, tmp_path):
    from forms import create_app

    with pytest.raises(RuntimeError, match=r"no partials/forms/form\.html"):
        create_app(config | {"FORMS_TEMPLATES_DIR": str(tmp_path)})


def test_no_javascript_error_summary_names_each_question(client, proof):
    from forms.intake.antispam import HONEYPOT

    answer = client.post(
        "/api/forms/smart-kassel-quiz", data={HONEYPOT: "", "email": "a@beispiel.de"}
    )
    assert answer.status_code == 422
    page = HTMLParser(answer.get_data(as_text=True))
    links = [a.text(strip=True) for a in page.css(".sk-error-summary a")]
    assert "Frage 2: Bitte wählen Sie eine Antwort aus." in links
    assert len(set(links)) == len(links), links


@pytest.mark.parametrize("kind", ["errors", "message", "confirm", "my_data"])
def test_no_javascript_pages_carry_the_sites_header_and_legal_footer(client, kind):
    if kind == "errors":
        response, page = post_form(client, "smart-kassel-quiz", {"website": ""})
    elif kind == "message":
        response, page = post_form(client, "gibt-es-nicht", {"website": ""})
    elif kind == "confirm":
        response = client.get("/api/bestaetigen/kaputt")
        page = HTMLParser(response.get_data(as_text=True))
    else:
        response = client.get("/api/meine-daten/kaputt")
        page = HTMLParser(response.get_data(as_text=True))
    assert response.status_code == {"errors": 422, "message": 404}.get(kind, 400)
    header = page.css_first("header.sk-site-header")
    assert header.css_first("a").attributes["href"] == "/"
    logo = header.css_first("a img")
    assert (logo.attributes["src"], logo.attributes["alt"]) == (
        "/assets/sk/brand/wordmark.svg",
        "Smart Kassel",
    )
    menu = {a.text(strip=True): a.attributes["href"] for a in header.css("nav a")}
    # The site's menu as mkdocs.yml lists it, sections linking to their first page.
    assert list(menu.items())[:3] == [
        ("Startseite", "/"),
        ("Aktuelles", "/aktuelles/"),
        ("Strategie", "/strategie/"),
    ]
    assert menu["Mitmachen"] == "/mitmachen/" and menu["Leichte Sprache"] == "/leichte-sprache/"
    assert header.css_first("nav").attributes["aria-label"] == "Hauptmenü"
    footer = {a.text(strip=True): a.attributes["href"] for a in page.css("footer nav a")}
    for label, href in {
        "Impressum": "/impressum/",
        "Datenschutz": "/datenschutz/",
        "Erklärung zur Barrierefreiheit": "/barrierefreiheit/",
        "Kontakt": "/kontakt/",
    }.items():
        assert footer.get(label) == href, footer
    assert "© Stadt Kassel" in page.css_first("footer").text()


def test_the_header_follows_the_sites_menu_and_site_url(config, tmp_path):
    import shutil
    from pathlib import Path

    from forms import create_app

    repo = Path(__file__).resolve().parents[2]
    overrides = tmp_path / "site_src" / "overrides"
    shutil.copytree(repo / "site_src" / "overrides", overrides)
    (tmp_path / "mkdocs.yml").write_text(
        "site_name: Smart Kassel\nsite_url: !ENV [SITE_URL, 'x']\n"
        "nav:\n  - Neu: neu.md\n  - Bereich:\n      - bereich/index.md\n"
        "      - Teil: bereich/teil.md\n",
        encoding="utf-8",
    )
    app = create_app(
        config | {"FORMS_TEMPLATES_DIR": str(overrides), "SITE_URL": "https://smart.kassel.de"}
    )
    page = HTMLParser(app.test_client().get("/api/bestaetigen/kaputt").get_data(as_text=True))
    menu = [(a.text(strip=True), a.attributes["href"]) for a in page.css("header nav a")]
    assert menu == [
        ("Neu", "https://smart.kassel.de/neu/"),
        ("Bereich", "https://smart.kassel.de/bereich/"),
    ]
    (tmp_path / "mkdocs.yml").unlink()
    with pytest.raises(RuntimeError, match=r"mkdocs\.yml"):
        create_app(config | {"FORMS_TEMPLATES_DIR": str(overrides)})


def test_public_definition_carries_the_messages_the_service_answers_with(client, proof):
    public = client.get("/api/forms/smart-kassel-quiz").get_json()
    promised = {q["id"]: q["required_message"] for q in public["questions"]} | {
        f["name"]: f["required_message"] for f in public["fields"] if f["required"]
    }
    answer = client.post("/api/forms/smart-kassel-quiz", json={"website": "", "altcha": proof()})
    assert answer.status_code == 422
    assert answer.get_json()["errors"] == promised


def test_a_stale_option_names_its_field_or_question(client):
    _, page = post_form(client, "kontakt", contact(subject="werbung", consent="ja"))
    [message] = [a.text(strip=True) for a in page.css(".sk-error-summary a")]
    assert (
        message == "Bitte wählen Sie bei „Worum geht es?“ eine der angezeigten Möglichkeiten aus."
    )
    _, page = post_form(client, "smart-kassel-quiz", quiz(kommunen="99", consent="ja"))
    links = [a.text(strip=True) for a in page.css(".sk-error-summary a")]
    assert any(m.startswith("Frage ") and "angezeigten Antworten" in m for m in links), links


def test_a_server_fault_offers_the_offices_phone_and_mail(app):
    from forms.intake.error_texts import OFFICE_EMAIL, OFFICE_PHONE

    def fail() -> str:
        raise ValueError("kaputt")

    app.add_url_rule("/api/forms/kaputt", view_func=fail, methods=["POST"])
    client = app.test_client()
    response, page = post_form(client, "kaputt", {"website": ""})
    assert response.status_code == 500
    assert page.css_first("title").text().startswith("Fehler: Technischer Fehler")
    links = {a.text(strip=True): a.attributes["href"] for a in page.css("main a")}
    assert links[OFFICE_PHONE] == "tel:+495617872467"
    assert links[OFFICE_EMAIL] == f"mailto:{OFFICE_EMAIL}"
    answer = client.post("/api/forms/kaputt", json={})
    assert answer.status_code == 500
    assert answer.get_json()["message"].endswith(
        f"Wenn es eilt: Rufen Sie uns an unter {OFFICE_PHONE} oder schreiben Sie an {OFFICE_EMAIL}."
    )


def test_the_office_contact_on_error_pages_is_the_one_the_site_states():
    from pathlib import Path

    from forms.intake.error_texts import OFFICE_EMAIL, OFFICE_PHONE, OFFICE_PHONE_LINK

    contact_page = (Path(__file__).resolve().parents[2] / "content" / "kontakt.md").read_text()
    assert f"[{OFFICE_PHONE}]({OFFICE_PHONE_LINK})" in contact_page
    assert (
        OFFICE_EMAIL
        in (Path(__file__).resolve().parents[2] / "content/forms/kontakt.yml").read_text()
    )
    # The script's fallback, for a failure whose answer carries no text, names the same office.
    script = Path(__file__).resolve().parents[2] / "site_src/assets/js/form-answers.js"
    assert f"{OFFICE_PHONE} oder schreiben Sie an {OFFICE_EMAIL}" in script.read_text()
