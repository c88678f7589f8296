"""scripts/system-packages: installs missing Debian packages as root, else names the command."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SCRIPT = ROOT / "scripts" / "system-packages"
ALL = "chromium nginx wrk openssl systemd time"


def _stub(folder: Path, name: str, body: str) -> None:
    path = folder / name
    path.write_text(f"#!/bin/bash\n{body}\n")
    path.chmod(0o755)


def _machine(
    tmp_path, *, installed=ALL, uid=1000, java=True, dpkg=True, removed="", apt_fails=False
):
    """A PATH with stand-ins for dpkg-query, id, apt-get and java describing one machine."""
    folder = tmp_path / "bin"
    folder.mkdir()
    if dpkg:
        answer = '[[ " {} " == *" $package "* ]] && {{ printf "{}"; exit 0; }}'
        _stub(
            folder,
            "dpkg-query",
            "\n".join(
                [
                    'package="${@: -1}"',
                    answer.format(removed, "deinstall ok config-files"),
                    answer.format(installed, "install ok installed"),
                    "exit 1",
                ]
            ),
        )
    _stub(folder, "id", f"echo {uid}")
    _stub(folder, "apt-get", f'echo "$*" >> {tmp_path / "apt.log"}\nexit {1 if apt_fails else 0}')
    if java:
        _stub(folder, "java", "exit 0")
    return folder


def _run(folder: Path) -> subprocess.CompletedProcess:
    return subprocess.run(
        ["/bin/bash", str(SCRIPT)], env={"PATH": str(folder)}, capture_output=True, text=True
    )


def _apt_calls(tmp_path) -> list[str]:
    log = tmp_path / "apt.log"
    return log.read_text().splitlines() if log.exists() else []


def test_a_complete_machine_passes_silently(tmp_path):
    done = _run(_machine(tmp_path))
    assert (done.returncode, done.stdout, done.stderr) == (0, "", "")
    assert _apt_calls(tmp_path) == []


def test_without_root_it_stops_and_names_the_exact_command(tmp_path):
    done = _run(_machine(tmp_path, installed="wrk openssl systemd time", java=False))
    assert done.returncode == 1
    assert "not installed: chromium nginx default-jre-headless" in done.stderr
    assert (
        "sudo apt-get update && sudo apt-get install -y --no-install-recommends "
        "chromium nginx default-jre-headless"
    ) in done.stderr
    assert _apt_calls(tmp_path) == []


def test_as_root_it_installs_only_what_is_missing(tmp_path):
    done = _run(_machine(tmp_path, installed="chromium nginx openssl systemd time", uid=0))
    assert done.returncode == 0, done.stderr
    assert _apt_calls(tmp_path) == ["update -qq", "install -y -qq --no-install-recommends wrk"]


def test_a_failed_installation_fails_the_run(tmp_path):
    done = _run(_machine(tmp_path, installed="", uid=0, apt_fails=True))
    assert done.returncode != 0
    assert _apt_calls(tmp_path) == ["update -qq"]


def test_a_removed_package_with_leftover_config_counts_as_missing(tmp_path):
    done = _run(_machine(tmp_path, installed="chromium wrk openssl systemd time", removed="nginx"))
    assert done.returncode == 1
    assert "--no-install-recommends nginx\n" in done.stderr


def test_a_system_without_dpkg_is_told_what_to_install(tmp_path):
    done = _run(_machine(tmp_path, dpkg=False))
    assert done.returncode == 1
    assert "not a Debian-based system" in done.stderr
    assert "/usr/bin/chromium" in done.stderr


@pytest.mark.parametrize("caller", ["make", ".ci/run"])
def test_make_test_and_ci_use_this_one_script(caller):
    if caller == "make":
        plan = subprocess.run(
            ["make", "--no-print-directory", "-n", "test"],
            cwd=ROOT,
            capture_output=True,
            text=True,
            check=True,
        ).stdout.splitlines()
        assert plan[0] == "scripts/system-packages", plan[:3]
    else:
        ci = (ROOT / ".ci" / "run").read_text()
        assert "scripts/system-packages" in ci
        assert "apt-get" not in ci, ".ci/run must not keep a second package list"
