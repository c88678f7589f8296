"""requirements.lock: `make` installs exactly the pinned, hashed distributions CI tested."""

from __future__ import annotations

import importlib.metadata
import re
import subprocess
import tomllib
from pathlib import Path

from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

ROOT = Path(__file__).resolve().parents[2]
LOCK = ROOT / "requirements.lock"
# Put into every venv by `python -m venv` (ensurepip), before the lock is read.
VENV_BOOTSTRAP = {"pip", "setuptools"}
PROJECT = "smart-kassel-site"


def _pins(text: str) -> dict[str, str]:
    """Name -> version of every `name==version` line of a pip-compile lock."""
    found = re.findall(r"^([A-Za-z0-9][A-Za-z0-9._-]*)==(\S+)", text, re.MULTILINE)
    return {canonicalize_name(name): version for name, version in found}


def _entries(text: str) -> list[str]:
    """One string per pinned requirement, continuation lines joined."""
    joined = re.sub(r"\\\n\s*", " ", text)
    return [line for line in joined.splitlines() if re.match(r"^[A-Za-z0-9]", line)]


def test_every_installed_distribution_is_pinned_at_its_installed_version():
    pins = _pins(LOCK.read_text())
    installed = {
        canonicalize_name(dist.metadata["Name"]): dist.version
        for dist in importlib.metadata.distributions()
    }
    unpinned = {
        name: version
        for name, version in installed.items()
        if name not in VENV_BOOTSTRAP | {PROJECT} and pins.get(name) != version
    }
    assert unpinned == {}, "installed, but not so in requirements.lock (make lock)"
    assert set(pins) <= set(installed), "pinned but not installed: .venv is stale (make)"


def test_every_pin_carries_a_hash():
    entries = _entries(LOCK.read_text())
    assert len(entries) > 30
    assert [e for e in entries if "--hash=sha256:" not in e] == []


def test_the_lock_satisfies_every_requirement_of_pyproject():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    requirements = list(project["dependencies"])
    for extra in project["optional-dependencies"].values():
        requirements += extra
    pins = _pins(LOCK.read_text())
    unmet = []
    for line in requirements:
        requirement = Requirement(line)
        version = pins.get(canonicalize_name(requirement.name))
        if version is None or not requirement.specifier.contains(version, prereleases=True):
            unmet.append(f"{line} (lock: {version})")
    assert unmet == [], "pyproject.toml changed after the lock: run make lock"


def test_the_theme_is_pinned_to_one_minor_version():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    (theme,) = [Requirement(r) for r in project["dependencies"] if r.startswith("mkdocs-material")]
    installed = importlib.metadata.version("mkdocs-material")
    major, minor = installed.split(".")[:2]
    assert theme.specifier.contains(installed)
    assert not theme.specifier.contains(f"{major}.{int(minor) + 1}.0")


def test_make_installs_from_the_lock_with_hashes_then_the_project_alone(tmp_path):
    venv = tmp_path / "venv"
    plan = subprocess.run(
        ["make", "-n", f"VENV={venv}", f"{venv}/.installed"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    ).stdout.splitlines()
    installs = [line for line in plan if " install " in line]
    assert installs == [
        f"{venv}/bin/pip install --quiet --require-hashes --no-deps -r requirements.lock",
        f"{venv}/bin/pip install --quiet --no-deps -e .",
    ]
