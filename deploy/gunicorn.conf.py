"""Gunicorn settings for the form service, chosen from the environment.

Run:    gunicorn -c deploy/gunicorn.conf.py           (the app defaults to forms:create_app())
Reload: kill -HUP <master pid>  (or `systemctl reload smart-kassel-forms`): gunicorn re-reads this
        file, starts new workers with the new code and settings, and lets the old ones finish their
        requests (graceful_timeout) before they exit. No request is dropped.

The worker model follows the database (DESIGN.md, Storage):
- SQLite (DATABASE_URL unset or sqlite:...): exactly one worker process with threads, because
  SQLite is written by one process only. More than one is refused however it is asked for
  (GUNICORN_WORKERS, `-w`, GUNICORN_CMD_ARGS, SIGTTIN): the hook `nworkers_changed` below sees
  the count gunicorn actually uses.
- PostgreSQL: 2 x CPU cores + 1 worker processes, each with a few threads.

Every setting below can be overridden with the environment variable named next to it.
The app is not preloaded: create_app() opens the database, and a connection (or SQLite file
handle) opened in the master before fork would be shared by all workers.
"""

import os


def _env_int(name: str, default: int) -> int:
    """Read a positive integer setting so a typo stops the start with a clear message."""
    raw = os.environ.get(name, "").strip()
    if not raw:
        return default
    if not raw.isdigit() or int(raw) < 1:
        raise ValueError(f"{name} must be a positive whole number, got {raw!r}")
    return int(raw)


def _database_kind(url: str) -> str:
    """Name the database family, which decides whether several processes may write."""
    scheme = url.split(":", 1)[0].split("+", 1)[0].lower() if url else "sqlite"
    if scheme in ("postgresql", "postgres"):
        return "postgresql"
    if scheme == "sqlite":
        return "sqlite"
    raise ValueError(f"DATABASE_URL: unsupported database {scheme!r} (use sqlite or postgresql)")


def _cpu_count() -> int:
    """Count the cores this process may run on (respects CPU affinity limits of containers)."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:
        return os.cpu_count() or 1


_kind = _database_kind(os.environ.get("DATABASE_URL", "").strip())

if _kind == "sqlite":
    workers = _env_int("GUNICORN_WORKERS", 1)
    if workers != 1:
        raise ValueError(
            f"GUNICORN_WORKERS={workers} needs PostgreSQL: SQLite is written by one process only"
        )
    threads = _env_int("GUNICORN_THREADS", 8)
else:
    workers = _env_int("GUNICORN_WORKERS", 2 * _cpu_count() + 1)
    threads = _env_int("GUNICORN_THREADS", 4)


def nworkers_changed(server, new_value, old_value):
    """Refuse a second process on SQLite, whichever setting or signal asked for it."""
    if _kind != "sqlite" or new_value is None or new_value <= 1:
        return
    message = (
        f"gunicorn was asked for {new_value} worker processes, but SQLite is written by one "
        "process only. Start one worker with more threads (-w 1, GUNICORN_THREADS) or use "
        "PostgreSQL (DATABASE_URL)."
    )
    if old_value is None:
        raise RuntimeError(message)  # at start: gunicorn prints "Error: ..." and exits 1
    # At run time (SIGTTIN, reload) stopping the master would drop every request: keep one.
    server.log.error("%s Keeping %s.", message, old_value)
    server._num_workers = old_value  # gunicorn offers no veto; this undoes its assignment


# gthread: threads keep idle keep-alive connections cheap and overlap database waits.
worker_class = "gthread"
wsgi_app = os.environ.get("GUNICORN_APP", "forms:create_app()")
bind = [address.strip() for address in os.environ.get("GUNICORN_BIND", "127.0.0.1:8001").split(",")]
preload_app = False

# A worker silent for this long is killed and replaced; submissions take milliseconds.
timeout = _env_int("GUNICORN_TIMEOUT", 30)
# On SIGHUP/SIGTERM, running requests get this long to finish.
graceful_timeout = _env_int("GUNICORN_GRACEFUL_TIMEOUT", 30)
# Above nginx's upstream keepalive_timeout (4 s) so nginx, not gunicorn, closes idle connections.
keepalive = _env_int("GUNICORN_KEEPALIVE", 5)

# The API has short paths and no cookies: small limits reject junk before the app sees it.
limit_request_line = 2048
limit_request_fields = 50
limit_request_field_size = 4096

# Access log without the client address (%(h)s), query string (%(q)s, part of %(r)s),
# referrer or user agent: personal data stays out of the logs. The request id the service
# answers with (X-Request-ID) lets the office find the line a citizen quotes.
accesslog = os.environ.get("GUNICORN_ACCESSLOG", "-")
errorlog = os.environ.get("GUNICORN_ERRORLOG", "-")
loglevel = os.environ.get("GUNICORN_LOGLEVEL", "info")
access_log_format = (
    '%(t)s "%(m)s %(U)s %(H)s" %(s)s %(B)s %(M)sms pid=%(p)s request_id=%({x-request-id}o)s'
)
# Escapes control characters in every access and error line: %(U)s is the decoded path, and
# a percent-encoded CR/LF in it would otherwise start a forged line. The service's own log
# lines (forms.intake.logs) go through the same error log.
logger_class = "forms.intake.logs.EscapingLogger"

proc_name = "smart-kassel-forms"
# gunicorn's control socket (gunicornc) defaults to one path per user, which several instances
# on one machine would fight over. Signals and systemctl do the same job; opt in with a path.
control_socket = os.environ.get("GUNICORN_CONTROL_SOCKET", "")
control_socket_disable = not control_socket
# Heartbeat files on tmpfs: a slow or full disk must not make healthy workers look dead.
if os.path.isdir("/dev/shm"):
    worker_tmp_dir = "/dev/shm"
