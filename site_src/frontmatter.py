"""Read YAML front matter with the line of every key, so errors can point editors at the line."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from forms.definitions import yaml_errors
from site_src.errors import ContentError

# libyaml's parser when available: front matter is read for every page of every build.
_SAFE_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _StringDateLoader(_SAFE_LOADER):
    """Safe loader that keeps dates as text, so the schema can explain a bad date itself."""


_StringDateLoader.yaml_implicit_resolvers = {
    first: [(tag, rx) for tag, rx in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}

_FENCE = re.compile(r"\A---[ \t]*\r?\n(.*?\r?\n)?---[ \t]*(?:\r?\n|\Z)", re.DOTALL)
_OPENING = re.compile(r"\A---[ \t]*\r?\n")
FIELD = "Kopfbereich"
# Some Windows editors start UTF-8 files with a byte order mark; mkdocs drops it, and so do we.
BOM = "\ufeff"


@dataclass
class FrontMatter:
    """The parsed metadata of one Markdown file, its body, and where each top-level key stood."""

    path: str
    meta: dict
    body: str
    lines: dict[str, int] = field(default_factory=dict)
    body_line: int = 1
    item_lines: dict[str, list[int]] = field(default_factory=dict)

    def line_of(self, key: str) -> int:
        """The line an error about `key` should point at (the fence when the key is missing)."""
        return self.lines.get(key, 1)

    def line_of_item(self, key: str, index: int) -> int:
        """The line of the `index`-th entry of the list under `key` (the key's line if unknown)."""
        entries = self.item_lines.get(key, [])
        return entries[index] if index < len(entries) else self.line_of(key)


class FrontMatterError(Exception):
    """The front matter could not be read at all (YAML syntax, not a mapping)."""

    def __init__(self, error: ContentError):
        self.error = error
        super().__init__(str(error))


def parse(text: str, path: str) -> FrontMatter:
    """Split `text` into front matter and body; raise FrontMatterError at the bad line."""
    text = text.removeprefix(BOM)
    match = _FENCE.match(text)
    if not match:
        if _OPENING.match(text):
            message = (
                "wird mit '---' geöffnet, aber nie geschlossen; "
                "ergänzen Sie nach der letzten Angabe eine Zeile mit '---'"
            )
            raise FrontMatterError(ContentError(path, 1, FIELD, message))
        return FrontMatter(path=path, meta={}, body=text)
    raw = match.group(1) or ""
    body = text[match.end() :]
    body_line = text[: match.end()].count("\n") + 1
    try:
        node, meta = _load(raw)
    except yaml.MarkedYAMLError as exc:
        line = yaml_errors.line_of(exc)
        error = ContentError(
            path, 1 if line is None else line + 2, FIELD, yaml_errors.explain(exc, raw)
        )
        raise FrontMatterError(error) from exc
    if meta is None:
        meta = {}
    if not isinstance(meta, dict):
        message = "muss aus Zeilen der Form 'schlüssel: wert' bestehen"
        raise FrontMatterError(ContentError(path, 2, FIELD, message))
    lines: dict[str, int] = {}
    items: dict[str, list[int]] = {}
    if isinstance(node, yaml.MappingNode):
        for key_node, value_node in node.value:
            key, line = str(key_node.value), key_node.start_mark.line + 2
            if key in lines:
                message = f"steht schon in Zeile {lines[key]}; löschen Sie eine der beiden Zeilen"
                raise FrontMatterError(ContentError(path, line, key, message))
            lines[key] = line
            if isinstance(value_node, yaml.SequenceNode):
                items[key] = [item.start_mark.line + 2 for item in value_node.value]
    return FrontMatter(
        path=path, meta=meta, body=body, lines=lines, body_line=body_line, item_lines=items
    )


def _load(raw: str) -> tuple[yaml.Node | None, object]:
    """Parse once: the node tree gives each key's line, the same tree gives the data."""
    loader = _StringDateLoader(raw)
    try:
        node = loader.get_single_node()
        return node, loader.construct_document(node) if node is not None else {}
    finally:
        loader.dispose()


def read(path: Path, root: Path) -> FrontMatter:
    """Parse a file, naming it relative to the content root as editors see it."""
    name = path.relative_to(root).as_posix()
    return parse(path.read_text(encoding="utf-8"), f"content/{name}")
