"""A reality-modeling (ContextCapture) task on Dayan, start to finish, offline.

Dayan's ContextCapture submitter analyses a photo project and writes three
files: task.json (the photos and the outputs wanted), upload.json (the files to
transfer) and asset.json (the photos and block files). The sample project in
reality_model_data/ has three photo groups (140 photos) and asks for OSGB.

This script starts the built-in emulator, creates a task, uploads the three
files, submits, then watches the task's stages (aerotriangulation,
reconstruction, production) until it settles, and lists its OSGB.zip. The
photos themselves travel with Dayan's transfer tool, outside this SDK; the
emulator needs none of them.

    python examples/reality_model.py [--step SECONDS]
"""

import argparse
import copy
import json
import os
import sys
from typing import Any, Callable, Dict, List, Optional, Tuple

from dayan_api import RayvisionAPI, RayvisionError
from dayan_api.constants import SETTLED_TASK_STATUSES, TASK_STATUS

DATA = os.path.join(os.path.dirname(os.path.abspath(__file__)), "reality_model_data")
STEP_SECONDS = 30.0  # simulated seconds the emulator's clock moves between two polls
MAX_POLLS = 10000


def load(name: str) -> Dict[str, Any]:
    """One of the submitter's three files from the sample project."""
    with open(os.path.join(DATA, name), encoding="utf-8") as file:
        content: Dict[str, Any] = json.load(file)
    return content


def submit(api: RayvisionAPI, task_json: Dict[str, Any], upload_json: Any, asset_json: Any) -> int:
    """Create a task, upload the three files and submit it; returns the task id."""
    task_id = api.task.create_task_id()
    task_json = copy.deepcopy(task_json)
    task_json["task_info"]["task_id"] = str(task_id)  # the submitter writes "" there
    api.transmit.upload_json_content(task_id, upload_json, file_name="upload.json")
    api.transmit.upload_json_content(task_id, asset_json, file_name="asset.json")
    api.submit_by_data(task_json)  # uploads task.json, then submits
    return task_id


def stage_line(stage: Dict[str, Any]) -> str:
    """How far one stage is: aerotriangulation as a percent, the others by frames."""
    status = TASK_STATUS.get(stage["taskStatus"], str(stage["taskStatus"]))
    values = stage.get("taskKeyValueVo") or {}
    name = stage["taskType"]
    if name == "Triangulation":
        done = "{}%".format(values.get("progress", "0"))
    else:
        done = "{}/{} tiles".format(stage["doneFrames"], stage["totalFrames"])
        if name != "Rebuild":
            name = "{} ({})".format(name, ", ".join(values.get("outputType") or []))
    return "  {:<24} {:<24} {}".format(name, status, done)


def watch(api: RayvisionAPI, task_id: int, wait: Callable[[], Any]) -> Dict[str, Any]:
    """Print each stage's progress as it changes until the task settles; returns its info."""
    shown: Dict[int, str] = {}
    for _ in range(MAX_POLLS):
        task = api.query.task_info([task_id])["items"][0]
        for stage in task["respRenderingTaskList"] or []:
            line = stage_line(stage)
            if stage["taskStatus"] != 0 and shown.get(stage["id"]) != line:
                print(line, flush=True)
                shown[stage["id"]] = line
        if task["taskStatus"] in SETTLED_TASK_STATUSES:
            return task
        wait()
    raise SystemExit("task {} did not settle after {} polls".format(task_id, MAX_POLLS))


def outputs(api: RayvisionAPI, task_id: int) -> List[Tuple[str, Optional[int]]]:
    """(path, size) of every output file of the task, folders walked."""
    found = []
    folders = ["/{}".format(task_id)]
    while folders:
        for entry in api.transmit.get_output_files(tree_path=folders.pop(0)) or []:
            if entry["directory"]:
                folders.append(entry["filePath"])
            else:
                found.append((entry["filePath"], entry["fileSize"]))
    return found


def run(api: RayvisionAPI, wait: Callable[[], Any]) -> int:
    task_json = load("task.json")
    group = task_json["scene_info"]["group"]
    print(
        "Project {!r}: {} photos in {} groups, {:.2f} gigapixels, outputs {}.".format(
            task_json["task_info"]["project_name"],
            group["pic_count"],
            len(group["groups"]),
            int(group["total_pixel"]) / 1e9,
            ", ".join(task_json["scene_info"]["param"]["outputType"]),
        )
    )
    task_id = submit(api, task_json, load("upload.json"), load("asset.json"))
    print("Submitted task {}; its stages:".format(task_id))
    task = watch(api, task_id, wait)
    # The task is a parent: its own duration and cost are null, its stages' add up.
    stages = task["respRenderingTaskList"] or []
    print(
        "Task {} {} after {} s of work, cost {:.2f}.".format(
            task_id,
            TASK_STATUS.get(task["taskStatus"], task["taskStatus"]),
            sum(stage["renderDuration"] or 0 for stage in stages),
            sum(stage["renderConsume"] or 0 for stage in stages),
        )
    )
    print("Stage task ids:", api.query.get_small_task_id(task_id))
    print("Outputs:")
    for path, size in outputs(api, task_id):
        print("  {} ({} bytes)".format(path, size))
    return 0 if task["taskStatus"] == 25 else 1


def main(argv: Any = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument(
        "--step", type=float, default=STEP_SECONDS, help="simulated seconds between two polls"
    )
    args = parser.parse_args(argv)
    from dayan_api.emulator import serve

    # speed=0: the emulator's clock moves only when wait() advances it, so the
    # run takes the same course every time, in well under a second.
    with serve(speed=0) as emu, emu.client() as api:
        print("Using the built-in emulator at {}.".format(emu.url))
        try:
            return run(api, lambda: emu.advance(args.step))
        except RayvisionError as error:
            print("error: {}".format(error), file=sys.stderr)
            return 1


if __name__ == "__main__":
    sys.exit(main())
