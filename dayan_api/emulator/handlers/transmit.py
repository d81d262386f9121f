"""Handlers of the transmit operator's endpoints: transfer config, config files, outputs."""

import json
from types import MappingProxyType
from typing import TYPE_CHECKING, Any, Dict, Mapping

from dayan_api import endpoints
from dayan_api.constants import CONFIG_FILE_NAMES
from dayan_api.emulator import samples, views
from dayan_api.emulator.handlers import Handler
from dayan_api.emulator.params import get_int, get_int_list, get_str, invalid
from dayan_api.emulator.taskjson import check_task_json

if TYPE_CHECKING:
    from dayan_api.emulator.service import Account, Service


def get_transfer_config(
    service: "Service", account: "Account", body: Dict[str, Any], now: float
) -> Any:
    return samples.transfer_config(account.user_id)


def task_json_file(service: "Service", account: "Account", body: Dict[str, Any], now: float) -> Any:
    task_id = get_int(body, "taskId")
    file_name = get_str(body, "fileName", default="task.json")
    if file_name not in CONFIG_FILE_NAMES:
        message = "fileName must be one of {}, not {!r}".format(CONFIG_FILE_NAMES, file_name)
        raise invalid(message)
    content = get_str(body, "content")
    task = service.changeable(account, [task_id])[0]
    if file_name == "task.json":
        # Only the analysis after the submit reads what is inside.
        check_task_json(content)
    else:
        try:
            json.loads(content)
        except ValueError as error:
            raise invalid("content: {} is not JSON: {}".format(file_name, error)) from None
    task.configs[file_name] = content
    return None


def get_output_user_dir_file(
    service: "Service", account: "Account", body: Dict[str, Any], now: float
) -> Any:
    tree_path = get_str(body, "treePath", default="/")
    task_id = get_int(body, "taskId", default=None)
    if task_id is not None:
        tasks = [service.task(account, task_id)]
    else:
        tasks = [task for task in account.tasks if not task.deleted]
    files = [entry for task in tasks for entry in views.output_files(task)]
    return views.list_folder(files, tree_path)


def get_output_size(
    service: "Service", account: "Account", body: Dict[str, Any], now: float
) -> Any:
    tasks = service.tasks_of(account, get_int_list(body, "taskIds"))
    sizes = [
        {"taskId": task.id, "size": sum(size for _, size, _ in views.output_files(task))}
        for task in tasks
    ]
    return views.page(sizes, 1, max(100, len(sizes)))


ROUTES: Mapping[str, Handler] = MappingProxyType(
    {
        endpoints.GET_TRANSFER_CONFIG.path: get_transfer_config,
        endpoints.TASK_JSON_FILE.path: task_json_file,
        endpoints.GET_OUTPUT_USER_DIR_FILE.path: get_output_user_dir_file,
        endpoints.GET_OUTPUT_SIZE.path: get_output_size,
    }
)
