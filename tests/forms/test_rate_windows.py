"""In-process moving windows: count like `limits`' moving window, forget clients that went quiet."""

from __future__ import annotations

from limits import parse

from forms.intake import windows


class FakeTime:
    def __init__(self, now: float):
        self.now = now

    def time(self) -> float:
        return self.now


def test_a_window_refuses_over_the_limit_and_frees_as_old_hits_leave(monkeypatch):
    clock = FakeTime(1000.0)
    monkeypatch.setattr(windows, "time", clock)
    limiter, limit = windows.LocalMovingWindow(), parse("2 per minute")
    assert limiter.hit(limit, "forms", "client-a")
    clock.now += 30
    assert limiter.hit(limit, "forms", "client-a")
    assert not limiter.hit(limit, "forms", "client-a")
    assert limiter.hit(limit, "forms", "client-b")
    assert limiter.get_window_stats(limit, "forms", "client-a").reset_time == 1060.0
    clock.now = 1060.5
    assert limiter.hit(limit, "forms", "client-a")
    assert not limiter.hit(limit, "forms", "client-a")


def test_clients_whose_hits_have_all_expired_are_forgotten(monkeypatch):
    clock = FakeTime(1000.0)
    monkeypatch.setattr(windows, "time", clock)
    limiter, limit = windows.LocalMovingWindow(), parse("5 per minute")
    for client in ("client-a", "client-b"):
        limiter.hit(limit, "forms", client)
    clock.now += 61
    limiter.hit(limit, "forms", "client-c")
    assert [key.rsplit("/", 3)[0] for key in limiter.events] == ["LIMITER/forms/client-c"]
