"""The :class:`RayvisionAPI` facade: one account, one transport, six operators."""

import json
import logging
import os
from types import MappingProxyType
from typing import TYPE_CHECKING, Any, Dict, Optional, Tuple, Union

import requests

from dayan_api import _validate, constants, endpoints
from dayan_api._secret import _Secret
from dayan_api.codes import Code
from dayan_api.connect import (
    DEFAULT_BACKOFF,
    DEFAULT_MAX_RETRIES,
    DEFAULT_TIMEOUT,
    Connect,
    Timeout,
)
from dayan_api.constants import (
    CONFIG_FILE_NAMES,
    DEFAULT_DOMAIN,
    DEFAULT_PLATFORM,
    DEFAULT_PROTOCOL,
)
from dayan_api.exception import (
    RayvisionAPIError,
    RayvisionArgumentError,
    RayvisionArgumentTypeError,
    RayvisionError,
    RayvisonTaskIdError,
)
from dayan_api.operators import (
    QueryOperator,
    RenderEnvOperator,
    TagOperator,
    TaskOperator,
    TransmitOperator,
    UserOperator,
)
from dayan_api.operators._reply import field
from dayan_api.operators.transmit import json_text

if TYPE_CHECKING:
    from dayan_api.replies import UserInfo

# Public in dayan_api.constants; importable from here as they always were.
ACCESS_ID_ENV = constants.ACCESS_ID_ENV
ACCESS_KEY_ENV = constants.ACCESS_KEY_ENV
DEFAULT_LOG_NAME = "dayan_api.log"
_LOG_FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"
# Not logging.getLevelName: its name-to-number use is a documented quirk kept
# for compatibility, and its future is uncertain across Python versions.
_LEVELS = MappingProxyType(
    {
        "CRITICAL": logging.CRITICAL,
        "FATAL": logging.FATAL,
        "ERROR": logging.ERROR,
        "WARNING": logging.WARNING,
        "WARN": logging.WARNING,
        "INFO": logging.INFO,
        "DEBUG": logging.DEBUG,
        "NOTSET": logging.NOTSET,
    }
)


