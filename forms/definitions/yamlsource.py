"""Read YAML with the line of every key, so editors get `file:line: key: message` errors."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import yaml

from forms.definitions import yaml_errors


class _TextDateLoader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):
    """Safe loader that keeps dates as text, so the schema can explain a bad date itself."""


_TextDateLoader.yaml_implicit_resolvers = {
    first: [(tag, rx) for tag, rx in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


@dataclass(frozen=True, order=True)
class DefinitionProblem:
    """One mistake in one definition file."""

    path: str
    line: int
    key: str
    message: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.key}: {self.message}"


class DefinitionErrors(Exception):
    """Every problem found in the form definitions, reported together."""

    def __init__(self, problems: list[DefinitionProblem]):
        self.problems = sorted(problems)
        super().__init__("\n".join(str(problem) for problem in self.problems))


@dataclass
class Source:
    """A parsed YAML document plus where each value stood, addressed by a key path."""

    path: str
    data: Any
    lines: dict[tuple, int] = field(default_factory=dict)
    problems: list[DefinitionProblem] = field(default_factory=list)

    def line(self, keys: tuple) -> int:
        """Return the line of `keys`, or of its nearest parent that exists."""
        while keys and keys not in self.lines:
            keys = keys[:-1]
        return self.lines.get(keys, 1)

    def error(self, keys: tuple, message: str) -> None:
        """Record a problem at the value addressed by `keys`."""
        self.problems.append(DefinitionProblem(self.path, self.line(keys), dotted(keys), message))


def dotted(keys: tuple) -> str:
    """Write a key path the way an editor reads it: fields[2].label."""
    text = ""
    for key in keys:
        text += f"[{key + 1}]" if isinstance(key, int) else (f".{key}" if text else str(key))
    return text or "(file)"


def parse(text: str, path: str) -> Source:
    """Parse YAML text; a syntax error becomes a problem with its line."""
    try:
        node = yaml.compose(text, Loader=_TextDateLoader)
        data = yaml.load(text, Loader=_TextDateLoader)
    except yaml.MarkedYAMLError as exc:
        line = yaml_errors.line_of(exc)
        source = Source(path, None)
        source.problems.append(
            DefinitionProblem(
                path,
                1 if line is None else line + 1,
                "(Datei)",
                f"YAML-Syntaxfehler: {yaml_errors.explain(exc, text)}",
            )
        )
        return source
    source = Source(path, data)
    if node is not None:
        _record_lines(node, (), source.lines)
    return source


def _record_lines(node: yaml.Node, keys: tuple, lines: dict[tuple, int]) -> None:
    lines[keys] = node.start_mark.line + 1
    if isinstance(node, yaml.MappingNode):
        for key_node, value_node in node.value:
            child = (*keys, str(key_node.value))
            _record_lines(value_node, child, lines)
            lines[child] = key_node.start_mark.line + 1
    elif isinstance(node, yaml.SequenceNode):
        for index, item in enumerate(node.value):
            _record_lines(item, (*keys, index), lines)
