"""How tasks, frames and output files are shown in replies."""

import datetime
import json
from typing import Any, Dict, Iterable, List, Optional, Tuple

from dayan_api.constants import TIME_FORMAT
from dayan_api.emulator import stages
from dayan_api.emulator.model import (
    FRAME_DONE,
    FRAME_FAILED,
    FRAME_STARTED,
    FRAME_STOPPED,
    FRAME_TIMED_OUT,
    FRAME_WAITING,
    Frame,
    Task,
)

BEIJING = datetime.timezone(datetime.timedelta(hours=8))
OUTPUT_EXTENSION = "exr"


def ms(seconds: Optional[float]) -> Optional[int]:
    """Simulated seconds as epoch milliseconds (None stays None)."""
    return None if seconds is None else int(round(seconds * 1000))


def beijing_text(seconds: float) -> str:
    """Epoch seconds as ``yyyy-MM-dd HH:mm:ss`` in Beijing time."""
    return datetime.datetime.fromtimestamp(seconds, BEIJING).strftime(TIME_FORMAT)


def parse_beijing_text(text: str) -> float:
    """``yyyy-MM-dd HH:mm:ss`` in Beijing time as epoch seconds (ValueError if malformed)."""
    moment = datetime.datetime.strptime(text, TIME_FORMAT)
    return moment.replace(tzinfo=BEIJING).timestamp()


def page(items: List[Any], page_num: int, page_size: int) -> Dict[str, Any]:
    """One page of ``items`` in the service's paging shape (an empty page past the end)."""
    start = (page_num - 1) * page_size
    return {
        "pageCount": (len(items) + page_size - 1) // page_size,
        "pageNum": page_num,
        "total": len(items),
        "size": page_size,
        "items": items[start : start + page_size],
    }


def scene_stem(task: Task) -> str:
    name = task.plan.scene_name if task.plan else ""
    return name.rsplit(".", 1)[0] if "." in name else name


def frame_counts(frames: Iterable[Frame]) -> Dict[str, int]:
    counts = {"total": 0, "waiting": 0, "executing": 0, "done": 0, "failed": 0, "abort": 0}
    for frame in frames:
        counts["total"] += 1
        if frame.status == FRAME_WAITING:
            counts["waiting"] += 1
        elif frame.status == FRAME_STARTED:
            counts["executing"] += 1
        elif frame.status == FRAME_DONE:
            counts["done"] += 1
        elif frame.status in (FRAME_FAILED, FRAME_TIMED_OUT):
            counts["failed"] += 1
        elif frame.status == FRAME_STOPPED:
            counts["abort"] += 1
    return counts


# What the sample's sub-tasks that render images show as taskTypeText (a
# ContextCapture stage, which renders none, shows null).
SUB_TASK_TYPE_TEXT = "render_major_picture_task"
# The keys a parent task (one with sub-tasks) shows as null: the service
# family's getTaskList sample (tests/fixtures/published/) shows them so.
PARENT_NULL_KEYS = (
    "abortFrames",
    "executingFrames",
    "doneFrames",
    "renderConsume",
    "startTime",
    "completedDate",
    "renderDuration",
    "producer",
    "taskOverTime",
    "outputFileName",
    "userAccountConsume",
    "couponConsume",
    "cloneParentId",
    "cloneOriginalId",
    "taskRam",
    "layerName",
)


