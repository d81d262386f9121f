"""Fixtures of the unit tests.

Every test runs inside a ``responses`` mock (``rsps``, autouse), so nothing
reaches the network: a request to an unregistered URL fails as a refused
connection, and ``rsps.calls`` records every request sent. ``time.sleep`` is
made to fail the test, and each client's ``connect._sleep`` records delays
instead of sleeping.
"""

import platform
import sys
import time

import pytest
import responses

from dayan_api import RayvisionAPI

from .support import (
    ACCESS_ID,
    ACCESS_KEY,
    SleepRecorder,
    envelope,
    never_platform_system,
    url,
)


@pytest.fixture(autouse=True)
def rsps():
    with responses.RequestsMock(assert_all_requests_are_fired=False) as mock:
        yield mock


@pytest.fixture(autouse=True)
def no_real_sleep(monkeypatch):
    def forbidden(seconds):
        raise AssertionError("a unit test tried to really sleep {} s".format(seconds))

    monkeypatch.setattr(time, "sleep", forbidden)


@pytest.fixture(autouse=True)
def no_credentials_in_env(monkeypatch):
    monkeypatch.delenv("RAYVISION_API_ACCESS_ID", raising=False)
    monkeypatch.delenv("RAYVISION_API_KEY", raising=False)


@pytest.fixture
def make_api():
    """Build clients (default: the test account); their sleeps are recorded; closed at the end."""
    made = []

    def factory(**kwargs):
        kwargs.setdefault("access_id", ACCESS_ID)
        kwargs.setdefault("access_key", ACCESS_KEY)
        api = RayvisionAPI(**kwargs)
        api.connect._sleep = SleepRecorder()
        made.append(api)
        return api

    yield factory
    for api in made:
        api.close()


@pytest.fixture
def linux(monkeypatch):
    """``sys.platform`` says Linux (calls that send the local OS send "linux")."""
    monkeypatch.setattr(sys, "platform", "linux")
    monkeypatch.setattr(platform, "system", never_platform_system)


@pytest.fixture
def api(make_api):
    return make_api()


@pytest.fixture
def reply(rsps):
    """``reply(path, data)`` registers a successful envelope for ``path``."""

    def add(path, data=None, **kwargs):
        rsps.add(responses.POST, url(path), json=envelope(data, **kwargs))

    return add
