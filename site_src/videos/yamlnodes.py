"""Find the line and the literal text of every nested front-matter value, for precise errors."""

from __future__ import annotations

from dataclasses import dataclass

import yaml

from site_src.frontmatter import BOM

Path = tuple[str | int, ...]
# libyaml's parser when available: every date and evening is read on each build.
_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


@dataclass(frozen=True)
class Spot:
    """Where a value stands in the file and how the editor wrote it."""

    line: int
    text: str | None


def front_matter_spots(text: str) -> dict[Path, Spot]:
    """Map paths like ('videos', 0, 'duration') to file lines; empty when the YAML is unreadable."""
    lines = text.removeprefix(BOM).splitlines()
    if not lines or lines[0].strip() != "---":
        return {}
    end = next((i for i, line in enumerate(lines[1:], 1) if line.strip() == "---"), None)
    if end is None:
        return {}
    try:
        root = yaml.compose("\n".join(lines[1:end]), Loader=_LOADER)
    except yaml.YAMLError:
        return {}
    spots: dict[Path, Spot] = {}
    if root is not None:
        _walk(root, (), spots)
    return spots


def _walk(node: yaml.Node, path: Path, spots: dict[Path, Spot]) -> None:
    """Record a node and its children; line numbers count the opening fence as line 1."""
    text = node.value if isinstance(node, yaml.ScalarNode) else None
    spots[path] = Spot(node.start_mark.line + 2, text)
    if isinstance(node, yaml.MappingNode):
        for key, value in node.value:
            child = (*path, str(key.value))
            _walk(value, child, spots)
            spots[child] = Spot(key.start_mark.line + 2, spots[child].text)
    elif isinstance(node, yaml.SequenceNode):
        for index, item in enumerate(node.value):
            _walk(item, (*path, index), spots)
