"""Refuse form posts a foreign page sent (cross-site request forgery without JavaScript).

A plain HTML form on any website can post form-encoded data here; CORS does not stop that,
because the browser sends such a "simple" request without asking first. Browsers name the
sending page in `Origin` (or, in older ones, `Referer`), so a post that names a page neither on
this site nor on an origin of the CORS allow-list is refused. A post that names no page at all
comes from a non-browser client or a browser that hides it, and is taken as before. JSON posts
are left to CORS: a foreign page cannot send them without the preflight the allow-list answers.
"""

from __future__ import annotations

from urllib.parse import urlsplit

from flask import Flask, current_app, request

from forms.intake.errors import ApiError

FOREIGN = (
    "Dieses Formular wurde von einer fremden Website abgeschickt und nicht angenommen. "
    "Bitte öffnen Sie das Formular auf unserer Website und senden Sie es dort noch einmal."
)
DEFAULT_PORTS = {"http": 80, "https": 443}


def origin_of(url: str) -> str | None:
    """'https://Example.org:443/a?b' -> 'https://example.org'; None when it names no origin."""
    try:
        parts = urlsplit(url.strip())
        port = parts.port
    except ValueError:
        return None
    if parts.scheme not in DEFAULT_PORTS or not parts.hostname:
        return None
    host = f"[{parts.hostname}]" if ":" in parts.hostname else parts.hostname
    port_text = "" if port in (None, DEFAULT_PORTS[parts.scheme]) else f":{port}"
    return f"{parts.scheme}://{host}{port_text}"


def trusted_origins() -> set[str]:
    """This service's own origin, the site's (SITE_URL) and the CORS allow-list."""
    config = current_app.config
    urls = [request.host_url, config["SITE_URL"], *config["ALLOWED_ORIGINS"]]
    return {origin for url in urls if url and (origin := origin_of(url))}


def sender_is_trusted() -> bool:
    """Whether the page that sent this request may post here; True when it is not named."""
    origin = request.headers.get("Origin")
    if origin is not None:
        if origin.strip() == "null":
            # Pages with `Referrer-Policy: no-referrer` (ours included) send an opaque origin;
            # Sec-Fetch-Site is set by the browser alone and tells a same-origin post apart.
            return request.headers.get("Sec-Fetch-Site") == "same-origin"
        return origin_of(origin) in trusted_origins()
    referer = request.headers.get("Referer")
    if not referer:
        return True
    return origin_of(referer) in trusted_origins()


def refuse_foreign_posts() -> None:
    """Stop a non-JSON post from a foreign page before anything reads or stores it."""
    if request.method != "POST" or request.mimetype == "application/json":
        return
    if not sender_is_trusted():
        raise ApiError(
            403,
            "foreign_origin",
            FOREIGN,
            cause="post from a foreign origin",
            title="Von einer fremden Website gesendet",
        )


def init_app(app: Flask) -> None:
    """Check every post before its view runs."""
    app.before_request(refuse_foreign_posts)
