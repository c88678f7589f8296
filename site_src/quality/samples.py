"""Publish the repository's sample recordings for checks that need YouTube players on the site."""

from __future__ import annotations

from pathlib import Path

SAMPLE_TRANSCRIPT = "    transcript: media/beispiel-workshop-zukunftsbilder.transkript.md\n"


def publish_samples(content: Path) -> None:
    """Publish the three sample YouTube recordings, as an editor will once real ones exist.

    The repository keeps them as drafts (their ids are made up); these tests need YouTube
    recordings on the site, each with the transcript a published recording must have.
    """
    path = content / "videos" / "smart-kassel-night-2021.md"
    text = path.read_text(encoding="utf-8").replace("    draft: true\n", "")
    for sample in ("Beispiel-01", "Beispiel-03"):
        text = text.replace(f"youtube: {sample}\n", f"youtube: {sample}\n{SAMPLE_TRANSCRIPT}")
    path.write_text(text, encoding="utf-8")
