"""Fetching a file the service hands out by address: a reality-modeling task's AT report."""

from typing import TYPE_CHECKING, Optional, cast

from dayan_api import endpoints
from dayan_api._http_request import same_host_path
from dayan_api.exception import RayvisionArgumentError, RayvisionResponseError

if TYPE_CHECKING:
    from dayan_api.operators.query import QueryOperator
    from dayan_api.replies import AtReport


def at_report(query: "QueryOperator", task_id: int) -> "Optional[AtReport]":
    """``query.get_at_report``: the report's address, then an unsigned GET of it.

    Only a path on the configured host is fetched: an address naming another
    host (or not a path at all) is the reply's fault, raised as such.
    """
    connect = query._connect
    url = query.get_at_report_url(task_id)
    if url is None or url == "":
        return None
    where = connect.base_url + endpoints.LOAD_AT_TASK_REPORT_DATA_URL.path
    if not isinstance(url, str):
        raise RayvisionResponseError(
            f"reply data is a {type(url).__name__}, not the report's address", where
        )
    try:
        same_host_path(url, connect.base_url)
    except RayvisionArgumentError:
        raise RayvisionResponseError(
            f"the report's address {url[:200]!r} is not a path on the configured host: not fetched",
            where,
        ) from None
    report = connect.get_unsigned(url)
    if not isinstance(report, dict):
        raise RayvisionResponseError(
            f"the report is a {type(report).__name__}, not a JSON object", connect.base_url + url
        )
    return cast("AtReport", report)