class RayvisionAPI:
    """A client of the Dayan render service for one account.

    Nothing is sent until a method is called. Every call signs one request
    (or a few, for the composite ones) and returns the reply's ``data``.

    Args:
        access_id: the account's access id; default: the
            ``RAYVISION_API_ACCESS_ID`` environment variable.
        access_key: the account's access key; default: ``RAYVISION_API_KEY``.
            It signs requests and is never sent, logged or shown.
        domain: the service's bare host name.
        platform: the platform id, a string (Dayan: ``"54"``).
        protocol: ``"https"`` or ``"http"``.
        logger: a ``logging.Logger`` to log to; default ``"dayan_api"``.
        log_folder: when given, also write this client's log to
            ``log_folder/log_name`` (the folder is created if needed).
        log_name: the log file's name; default ``dayan_api.log``.
        log_level: the level of the file log (a name such as ``"INFO"``, or
            a number); the ``logger``'s own handlers keep their own levels.
        headers: extra headers sent, and signed, with every request (or
            overrides of ``channel`` and ``version``).
        session: a ``requests.Session`` to send with (proxies, certificates).
        timeout: seconds to wait, a number or a ``(connect, read)`` pair.
        max_retries: retries where they are safe (see :class:`Connect`).
        backoff: seconds before the first retry, doubled for each next one.

    Attributes: ``user``, ``task``, ``query``, ``transmit``, ``tag``, ``env`` (the operators),
    ``connect`` (the shared :class:`Connect`), ``user_info``.

    Safe to share between threads. Use it as a context manager, or call
    :meth:`close`, to release its connections and log file.
    """

    def __init__(
        self,
        access_id: Optional[str] = None,
        access_key: Optional[str] = None,
        domain: str = DEFAULT_DOMAIN,
        platform: str = DEFAULT_PLATFORM,
        protocol: str = DEFAULT_PROTOCOL,
        logger: Optional[logging.Logger] = None,
        log_folder: Union[str, "os.PathLike[str]", None] = None,
        log_name: Union[str, "os.PathLike[str]", None] = None,
        log_level: Union[str, int] = "DEBUG",
        *,
        headers: Optional[Dict[str, str]] = None,
        session: Optional[requests.Session] = None,
        timeout: Timeout = DEFAULT_TIMEOUT,
        max_retries: int = DEFAULT_MAX_RETRIES,
        backoff: float = DEFAULT_BACKOFF,
    ) -> None:
        access_id = _credential(access_id, "access_id", ACCESS_ID_ENV)
        # Held out of this frame's locals, which crash reporters and
        # pytest --showlocals record when a later argument is refused.
        key = _Secret(_credential(access_key, "access_key", ACCESS_KEY_ENV))
        del access_key
        level = _log_level(log_level)
        if logger is not None and not isinstance(logger, logging.Logger):
            raise RayvisionArgumentTypeError(
                "logger", f"a logging.Logger, got {type(logger).__name__}"
            )
        self._log_file: Optional[logging.Handler] = None
        if log_folder is not None:
            logger, self._log_file = _file_logger(logger, log_folder, log_name, level)
        elif log_name is not None:
            raise RayvisionArgumentError("log_name", "needs log_folder, the folder to write it in")
        self.logger = logger if logger is not None else logging.getLogger("dayan_api")
        self.connect = Connect(
            access_id,
            key.reveal(),
            protocol,
            domain,
            platform,
            headers=headers,
            session=session,
            logger=self.logger,
            timeout=timeout,
            max_retries=max_retries,
            backoff=backoff,
        )
        self.user = UserOperator(self.connect)
        self.task = TaskOperator(self.connect)
        self.query = QueryOperator(self.connect, user=self.user)
        self.transmit = TransmitOperator(self.connect)
        self.tag = TagOperator(self.connect)
        self.env = RenderEnvOperator(self.connect)

    def __repr__(self) -> str:
        connect = self.connect
        return (
            f"RayvisionAPI(access_id={connect.access_id!r}, domain={connect.domain!r}, "
            f"platform={connect.platform!r})"
        )

    def close(self) -> None:
        """Release the connections and close the log file, if any.

        The client is then closed for good: a later call raises
        :class:`RayvisionError` (it never reopens the log file).
        """
        self.connect.close()
        if self._log_file is not None:
            self._log_file.close()

    def __enter__(self) -> "RayvisionAPI":
        self.connect.__enter__()  # refuses a closed client
        return self

    def __exit__(self, *exc_info: Any) -> None:
        self.close()

    @property
    def user_info(self) -> "UserInfo":
        """Profile, settings and transfer ids, merged with snake_case keys.

        Also ``local_os``, ``domain`` and ``platform``. Fetched on first use
        (three requests) and kept.
        """
        return self.user.info

    def get_user_id(self) -> int:
        """The account's user id."""
        return self.user.user_id

    def check_and_add_project_name(self, project_name: str) -> str:
        """The id of the project label named ``project_name``, added if it is missing.

        Looks the name up in ``tag.get_list(flag=2)``; when it is absent, adds
        it (``tag.add_label(project_name, 0)``) and looks once more. Returns
        the id as a ``str``, or ``""`` when the service still does not list
        the label. When another client adds the same name between the look-up
        and the add (the service answers ``Code.LABEL_EXISTS``, 503), the
        second look-up finds the label it added, and its id is returned; if
        even that look-up does not list it, the 503 is raised.
        """
        _validate.text(project_name, "project_name", allow_empty=False)
        project_id = self._project_id(project_name)
        if project_id is None:
            try:
                self.tag.add_label(project_name, 0)
            except RayvisionAPIError as error:
                if error.error_code != Code.LABEL_EXISTS:
                    raise
                project_id = self._project_id(project_name)
                if project_id is None:
                    raise
                return str(project_id)
            project_id = self._project_id(project_name)
        return "" if project_id is None else str(project_id)

    def _project_id(self, project_name: str) -> Any:
        url = self.connect.base_url + endpoints.LIST_PROJECT_LABELS.path
        projects = field(self.tag.get_list(flag=2), url, "projectNameList") or []
        for project in projects:
            if field(project, url, "projectName") == project_name:
                return field(project, url, "projectId")
        return None

    def submit(self, task_id: int, producer: Optional[str] = None) -> bool:
        """Submit a task whose config files are uploaded; returns ``True``.

        Raises :class:`RayvisonTaskIdError` when ``task_id`` is not an int.
        """
        self.task.submit_task(_submit_task_id(task_id), producer=producer)
        return True

    def submit_cc(
        self, task_id: int, option: Any = None, param: Optional[Dict[str, Any]] = None
    ) -> bool:
        """Like :meth:`submit`, through ``task.submit_task_to_cc``; returns ``True``."""
        self.task.submit_task_to_cc(_submit_task_id(task_id), option=option, param=param)
        return True

    def submit_by_data(
        self,
        task_info: Union[str, Dict[str, Any]],
        file_name: str = "task.json",
        producer: Optional[str] = None,
    ) -> int:
        """Upload ``task_info`` as the task's config file and submit it, in one call.

        ``task_info`` is the task.json content: a dict or JSON text. The task
        id is read from ``task_info["task_info"]["task_id"]`` (an int or a
        string of digits); when there is none, a task is created and its id
        written there in the uploaded copy (the caller's dict is not
        modified). Returns the task id.

        Every argument is checked before the first request. An error raised
        after the call has its task id (created, or read from ``task_info``)
        carries it as ``error.task_id``: to resume without creating another
        task, put it in ``task_info["task_info"]["task_id"]`` and call again.
        """
        # Every argument is checked before the first request: a task id must
        # not be created, nor a file uploaded, for a call that then fails.
        _validate.one_of(file_name, "file_name", CONFIG_FILE_NAMES)
        if producer is not None:
            _validate.text(producer, "producer")
        content = _task_json(task_info)
        section = content.setdefault("task_info", {})
        if not isinstance(section, dict):
            raise RayvisionArgumentTypeError(
                "task_info", f"task_info['task_info'] must be a dict, got {type(section).__name__}"
            )
        task_id = _task_json_id(section.get("task_id"))
        if task_id is None:
            task_id = self.task.create_task_id()
            section["task_id"] = task_id
            upload: Union[str, Dict[str, Any]] = content
        else:
            upload = task_info  # sent exactly as the caller wrote it
        try:
            self.transmit.upload_json_content(task_id, upload, file_name=file_name)
            self.task.submit_task(task_id, producer=producer)
        except RayvisionError as error:
            error.task_id = task_id
            raise
        return task_id


