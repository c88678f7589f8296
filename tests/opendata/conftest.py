"""The real content plus the test dates, built once; shared with tests/termine."""

from __future__ import annotations

from tests.termine.conftest import site  # noqa: F401  (the session fixture)
