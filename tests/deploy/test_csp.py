"""The build's CSP hashes cover exactly the inline scripts a browser would run."""

from pathlib import Path

import pytest

from forms.intake.security_headers import content_security_policy
from site_src.csp import (
    NGINX_INCLUDE,
    inline_script_hashes,
    nginx_include,
    script_hash,
    site_script_hashes,
    write_nginx_include,
)

# MDN's example hash for the script alert('Hello, world.');
HELLO = "sha256-qznLcsROx4GACP2dm0UCKCzCG+HiZ1guq6ZZDob/Tng="


def test_hash_matches_the_published_example():
    assert script_hash("alert('Hello, world.');") == HELLO


def test_only_inline_executable_scripts_are_hashed():
    html = """<!doctype html><html><head>
    <script>alert('Hello, world.');</script>
    <script src="/assets/main.js"></script>
    <script id="__config" type="application/json">{"base": "."}</script>
    <script type="module">import "/x.js";</script>
    <!-- <script>commented out</script> -->
    </head><body><SCRIPT TYPE="text/javascript">var a = 1 < 2 && "</div>";</SCRIPT></body></html>"""
    assert inline_script_hashes(html) == {
        HELLO,
        script_hash('import "/x.js";'),
        script_hash('var a = 1 < 2 && "</div>";'),
    }


def test_body_is_hashed_verbatim_with_browser_line_breaks():
    body = "\n  var x = '&amp;';\n"
    assert inline_script_hashes(f"<script>{body}</script>") == {script_hash(body)}
    assert inline_script_hashes("<script>a();\r\nb();</script>") == {script_hash("a();\nb();")}


def test_empty_inline_script_is_hashed_too():
    assert inline_script_hashes("<script></script>") == {script_hash("")}


def test_site_hashes_are_collected_from_every_page_sorted_and_unique(tmp_path: Path):
    (tmp_path / "a" / "b").mkdir(parents=True)
    (tmp_path / "index.html").write_text("<script>alert('Hello, world.');</script>")
    (tmp_path / "a" / "index.html").write_text("<script>one()</script>")
    (tmp_path / "a" / "b" / "index.html").write_text("<script>one()</script><script>two()</script>")
    (tmp_path / "a" / "b" / "notes.txt").write_text("<script>not a page()</script>")
    expected = sorted({HELLO, script_hash("one()"), script_hash("two()")})
    assert site_script_hashes(tmp_path) == expected


def test_include_file_carries_every_header_with_the_hashes(tmp_path: Path):
    (tmp_path / "index.html").write_text("<script>alert('Hello, world.');</script>")
    target = write_nginx_include(tmp_path)
    assert target == tmp_path / NGINX_INCLUDE
    text = target.read_text()
    assert f"'{HELLO}'" in text
    for name in (
        "Content-Security-Policy",
        "Strict-Transport-Security",
        "X-Content-Type-Options",
        "Referrer-Policy",
        "Permissions-Policy",
    ):
        assert f"add_header {name} " in text
        assert f"proxy_hide_header {name};" in text
    assert all(line.endswith(" always;") for line in text.splitlines() if line.startswith("add_"))


def test_include_escapes_double_quotes_for_nginx():
    line = next(
        line for line in nginx_include([]).splitlines() if line.startswith("add_header Permissions")
    )
    assert '(self \\"https://www.youtube-nocookie.com\\")' in line


def test_policy_never_allows_inline_scripts_or_eval():
    script_src = next(
        part
        for part in content_security_policy([HELLO]).split("; ")
        if part.startswith("script-src")
    )
    # WebAssembly only (the search's Pagefind); JavaScript's eval stays forbidden.
    assert script_src == f"script-src 'self' 'wasm-unsafe-eval' '{HELLO}'"


@pytest.mark.parametrize("bad", ["'unsafe-inline'", "sha256-abc def", "md5-AAAA"])
def test_policy_refuses_anything_but_hashes(bad):
    with pytest.raises(ValueError, match="not a CSP hash source"):
        content_security_policy([bad])


def test_quoted_angle_brackets_in_attributes_do_not_end_the_tag():
    html = '<script data-note="a > b" type="module">run()</script><script src="x>y.js"></script>'
    assert inline_script_hashes(html) == {script_hash("run()")}


def test_scripts_inside_comments_are_skipped_wherever_they_are():
    html = "<!--\n<script>old()</script>\n--><script>now()</script><!-- <script>x()</script> -->"
    assert inline_script_hashes(html) == {script_hash("now()")}
