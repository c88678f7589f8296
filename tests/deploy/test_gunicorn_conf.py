"""deploy/gunicorn.conf.py picks a safe worker model and keeps personal data out of its logs."""

import datetime
import os
import re
import runpy
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path
from types import SimpleNamespace

import pytest
from gunicorn.config import Config
from gunicorn.glogging import Logger

CONF = Path(__file__).resolve().parents[2] / "deploy" / "gunicorn.conf.py"


@pytest.fixture
def load(monkeypatch):
    """Load the config file the way gunicorn does, under a given environment and core count."""

    def _load(cores: int = 2, **env: str) -> Config:
        for name in list(os.environ):
            if name.startswith("GUNICORN_") or name == "DATABASE_URL":
                monkeypatch.delenv(name)
        for name, value in env.items():
            monkeypatch.setenv(name, value)
        monkeypatch.setattr(os, "sched_getaffinity", lambda pid: set(range(cores)))
        namespace = runpy.run_path(str(CONF))
        cfg = Config()
        for name, value in namespace.items():
            if name in cfg.settings:
                cfg.set(name, value)
        return cfg

    return _load


def test_every_public_name_is_a_gunicorn_setting():
    namespace = runpy.run_path(str(CONF))
    public = {name for name in namespace if not name.startswith("_") and name != "os"}
    unknown = public - set(Config().settings)
    assert not unknown, f"gunicorn ignores these silently: {sorted(unknown)}"


@pytest.mark.parametrize(
    "url", [None, "sqlite:///instance/forms.sqlite3", "sqlite+pysqlite:///x.db"]
)
def test_sqlite_runs_one_process_with_threads(load, url):
    cfg = load(cores=8, **({"DATABASE_URL": url} if url else {}))
    assert cfg.workers == 1
    assert cfg.worker_class_str == "gthread"
    assert cfg.threads > 1


@pytest.mark.parametrize(("cores", "expected"), [(1, 3), (2, 5), (4, 9)])
def test_postgresql_runs_processes_by_core_count(load, cores, expected):
    cfg = load(cores=cores, DATABASE_URL="postgresql+psycopg://forms@db/forms")
    assert cfg.workers == expected
    assert cfg.worker_class_str == "gthread"


def test_operator_overrides_workers_and_threads_on_postgresql(load):
    cfg = load(
        DATABASE_URL="postgresql://forms@db/forms", GUNICORN_WORKERS="3", GUNICORN_THREADS="6"
    )
    assert (cfg.workers, cfg.threads) == (3, 6)


def test_several_processes_on_sqlite_are_refused(load):
    with pytest.raises(ValueError, match="GUNICORN_WORKERS=3 needs PostgreSQL"):
        load(GUNICORN_WORKERS="3")


@pytest.mark.parametrize("raw", ["zwei", "0", "-1", "2.5"])
def test_a_malformed_number_names_the_variable(load, raw):
    with pytest.raises(
        ValueError, match=f"GUNICORN_THREADS must be a positive whole number, got '{raw}'"
    ):
        load(GUNICORN_THREADS=raw)


def test_an_unsupported_database_is_refused(load):
    with pytest.raises(ValueError, match="DATABASE_URL: unsupported database 'mysql'"):
        load(DATABASE_URL="mysql://forms@db/forms")


def test_bind_defaults_to_loopback_and_accepts_several_addresses(load):
    assert load().bind == ["127.0.0.1:8001"]
    cfg = load(GUNICORN_BIND="127.0.0.1:8002, unix:/run/smart-kassel/forms.sock")
    assert cfg.bind == ["127.0.0.1:8002", "unix:/run/smart-kassel/forms.sock"]


def test_app_is_not_preloaded_and_limits_are_set(load):
    cfg = load()
    assert cfg.preload_app is False
    assert cfg.wsgi_app == "forms:create_app()"
    assert cfg.limit_request_line <= 4094
    assert cfg.limit_request_fields <= 100
    assert cfg.timeout > 0 and cfg.graceful_timeout > 0


def test_access_log_has_no_client_address_query_string_or_user_agent(load, tmp_path):
    log_file = tmp_path / "access.log"
    cfg = load(GUNICORN_ACCESSLOG=str(log_file))
    logger = Logger(cfg)
    environ = {
        "REQUEST_METHOD": "POST",
        "RAW_URI": "/api/forms/kontakt?email=anna%40example.org",
        "PATH_INFO": "/api/forms/kontakt",
        "QUERY_STRING": "email=anna%40example.org",
        "SERVER_PROTOCOL": "HTTP/1.1",
        "REMOTE_ADDR": "203.0.113.77",
        "HTTP_USER_AGENT": "Mozilla/5.0 (Anna's laptop)",
        "HTTP_REFERER": "https://smart.kassel.de/kontakt/?name=Anna",
    }
    response = SimpleNamespace(status="201 CREATED", headers=[], sent=42)
    request = SimpleNamespace(headers=[("X-FORWARDED-FOR", "198.51.100.9")])
    logger.access(response, request, environ, datetime.timedelta(milliseconds=12))
    for handler in logger.access_log.handlers:
        handler.flush()
    line = log_file.read_text()
    assert '"POST /api/forms/kontakt HTTP/1.1" 201 42 12ms' in line
    for secret in ("203.0.113.77", "198.51.100.9", "anna", "Anna", "Mozilla"):
        assert secret not in line


