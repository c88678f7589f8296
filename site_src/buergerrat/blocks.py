"""The state of the draw on the Bürgerrat pages, in plain German and in Leichter Sprache.

Editors place it with ``<!-- buergerrat:stand -->`` (or ``<!-- buergerrat:stand-leicht -->``);
the text says only what the published files back: nothing announced, the announced seed, or the
result with each person's chance by public token.
"""

from __future__ import annotations

from html import escape

from site_src.buergerrat.data import CHANCES, PROTOCOL, Announcement, Draw, Result, load
from site_src.text import german_date

MARKER = "<!-- buergerrat:stand -->"
EASY_MARKER = "<!-- buergerrat:stand-leicht -->"
FILES_URL = "ziehung/"


def page_markdown(src: str, markdown: str, meta: dict, content, settings) -> str:
    """Replace the markers with the state of the draw."""
    if MARKER not in markdown and EASY_MARKER not in markdown:
        return markdown
    draw, _ = load(content.root)
    markdown = markdown.replace(MARKER, f"\n\n{plain(draw)}\n\n")
    return markdown.replace(EASY_MARKER, f"\n\n{easy(draw)}\n\n")


def plain(draw: Draw) -> str:
    """The state for the main page."""
    if draw.result is not None:
        return _result(draw.result, draw.announcement)
    if draw.announcement is not None:
        return _announced(draw.announcement)
    return (
        "Die Auslosung hat noch nicht stattgefunden. Einen Termin und einen Startwert haben wir "
        "noch nicht angekündigt. Beides veröffentlichen wir auf dieser Seite, bevor gelost wird."
    )


def _announced(a: Announcement) -> str:
    return "\n".join(
        [
            f"Die Auslosung ist für den {german_date(a.draw_date)} angekündigt. "
            "Sie hat noch nicht stattgefunden.",
            "",
            f"- Startwert: {_code(a.seed)}",
            *_seats(a.seats, a.reserved),
            "",
            "Der Startwert steht fest, bevor gelost wird. Mit ihm kann später jede und jeder "
            "nachrechnen, dass genau so gelost wurde wie angekündigt.",
        ]
    )


def _result(r: Result, a: Announcement | None) -> str:
    day = f" (angekündigt für den {german_date(a.draw_date)})" if a else ""
    lines = [
        f"Die Auslosung hat stattgefunden{day}. Alle Zahlen stammen aus dem veröffentlichten "
        "Protokoll.",
        "",
        f"- Startwert: {_code(r.seed)} (wie angekündigt)",
        f"- Personen im Pool (bestätigte Meldungen): {r.pool_size}",
        *_seats(r.seats, r.reserved),
        f"- Niedrigste Chance einer Person im Pool: {_percent(r.lowest)}",
    ]
    if r.lottery_size:
        lines.append(f"- Lotterie mit {r.lottery_size} Losen, gezogen wurde Los Nr. {r.pick}")
    lines += [
        "",
        "### Mitglieder und Nachrücker",
        "",
        "Jede Person steht hier nur unter ihrer Kennung, nicht unter ihrem Namen.",
        "",
        f"Mitglieder ({len(r.panel)}): {', '.join(_code(t) for t in r.panel)}",
        "",
        f"Nachrücker in dieser Reihenfolge ({len(r.substitutes)}): "
        f"{', '.join(_code(t) for t in r.substitutes) or 'keine'}",
        "",
        "### Die Chance jeder Person",
        "",
        f"[Protokoll herunterladen (JSON)]({FILES_URL}{PROTOCOL.rsplit('/', 1)[1]}) · "
        f"[Chancen herunterladen (CSV)]({FILES_URL}{CHANCES.rsplit('/', 1)[1]})",
        "",
        "| Kennung | Chance |",
        "| --- | ---: |",
        *(f"| {_code(token)} | {_percent(chance)} |" for token, chance in r.chances),
    ]
    return "\n".join(lines)


def easy(draw: Draw) -> str:
    """The state in Leichter Sprache: one sentence per line."""
    if draw.result is not None:
        r = draw.result
        return "\n".join(
            [
                "Die Auslosung war schon.",
                f"So viele Menschen waren im Los-Topf: {r.pool_size}.",
                f"So viele Plätze hat der Bürger-Rat: {r.seats}.",
                "Alle Ergebnisse stehen auf der Seite [Bürgerrat](index.md).",
                "Diese Seite ist in schwerer Sprache.",
            ]
        )
    if draw.announcement is not None:
        a = draw.announcement
        return "\n".join(
            [
                f"Die Auslosung ist am {german_date(a.draw_date)}.",
                f"Wir losen mit dieser Start-Zahl: {_code(a.seed)}",
                "Die Start-Zahl steht schon vorher fest.",
                "So kann niemand schummeln.",
            ]
        )
    return "\n".join(
        [
            "Die Auslosung war noch nicht.",
            "Wir sagen den Tag für die Auslosung noch an.",
            "Dann steht der Tag hier.",
        ]
    )


def _seats(seats: int, reserved: int) -> list[str]:
    lines = [f"- Sitze im Bürgerrat: {seats}"]
    if reserved:
        drawn = seats - reserved
        lines.append(f"- davon vorab vergeben (reserviert): {reserved}, ausgelost: {drawn}")
    return lines


def _code(text: str) -> str:
    return f"<code>{escape(text)}</code>"


def _percent(chance: float) -> str:
    return f"{chance * 100:.2f} %".replace(".", ",")
