"""A user's script, typed: CI checks it with ``mypy --strict`` against the installed wheel.

It uses the public API as the README does. Each function returns what it
reads from a reply with a precise type, so under ``--strict`` (which refuses
to return ``Any`` from a typed function) it type-checks only while the package
ships ``py.typed`` and its replies are typed. ``test_user_script.py`` also runs
it, against the emulator.
"""

from typing import Dict, List, Optional

from dayan_api import RayvisionAPI, RayvisionError
from dayan_api.constants import SETTLED_TASK_STATUSES
from dayan_api.emulator import Emulator, serve
from dayan_api.replies import (
    FrameInfo,
    OutputFile,
    PluginInfo,
    ProjectLabel,
    RenderEnv,
    RenderEnvName,
    RenderLogPage,
    TaskInfo,
    TaskStatusCount,
)


def account_name(api: RayvisionAPI) -> str:
    return api.user_info["user_name"]


def submit_scene(
    api: RayvisionAPI, scene: str, frames: str, layers: Optional[List[str]] = None
) -> int:
    task_id = api.task.create_task()["taskIdList"][0]
    info: Dict[str, object] = {"task_id": task_id, "input_cg_file": scene, "frames": frames}
    if layers:
        info["layers"] = layers
    api.transmit.upload_json_content(task_id, {"task_info": info})
    api.submit(task_id)
    return task_id


def task_status(api: RayvisionAPI, task_id: int) -> int:
    item: TaskInfo = api.query.task_info([task_id])["items"][0]
    return item["taskStatus"]


def percent_done(api: RayvisionAPI, task_id: int) -> float:
    """A task's frames done, in percent; a task with layers counts its layers' frames."""
    item: TaskInfo = api.query.task_info([task_id])["items"][0]
    done = item["doneFrames"]
    if done is None:  # a parent: its sub-tasks hold the counts
        done = sum(layer["doneFrames"] or 0 for layer in item["respRenderingTaskList"] or [])
    total = item["totalFrames"]
    return 100.0 * done / total if total else 0.0


def cost(api: RayvisionAPI, task_id: int) -> float:
    """What a task's frames cost so far (a frame never rendered has no fee: None)."""
    frames: Dict[str, FrameInfo] = api.query.get_all_frames(task_id)
    return sum(frame["feeAmount"] or 0.0 for frame in frames.values())


def started_at(api: RayvisionAPI, task_id: int) -> Optional[int]:
    """When a task started rendering (epoch ms), or None before it has."""
    item: TaskInfo = api.query.task_info([task_id])["items"][0]
    return item["startTime"]


def done_frames(api: RayvisionAPI, task_id: int) -> List[str]:
    frames: Dict[str, FrameInfo] = api.query.get_all_frames(task_id)
    return [index for index, frame in frames.items() if frame["frameStatus"] == 4]


def latest_tasks(api: RayvisionAPI) -> List[str]:
    page = api.query.get_task_list(page_size=10)
    return ["{} {}".format(item["taskAlias"], item["sceneName"]) for item in page["items"]]


def output_paths(api: RayvisionAPI) -> List[str]:
    entries: List[OutputFile] = api.transmit.get_output_files()
    return [entry["filePath"] for entry in entries if entry["directory"]]


def label_id(api: RayvisionAPI, name: str) -> int:
    api.tag.add_label(name)
    labels: List[ProjectLabel] = api.tag.get_project_list()
    return next(label["projectId"] for label in labels if label["projectName"] == name)


def save_render_env(api: RayvisionAPI, name: str) -> List[str]:
    data = {
        "cgId": 2000,
        "cgName": "Maya",
        "cgVersion": "2020",
        "editName": name,
        "renderSystem": 1,
        "pluginIds": [20001],
    }
    saved: RenderEnvName = api.env.add_render_env(data)
    assert saved["editName"] == name
    environments: List[RenderEnv] = api.env.get_render_env(name="maya")
    assert all(environment["isDefault"] == 0 for environment in environments)
    plugins: List[PluginInfo] = [
        plugin for environment in environments for plugin in environment["respUserPluginInfoVos"]
    ]
    return [plugin["pluginVersion"] for plugin in plugins]


def last_log_line(api: RayvisionAPI, task_id: int) -> str:
    frame_id = api.query.task_frames(task_id)["items"][0]["id"]
    page: RenderLogPage = api.query.get_render_log(frame_id)
    lines: List[str] = list(api.query.iter_render_log(frame_id))
    assert lines[: len(page["items"])] == page["items"]
    return lines[-1]


def tasks_done(api: RayvisionAPI) -> int:
    counts: TaskStatusCount = api.query.task_status_count()
    return counts["doneTask"]


def output_bytes(api: RayvisionAPI, task_id: int) -> int:
    return sum(item["size"] for item in api.transmit.get_output_size([task_id])["items"])


def render(emu: Emulator) -> int:
    with emu.client() as api:
        try:
            print("account", account_name(api))
            print("label id", label_id(api, "sh010"))
            print("maya plugins", save_render_env(api, "maya-2020"))
            task_id = submit_scene(api, "D:/shots/sh010.mb", "1-3")
            layered_id = submit_scene(api, "D:/shots/sh020.mb", "1-2", layers=["fg", "bg"])
            assert started_at(api, task_id) is None
            emu.advance(120)
            status = task_status(api, task_id)
            assert status in SETTLED_TASK_STATUSES, status
            print("percent done", percent_done(api, task_id), percent_done(api, layered_id))
            print("cost", cost(api, task_id))
            print("done frames", done_frames(api, task_id))
            print("tasks", latest_tasks(api))
            print("outputs", output_paths(api))
            print("log", last_log_line(api, task_id))
            print("tasks done", tasks_done(api), "output bytes", output_bytes(api, task_id))
        except RayvisionError as error:
            print("Dayan call failed:", error)
            raise
    return status


def main() -> None:
    with serve(speed=0) as emu:
        render(emu)


if __name__ == "__main__":
    main()
