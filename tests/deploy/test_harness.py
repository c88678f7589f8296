"""Without PostgreSQL or Redis the production tests skip on a laptop but fail in CI."""

import pytest


def test_missing_server_fails_under_ci(harness, free, monkeypatch):
    monkeypatch.setenv("CI", "true")
    with pytest.raises(pytest.fail.Exception, match="CI=true"):
        harness.require("PostgreSQL", free())


def test_missing_server_skips_locally_with_the_reason(harness, free, monkeypatch):
    monkeypatch.delenv("CI", raising=False)
    port = free()
    with pytest.raises(pytest.skip.Exception, match=f"Redis is not running on 127.0.0.1:{port}"):
        harness.require("Redis", port)
