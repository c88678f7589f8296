"""Check the markup assistive technology relies on: language, one h1, skip link, labels."""

from __future__ import annotations

from pathlib import Path

from selectolax.lexbor import LexborHTMLParser as HTMLParser
from selectolax.lexbor import LexborNode as Node

# Controls a person fills in or chooses; buttons are named by their text and need no label.
UNLABELLED_EXEMPT_TYPES = {"hidden", "submit", "button", "reset", "image"}
# Material's CSS-only state switches (drawer, search, table of contents) are display:none:
# never focused nor announced; people operate them through their <label> elements.
STATE_TOGGLE_CLASS = "md-toggle"


def page_problems(html: str, where: str) -> list[str]:
    """Return every structural problem of one page, each naming the page."""
    tree = HTMLParser(html)
    problems = []
    lang = (tree.css_first("html").attributes.get("lang") or "") if tree.css_first("html") else ""
    if lang.lower() != "de" and not lang.lower().startswith("de-"):
        problems.append(f'{where}: <html lang="{lang}">: expected lang="de"')
    headings = tree.css("h1")
    if len(headings) != 1:
        texts = ", ".join(repr(h.text(strip=True)[:40]) for h in headings) or "none"
        problems.append(f"{where}: {len(headings)} h1 elements ({texts}); expected exactly one")
    if not _skip_link(tree):
        problems.append(f"{where}: no skip link (a link to the main content before the header)")
    problems += [f"{where}: {control}" for control in unlabelled_controls(tree)]
    return problems


# /admin/ is Decap CMS, an app for editors rendered by its own script (tests/site/test_cms_*).
ADMIN = "admin/"


def site_problems(site_dir: Path) -> list[str]:
    """Check every built HTML page, so pages outside the sampled types are covered too."""
    problems = []
    for page in sorted(site_dir.rglob("*.html")):
        where = page.relative_to(site_dir).as_posix()
        if where.startswith(ADMIN):
            continue
        problems += page_problems(page.read_text(encoding="utf-8"), where)
    return problems


def unlabelled_controls(tree: HTMLParser) -> list[str]:
    """Describe each form control that has no accessible name."""
    labelled_ids = {label.attributes.get("for") for label in tree.css("label[for]")}
    ids = {node.attributes.get("id") for node in tree.css("[id]")}
    problems = []
    for control in tree.css("input, select, textarea"):
        attributes = control.attributes
        if (attributes.get("type") or "text").lower() in UNLABELLED_EXEMPT_TYPES:
            continue
        if STATE_TOGGLE_CLASS in (attributes.get("class") or "").split():
            continue
        if _named(control, labelled_ids, ids):
            continue
        described = " ".join(
            f'{k}="{v}"' for k, v in attributes.items() if k in {"id", "name", "type"}
        )
        problems.append(f"<{control.tag} {described}> has no label")
    return problems


def _named(control: Node, labelled_ids: set, ids: set) -> bool:
    attributes = control.attributes
    if attributes.get("id") and attributes["id"] in labelled_ids:
        return True
    if (attributes.get("aria-label") or "").strip() or (attributes.get("title") or "").strip():
        return True
    references = (attributes.get("aria-labelledby") or "").split()
    if references and all(reference in ids for reference in references):
        return True
    parent = control.parent
    while parent is not None:
        if parent.tag == "label" and parent.text(strip=True):
            return True
        parent = parent.parent
    return False


def _skip_link(tree: HTMLParser) -> bool:
    """Accept a same-page link placed before the first header whose target exists."""
    if tree.body is None:
        return False
    for node in tree.body.traverse(include_text=False):
        if node.tag == "header":
            return False
        target = (node.attributes.get("href") or "") if node.tag == "a" else ""
        if target.startswith("#") and tree.css_first(f"[id='{target[1:]}']") is not None:
            return True
    return False
