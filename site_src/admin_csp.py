"""The Content-Security-Policy of /admin/ (Decap CMS), written for nginx next to the site's.

Decap is a large React app. Two allowances beyond the site's policy are required; the CMS
round trip under this policy (tests/site/test_cms_browser.py) fails without either:
- 'unsafe-eval' in script-src: its config validation (ajv) compiles schemas with
  `new Function`; without it /admin/ stays blank;
- 'unsafe-inline' in style-src: its components inject <style> elements (emotion).
blob: in connect-src: the CMS keeps a local backup of an unsaved entry and reads the files
uploaded into it back from their blob: URLs (without it the backup fails on every upload;
tests/site/test_cms_browser.py uploads a poster and a transcript).
Allowed for features the test does not reach: blob: and data: images (previews of images
chosen for upload), blob: workers and frames (the editor's preview pane), and the GitLab
instance in connect-src (API, PKCE token exchange), img-src (images already in the
repository, avatars) and form-action (the login redirect).
Everything else stays as strict as on the site: no inline scripts, no frames of others,
no plugins, and nobody may frame /admin/. Only /admin/ gets this policy (deploy/nginx.conf).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from pathlib import Path
from urllib.parse import urlsplit

from forms.intake.security_headers import security_headers
from site_src import cms
from site_src.csp import header_directives

NGINX_INCLUDE = "admin-security-headers.conf"


def admin_policy(origins: Iterable[str] = ()) -> str:
    """The policy for /admin/, allowing the CMS's backend `origins` to be fetched."""
    others = sorted(set(origins))
    directives = {
        "default-src": ["'self'"],
        "script-src": ["'self'", "'unsafe-eval'"],
        "style-src": ["'self'", "'unsafe-inline'"],
        "img-src": ["'self'", "data:", "blob:", *others],
        "font-src": ["'self'", "data:"],
        "connect-src": ["'self'", "blob:", *others],
        "media-src": ["'self'", "blob:"],
        "worker-src": ["'self'", "blob:"],
        "frame-src": ["'self'", "blob:"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'", *others],
        "frame-ancestors": ["'none'"],
    }
    return "; ".join(f"{name} {' '.join(sources)}" for name, sources in directives.items())


def backend_origins(environ: Mapping[str, str]) -> list[str]:
    """Where the CMS of this build talks to: the GitLab instance, if one is configured."""
    backend = cms.backend(environ)
    if backend["name"] != "gitlab":
        return []
    parts = urlsplit(backend["base_url"])
    return [f"{parts.scheme}://{parts.netloc}"]


def admin_headers(origins: Iterable[str] = ()) -> dict[str, str]:
    """The site's security headers with the admin policy and noindex."""
    headers = security_headers()
    headers["Content-Security-Policy"] = admin_policy(origins)
    headers["X-Robots-Tag"] = "noindex, nofollow"
    return headers


def write_admin_include(site_dir: Path, environ: Mapping[str, str]) -> Path:
    """Write the headers of /admin/ as nginx directives into the built site."""
    lines = [
        "# Written by the site build (site_src/admin_csp.py). Do not edit: rebuild.",
        "# deploy/nginx.conf includes it in `location /admin/` only.",
    ]
    lines += header_directives(admin_headers(backend_origins(environ)))
    target = site_dir / NGINX_INCLUDE
    target.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return target
