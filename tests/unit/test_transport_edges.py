"""Transport edges: header-name case, TLS failures, identity types, path-like log folders."""

import logging
import pathlib

import pytest
import requests
import responses

from dayan_api import RayvisionAPI, endpoints
from dayan_api.connect import Connect
from dayan_api.exception import (
    RayvisionArgumentError,
    RayvisionArgumentTypeError,
    RayvisionConnectionError,
)

from .support import ACCESS_ID, ACCESS_KEY, DOMAIN, url


@pytest.mark.parametrize(
    "name", ["content-type", "CONTENT-TYPE", "Signature", "accessid", "NONCE", "utctimestamp"]
)
def test_reserved_headers_are_refused_in_any_case(name):
    with pytest.raises(RayvisionArgumentError, match=name):
        Connect(ACCESS_ID, ACCESS_KEY, "https", DOMAIN, "54", headers={name: "x"})


def test_tls_failure_is_raised_at_once_even_on_a_retry_safe_call(make_api, rsps):
    api = make_api()
    path = endpoints.QUERY_USER_PROFILE.path
    rsps.add(
        responses.POST, url(path), body=requests.exceptions.SSLError("certificate verify failed")
    )
    with pytest.raises(RayvisionConnectionError, match="TLS failure: certificate verify failed"):
        api.user.query_user_profile()
    assert len(rsps.calls) == 1
    assert api.connect._sleep.delays == []


def test_non_str_identity_is_a_type_error():
    with pytest.raises(RayvisionArgumentTypeError, match="access_id"):
        Connect(1234, ACCESS_KEY, "https", DOMAIN, "54")
    with pytest.raises(RayvisionArgumentTypeError, match="platform"):
        Connect(ACCESS_ID, ACCESS_KEY, "https", DOMAIN, 54)


def test_log_folder_and_name_take_pathlib_paths(tmp_path):
    folder = pathlib.Path(tmp_path) / "logs"
    api = RayvisionAPI(ACCESS_ID, ACCESS_KEY, log_folder=folder, log_name=pathlib.Path("run.log"))
    try:
        api.logger.log(logging.INFO, "written")
    finally:
        api.close()
    assert "written" in (folder / "run.log").read_text(encoding="utf-8")
