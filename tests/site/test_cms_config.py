"""/admin/: the CMS configuration the build writes matches what `build.py check` accepts."""

from __future__ import annotations

import json
import re
import subprocess
from pathlib import Path

import pytest
import yaml

from site_src import admin_csp, cms, schema
from site_src.frontmatter import FrontMatter
from site_src.schema import CONTENT_TYPES, ContentType, Field
from site_src.search_index import indexed_pages
from site_src.settings import FOCUS_AREAS, SiteSettings

REPO = Path(__file__).resolve().parents[2]
SETTINGS = SiteSettings()
ALL_FIELDS = [(kind, name, field) for kind in CONTENT_TYPES for name, field in kind.spec.items()]


def widget_of(kind: ContentType, name: str) -> dict:
    fields = cms.fields_of(kind, SETTINGS, ["kontakt"])
    return next(spec for spec in fields if spec["name"] == name)


def errors_for(kind: ContentType, meta: dict) -> list[str]:
    fm = FrontMatter(path=f"content/{kind.folder}/x.md", meta=meta, body="", lines={})
    return [error.field for error in schema.check(fm, kind.spec, SETTINGS)]


def minimal(kind: ContentType) -> dict:
    """The smallest front matter `check` accepts for this kind."""
    samples = {"date": "2021-07-01", "text": "Ein Text"}
    return {name: samples[field.kind] for name, field in kind.spec.items() if field.required}


@pytest.mark.parametrize(("kind", "name", "field"), ALL_FIELDS, ids=lambda v: getattr(v, "name", v))
def test_every_field_has_a_widget_with_the_checks_constraints(kind, name, field):
    spec = widget_of(kind, name)
    assert spec["required"] is (field.required or name in kind.cms_required)
    assert spec["label"] and spec["label"] != name, "editors read German labels"
    if name == "form":
        assert spec["widget"] == "select" and spec["options"] == ["kontakt"]
    elif field.kind in ("category", "categories"):
        assert spec["widget"] == "select"
        assert spec["options"] == list(SETTINGS.categories)
        assert spec.get("multiple", False) is (field.kind == "categories")
    elif field.kind == "slug":
        assert re.compile(spec["pattern"][0]).pattern == schema.SLUG.pattern
    elif field.kind == "count":
        assert (spec["min"], spec["max"]) == schema.COUNT_RANGE
        assert spec["value_type"] == "int"
    elif field.kind == "hide":
        assert spec["options"] == list(schema.HIDE_VALUES) and spec["multiple"] is True
    elif field.kind == "bool":
        assert spec["widget"] == "boolean" and spec["default"] is False
    elif field.kind == "date":
        assert spec["format"] == "YYYY-MM-DD" and spec["time_format"] is False
    elif field.kind == "text":
        assert not re.search(spec["pattern"][0], "   "), "blank text is refused like check does"
    elif field.kind == "image":
        assert spec["widget"] == "image" and spec["choose_url"] is False
    elif field.kind == "focus":
        assert spec["widget"] == "select"
        assert [option["value"] for option in spec["options"]] == list(FOCUS_AREAS)
    else:
        pytest.fail(f"no test for field kind {field.kind}")


@pytest.mark.parametrize(("kind", "name", "field"), ALL_FIELDS, ids=lambda v: getattr(v, "name", v))
def test_values_the_widget_allows_pass_check_and_values_it_refuses_fail(kind, name, field):
    """Each widget's boundary is the check's boundary: a value on either side, both ways."""
    spec = widget_of(kind, name)
    allowed, refused = _samples(spec, field)
    base = minimal(kind)
    if field.needs:
        base[field.needs] = "Beschreibung"
    for value in allowed:
        assert name not in errors_for(kind, base | {name: value}), value
    for value in refused:
        assert name in errors_for(kind, base | {name: value}), value


def _samples(spec: dict, field: Field) -> tuple[list, list]:
    if spec["widget"] == "select":
        options = [o["value"] if isinstance(o, dict) else o for o in spec["options"]]
        if spec.get("multiple"):
            return [options[:1], options], [[*options[:1], "Sonstiges"]]
        return options, ["Sonstiges"]
    if field.kind == "count":
        return [spec["min"], spec["max"]], [spec["min"] - 1, spec["max"] + 1]
    if "pattern" in spec:
        pattern = re.compile(spec["pattern"][0])
        candidates = {
            "slug": ["neue-buslinie", "2021", "Neue Buslinie", "a--b", "-a"],
            "text": ["Ein Satz.", "   "],
            "image": ["bilder/a.jpg", "bilder/b.PNG", "bilder/c.svg", "bilder/d.gif", "e.jpg.exe"],
        }[field.kind]
        return (
            [value for value in candidates if pattern.search(value)],
            [value for value in candidates if not pattern.search(value)],
        )
    if field.kind == "bool":
        return [True, False], ["ja"]
    if field.kind == "date":
        return ["2021-07-01"], ["01.07.2021"]
    raise AssertionError(f"no samples for {field.kind}")


def test_a_field_kind_without_a_widget_stops_the_build():
    with pytest.raises(ValueError, match="no CMS widget"):
        cms.widget("ort", Field("address"), SETTINGS, [])


