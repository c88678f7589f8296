"""The live preview (`build.py serve`) shows an edited date everywhere it is listed."""

from __future__ import annotations

from site_src.mkdocs_preview import PreviewSite
from tests.termine.conftest import CONFIG


def test_an_edited_date_shows_on_its_page_the_lists_the_calendar_and_the_home_page(
    content_copy, tmp_path
):
    preview = PreviewSite(CONFIG, tmp_path / "site", docs_dir=str(content_copy))
    preview.build()
    source = content_copy / "termine" / "chat-montags.md"
    source.write_text(
        source.read_text(encoding="utf-8").replace("(montags)", "(Montag neu)"), encoding="utf-8"
    )
    preview.update({"termine/chat-montags.md"})
    for output in (
        "termine/chat-montags/index.html",
        "termine/index.html",
        "termine/kalender.ics",
        "api/v1/termine.json",
        "index.html",
    ):
        text = (tmp_path / "site" / output).read_text(encoding="utf-8")
        assert "(Montag neu)" in text.replace("\n ", ""), output  # calendars fold long lines
