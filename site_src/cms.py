"""Browser editing at /admin/ (Decap CMS): its config.yml, generated from our content schema.

Every field's widget carries the constraints `build.py check` applies (required, allow-lists,
patterns, ranges), so the editor cannot save what the check would reject. What a widget cannot
express (an image needs its description) the rules script (admin/regeln.js) enforces on save.
The backend is GitLab with PKCE (CMS_GITLAB_* settings); on this machine `make cms` runs
decap-server and the CMS talks to it instead (local_backend, only on localhost).
"""

from __future__ import annotations

import json
import os
from collections.abc import Mapping
from html import escape
from pathlib import Path

import yaml

from site_src import cms_widgets, frontmatter
from site_src.cms_widgets import NOT_BLANK, SLUG_MESSAGE
from site_src.form_definitions import load_all
from site_src.schema import (
    CONTENT_TYPES,
    COUNT_RANGE,
    HIDE_VALUES,
    IMAGE_SUFFIXES,
    SLUG,
    ContentType,
    Field,
)
from site_src.settings import FOCUS_AREAS, SiteSettings
from site_src.termine import cms as events_cms
from site_src.videos import cms as videos_cms

ADMIN_DIR = "admin"
TEMPLATES = Path(__file__).parent / "templates" / "cms"
# The standalone bundle: decap-cms-app expects React from the page, and React 19 has no UMD.
DECAP_DIST = Path("node_modules") / "decap-cms" / "dist"
CONFIG_PATH = f"{ADMIN_DIR}/config.yml"
RULES_PATH = f"{ADMIN_DIR}/regeln.js"
DEFAULT_GITLAB_URL = "https://gitlab.opencode.de"
DEFAULT_LOCAL_BACKEND = "http://localhost:8081/api/v1"
# Settings of the build (environment), documented in README "Bearbeiten im Browser".
SETTINGS = {
    "CMS_GITLAB_REPO": "the project on GitLab, e.g. stadt-kassel/smart-kassel; empty: local only",
    "CMS_GITLAB_APP_ID": "the application id of the GitLab OAuth app (PKCE, no secret)",
    "CMS_GITLAB_URL": f"the GitLab instance (default {DEFAULT_GITLAB_URL})",
    "CMS_BRANCH": "the branch editors publish to (default main)",
    "CMS_LOCAL_BACKEND_URL": f"decap-server's API for `make cms` (default {DEFAULT_LOCAL_BACKEND})",
}
LABELS = {
    "date": "Datum",
    "title": "Titel",
    "description": "Anreißer (ein Satz)",
    "categories": "Kategorien",
    "category": "Kategorie",
    "slug": "Kurzname für die Adresse",
    "image": "Bild",
    "image_alt": "Bildbeschreibung (Alternativtext)",
    "draft": "Entwurf (noch nicht veröffentlichen)",
    "pinned": "Oben anheften",
    "form": "Formular",
    "latest_news": "Anzahl der neuesten Meldungen",
    "news_category": "Meldungen aus der Kategorie",
    "hide": "Ausblenden",
    "events_focus": "Termine aus dem Handlungsfeld",
    "next_events": "Anzahl der nächsten Termine",
    "line_breaks": "Zeilenumbrüche beibehalten",
}
IMAGE_PATTERN = cms_widgets.suffix_pattern(IMAGE_SUFFIXES, "Bilder")


def backend(environ: Mapping[str, str]) -> dict:
    """GitLab with PKCE when the repository is configured; else decap-server on this machine."""
    repo = environ.get("CMS_GITLAB_REPO", "").strip()
    if not repo:
        return {"name": "proxy", "proxy_url": local_backend_url(environ), "branch": "main"}
    base = environ.get("CMS_GITLAB_URL", "").strip().rstrip("/") or DEFAULT_GITLAB_URL
    return {
        "name": "gitlab",
        "repo": repo,
        "branch": environ.get("CMS_BRANCH", "").strip() or "main",
        "auth_type": "pkce",
        "app_id": environ.get("CMS_GITLAB_APP_ID", "").strip(),
        "base_url": base,
        "api_root": f"{base}/api/v4",
        "auth_endpoint": "oauth/authorize",
    }


