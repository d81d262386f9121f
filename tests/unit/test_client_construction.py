"""RayvisionAPI: the public imports, construction, credentials and closing."""

import pytest
import responses

from dayan_api import Connect, RayvisionAPI
from dayan_api.core import RayvisionAPI as CoreRayvisionAPI
from dayan_api.exception import (
    RayvisionArgumentError,
    RayvisionArgumentTypeError,
    RayvisionError,
)

from .support import (
    ACCESS_ID,
    ACCESS_KEY,
    OTHER_ID,
    OTHER_KEY,
    SIGNED_HEADERS,
    USER_PROFILE,
    check_request,
    envelope,
    hmac_b64,
    string_to_sign,
    url,
)


def test_public_imports():
    assert RayvisionAPI is CoreRayvisionAPI
    from dayan_api.connect import Connect as ConnectFromModule
    from dayan_api.exception import RayvisionAPIError, RayvisonTaskIdError  # noqa: F401
    from dayan_api.operators import (  # noqa: F401
        QueryOperator,
        TaskOperator,
        TransmitOperator,
        UserOperator,
    )

    assert Connect is ConnectFromModule


# -- construction -------------------------------------------------------------------


def test_construction_sends_nothing(rsps):
    # No reply is registered: any request would fail the construction.
    api = RayvisionAPI(access_id=ACCESS_ID, access_key=ACCESS_KEY)
    try:
        assert len(rsps.calls) == 0
        assert isinstance(api.connect, Connect)
        assert api.user._connect is api.task._connect is api.connect
        assert api.query._connect is api.transmit._connect is api.connect
        assert api.connect.domain == "task.dayancloud.com"
        assert api.connect.platform == "54"
        assert api.connect.base_url == "https://task.dayancloud.com"
    finally:
        api.close()
    assert len(rsps.calls) == 0


@pytest.mark.parametrize(
    "kwargs, parameter, env_name",
    [
        ({"access_key": ACCESS_KEY}, "access_id", "RAYVISION_API_ACCESS_ID"),
        ({"access_id": ACCESS_ID}, "access_key", "RAYVISION_API_KEY"),
        ({"access_id": "", "access_key": ACCESS_KEY}, "access_id", "RAYVISION_API_ACCESS_ID"),
        ({"access_id": ACCESS_ID, "access_key": ""}, "access_key", "RAYVISION_API_KEY"),
        ({}, "access_id", "RAYVISION_API_ACCESS_ID"),
    ],
)
def test_a_missing_credential_is_a_clear_error(rsps, kwargs, parameter, env_name):
    with pytest.raises(RayvisionArgumentError) as caught:
        RayvisionAPI(**kwargs)
    assert caught.value.parameter == parameter
    assert parameter in str(caught.value) and env_name in str(caught.value)
    assert len(rsps.calls) == 0


def test_credentials_fall_back_to_the_environment(make_api, rsps, monkeypatch):
    monkeypatch.setenv("RAYVISION_API_ACCESS_ID", OTHER_ID)
    monkeypatch.setenv("RAYVISION_API_KEY", OTHER_KEY)
    api = make_api(access_id=None, access_key=None)
    rsps.add(responses.POST, url(USER_PROFILE), json=envelope({"userId": 2}))
    assert api.user.query_user_profile() == {"userId": 2}
    check_request(rsps.calls[0], USER_PROFILE, {}, access_id=OTHER_ID, key=OTHER_KEY)


def test_arguments_win_over_the_environment(make_api, rsps, monkeypatch):
    monkeypatch.setenv("RAYVISION_API_ACCESS_ID", OTHER_ID)
    monkeypatch.setenv("RAYVISION_API_KEY", OTHER_KEY)
    api = make_api()
    rsps.add(responses.POST, url(USER_PROFILE), json=envelope({}))
    api.user.query_user_profile()
    check_request(rsps.calls[0], USER_PROFILE, {})


@pytest.mark.parametrize("access_id", [12345, b"AKID"])
def test_a_non_str_access_id_is_a_type_error(rsps, access_id):
    with pytest.raises(TypeError) as caught:
        RayvisionAPI(access_id=access_id, access_key=ACCESS_KEY)
    assert isinstance(caught.value, RayvisionError)
    assert "access_id" in str(caught.value)


def test_only_the_key_from_the_environment(make_api, rsps, monkeypatch):
    monkeypatch.setenv("RAYVISION_API_KEY", OTHER_KEY)
    api = make_api(access_key=None)
    rsps.add(responses.POST, url(USER_PROFILE), json=envelope({}))
    api.user.query_user_profile()
    check_request(rsps.calls[0], USER_PROFILE, {}, key=OTHER_KEY)


def test_domain_platform_protocol_are_used(make_api, rsps):
    api = make_api(domain="task.renderbus.com", platform="2", protocol="http")
    rsps.add(responses.POST, "http://task.renderbus.com" + USER_PROFILE, json=envelope({}))
    api.user.query_user_profile()
    check_request_http(rsps.calls[0])


def check_request_http(call):
    request = call.request
    assert request.url == "http://task.renderbus.com" + USER_PROFILE
    assert request.headers["platform"] == "2"
    signed = {name: request.headers[name] for name in SIGNED_HEADERS}
    assert request.headers["signature"] == hmac_b64(
        ACCESS_KEY, string_to_sign("task.renderbus.com", USER_PROFILE, signed, {})
    )


@pytest.mark.parametrize(
    "kwargs, parameter",
    [
        ({"domain": "https://task.dayancloud.com"}, "domain"),
        ({"domain": "task.dayancloud.com/api"}, "domain"),
        ({"domain": ""}, "domain"),
        ({"domain": "task..dayancloud.com"}, "domain"),  # an empty label
        ({"domain": ".dayancloud.com"}, "domain"),
        ({"domain": "a" * 64 + ".dayancloud.com"}, "domain"),  # a label over 63
        ({"domain": ("a" * 60 + ".") * 5 + "com:8000"}, "domain"),  # a name over 253
        ({"protocol": "ftp"}, "protocol"),
        ({"platform": 54}, "platform"),
        ({"platform": " "}, "platform"),
        ({"log_level": "LOUD"}, "log_level"),
        ({"log_name": "x.log"}, "log_name"),
        ({"logger": "dayan"}, "logger"),
        ({"timeout": 0}, "timeout"),
        ({"timeout": "10"}, "timeout"),
        ({"max_retries": -1}, "max_retries"),
        ({"backoff": -1}, "backoff"),
        ({"headers": {"X-Trace": 5}}, "headers"),
        ({"headers": "version: 2"}, "headers"),
    ],
)
def test_bad_construction_arguments(rsps, kwargs, parameter):
    with pytest.raises((RayvisionArgumentError, RayvisionArgumentTypeError)) as caught:
        RayvisionAPI(access_id=ACCESS_ID, access_key=ACCESS_KEY, **kwargs)
    assert caught.value.parameter == parameter
    assert len(rsps.calls) == 0


# -- closing ----------------------------------------------------------------------------------


def test_a_client_is_a_context_manager(rsps):
    with RayvisionAPI(access_id=ACCESS_ID, access_key=ACCESS_KEY) as api:
        assert isinstance(api, RayvisionAPI)
    assert len(rsps.calls) == 0
