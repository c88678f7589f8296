"""The service's rooms import one way: a newcomer can rely on the arrows in docs/architecture."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

FORMS = Path(__file__).resolve().parents[2] / "forms"
GROUND = {"settings", "clock", "keys", "random_pool"}
# What each room may import besides itself; the ground floor imports no room.
ALLOWED = {
    "ground": {"ground"},
    "definitions": {"ground"},
    "storage": {"ground", "definitions"},
    "intake": {"ground", "definitions", "storage"},
    "office": {"ground", "definitions", "storage"},
}
WIRING = {"__init__", "devserver"}


def room_of(parts: tuple[str, ...]) -> str | None:
    """The room a dotted module path below `forms` belongs to (None for the wiring)."""
    if not parts:
        return None
    if parts[0] in ALLOWED:
        return parts[0]
    if parts[0] in GROUND:
        return "ground"
    if parts[0] in WIRING:
        return None
    raise AssertionError(f"forms.{'.'.join(parts)} belongs to no room")


def imported_modules(path: Path) -> list[tuple[int, tuple[str, ...]]]:
    """Every `forms.*` module a file imports, with the line, including `from forms import x`."""
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names = [node.module]
            if node.module == "forms":
                names = [f"forms.{alias.name}" for alias in node.names]
        else:
            continue
        for name in names:
            parts = tuple(name.split("."))
            if parts[0] == "forms" and len(parts) > 1:
                found.append((node.lineno, parts[1:]))
    return found


def service_modules() -> list[Path]:
    return sorted(p for p in FORMS.rglob("*.py") if "migrations" not in p.parts[-3:-1])


@pytest.mark.parametrize("path", service_modules(), ids=lambda p: str(p.relative_to(FORMS)))
def test_imports_run_one_way(path: Path) -> None:
    own = room_of(path.relative_to(FORMS).with_suffix("").parts)
    if own is None:
        return
    wrong = [
        f"{path.relative_to(FORMS)}:{line}: imports forms.{'.'.join(parts)}"
        for line, parts in imported_modules(path)
        if room_of(parts) is not None and room_of(parts) not in ALLOWED[own] | {own}
    ]
    assert not wrong, "\n".join(wrong)


def test_every_module_lives_in_a_room() -> None:
    loose = [p.name for p in FORMS.glob("*.py") if p.stem not in GROUND | WIRING]
    assert not loose, f"modules outside the rooms: {loose}"


def test_every_room_says_what_it_may_use() -> None:
    for room in ALLOWED.keys() - {"ground"}:
        doc = ast.get_docstring(ast.parse((FORMS / room / "__init__.py").read_text()))
        assert doc and "May use:" in doc, f"forms/{room}/__init__.py lacks its rule"


def test_the_checker_sees_a_wrong_arrow(tmp_path: Path) -> None:
    """A storage module importing the office is reported (so the test above can fail)."""
    planted = tmp_path / "planted.py"
    planted.write_text("from forms.office import export\nfrom forms import api\n")
    parts = [parts for _, parts in imported_modules(planted)]
    assert ("office",) in parts and ("api",) in parts
    assert room_of(("office",)) not in ALLOWED["storage"]