def local_backend_url(environ: Mapping[str, str]) -> str:
    return environ.get("CMS_LOCAL_BACKEND_URL", "").strip() or DEFAULT_LOCAL_BACKEND


def widget(name: str, field: Field, settings: SiteSettings, forms: list[str]) -> dict:
    """One Decap field with the constraints `check` applies to the same front-matter key."""
    spec: dict = {"name": name, "label": LABELS.get(name, name), "required": field.required}
    if field.hint:
        spec["hint"] = field.hint
    kind = field.kind
    if name == "form":
        spec |= {"widget": "select", "options": forms}
    elif kind == "text":
        long = name in ("description", "image_alt")
        spec |= {"widget": "text" if long else "string", "pattern": NOT_BLANK}
    elif kind == "date":
        spec |= {
            "widget": "datetime",
            "format": "YYYY-MM-DD",
            "date_format": "DD.MM.YYYY",
            "time_format": False,
            "picker_utc": True,
        }
    elif kind in ("category", "categories"):
        spec |= {"widget": "select", "options": list(settings.categories)}
        if kind == "categories":
            spec["multiple"] = True
    elif kind == "slug":
        spec |= {"widget": "string", "pattern": [SLUG.pattern, SLUG_MESSAGE]}
    elif kind == "bool":
        spec |= {"widget": "boolean", "default": False}
    elif kind == "count":
        low, high = COUNT_RANGE
        spec |= {"widget": "number", "value_type": "int", "min": low, "max": high}
    elif kind == "hide":
        spec |= {"widget": "select", "multiple": True, "options": list(HIDE_VALUES)}
    elif kind == "image":
        spec |= {"widget": "image", "choose_url": False, "pattern": IMAGE_PATTERN}
    elif kind == "focus":
        options = [{"label": label, "value": slug} for slug, label in FOCUS_AREAS.items()]
        spec |= {"widget": "select", "options": options}
    else:
        raise ValueError(f"no CMS widget for field kind {kind!r} ({name})")
    return spec


def fields_of(kind: ContentType, settings: SiteSettings, forms: list[str]) -> list[dict]:
    """The collection's fields in schema order, then the Markdown body."""
    fields = []
    for name, field in kind.spec.items():
        spec = widget(name, field, settings, forms)
        if name in kind.cms_required:
            spec["required"] = True
        fields.append(spec)
    return [*fields, {"name": "body", "label": "Text", "widget": "markdown"}]


def collection(kind: ContentType, docs_dir: str, content_root: Path, settings, forms) -> dict:
    """A folder collection (new entries allowed) or a files collection (fixed pages)."""
    folder = f"{docs_dir}/{kind.folder}"
    base = {"name": kind.name, "label": kind.label, "label_singular": kind.label_singular}
    fields = fields_of(kind, settings, forms)
    if kind.fixed_pages:
        pages = sorted((content_root / kind.folder).glob("*.md"))
        files = [
            {
                "name": page.stem,
                "label": _title(page),
                "file": f"{folder}/{page.name}",
                "fields": fields,
            }
            for page in pages
        ]
        return base | {"files": files}
    return base | {
        "folder": folder,
        "create": True,
        "extension": "md",
        "format": "frontmatter",
        "slug": "{{year}}-{{month}}-{{day}}-{{slug}}",
        "media_folder": "bilder",
        "public_folder": "bilder",
        "fields": fields,
    }


