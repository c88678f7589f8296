"""Real servers on loopback for the production tests: nginx, two gunicorns, PostgreSQL, Redis.

Everything is started once per session on free ports and stopped afterwards; the PostgreSQL
database and the Redis database are created (or flushed) for this session and removed after.
Without PostgreSQL or Redis the tests skip locally and fail under CI=true.
"""

from __future__ import annotations

import importlib.util
import itertools
import os
import re
import shutil
import subprocess
import sys
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from types import ModuleType, SimpleNamespace

import altcha
import pytest
import requests
import yaml

from forms.intake import antispam
from site_src.quality.samples import publish_samples

ROOT = Path(__file__).resolve().parents[2]
REDIS_DB = 13  # reserved for these tests; flushed before and after the session
SECRET_KEY = "deploy-tests-secret-key-not-for-production"


def load_module(path: Path) -> ModuleType:
    """Import a file that is not part of a package (deploy/ scripts, the servers helper)."""
    name = f"_deploy_tests_{path.stem}"
    spec = importlib.util.spec_from_file_location(name, path)
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    return module


servers = load_module(Path(__file__).with_name("servers.py"))


@pytest.fixture(scope="session")
def render_nginx() -> ModuleType:
    """deploy/render_nginx.py, which fills in deploy/nginx.conf."""
    return load_module(ROOT / "deploy" / "render_nginx.py")


@pytest.fixture
def certificate(tmp_path) -> tuple[Path, Path]:
    """A self-signed certificate and key in the test's own folder."""
    return servers.make_certificate(tmp_path)


@pytest.fixture(scope="session")
def free():
    """The free_port helper: a port where nothing listens (a stopped instance)."""
    return servers.free_port


@pytest.fixture
def empty_database():
    """The fresh_database helper, for tests that need a database of their own."""
    return servers.fresh_database


@pytest.fixture(scope="session")
def database_url() -> Iterator[str]:
    """The session's PostgreSQL database, shared by both instances."""
    with servers.fresh_database() as url:
        yield url


@pytest.fixture(scope="session")
def redis_url() -> Iterator[str]:
    """Give the session an empty Redis database shared by both instances."""
    servers.require("Redis", servers.REDIS_PORT)
    import redis

    url = f"redis://127.0.0.1:{servers.REDIS_PORT}/{REDIS_DB}"
    client = redis.Redis.from_url(url)
    client.flushdb()
    yield url
    client.flushdb()
    client.close()


@pytest.fixture(scope="session")
def built_site() -> Iterator[Path]:
    """Build the real site once, as an operator with a strict umask (077) does.

    It goes to a folder nginx's unprivileged workers may enter, so a page only the builder may
    read shows up as the 403 it would be in production.
    """
    with servers.public_folder("sk-deploy-site-") as folder:
        site = folder / "site"
        # The sample YouTube recordings are drafts; published here, the two-click player runs.
        content = folder / "content"
        shutil.copytree(ROOT / "content", content)
        publish_samples(content)
        result = subprocess.run(
            [
                sys.executable,
                str(ROOT / "build.py"),
                "--content",
                str(content),
                "--site",
                str(site),
            ],
            cwd=ROOT,
            capture_output=True,
            text=True,
            timeout=300,
            preexec_fn=lambda: os.umask(0o077),
        )
        assert result.returncode == 0, f"build failed:\n{result.stdout}\n{result.stderr}"
        assert (site / "security-headers.conf").is_file(), (
            "the build wrote no security-headers.conf"
        )
        yield site


@pytest.fixture(scope="session")
def forms_content(tmp_path_factory) -> Path:
    """Copy the real form definitions, with the 2021 quiz reopened so it takes entries now."""
    target = tmp_path_factory.mktemp("forms-content")
    for source in (ROOT / "content" / "forms").glob("*.yml"):
        shutil.copy(source, target / source.name)
    quiz = target / "smart-kassel-quiz.yml"
    text, count = re.subn(
        r"^closes: .*$", "closes: 2099-12-31T23:59:59+01:00", quiz.read_text(), flags=re.M
    )
    assert count == 1, "the quiz definition has no top-level closes: line any more"
    quiz.write_text(text)
    return target


