"""The service's business codes by name (protocol.md, "Business codes").

A reply whose ``code`` is not 200 raises :class:`~dayan_api.RayvisionAPIError`,
whose ``error_code`` is that number. Compare it with a :class:`Code`::

    try:
        api.query.task_info([task_id])
    except RayvisionAPIError as error:
        if error.error_code == Code.SIGNATURE_EXPIRED:
            ...  # the machine's clock is off: fix it, then try again

Codes the table does not name (the service may add some) stay plain numbers;
:func:`code_name` gives ``None`` for them.
"""

import enum
from typing import Any, Optional


class Code(enum.IntEnum):
    """A business code the service family documents, with its meaning as the name.

    The first group is the family's SDK documentation's error table; the second
    holds the task codes that Dayan's own desktop client knows. ``str()`` of a
    member is its number, on every Python version.
    """

    # The service family's error table.
    FAIL = 100
    SUCCESS = 200
    BAD_REQUEST = 400
    FORBIDDEN = 403
    RESOURCE_NOT_FOUND = 404
    INTERNAL_ERROR = 500
    LABEL_EXISTS = 503
    PARAMETER_INVALID = 600
    PARAMETER_MISSING = 601
    LOGIN_NEEDED = 602
    ILLEGAL_REQUEST = 603
    INSUFFICIENT_PERMISSIONS = 605
    SIGNATURE_EXPIRED = 610  # the request's UTCTimestamp is outside the accepted window
    SIGNATURE_INVALID = 611
    NO_MORE_RECORDS = 700
    ACCOUNT_NOT_FOUND = 800
    ACCOUNT_LOCKED = 804
    SUB_ACCOUNT_IN_ARREARS = 913

    # Task codes known to Dayan's desktop client.
    BALANCE_TOO_LOW = 507
    FRAME_ANALYSIS_FAILED = 510
    TOO_MANY_FRAMES = 511
    TASK_EXPIRED = 718
    TASK_EXPIRED_728 = 728  # the client reads 718 and 728 alike
    TASK_JSON_INVALID = 740
    TASK_JSON_EMPTY = 741
    OUTPUT_BEING_COPIED = 748  # the task cannot be stopped while its output is copied
    ALREADY_SUBMITTING = 749
    ENGINE_CONFIG_INCOMPLETE = 753
    SUBMIT_NOT_ALLOWED = 756
    TASK_NOT_FOUND = 937
    REAL_NAME_VERIFICATION_MISSING = 1206

    def __str__(self) -> str:
        return str(self.value)

    def __format__(self, format_spec: str) -> str:
        return format(self.value, format_spec)


def code_name(code: Any) -> Optional[str]:
    """The :class:`Code` name of ``code`` (an int, or a string of digits), else ``None``.

    ``code_name(611)`` is ``"SIGNATURE_INVALID"``; ``code_name(12345)`` is ``None``.
    """
    if isinstance(code, str) and code.strip().isascii() and code.strip().isdigit():
        code = int(code)
    if isinstance(code, bool) or not isinstance(code, int):
        return None
    try:
        return Code(code).name
    except ValueError:
        return None
