"""Every built page has lang="de", exactly one h1, a skip link and a label on every control."""

from __future__ import annotations

from pathlib import Path

from site_src.quality.structure import page_problems, site_problems


def test_every_built_page_has_accessible_structure(built_site: Path) -> None:
    problems = site_problems(built_site)
    assert not problems, f"{len(problems)} structural problems:\n" + "\n".join(problems)


def test_service_error_page_has_accessible_structure(service_error_html: Path | str) -> None:
    assert isinstance(service_error_html, Path), service_error_html
    problems = page_problems(service_error_html.read_text(encoding="utf-8"), "quiz error page")
    assert not problems, "\n".join(problems)