def test_a_percent_encoded_line_break_in_a_path_cannot_forge_a_log_line(load, tmp_path):
    access_file, error_file = tmp_path / "access.log", tmp_path / "error.log"
    cfg = load(GUNICORN_ACCESSLOG=str(access_file), GUNICORN_ERRORLOG=str(error_file))
    logger = cfg.logger_class(cfg)
    environ = {
        "REQUEST_METHOD": "GET",
        "RAW_URI": "/api/x%0D%0A127.0.0.1%20-%20-%20forged",
        "PATH_INFO": "/api/x\r\n127.0.0.1 - - forged\x1b[31m",
        "QUERY_STRING": "",
        "SERVER_PROTOCOL": "HTTP/1.1",
    }
    response = SimpleNamespace(status="404 NOT FOUND", headers=[], sent=0)
    logger.access(response, SimpleNamespace(headers=[]), environ, datetime.timedelta(0))
    logger.error("worker saw %s", "a\nforged error line")
    for handler in logger.access_log.handlers + logger.error_log.handlers:
        handler.flush()
    access_lines = access_file.read_text().splitlines()
    error_lines = error_file.read_text().splitlines()
    assert len(access_lines) == 1 and len(error_lines) == 1, access_lines + error_lines
    assert '"GET /api/x\\x0d\\x0a127.0.0.1 - - forged\\x1b[31m HTTP/1.1" 404' in access_lines[0]
    assert error_lines[0].endswith("worker saw a\\x0aforged error line")


def test_control_socket_is_off_unless_a_path_is_given(load):
    assert load().control_socket_disable is True
    cfg = load(GUNICORN_CONTROL_SOCKET="/run/smart-kassel/forms-1.ctl")
    assert cfg.control_socket_disable is False
    assert cfg.control_socket == "/run/smart-kassel/forms-1.ctl"


def test_every_variable_the_config_reads_is_documented():
    names = set(re.findall(r'"(GUNICORN_[A-Z_]+)"', CONF.read_text()))
    readme = (CONF.parents[1] / "docs/operations.md").read_text()
    assert names, "the config reads no GUNICORN_* variables"
    missing = sorted(name for name in names if f"`{name}`" not in readme)
    assert not missing, f"not in docs/operations.md: {missing}"


def _gunicorn(tmp_path, *args: str, **env: str) -> subprocess.Popen:
    """The real gunicorn with this config file on a fresh SQLite database, output to a log."""
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("GUNICORN_", "WEB_CONC"))}
    clean.pop("DATABASE_URL", None)
    environment = clean | {
        "DATABASE_URL": f"sqlite:///{tmp_path / 'forms.sqlite3'}",
        "SECRET_KEY": "gunicorn-conf-test",
        "GUNICORN_BIND": f"127.0.0.1:{_free_port()}",
        **env,
    }
    return subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "-c", str(CONF), *args],
        cwd=CONF.parents[1],
        env=environment,
        stdout=(tmp_path / "gunicorn.log").open("w"),
        stderr=subprocess.STDOUT,
    )


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.mark.parametrize(
    ("args", "env"), [(("-w", "3"), {}), ((), {"GUNICORN_CMD_ARGS": "--workers 3"})]
)
def test_several_processes_on_sqlite_are_refused_however_they_are_asked_for(tmp_path, args, env):
    process = _gunicorn(tmp_path, *args, **env)
    try:
        assert process.wait(timeout=30) == 1
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
    log = (tmp_path / "gunicorn.log").read_text()
    assert "asked for 3 worker processes, but SQLite is written by one process only" in log
    assert "Booting worker" not in log
    assert not (tmp_path / "forms.sqlite3").exists()  # no worker raced on the migration


def test_a_signal_for_more_workers_on_sqlite_keeps_one(tmp_path):
    process = _gunicorn(tmp_path)
    log = tmp_path / "gunicorn.log"
    try:
        _wait_for(lambda: "Booting worker" in log.read_text())
        process.send_signal(signal.SIGTTIN)
        _wait_for(lambda: "SQLite is written by one process only" in log.read_text())
        process.send_signal(signal.SIGTTIN)
        time.sleep(2)  # give a wrongly added worker the time to boot
        assert process.poll() is None
        assert log.read_text().count("Booting worker") == 1
    finally:
        process.terminate()
        process.wait(timeout=30)


def _wait_for(condition) -> None:
    deadline = time.monotonic() + 60
    while not condition():
        assert time.monotonic() < deadline, "gunicorn did not get there within 60 s"
        time.sleep(0.1)
