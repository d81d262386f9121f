"""Checked by CI with ``mypy --strict`` (warn_unused_ignores): the ignores must be needed.

If a reply were typed ``Dict[str, Any]`` again, a misspelt key would pass
unnoticed and these ignores would go unused, which fails the check.
"""

from dayan_api import RayvisionAPI
from dayan_api.emulator import Emulator


def misspelt(api: RayvisionAPI, task_id: int) -> object:
    item = api.query.task_info([task_id])["items"][0]
    return item["taskStatsu"]  # type: ignore[typeddict-item]


def wrong_type(api: RayvisionAPI) -> str:
    return api.user_info["user_id"]  # type: ignore[return-value]


def misspelt_through_the_emulator(emu: Emulator, task_id: int) -> object:
    # The client that serve()'s emulator hands out is typed too (not Any).
    with emu.client() as api:
        return api.query.task_info([task_id])["items"][0]["taskStatsu"]  # type: ignore[typeddict-item]


def misspelt_label_key(api: RayvisionAPI) -> object:
    return api.tag.get_project_list()[0]["projectNam"]  # type: ignore[typeddict-item]


def label_id_as_str(api: RayvisionAPI) -> str:
    return api.tag.get_list()["projectNameList"][0]["projectId"]  # type: ignore[return-value]


def misspelt_environment_key(api: RayvisionAPI) -> object:
    return api.env.get_render_env()[0]["renderSystem"]  # type: ignore[typeddict-item]


def misspelt_status_count(api: RayvisionAPI) -> object:
    return api.query.task_status_count()["doneTasks"]  # type: ignore[typeddict-item]


def output_size_as_str(api: RayvisionAPI, task_id: int) -> str:
    return api.transmit.get_output_size([task_id])["items"][0]["size"]  # type: ignore[return-value]
