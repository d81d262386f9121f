"""The errors dayan_api raises, one class per cause.

Every error is a :class:`RayvisionError`, so ``except RayvisionError`` catches
them all. Below it, by cause:

- :class:`RayvisionArgumentError` (also a ``ValueError``) and
  :class:`RayvisionArgumentTypeError` (also a ``TypeError``): an argument was
  refused before anything was sent. :class:`RayvisonTaskIdError` (1.x's name,
  spelling kept) is the type error for a task id that is not an ``int``.
- :class:`RayvisionConnectionError`: the service could not be reached or the
  connection broke; :class:`RayvisionTimeoutError` is the timed-out kind.
- :class:`RayvisionHTTPError`: an HTTP status other than 200 (a gateway error
  page, rate limiting, a server error, a redirect: redirects are never followed).
- :class:`RayvisionResponseError`: HTTP 200 whose body is not the service's
  JSON envelope.
- :class:`RayvisionAPIError`: the service answered with a ``code`` other than
  200 (wrong signature, unknown task, no balance...).
- :class:`RayvisionWaitTimeoutError` (also a ``TimeoutError``):
  ``query.wait_for_task`` ran out of time before every task settled.
- :class:`RayvisionWaitStoppedError`: ``query.wait_for_task`` was told to
  stop (its ``stop`` event was set) before every task settled.

No error text ever holds the access key.

:class:`RayvisionCompatibilityWarning` (a ``UserWarning``, not an error) says
that an argument was set aside, as 1.x did, so that 1.x code runs unchanged.
:class:`RayvisionPollWarning` (a ``UserWarning``) says that a wait's polls keep
failing.
"""

from typing import Any, List, Optional, Tuple, Type

from dayan_api.codes import code_name
from dayan_api.constants import SETTLED_TASK_STATUSES

_LISTED_TASKS = 10  # tasks a timeout's message names; the error's items hold them all


def printable(text: str) -> str:
    """``text`` with control and format characters escaped (``\\n``, ``\\x1b``).

    What a reply says ends up in exception texts, logs and the command line's
    tables: a line break or a terminal escape sequence from a hostile or
    broken server (or from a scene name in a task.json) must not forge a log
    line or rewrite the terminal.
    """
    if text.isprintable():
        return text
    return "".join(
        char if char.isprintable() else char.encode("unicode_escape").decode("ascii")
        for char in text
    )


class RayvisionError(Exception):
    """Base of every dayan_api error.

    Attributes:
        error_code: the service's ``code`` for :class:`RayvisionAPIError`, the
            HTTP status for HTTP and response errors, ``None`` for errors
            raised before a reply was read.
        error: the human-readable message.
        task_id: the task a composite call had in hand when it failed, else
            ``None``. ``RayvisionAPI.submit_by_data`` sets it on any error
            raised after it has a task id (the one it created, or the one
            ``task_info`` gave), so that a caller can resume with that id
            instead of creating another task.
    """

    task_id: Optional[int] = None

    def __init__(self, error_code: Any, error: str) -> None:
        super().__init__(error_code, error)
        self.error_code = error_code
        self.error = error

    def __str__(self) -> str:
        if self.error_code is None:
            return str(self.error)
        return f"[{self.error_code}] {self.error}"

    def __reduce__(self) -> Any:
        # The subclasses' constructors take other arguments than ``args``, so
        # rebuild without calling them (pickle, copy: multiprocessing workers).
        return (_rebuild, (type(self), self.args), self.__dict__)


def _rebuild(cls: Type[RayvisionError], args: Tuple[Any, ...]) -> RayvisionError:
    error = cls.__new__(cls)
    error.args = args
    return error


class RayvisionArgumentError(RayvisionError, ValueError):
    """An argument's value was refused before anything was sent.

    ``parameter`` names the argument; the message says what it accepts.
    """

    def __init__(self, parameter: str, message: str) -> None:
        super().__init__(None, f"{parameter}: {message}")
        self.parameter = parameter


class RayvisionArgumentTypeError(RayvisionError, TypeError):
    """An argument's type was refused before anything was sent."""

    def __init__(self, parameter: str, message: str) -> None:
        super().__init__(None, f"{parameter}: {message}")
        self.parameter = parameter


class RayvisonTaskIdError(RayvisionArgumentTypeError):
    """A task id that is not an ``int`` (1.x's public name, misspelling kept)."""

    def __init__(
        self,
        error_code: Any = None,
        error: str = "task_id: a task id must be an int",
        parameter: str = "task_id",
    ) -> None:
        RayvisionError.__init__(self, error_code, error)
        self.parameter = parameter


class RayvisionConnectionError(RayvisionError):
    """The service could not be reached, or the connection broke mid-request.

    ``url`` is the request URL.
    """

    def __init__(self, error: str, url: str) -> None:
        super().__init__(None, f"{error} ({url})")
        self.url = url


class RayvisionTimeoutError(RayvisionConnectionError):
    """The service did not connect or answer within the client's timeout."""