def _credential(value: Optional[str], parameter: str, env_name: str) -> str:
    if value is None:
        value = os.environ.get(env_name)
    if not value:
        raise RayvisionArgumentError(
            parameter, f"required: pass {parameter}= or set the {env_name} environment variable"
        )
    return value


def _log_level(value: Any) -> int:
    if isinstance(value, int) and not isinstance(value, bool) and value >= 0:
        return value
    if isinstance(value, str) and value.upper() in _LEVELS:
        return _LEVELS[value.upper()]
    raise RayvisionArgumentError(
        "log_level",
        f"a level name (DEBUG, INFO, WARNING, ERROR, CRITICAL) or an int, got {value!r}",
    )


class _Forward(logging.Handler):
    """Passes records on to another logger as if they had been logged there."""

    def __init__(self, target: logging.Logger) -> None:
        super().__init__()
        self.target = target

    def emit(self, record: logging.LogRecord) -> None:
        if self.target.isEnabledFor(record.levelno):
            self.target.handle(record)


def _file_logger(
    parent: Optional[logging.Logger], folder: Any, name: Any, level: int
) -> Tuple[logging.Logger, logging.Handler]:
    """A logger of this client's own: a file at ``level``, plus ``parent`` at its own levels.

    It is not registered with ``logging``, so each client has its own file
    and nothing outlives the client.
    """
    folder = _local_path(_fspath(folder), "log_folder")
    file_name = _local_path(_fspath(name or DEFAULT_LOG_NAME), "log_name")
    os.makedirs(folder, exist_ok=True)
    handler = logging.FileHandler(os.path.join(folder, file_name), encoding="utf-8", delay=True)
    handler.setLevel(level)
    handler.setFormatter(logging.Formatter(_LOG_FORMAT))
    logger = logging.Logger("dayan_api", logging.DEBUG)
    logger.propagate = False
    logger.addHandler(handler)
    logger.addHandler(_Forward(parent if parent is not None else logging.getLogger("dayan_api")))
    return logger, handler


def _local_path(value: Any, parameter: str) -> str:
    """A non-empty str naming a local file (never sent, so any str the OS gives)."""
    if not isinstance(value, str):
        raise RayvisionArgumentTypeError(parameter, f"a str or path, got {type(value).__name__}")
    if not value:
        raise RayvisionArgumentError(parameter, "a non-empty str")
    return value


def _fspath(value: Any) -> Any:
    """A ``pathlib.Path`` (or other path object) as its str; anything else as it is."""
    return os.fspath(value) if isinstance(value, os.PathLike) else value


def _submit_task_id(task_id: Any) -> int:
    if not isinstance(task_id, int) or isinstance(task_id, bool):
        raise RayvisonTaskIdError(
            None, f"task_id: a task id must be an int, got {task_id!r} ({type(task_id).__name__})"
        )
    return task_id


def _task_json(task_info: Any) -> Dict[str, Any]:
    """A private, modifiable copy of the task.json content."""
    text = json_text(task_info, "task_info")
    content = json.loads(text)
    if not isinstance(content, dict):
        raise RayvisionArgumentTypeError(
            "task_info", f"a JSON object, got {type(content).__name__}"
        )
    return content


def _task_json_id(value: Any) -> Optional[int]:
    if value is None or value == "":
        return None
    if isinstance(value, str) and value.isascii() and value.isdigit():
        value = int(value)
    return _validate.task_id(value, "task_info['task_info']['task_id']")
