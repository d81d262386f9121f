"""Transfer calls: transfer configuration, task config files, output files."""

import json
import warnings
from typing import TYPE_CHECKING, Any, Dict, List, Optional, Union, cast

from dayan_api import _validate, endpoints
from dayan_api.connect import Connect
from dayan_api.constants import CONFIG_FILE_NAMES
from dayan_api.exception import (
    RayvisionArgumentError,
    RayvisionArgumentTypeError,
    RayvisionCompatibilityWarning,
)

if TYPE_CHECKING:
    from dayan_api.replies import OutputFile, OutputSizePage


class TransmitOperator:
    """``api.transmit``: what moves between the user and the farm."""

    def __init__(self, connect: Connect) -> None:
        self._connect = connect

    def get_transfer_config(self) -> Dict[str, Any]:
        """The transfer engines, lines and bids of the account."""
        config: Dict[str, Any] = self._connect.post(endpoints.GET_TRANSFER_CONFIG, {})
        return config

    def upload_json_content(
        self, task_id: int, content: Union[str, Dict[str, Any]], file_name: str = "task.json"
    ) -> Any:
        """Upload a task's configuration file.

        ``content`` is the file's JSON text, or a dict that is sent as JSON
        text. ``file_name`` is one of ``task.json``, ``upload.json``,
        ``asset.json`` and ``tips.json``.
        """
        body = {
            "taskId": _validate.task_id(task_id),
            "fileName": _validate.one_of(file_name, "file_name", CONFIG_FILE_NAMES),
            "content": json_text(content, "content"),
        }
        return self._connect.post(endpoints.TASK_JSON_FILE, body)

    def get_output_files(
        self, task_id: Optional[int] = None, tree_path: str = "/"
    ) -> "List[OutputFile]":
        """List output files and folders under ``tree_path`` of the account's output storage.

        With a ``task_id`` (for a layered task, a layer's own id), list that
        task's outputs from its top: ``treePath`` is then ``"/"`` whatever
        ``tree_path`` says, as in 1.x, and a ``tree_path`` other than ``"/"``
        is set aside with a :class:`~dayan_api.exception.RayvisionCompatibilityWarning`.
        """
        if task_id is not None:
            body: Dict[str, Any] = {"treePath": "/", "taskId": _validate.task_id(task_id)}
            if tree_path != "/":
                warnings.warn(
                    f"get_output_files: tree_path {tree_path!r} is set aside: with a task_id "
                    "the task's outputs are listed from '/' (as in 1.x)",
                    RayvisionCompatibilityWarning,
                    stacklevel=2,
                )
            return cast(
                "List[OutputFile]", self._connect.post(endpoints.GET_OUTPUT_USER_DIR_FILE, body)
            )
        _validate.text(tree_path, "tree_path")
        if not tree_path.startswith("/"):
            raise RayvisionArgumentError(
                "tree_path", f"a path starting with '/', got {tree_path!r}"
            )
        return cast(
            "List[OutputFile]",
            self._connect.post(endpoints.GET_OUTPUT_USER_DIR_FILE, {"treePath": tree_path}),
        )

    def get_output_size(self, task_ids: List[int]) -> "OutputSizePage":
        """The size of each task's outputs: a page whose ``items`` are ``{taskId, size}``.

        ``size`` is read as bytes (inferred: Dayan's client does not say).

        Source: Dayan's own desktop client (``HttpGetOutputSizeCmd``,
        ``/api/rendering/task/output/getSize``); not in the API reference: the signed
        gateway is expected to route it as the other ``/api/rendering`` paths; if it
        does not, the service's business error is raised as usual.
        """
        body = {"taskIds": _validate.task_ids(task_ids, "task_ids")}
        return cast("OutputSizePage", self._connect.post(endpoints.GET_OUTPUT_SIZE, body))


def json_text(content: Any, parameter: str) -> str:
    """``content`` as JSON text: a str holding JSON as it is, a dict serialised."""
    if isinstance(content, dict):
        try:
            return _validate.unicode(
                json.dumps(content, ensure_ascii=False, allow_nan=False), parameter
            )
        except TypeError as error:
            raise RayvisionArgumentTypeError(
                parameter, f"must be JSON-serialisable: {error}"
            ) from None
        except ValueError as error:
            raise RayvisionArgumentError(parameter, f"must be valid JSON: {error}") from None
    if not isinstance(content, str):
        raise RayvisionArgumentTypeError(
            parameter, f"JSON text (a str) or a dict, got {type(content).__name__}"
        )
    try:
        json.loads(content)
    except ValueError as error:
        raise RayvisionArgumentError(parameter, f"not valid JSON text: {error}") from None
    return _validate.unicode(content, parameter)
