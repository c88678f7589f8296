"""Run axe-core in a loaded browser page and describe each violation where it occurs."""

from __future__ import annotations

from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[2]
AXE_SCRIPT = REPO / "node_modules/axe-core/axe.min.js"
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"]


def axe_violations(page: Any, where: str, script: Path = AXE_SCRIPT) -> list[str]:
    """Inject axe into a Playwright page and return one line per failing element."""
    if not script.is_file():
        raise RuntimeError(f"{script} is missing: run `npm ci` (make test does)")
    if not page.evaluate("typeof window.axe !== 'undefined'"):
        page.add_script_tag(path=str(script))
    result = page.evaluate(
        "tags => axe.run(document,"
        " {runOnly: {type: 'tag', values: tags}, resultTypes: ['violations']})",
        AXE_TAGS,
    )
    return format_violations(result["violations"], where)


def format_violations(violations: list[dict], where: str) -> list[str]:
    """Turn axe's JSON into readable lines: page, rule, impact, element and what to fix."""
    lines = []
    for violation in violations:
        for node in violation["nodes"]:
            target = " ".join(str(part) for part in node.get("target", []))
            summary = " ".join(node.get("failureSummary", "").split())[:300]
            lines.append(
                f"{where}: {violation['id']} ({violation.get('impact')}): {violation['help']}"
                f" at {target}: {summary}"
            )
    return lines
