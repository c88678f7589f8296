"""The form service with each POST recorded by pyinstrument, for bench/profile_intake.py.

Each request gets its own profiler on its own thread (gthread runs several at once), so the
record is the request's wall time, waits for locks and the database included. The sessions of
one worker are merged into one tree (threads folded together, so the report reads per request)
and written to PROFILE_DIR/<pid>.json when the worker exits.
"""

from __future__ import annotations

import atexit
import json
import os
import threading
from pathlib import Path

from pyinstrument import Profiler
from pyinstrument.session import Session

INTERVAL_SECONDS = 0.0005


def create_app():
    """forms.create_app() with its WSGI callable wrapped in a per-request profiler."""
    from forms import create_app as create_service

    app = create_service()
    recorder = _Recorder(Path(os.environ["PROFILE_DIR"]))
    app.wsgi_app = recorder.wrap(app.wsgi_app)
    atexit.register(recorder.save)
    return app


class _Recorder:
    def __init__(self, folder: Path):
        self.folder = folder
        self.sessions: list[Session] = []
        self.lock = threading.Lock()

    def wrap(self, wsgi_app):
        def profiled(environ, start_response):
            if environ.get("REQUEST_METHOD") != "POST":
                return wsgi_app(environ, start_response)
            profiler = Profiler(interval=INTERVAL_SECONDS)
            profiler.start()
            try:
                return list(wsgi_app(environ, start_response))
            finally:
                session = profiler.stop()
                with self.lock:
                    self.sessions.append(session)

        return profiled

    def save(self) -> None:
        with self.lock:
            sessions = list(self.sessions)
        if not sessions:
            return
        pid = os.getpid()
        merged(sessions).save(str(self.folder / f"{pid}.json"))
        (self.folder / f"{pid}.count").write_text(json.dumps(len(sessions)))


def merged(sessions: list[Session]) -> Session:
    """One session of all samples, without the thread frame each request's stack starts with.

    Session.combine copies both lists on every call; this concatenates once.
    """
    first = sessions[0]
    records = [
        ([frame for frame in identifiers if THREAD_MARK not in frame], seconds)
        for session in sessions
        for identifiers, seconds in session.frame_records
    ]
    return Session(
        frame_records=records,
        start_time=first.start_time,
        duration=sum(session.duration for session in sessions),
        min_interval=min(session.min_interval for session in sessions),
        max_interval=max(session.max_interval for session in sessions),
        sample_count=sum(session.sample_count for session in sessions),
        start_call_stack=first.start_call_stack,
        target_description=first.target_description,
        cpu_time=sum(session.cpu_time for session in sessions),
        sys_path=first.sys_path,
        sys_prefixes=first.sys_prefixes,
    )


THREAD_MARK = "\x00<thread>\x00"