def task_item(task: Task, now: float) -> Dict[str, Any]:
    """A task as queryTaskInfo and getTaskList show it (the published samples' keys).

    A parent shows ``isOpen`` 1, its sub-tasks in ``respRenderingTaskList``
    and null in :data:`PARENT_NULL_KEYS`; a task that has not started
    rendering shows null ``startTime``, ``completedDate`` and ``renderDuration``.
    """
    leaves = task.leaves()
    frames = task.all_frames()
    counts = frame_counts(frames)
    status = task.reported_status()
    fee = round(sum(frame.fee for frame in frames), 4)
    used = sum(frame.used_seconds for frame in frames) + sum(
        max(0.0, now - frame.render_times()[0]) for frame in frames if frame.status == FRAME_STARTED
    )
    started = [leaf.start_time for leaf in leaves if leaf.start_time is not None]
    completed = [leaf.completed_date for leaf in leaves if leaf.completed_date is not None]
    done = len(completed) == len(leaves)  # every leaf has finished (there is at least one)
    stem = scene_stem(task)
    pipeline = stages.pipeline_of(task)  # a ContextCapture task's or stage's
    item = {
        "sceneName": task.plan.scene_name if task.plan else "",
        "id": task.id,
        "taskAlias": task.alias,
        "taskStatus": status,
        "statusText": "render_task_status_{}".format(status),
        "preTaskStatus": None,
        "preStatusText": None,
        "totalFrames": counts["total"],
        "abortFrames": counts["abort"],
        "executingFrames": counts["executing"],
        "doneFrames": counts["done"],
        "failedFrames": counts["failed"],
        "framesRange": task.frames_range,
        "projectName": task.plan.project_name if task.plan else "",
        "renderConsume": fee,
        "taskArrears": 0.0,
        "submitDate": ms(task.submit_date),
        "startTime": ms(min(started)) if started else None,
        "completedDate": ms(max(completed)) if done else None,
        "renderDuration": int(used) if started else None,
        "userName": task.account.user_name,
        "producer": task.producer if task.producer is not None else task.artist,
        "taskLevel": 80,
        "taskUserLevel": task.level,
        "taskLimit": (
            # A parent shows its sub-tasks' limit, as the published sample does (200
            # beside sub-tasks of 200), not their sum: the limit holds per sub-task.
            task.task_limit if task.task_limit is not None else max(leaf.nodes for leaf in leaves)
        ),
        "taskOverTime": (task.parent or task).task_overtime,
        "overTimeStop": leaves[0].overtime_stop,
        "userId": task.account.user_id,
        "outputFileName": "{}_{}".format(task.id, stem) if task.submitted else None,
        "munuTaskId": "EMU{}".format(task.id) if started else "",
        "munuTaskIds": "EMU{}".format(task.id) if started else "",
        "layerParentId": task.parent.id if task.parent else 0,
        "cgId": task.plan.cg_id if task.plan else None,
        "userAccountConsume": 0.0,
        "couponConsume": fee,
        "qyCouponConsume": None,
        "isOpen": 1 if task.children else 0,
        "taskType": "Render",
        "renderCamera": "",
        "cloneParentId": 0,
        "cloneOriginalId": task.clone_original_id,
        "shareMainCapital": 0,
        # The samples: 64 for a plain task, null for a sub-task (and a parent).
        "taskRam": None if task.parent else 64,
        "respRenderingTaskList": (
            [task_item(child, now) for child in task.children] if task.children else None
        ),
        "layerName": task.layer_name,
        "taskTypeText": SUB_TASK_TYPE_TEXT if task.parent and pipeline is None else None,
        "locationOutput": "C:/RenderFarm/Download",
        "isDelete": 0 if task.deleted else 1,
        "channel": 4,
        "remark": task.remark,
        # A string holding a JSON object, as in the reference's sample ("{}"):
        # each label's id (a string, as JSON keys are) and its name.
        "labels": json.dumps(
            {str(k): v for k, v in sorted(task.labels.items())}, ensure_ascii=False
        ),
        "isOverTime": int(any(frame.status == FRAME_TIMED_OUT for frame in frames)),
        "taskKeyValueVo": {"tiles": None, "allCamera": None, "renderableCamera": None},
        "waitingCount": None,  # null in the sample; what it counts is not documented
        "stopType": 0,
    }
    if task.children:
        item.update(dict.fromkeys(PARENT_NULL_KEYS))
    if pipeline is not None:
        item.update(pipeline.view_fields(task, now))
    return item


# The reference's frameType of an ordinary frame: 5, "render the main image".
MAIN_RENDER_FRAME = 5
# What a frame that rendered shows for its node and its load (the samples'
# values are a real farm's; these are the emulator's own).
RENDER_NODE = "127.0.0.1"
FRAME_AVERAGE_CPU = 90
FRAME_AVERAGE_MEMORY = 2147483648


