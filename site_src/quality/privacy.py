"""Judge what a page load sent and stored: no other host, no cookies, no unasked storage."""

from __future__ import annotations

from urllib.parse import urlsplit

# Schemes that never leave the browser.
LOCAL_SCHEMES = {"data", "blob", "about"}


def foreign_requests(
    urls: list[str], own_origin: str, allowed_hosts: tuple[str, ...] = ()
) -> list[str]:
    """Return each requested URL to a host other than the site's own or an allowed one."""
    own = urlsplit(own_origin)
    foreign = []
    for url in urls:
        parts = urlsplit(url)
        if parts.scheme in LOCAL_SCHEMES:
            continue
        if (parts.scheme, parts.netloc) == (own.scheme, own.netloc):
            continue
        if parts.hostname and any(_within(parts.hostname, host) for host in allowed_hosts):
            continue
        foreign.append(url)
    return foreign


def storage_problems(
    where: str,
    cookies: list[dict],
    local_storage: dict[str, str],
    allowed_keys: set[str] = frozenset(),
) -> list[str]:
    """Describe every cookie and every localStorage entry the visitor did not choose to keep."""
    problems = [f"{where}: cookie {c['name']!r} set for {c.get('domain', '?')}" for c in cookies]
    problems += [
        f"{where}: localStorage {key!r} written ({value[:60]!r})"
        for key, value in local_storage.items()
        if key not in allowed_keys
    ]
    return problems


def _within(hostname: str, host: str) -> bool:
    return hostname == host or hostname.endswith("." + host)