def _service_env(database_url: str, redis_url: str, forms_content: Path) -> dict[str, str]:
    env = {key: value for key, value in os.environ.items() if not key.startswith("GUNICORN_")}
    env.pop("FORMS_PREVIEW_NOW", None)
    env.update(
        DATABASE_URL=database_url,
        RATELIMIT_STORAGE_URI=redis_url,
        SECRET_KEY=SECRET_KEY,
        TRUSTED_PROXIES="1",
        FORMS_CONTENT_DIR=str(forms_content),
        FORMS_MIN_FILL_SECONDS="0",
        # Cheap proof of work: the tests solve challenges in Python.
        ALTCHA_COST="1",
        ALTCHA_MAX_NUMBER="200",
        RATELIMIT_SUBMIT="10 per minute;1000 per day",
        RATELIMIT_CHALLENGE="1000 per minute",
        GUNICORN_WORKERS="2",
        GUNICORN_THREADS="4",
    )
    return env


@pytest.fixture(scope="session")
def instances(database_url, redis_url, forms_content, tmp_path_factory) -> Iterator[list]:
    """Two gunicorn instances started together on the same fresh database, as a scale-out."""
    env = _service_env(database_url, redis_url, forms_content)
    with servers.running_instances(env, tmp_path_factory.mktemp("gunicorn"), 2) as started:
        yield started


@pytest.fixture
def one_instance(redis_url, forms_content, tmp_path):
    """Start one more gunicorn instance on a database of the test's choosing."""

    @contextmanager
    def _start(database_url: str) -> Iterator:
        env = _service_env(database_url, redis_url, forms_content) | {"GUNICORN_WORKERS": "1"}
        logs = tmp_path / f"gunicorn-{uuid.uuid4().hex[:6]}"
        logs.mkdir()
        with servers.running_instances(env, logs, 1) as [instance]:
            yield instance

    return _start


@pytest.fixture(scope="session")
def nginx(built_site, instances, render_nginx, tmp_path_factory) -> Iterator:
    """nginx in front of the built site and both instances, for the whole session."""
    upstreams = [instance.url.removeprefix("http://") for instance in instances]
    prefix = tmp_path_factory.mktemp("nginx")
    with servers.running_nginx(render_nginx, built_site, upstreams, prefix) as server:
        yield server


@pytest.fixture
def nginx_before(built_site, render_nginx, tmp_path):
    """Start an extra nginx in front of the given upstreams (host:port) for one test."""

    @contextmanager
    def _start(upstreams: list[str]) -> Iterator:
        prefix = tmp_path / f"nginx-{uuid.uuid4().hex[:6]}"
        prefix.mkdir()
        with servers.running_nginx(render_nginx, built_site, upstreams, prefix) as server:
            yield server

    return _start


@pytest.fixture
def web() -> Iterator[requests.Session]:
    """An HTTP client that accepts the test certificate."""
    with requests.Session() as session:
        session.verify = False
        session.trust_env = False  # a CA bundle from the environment would override verify
        yield session


def solve(challenge: dict) -> str:
    """Solve an ALTCHA challenge with the altcha library, as the browser widget would."""
    parsed = altcha.Challenge.from_dict(challenge)
    return altcha.Payload(parsed, altcha.solve_challenge(parsed)).to_base64()


def valid_example(form_id: str) -> dict:
    """The first valid example submission of a real form definition."""
    definition = yaml.safe_load((ROOT / "content" / "forms" / f"{form_id}.yml").read_text())
    return dict(next(example["data"] for example in definition["examples"] if example["valid"]))


def submit(
    session: requests.Session, base: str, form_id: str, data: dict, client: str | None = None
) -> requests.Response:
    """Fetch a challenge, solve it and post like the site's form script, as client `client`."""
    headers = {"X-Forwarded-For": client} if client else {}
    challenge = session.get(f"{base}/api/challenge", headers=headers, timeout=10)
    assert challenge.status_code == 200, challenge.text
    body = {**data, antispam.HONEYPOT: "", antispam.PAYLOAD_FIELD: solve(challenge.json())}
    return session.post(f"{base}/api/forms/{form_id}", json=body, headers=headers, timeout=30)


_clients = itertools.count(uuid.uuid4().int % 2**20)


def next_client() -> str:
    """A client address no other request of this session used (its own rate-limit bucket)."""
    number = next(_clients)
    return f"10.{number >> 16 & 255}.{number >> 8 & 255}.{number & 255}"


@pytest.fixture(scope="session")
def kit() -> SimpleNamespace:
    """Helpers for the tests (a conftest is not importable under importlib mode)."""
    return SimpleNamespace(submit=submit, solve=solve, example=valid_example, client=next_client)


@pytest.fixture(scope="session")
def harness() -> ModuleType:
    """The servers helper module itself, for tests of the harness's own rules."""
    return servers
