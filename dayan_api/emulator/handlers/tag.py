"""Handlers of the tag operator's endpoints: project labels, and labels on tasks.

Each account has its own project labels (a name, a ``projectId``, a status)
and its own task labels (a name and an id, shown on the tasks that carry them
in ``queryTaskInfo``'s ``labels``). The emulator has no sub-accounts: every
account is its own main account, so ``project/list`` answers the same for
each ``flag``.
"""

from types import MappingProxyType
from typing import TYPE_CHECKING, Any, Dict, List, Mapping

from dayan_api import endpoints
from dayan_api.emulator.errors import LABEL_EXISTS, RESOURCE_NOT_FOUND, ApiError
from dayan_api.emulator.handlers import Handler
from dayan_api.emulator.params import get_int, get_int_list, get_str, invalid

if TYPE_CHECKING:
    from dayan_api.emulator.service import Account, Service

LABEL_STATUSES = (0, 1)
LIST_FLAGS = (0, 1, 2)


def _name(body: Dict[str, Any], key: str) -> str:
    name = get_str(body, key)
    if not name.strip():
        raise invalid("{} must not be blank".format(key))
    return name


def _project_list(account: "Account") -> Dict[str, List[Dict[str, Any]]]:
    return {
        "projectNameList": [
            {"projectId": project_id, "projectName": name}
            for name, project_id in account.project_labels.items()
        ]
    }


def add_project(service: "Service", account: "Account", body: Dict[str, Any], now: float) -> Any:
    name = _name(body, "newName")
    status = get_int(body, "status", default=1)
    if status not in LABEL_STATUSES:
        raise invalid("status must be 0 or 1, not {}".format(status))
    if name in account.project_labels:
        raise ApiError(LABEL_EXISTS, "label already exists: {}".format(name))
    account.project_labels[name] = service.next_label_id()
    account.label_status[name] = status
    return None


def delete_project(service: "Service", account: "Account", body: Dict[str, Any], now: float) -> Any:
    name = get_str(body, "delName")
    if name not in account.project_labels:
        raise ApiError(RESOURCE_NOT_FOUND, "resource not found: label {}".format(name))
    del account.project_labels[name]
    del account.label_status[name]
    return None


def get_project_list(
    service: "Service", account: "Account", body: Dict[str, Any], now: float
) -> Any:
    return _project_list(account)


def list_projects(service: "Service", account: "Account", body: Dict[str, Any], now: float) -> Any:
    flag = get_int(body, "flag", default=0)
    if flag not in LIST_FLAGS:
        raise invalid("flag must be 0, 1 or 2, not {}".format(flag))
    return _project_list(account)


def add_task_label(service: "Service", account: "Account", body: Dict[str, Any], now: float) -> Any:
    name = _name(body, "label")
    tasks = service.changeable(account, get_int_list(body, "taskIds"))
    label_id = service.task_label_id(account, name)
    for task in tasks:
        for member in [task] + task.children:
            member.labels[label_id] = name
    return None


def delete_task_label(
    service: "Service", account: "Account", body: Dict[str, Any], now: float
) -> Any:
    label_ids = get_int_list(body, "labelIds")
    unknown = [label_id for label_id in label_ids if label_id not in account.task_labels]
    if unknown:
        raise ApiError(RESOURCE_NOT_FOUND, "resource not found: task labels {}".format(unknown))
    for label_id in label_ids:
        account.task_labels.pop(label_id, None)
        for task in account.tasks:
            for member in [task] + task.children:
                member.labels.pop(label_id, None)
    return None


ROUTES: Mapping[str, Handler] = MappingProxyType(
    {
        endpoints.ADD_PROJECT_LABEL.path: add_project,
        endpoints.DELETE_PROJECT_LABEL.path: delete_project,
        endpoints.GET_PROJECT_LABELS.path: get_project_list,
        endpoints.LIST_PROJECT_LABELS.path: list_projects,
        endpoints.ADD_TASK_LABEL.path: add_task_label,
        endpoints.DELETE_TASK_LABEL.path: delete_task_label,
    }
)
