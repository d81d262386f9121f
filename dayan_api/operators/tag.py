"""Label calls: the account's project labels, and labels on tasks."""

from typing import TYPE_CHECKING, Any, List, cast

from dayan_api import _validate, endpoints
from dayan_api.connect import Connect
from dayan_api.exception import RayvisionArgumentError
from dayan_api.operators._reply import field

if TYPE_CHECKING:
    from dayan_api.replies import ProjectLabel, ProjectLabels

# 1.x took the status as an int or as its digit, and sent an int.
_STATUSES = {0: 0, 1: 1, "0": 0, "1": 1}

# get_list's flags: 0 this account's projects, 1 with its main account's, 2 all
# under the same main account.
LIST_FLAGS = (0, 1, 2)


class TagOperator:
    """``api.tag``: project labels (what plugins file tasks under) and task labels."""

    def __init__(self, connect: Connect) -> None:
        self._connect = connect

    def add_label(self, new_name: str, status: int = 1) -> Any:
        """Add a project label named ``new_name`` (a non-empty str).

        ``status`` is 0 or 1 (``"0"`` and ``"1"`` are taken too, and sent as
        ints, as 1.x did).
        """
        body = {
            "newName": _validate.text(new_name, "new_name", allow_empty=False),
            "status": _status(status),
        }
        return self._connect.post(endpoints.ADD_PROJECT_LABEL, body)

    def delete_label(self, del_name: str) -> Any:
        """Delete the project label named ``del_name``."""
        body = {"delName": _validate.text(del_name, "del_name", allow_empty=False)}
        return self._connect.post(endpoints.DELETE_PROJECT_LABEL, body)

    def get_label_list(self) -> "ProjectLabels":
        """The account's project labels: ``{"projectNameList": [{"projectId", "projectName"}]}``."""
        return cast("ProjectLabels", self._connect.post(endpoints.GET_PROJECT_LABELS, {}))

    def get_project_list(self) -> "List[ProjectLabel]":
        """The ``projectNameList`` of :meth:`get_label_list` (``[]`` when it is null)."""
        url = self._connect.base_url + endpoints.GET_PROJECT_LABELS.path
        labels: List[ProjectLabel] = field(self.get_label_list(), url, "projectNameList") or []
        return labels

    def add_task_tag(self, tag: str, task_ids: List[int]) -> Any:
        """Put the label ``tag`` (a non-empty str) on the tasks ``task_ids``."""
        body = {
            "label": _validate.text(tag, "tag", allow_empty=False),
            "taskIds": _validate.task_ids(task_ids, "task_ids"),
        }
        return self._connect.post(endpoints.ADD_TASK_LABEL, body)

    def delete_task_tag(self, tag_ids: List[int]) -> Any:
        """Take the task labels whose ids are in ``tag_ids`` off their tasks."""
        body = {"labelIds": _validate.int_list(tag_ids, "tag_ids", minimum=1)}
        return self._connect.post(endpoints.DELETE_TASK_LABEL, body)

    def get_list(self, flag: int = 0) -> "ProjectLabels":
        """Project labels seen from this account, shaped like :meth:`get_label_list`'s.

        ``flag``: 0 this account's, 1 with its main account's, 2 all under the
        same main account.
        """
        body = {"flag": _validate.one_of(flag, "flag", LIST_FLAGS)}
        return cast("ProjectLabels", self._connect.post(endpoints.LIST_PROJECT_LABELS, body))


def _status(value: Any) -> int:
    if isinstance(value, bool) or not isinstance(value, (int, str)) or value not in _STATUSES:
        raise RayvisionArgumentError("status", f"0 or 1 (or '0', '1'), got {value!r}")
    return _STATUSES[value]