class RayvisionHTTPError(RayvisionError):
    """The reply had an HTTP status other than 200.

    Attributes: ``status_code``, ``url``, ``body`` (the start of the reply
    body, for diagnosis), ``retry_after`` (seconds, from a 429 or 503 reply's
    ``Retry-After`` header, else ``None``), ``location`` (a 3xx reply's
    ``Location``, the redirect not followed, else ``None``).
    """

    def __init__(
        self,
        status_code: int,
        url: str,
        body: str = "",
        retry_after: Optional[float] = None,
        location: Optional[str] = None,
    ) -> None:
        message = f"HTTP {status_code} from {url}"
        if 300 <= status_code < 400:
            target = location[:300] if location is not None else "nowhere (no Location)"
            message += f": redirect to {target} not followed (the SDK never follows redirects)"
        if body:
            message += ": " + body
        super().__init__(status_code, message)
        self.status_code = status_code
        self.url = url
        self.body = body
        self.retry_after = retry_after
        self.location = location


class RayvisionResponseError(RayvisionError):
    """An HTTP 200 reply that is not the service's JSON envelope.

    For example an HTML page from a proxy, an empty body, or JSON with no
    ``code``. Attributes: ``url``, ``body`` (the start of the reply body).
    """

    def __init__(self, error: str, url: str, body: str = "") -> None:
        message = f"{error} from {url}"
        if body:
            message += ": " + body
        super().__init__(200, message)
        self.url = url
        self.body = body


class RayvisionAPIError(RayvisionError):
    """The service answered with a ``code`` other than 200.

    Attributes: ``error_code`` (also ``code``), ``error`` (also
    ``message``), ``request`` (also ``url``: the request URL),
    ``request_id`` (the reply's ``requestId``, or ``None``) and ``code_name``
    (the code's name in :class:`dayan_api.Code`, or ``None``). Compare
    ``error_code`` with a :class:`~dayan_api.Code`:
    ``error.error_code == Code.SIGNATURE_EXPIRED``.
    """

    def __init__(
        self,
        error_code: Any,
        error: str,
        request: str,
        request_id: Optional[str] = None,
    ) -> None:
        super().__init__(error_code, error)
        self.request = request
        self.request_id = request_id

    @property
    def code(self) -> Any:
        return self.error_code

    @property
    def message(self) -> str:
        return self.error

    @property
    def url(self) -> str:
        return self.request

    @property
    def code_name(self) -> Optional[str]:
        """The name of ``error_code`` in :class:`dayan_api.Code`, or ``None``."""
        return code_name(self.error_code)

    def __str__(self) -> str:
        name = self.code_name
        code = f"{self.error_code} {name}" if name else f"{self.error_code}"
        text = f"[{code}] {self.error} (url: {self.request}"
        if self.request_id:
            text += f", requestId: {self.request_id}"
        return text + ")"


class RayvisionWaitTimeoutError(RayvisionError, TimeoutError):
    """``query.wait_for_task`` ran out of time before every task settled.

    Also a ``TimeoutError``, but not a :class:`RayvisionConnectionError`: the
    service answered, the tasks were just not finished. Attributes:
    ``task_ids`` (as given, always a list), ``items`` (the last info item seen
    for each of them, in the same order; ``None`` for a task that no poll
    could read) and ``timeout`` (the seconds waited).
    """

    def __init__(self, task_ids: List[int], items: List[Any], timeout: float) -> None:
        waiting = []
        for task_id, item in zip(task_ids, items):
            status = item.get("taskStatus") if isinstance(item, dict) else None
            if status is None:
                waiting.append(f"{task_id} (never read)")
            elif status not in SETTLED_TASK_STATUSES:
                waiting.append(f"{task_id} (status {status})")
        shown = ", ".join(waiting[:_LISTED_TASKS])
        if len(waiting) > _LISTED_TASKS:
            shown += f" and {len(waiting) - _LISTED_TASKS} more"
        message = (
            f"{len(waiting)} of {len(task_ids)} tasks not settled after {timeout:g} s: {shown}"
        )
        super().__init__(None, message)
        self.task_ids = task_ids
        self.items = items
        self.timeout = timeout


class RayvisionWaitStoppedError(RayvisionError):
    """``query.wait_for_task`` was told to stop (its ``stop`` event was set).

    Not a failure of the tasks or the service: a caller (a plugin's panel, a
    Cancel button) ended the wait. Attributes: ``task_ids`` (as given, always
    a list) and ``items`` (the last info item seen for each of them, in the
    same order; ``None`` for a task that no poll could read).
    """

    def __init__(self, task_ids: List[int], items: List[Any]) -> None:
        unsettled = sum(
            1
            for item in items
            if not isinstance(item, dict) or item.get("taskStatus") not in SETTLED_TASK_STATUSES
        )
        super().__init__(
            None, f"wait stopped with {unsettled} of {len(task_ids)} tasks not settled"
        )
        self.task_ids = task_ids
        self.items = items


class RayvisionCompatibilityWarning(UserWarning):
    """An argument or a value was set aside, as 1.x did, rather than refused.

    Issued with :func:`warnings.warn`, pointing at the caller's line; for
    example ``get_output_files`` with a ``task_id`` and a ``tree_path`` other
    than ``"/"`` (1.x always sent ``"/"`` with a task id), or
    ``get_all_frames`` on a task whose frames share an index (its sub-tasks'
    frames: its ``dict`` keeps one frame per index).
    """


class RayvisionPollWarning(UserWarning):
    """``query.wait_for_task``'s polls keep failing; it goes on polling.

    Issued once per wait with :func:`warnings.warn`, pointing at the line that
    called ``wait_for_task``, when three polls in a row have failed or they
    have been failing for 60 seconds; the message names the last failure and
    how long the failures have lasted. ``warnings.simplefilter("error",
    RayvisionPollWarning)`` makes it end the wait instead; ``"ignore"``
    silences it.
    """