def config(
    settings: SiteSettings,
    content_root: Path,
    docs_dir: str = "content",
    environ: Mapping[str, str] | None = None,
    kinds: list[ContentType] | None = None,
) -> dict:
    """The whole Decap configuration for this site and build environment."""
    environ = os.environ if environ is None else environ
    kinds = CONTENT_TYPES if kinds is None else kinds
    forms_dir = content_root / "forms"
    forms = sorted(load_all(forms_dir)) if forms_dir.is_dir() else []
    return {
        "backend": backend(environ),
        "local_backend": {"url": local_backend_url(environ)},
        "locale": "de",
        "publish_mode": "simple",
        "site_url": settings.site_url,
        "media_folder": f"{docs_dir}/bilder",
        "public_folder": "/bilder",
        # File names become addresses: ASCII only, as `check` wants (a-z, 0-9, '-').
        "slug": {"encoding": "ascii", "clean_accents": True, "sanitize_replacement": "-"},
        "collections": [
            collection(kind, docs_dir, content_root, settings, forms)
            for kind in kinds
            if (content_root / kind.folder).is_dir()
        ]
        + [
            make()
            for folder, make in (
                ("termine", lambda: events_cms.collection(settings, docs_dir)),
                ("videos", lambda: videos_cms.collection(docs_dir)),
            )
            if (content_root / folder).is_dir()
        ],
    }


def rules(kinds: list[ContentType] | None = None) -> dict:
    """Per collection, what the rules script checks on save (widgets cannot say it)."""
    kinds = CONTENT_TYPES if kinds is None else kinds
    found = {
        kind.name: {
            "needs": {name: field.needs for name, field in kind.spec.items() if field.needs}
        }
        for kind in kinds
    }
    return found | {events_cms.NAME: events_cms.rules(), videos_cms.NAME: videos_cms.rules()}


def rules_script(kinds: list[ContentType] | None = None) -> str:
    """What widgets cannot say: fields that need each other, and no empty optional values."""
    labels = json.dumps(LABELS | events_cms.LABELS, ensure_ascii=False)
    template = (TEMPLATES / "regeln.js").read_text(encoding="utf-8")
    rules_json = json.dumps(rules(kinds), ensure_ascii=False)
    return template.replace("__RULES__", rules_json).replace("__LABELS__", labels)


def admin_files(content, settings: SiteSettings) -> list[tuple[str, str]]:
    """config.yml and the rules script for /admin/ (the page and Decap's files come along)."""
    root = Path(content.root)
    data = config(settings, root, docs_dir=root.name)
    text = "# Geschrieben vom Build (site_src/cms.py) aus dem Inhaltsschema; nicht bearbeiten.\n"
    text += yaml.dump(data, Dumper=_PlainDumper, allow_unicode=True, sort_keys=False)
    return [(CONFIG_PATH, text), (RULES_PATH, rules_script())]


class _PlainDumper(yaml.SafeDumper):
    """Write repeated values out in full: anchors and aliases only puzzle a reader."""

    def ignore_aliases(self, data) -> bool:
        return True


def _title(page: Path) -> str:
    try:
        meta = frontmatter.read(page, page.parent).meta
    except frontmatter.FrontMatterError:
        meta = {}
    return str(meta.get("title") or page.stem)


def decap_files(project_root: Path) -> list[tuple[str, Path]]:
    """Decap's bundle and the chunks and WebAssembly it loads, from node_modules (no CDN)."""
    dist = project_root / DECAP_DIST
    if not dist.is_dir():
        return []
    keep = (".js", ".wasm", ".LICENSE.txt")
    files = [path for path in sorted(dist.iterdir()) if path.name.endswith(keep)]
    # cms.js is the same app again under the package's older name.
    return [(f"{ADMIN_DIR}/{path.name}", path) for path in files if path.name != "cms.js"]


def admin_page(settings: SiteSettings) -> tuple[str, str]:
    """The page that loads Decap: noindex, no inline script (the admin policy allows none)."""
    page = (TEMPLATES / "index.html").read_text(encoding="utf-8")
    return f"{ADMIN_DIR}/index.html", page.replace("{site_name}", escape(settings.site_name))
