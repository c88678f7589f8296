"""Measure what a first visit transfers, gzip-compressed, so the budget means bytes on the wire."""

from __future__ import annotations

import gzip
from dataclasses import dataclass


@dataclass(frozen=True)
class Resource:
    """One response a page load fetched: its URL and body size raw and gzip -9 compressed."""

    url: str
    raw: int
    compressed: int


def measure(url: str, body: bytes) -> Resource:
    """Compress a body as a well-configured server would (gzip -9) and record both sizes."""
    return Resource(url, len(body), len(gzip.compress(body, compresslevel=9, mtime=0)))


def over_budget(name: str, resources: list[Resource], budget_bytes: int) -> list[str]:
    """Return a readable breakdown when the total exceeds the budget, else nothing."""
    total = sum(resource.compressed for resource in resources)
    if total <= budget_bytes:
        return []
    lines = [f"{name}: {total / 1024:.1f} KB compressed > budget {budget_bytes / 1024:.0f} KB:"]
    for resource in sorted(resources, key=lambda r: r.compressed, reverse=True):
        lines.append(f"  {resource.compressed / 1024:7.1f} KB  {resource.url}")
    return lines
