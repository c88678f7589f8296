"""Rate-limit keys of client addresses change every day, and yesterday's cannot be remade."""

from __future__ import annotations

import random
from datetime import UTC, datetime, timedelta

import pytest
import redis

from forms import create_app
from forms.intake import ratelimit
from forms.intake.daily_salts import RedisDailySalts

ADDRESS = "203.0.113.50"


def key_of(app, address: str = ADDRESS) -> str:
    with app.test_request_context(environ_base={"REMOTE_ADDR": address}):
        return ratelimit.client_key()


@pytest.fixture(params=["sqlite"])
def database_url(request, sqlite_template, tmp_path):
    """These cases never touch the database; one backend is enough."""
    (tmp_path / "forms.sqlite3").write_bytes(sqlite_template.read_bytes())
    return f"sqlite:///{tmp_path / 'forms.sqlite3'}"


@pytest.fixture
def some_day(clock):
    """A day no other test run uses, so a salt in the shared Redis is this test's own."""
    clock.set(datetime(2040, 1, 1, 12, tzinfo=UTC) + timedelta(days=random.randrange(9000)))
    return clock


def test_the_key_holds_for_a_day_and_differs_between_addresses(app, clock):
    first = key_of(app)
    clock.advance(hours=11)
    assert key_of(app) == first
    assert key_of(app, "203.0.113.51") != first
    assert ADDRESS not in first


def test_yesterdays_key_cannot_be_recomputed_from_the_address(app, clock):
    yesterday = key_of(app)
    clock.advance(days=1)
    today = key_of(app)
    clock.advance(days=-1)
    assert today != yesterday
    assert key_of(app) != yesterday, "the service could still hash an address into old counts"


def test_the_secret_key_alone_cannot_remake_a_hash(config):
    # Two processes with the same SECRET_KEY, each with its own salt in memory.
    first, second = create_app(config), create_app(config)
    assert key_of(first) != key_of(second)


def test_instances_sharing_redis_agree_for_the_day_and_then_forget(config, redis_url, some_day):
    shared = config | {"RATELIMIT_STORAGE_URI": redis_url}
    first, second = create_app(shared), create_app(shared)
    assert isinstance(first.extensions["forms_client_salts"], RedisDailySalts)
    assert key_of(first) == key_of(second)
    yesterday = key_of(first)
    day = some_day.now().date()
    stored = redis.Redis.from_url(redis_url)
    salt_key = f"{RedisDailySalts.prefix}{day.isoformat()}"
    assert 0 < stored.ttl(salt_key) <= 24 * 3600
    some_day.advance(days=1)
    assert key_of(second) == key_of(first) != yesterday
    assert not stored.exists(salt_key), "yesterday's salt is still stored"
    some_day.advance(days=-1)
    third = create_app(shared)
    assert key_of(third) != yesterday
    stored.delete(salt_key, f"{RedisDailySalts.prefix}{(day + timedelta(days=1)).isoformat()}")
