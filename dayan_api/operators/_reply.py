"""Reading fields out of replies, for the calls that go on with what they receive."""

from typing import Any, Union

from dayan_api.exception import RayvisionResponseError


def field(reply: Any, url: str, *keys: Union[str, int]) -> Any:
    """``reply[k1][k2]...``, or :class:`RayvisionResponseError` naming what is missing."""
    value = reply
    for depth, key in enumerate(keys):
        try:
            value = value[key]
        except (KeyError, IndexError, TypeError):
            where = "".join(f"[{k!r}]" for k in keys[: depth + 1])
            raise RayvisionResponseError(f"reply data has no {where}", url) from None
    return value