def test_a_new_content_type_appears_as_a_collection_by_itself(tmp_path):
    events = ContentType("termine", "Termine", "Termin", "termine", {"title": Field("text", True)})
    (tmp_path / "aktuelles" / "posts").mkdir(parents=True)
    config = cms.config(SETTINGS, tmp_path, environ={}, kinds=[CONTENT_TYPES[0], events])
    assert [c["name"] for c in config["collections"]] == ["aktuelles"], "no folder, no collection"
    (tmp_path / "termine").mkdir()
    config = cms.config(SETTINGS, tmp_path, environ={}, kinds=[CONTENT_TYPES[0], events])
    collection = config["collections"][1]
    assert collection["folder"] == "content/termine"
    assert collection["fields"][0] == {
        "name": "title",
        "label": "Titel",
        "required": True,
        "widget": "string",
        "pattern": cms.NOT_BLANK,
    }


def test_production_uses_gitlab_with_pkce_and_local_use_decap_server():
    environ = {
        "CMS_GITLAB_REPO": "stadt-kassel/smart-kassel",
        "CMS_GITLAB_APP_ID": "abc123",
        "CMS_GITLAB_URL": "https://gitlab.opencode.de/",
    }
    backend = cms.backend(environ)
    assert backend["name"] == "gitlab" and backend["auth_type"] == "pkce"
    assert backend["app_id"] == "abc123" and backend["repo"] == "stadt-kassel/smart-kassel"
    assert backend["api_root"] == "https://gitlab.opencode.de/api/v4"
    assert backend["branch"] == "main"
    assert cms.backend({})["name"] == "proxy"
    assert admin_csp.backend_origins(environ) == ["https://gitlab.opencode.de"]
    assert "connect-src 'self' blob: https://gitlab.opencode.de;" in admin_csp.admin_policy(
        admin_csp.backend_origins(environ)
    )


def test_admin_is_built_never_linked_and_never_indexed(site):
    root = site.root
    page = site.page("/admin/")
    assert page.css_first("meta[name=robots]").attributes["content"] == "noindex, nofollow"
    assert page.css_first("script[src='decap-cms.js']") is not None
    assert (root / "admin" / "decap-cms.js").is_file(), "bundled from node_modules, no CDN"
    assert not any(
        "cdn" in (s.attributes.get("src") or "") or "//" in (s.attributes.get("src") or "")
        for s in page.css("script")
    )
    config = yaml.safe_load((root / "admin" / "config.yml").read_text())
    assert {c["name"] for c in config["collections"]} >= {"aktuelles", "strategie"}
    assert config["local_backend"] and config["locale"] == "de"
    assert "admin" not in (root / "sitemap.xml").read_text()
    assert not [p["url"] for p in indexed_pages(root) if p["url"].startswith("/admin/")]
    for html in site.html_files():
        if not html.is_relative_to(root / "admin"):
            assert "/admin/" not in html.read_text(encoding="utf-8"), html


def test_rules_script_refuses_an_image_without_description(site):
    script = site.root / "admin" / "regeln.js"
    subprocess.run(["node", "--check", str(script)], check=True)
    assert '"aktuelles": {"needs": {"image": "image_alt"}}' in script.read_text()


def test_make_cms_runs_decap_server_on_loopback_and_the_preview():
    plan = subprocess.run(
        ["make", "-n", "cms", "STAMP=Makefile", "NPM_STAMP=Makefile"],
        cwd=Path(__file__).resolve().parents[2],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    assert "BIND_HOST=127.0.0.1" in plan and "node_modules/.bin/decap-server" in plan
    assert "CMS_LOCAL_BACKEND_URL=http://127.0.0.1:8081/api/v1" in plan
    assert "build.py serve" in plan


RULES_HARNESS = """
const { fromJS } = require(process.argv[3]);
const handlers = [];
globalThis.window = { CMS: { registerEventListener: (l) => handlers.push(l) }, alert: () => {} };
require(process.argv[2]);
const run = (data) => {
  const entry = fromJS({ collection: "aktuelles", data });
  try { return { saved: handlers[0].handler({ entry }).toJS() }; }
  catch (error) { return { refused: error.message }; }
};
console.log(JSON.stringify([
  run({ title: "T", image: "bilder/a.jpg" }),
  run({ title: "T", image: "bilder/a.jpg", image_alt: "Zwei Bänke" }),
  run({ title: "T", slug: "", image_alt: "  " }),
]));
"""


def test_rules_script_refuses_an_image_without_description_and_drops_empty_fields(tmp_path):
    script = tmp_path / "regeln.js"
    script.write_text(cms.rules_script())
    harness = tmp_path / "harness.js"
    harness.write_text(RULES_HARNESS)
    out = subprocess.run(
        ["node", str(harness), str(script), str(REPO / "node_modules" / "immutable")],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    without_alt, with_alt, emptied = json.loads(out)
    assert "Bildbeschreibung (Alternativtext)" in without_alt["refused"]
    assert with_alt["saved"] == {"title": "T", "image": "bilder/a.jpg", "image_alt": "Zwei Bänke"}
    assert emptied["saved"] == {"title": "T"}, "check rejects empty optional values"
