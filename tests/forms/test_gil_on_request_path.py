"""Keyed hashes on the request path keep the GIL, and stay the standard HMAC-SHA256.

The service answers from threads of one process. The one-shot `hmac.digest` releases the GIL
on every call, however short the message, and then waits to get it back behind the other busy
request threads: five such waits per submission cost the threaded service about a tenth of its
throughput and half again as many futex calls per request (bench/README.md, 4 December 2026).
Whether a given release leads to a wait depends on the scheduler, so a timing test would be
flaky; the rule is checked in the source instead, and the helper's output against RFC 4231.
"""

from __future__ import annotations

import ast
import hmac
from pathlib import Path

from forms import keys
from forms.intake import idempotency

FORMS = Path(__file__).resolve().parents[2] / "forms"
SECRET = "test-secret-key-0123456789abcdef-0123456789"


def one_shot_hmac_calls(path: Path) -> list[int]:
    """Lines calling `hmac.digest(...)` (or `digest` imported from hmac) in one file."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    imported = {
        alias.asname or alias.name
        for node in ast.walk(tree)
        if isinstance(node, ast.ImportFrom) and node.module == "hmac"
        for alias in node.names
        if alias.name == "digest"
    }
    lines = []
    for node in ast.walk(tree):
        if not isinstance(node, ast.Call):
            continue
        function = node.func
        by_attribute = (
            isinstance(function, ast.Attribute)
            and function.attr == "digest"
            and isinstance(function.value, ast.Name)
            and function.value.id == "hmac"
        )
        if by_attribute or (isinstance(function, ast.Name) and function.id in imported):
            lines.append(node.lineno)
    return lines


def test_the_service_never_calls_the_one_shot_hmac():
    found = [
        f"{path.relative_to(FORMS.parent)}:{line}"
        for path in sorted(FORMS.rglob("*.py"))
        for line in one_shot_hmac_calls(path)
    ]
    assert found == [], "use forms.keys.keyed_sha256, which keeps the GIL"


def test_the_source_check_finds_a_one_shot_call(tmp_path):
    sample = tmp_path / "sample.py"
    sample.write_text(
        "import hmac\nfrom hmac import digest as d\n"
        "a = hmac.digest(b'k', b'm', 'sha256')\nb = d(b'k', b'm', 'sha256')\n"
        "c = hmac.new(b'k', b'm', 'sha256').digest()\n",
        encoding="utf-8",
    )
    assert one_shot_hmac_calls(sample) == [3, 4]


def test_keyed_sha256_is_hmac_sha256():
    """RFC 4231, test case 2: the helper is the standard HMAC, not a look-alike."""
    digest = keys.keyed_sha256(b"Jefe", b"what do ya want for nothing?")
    assert digest.hex() == "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843"


def test_hashes_stored_before_the_change_still_match():
    """Rows hashed with hmac.digest are still found (duplicates, access, erasure)."""
    email_key = hmac.digest(SECRET.encode(), b"smart-kassel-forms/email", "sha256")
    expected = hmac.digest(email_key, b"jonas@beispiel.de", "sha256").hex()
    assert keys.email_hash(SECRET, "Jonas@Beispiel.de") == expected

    salt = b"s" * 32
    client_key = hmac.digest(
        hmac.digest(SECRET.encode(), b"smart-kassel-forms/client", "sha256"), salt, "sha256"
    )
    expected = hmac.digest(client_key, b"203.0.113.50", "sha256").hex()[:32]
    assert keys.client_hash(SECRET, salt, "203.0.113.50") == expected

    submission_key = keys.derive(SECRET, "submission")
    expected = hmac.digest(submission_key, b"kontakt\0id\0abc", "sha256").hex()
    assert idempotency._keyed(submission_key, "kontakt\0id\0abc") == expected


def test_signed_links_from_before_the_change_still_open():
    """A confirmation link mailed before the change is still accepted."""
    payload = keys._LINK_LAYOUT.pack(b"n" * 16, 2_000_000_000)
    link_key = hmac.digest(SECRET.encode(), b"smart-kassel-forms/confirm", "sha256")
    mac = hmac.digest(link_key, payload, "sha256")
    link = f"{keys._b64(payload)}.{keys._b64(mac)}"
    assert keys.read_link(SECRET, "confirm", link).nonce == b"n" * 16
