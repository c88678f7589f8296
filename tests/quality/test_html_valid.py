"""Every built page, and the service's form error page, is valid HTML for the Nu Html Checker."""

from __future__ import annotations

from pathlib import Path

from site_src.quality.html_validity import validate_html


def test_every_page_is_valid_html(built_site: Path, service_error_html: Path | str) -> None:
    pages = sorted(built_site.rglob("*.html"))
    extra = [service_error_html] if isinstance(service_error_html, Path) else []
    problems = validate_html(pages + extra, root=built_site)
    if isinstance(service_error_html, str):
        problems.append(f"service error page not checked: {service_error_html}")
    assert not problems, f"{len(problems)} HTML errors:\n" + "\n".join(problems)
