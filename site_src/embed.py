"""The embeddable form: one classic script (`/assets/sk/embed.js`) for other city pages.

A host page writes `<div data-sk-form="kontakt"><a href=".../kontakt/">...</a></div>` and
`<script defer src="https://<site>/assets/sk/embed.js"></script>`. The script carries, from
this build, the same form markup as the site's page (the Jinja macros), forms.css, the form
scripts and the ALTCHA worker's source. It is one classic script on purpose: a module (and
its imports) or a worker file from another origin would need CORS on the static host.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

from site_src import form_pages
from site_src.form_definitions import load_all

EMBED_PATH = "assets/sk/embed.js"
_ASSETS = Path(__file__).parent / "assets"
_ENTRY = Path(__file__).parent / "templates" / "embed" / "entry.js"
# The site's ES modules, dependencies first, linked into the one script.
MODULES = ("js/form-answers.js", "js/form-send.js")
WORKER = "workers/altcha.js"
STYLES = "css/forms.css"
_IMPORT = re.compile(r'^import \{([^}]*)\} from "\./([^"]+)";$', re.MULTILINE)
_EXPORT = re.compile(r"^export (?:async )?(?:function|const|let|class) (\w+)", re.MULTILINE)


class LinkError(ValueError):
    """A module uses a form of import or export the small linker below does not understand."""


def embed_files(content, settings) -> list[tuple[str, str]]:
    """The embed script, with every form a page of the site shows (none: no script)."""
    used = sorted({fm.meta["form"] for fm in content.pages.values() if fm.meta.get("form")})
    if not used:
        return []
    definitions = load_all(Path(content.root) / "forms")
    moment = form_pages.build_moment()
    sections = {
        form_id: form_pages.render_section(
            definitions[form_id],
            now=moment.moment,
            preview=moment.preview,
            script_url="",
            api_url=form_pages.api_url(),
        )
        for form_id in used
        if form_id in definitions
    }
    return [(EMBED_PATH, embed_script(sections))]


def embed_script(sections: dict[str, str]) -> str:
    """Link the form modules, the worker source and the sections into one classic script."""
    data = {"sections": sections, "css": (_ASSETS / STYLES).read_text(encoding="utf-8")}
    worker = (_ASSETS / WORKER).read_text(encoding="utf-8")
    modules = [(name.removeprefix("js/"), (_ASSETS / name).read_text("utf-8")) for name in MODULES]
    parts = [
        "/* Smart Kassel: embeddable forms. Built by site_src/embed.py; do not edit. */",
        "(function () {",
        '"use strict";',
        "const modules = {};",
        f"const SK_EMBED = {json.dumps(data)};",
        f"const ALTCHA_SOURCE = {json.dumps(worker)};",
        f"function altchaOnMainThread(self) {{\n{worker}\n}}",
        *(module_wrapper(name, source) for name, source in modules),
        classic(_ENTRY.read_text(encoding="utf-8")),
        "})();",
    ]
    return "\n".join(parts) + "\n"


def module_wrapper(name: str, source: str) -> str:
    """One ES module as a function scope that stores its exports under its file name."""
    exports = _EXPORT.findall(source)
    body = classic(_EXPORT.sub(lambda m: m.group(0).removeprefix("export "), source))
    return (
        f'modules["{name}"] = (function () {{\n{body}\nreturn {{ {", ".join(exports)} }};\n}})();'
    )


def classic(source: str) -> str:
    """Turn a module's relative imports into reads from `modules`; refuse what is left over."""
    linked = _IMPORT.sub(lambda m: f'const {{{m.group(1)}}} = modules["{m.group(2)}"];', source)
    leftover = re.search(r"^\s*(import|export)\b|import\.meta", linked, re.MULTILINE)
    if leftover:
        raise LinkError(f"cannot link {leftover.group(0).strip()!r} into a classic script")
    return linked
