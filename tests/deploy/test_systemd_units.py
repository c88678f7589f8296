"""The systemd units in deploy/ are valid and run the commands DESIGN.md names."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
UNITS = ["smart-kassel-forms.service", "smart-kassel-deliver.service", "smart-kassel-deliver.timer"]


def _directive(unit: str, name: str) -> list[str]:
    lines = (ROOT / "deploy" / unit).read_text().splitlines()
    return [line.split("=", 1)[1] for line in lines if line.startswith(f"{name}=")]


def test_units_pass_systemd_own_check(tmp_path):
    assert shutil.which("systemd-analyze"), "systemd-analyze is missing: apt-get install systemd"
    for unit in UNITS:
        # Point the example paths at this checkout, where the programs exist.
        text = (ROOT / "deploy" / unit).read_text().replace("/srv/smart-kassel", str(ROOT))
        (tmp_path / unit).write_text(text)
    result = subprocess.run(
        ["systemd-analyze", "verify", *(f"./{unit}" for unit in UNITS)],
        cwd=tmp_path,
        capture_output=True,
        text=True,
    )
    assert (result.returncode, result.stderr) == (0, "")


def test_service_runs_gunicorn_with_the_shipped_settings_and_reloads_gracefully():
    assert _directive("smart-kassel-forms.service", "ExecStart") == [
        "/srv/smart-kassel/.venv/bin/gunicorn -c deploy/gunicorn.conf.py"
    ]
    assert _directive("smart-kassel-forms.service", "ExecReload") == ["/bin/kill -s HUP $MAINPID"]


def test_timer_starts_the_deliver_command():
    assert _directive("smart-kassel-deliver.service", "ExecStart") == [
        "/srv/smart-kassel/.venv/bin/flask --app forms deliver"
    ]
    assert _directive("smart-kassel-deliver.timer", "OnCalendar") == ["minutely"]