def frame_item(frame: Frame, now: float) -> Dict[str, Any]:
    """A frame as queryTaskFrames shows it (the keys of the published samples).

    A frame not started shows ``startTime`` and ``endTime`` 0; one never
    rendered shows null fees (a restarted frame keeps those of its renders).
    """
    rendered = frame.ever_started
    running = frame.status == FRAME_STARTED
    fee = frame.fee if rendered else None
    return {
        "id": frame.id,
        "taskId": frame.task.id,
        "userId": None,  # null in both published frame samples, as are the next three
        "framePrice": None,
        "feeType": None,
        "platform": None,
        "frameIndex": str(frame.number),
        "frameBlock": "1",
        "frameStatus": frame.status,
        "frameStatusText": "task_frame_status_{}".format(frame.status),
        "feeAmount": fee,
        "couponFee": fee,
        "startTime": ms(frame.start) or 0,
        "endTime": 0 if running else ms(frame.end) or 0,
        "frameExecuteTime": frame.execute_seconds(now),
        "currentRenderTime": frame.execute_seconds(now) if running else 0,
        "recommitFlag": max(0, frame.renders - 1),
        "isOverTime": int(frame.status == FRAME_TIMED_OUT),
        "arrearsFee": None,
        "munuJobId": str(frame.number),
        "munuTaskId": "EMU{}".format(frame.task.id) if frame.start is not None else "",
        "frameType": MAIN_RENDER_FRAME,
        "isCopy": None,
        "taskOverTime": frame.task.overtime_stop * 1000,
        "gopName": None,
        "frameRam": None,
        "averageCpu": FRAME_AVERAGE_CPU if rendered else 0,
        "averageMemory": FRAME_AVERAGE_MEMORY if rendered else 0,
        "overOneMonth": None,
        "renderRam": None,
        "nodeId": RENDER_NODE if rendered else "",
        "openRenderRam": None,
    }


def output_files(task: Task) -> List[Tuple[str, int, float]]:
    """(path, size, modified) of each rendered frame's output file.

    A plain task writes ``/{id}_{scene}/{scene}.{frame:04d}.exr``; a layer of
    task P writes ``/{P}_{scene}/{layer}/{layer}.{frame:04d}.exr`` (a ROP
    node's path as its name: ``/out/mantra1`` writes in ``out_mantra1``); a
    ContextCapture task writes its stages' outputs (see
    :mod:`~dayan_api.emulator.stages`).
    """
    pipeline = stages.pipeline_of(task)
    if pipeline is not None:
        return pipeline.output_files(task)
    files = []
    for leaf in task.leaves():
        if leaf.parent is None:
            folder = "/{}_{}".format(leaf.id, scene_stem(leaf))
            name = scene_stem(leaf)
        else:
            # A Houdini sub-task is named by its ROP node's path: one folder, not several.
            name = leaf.layer_name.strip("/").replace("/", "_")
            folder = "/{}_{}/{}".format(leaf.parent.id, scene_stem(leaf), name)
        for frame in leaf.frames:
            if frame.rendered_at is not None:
                path = "{}/{}.{:04d}.{}".format(folder, name, frame.number, OUTPUT_EXTENSION)
                files.append((path, 1048576 + (frame.number % 1000) * 1024, frame.rendered_at))
    return files


def list_folder(files: Iterable[Tuple[str, int, float]], tree_path: str) -> List[Dict[str, Any]]:
    """The entries directly inside ``tree_path``: folders first, then files, by name."""
    folder = "/" + tree_path.strip("/")
    prefix = folder.rstrip("/") + "/"
    folders: Dict[str, float] = {}
    entries: Dict[str, Tuple[int, float]] = {}
    for path, size, modified in files:
        if not path.startswith(prefix):
            continue
        head, _, rest = path[len(prefix) :].partition("/")
        if rest:
            folders[head] = max(modified, folders.get(head, 0.0))
        else:
            entries[head] = (size, modified)
    listing = [
        _entry(name, prefix + name, None, modified) for name, modified in sorted(folders.items())
    ]
    listing.extend(
        _entry(name, prefix + name, size, modified)
        for name, (size, modified) in sorted(entries.items())
    )
    return listing


def _entry(name: str, path: str, size: Optional[int], modified: float) -> Dict[str, Any]:
    return {
        "fileName": name,
        "fileSize": size,
        "iconPath": None,
        "lastModify": beijing_text(modified),
        "fileType": None if size is None else name.rsplit(".", 1)[-1],
        "filePath": path,
        "directory": size is None,
        "isArrears": 0,
    }
