"""The whole render workflow, start to finish.

Reads the account, creates a task, uploads its task.json, submits it, watches
it until it ends, then lists its frames and output files.

With RAYVISION_API_ACCESS_ID and RAYVISION_API_KEY in the environment it talks
to the real service (this spends render time: point --scene at a real scene).
Without them, or with --emulator, it starts the built-in emulator in this
process and runs offline, in a few seconds.

    python examples/quickstart.py [--emulator] [--scene PATH] [--frames 1-10[1]]
"""

import argparse
import contextlib
import os
import sys
import time
from typing import Any, Dict, Iterator, Tuple

from dayan_api import RayvisionAPI, RayvisionError
from dayan_api.constants import TASK_STATUS

EMULATOR_SPEED = 30.0  # simulated seconds per real second: a 10-frame task takes a few seconds


@contextlib.contextmanager
def open_client(force_emulator: bool) -> Iterator[Tuple[RayvisionAPI, float]]:
    """A client and how often to poll it: the service if credentials are set, else the emulator."""
    has_credentials = os.environ.get("RAYVISION_API_ACCESS_ID") and os.environ.get(
        "RAYVISION_API_KEY"
    )
    if has_credentials and not force_emulator:
        with RayvisionAPI() as api:
            print(f"Using the Dayan service at {api.connect.domain}.")
            yield api, 15.0
        return
    from dayan_api.emulator import serve

    with serve(speed=EMULATOR_SPEED) as emu:
        reason = "--emulator given" if force_emulator else "no credentials in the environment"
        print(f"Using the built-in emulator at {emu.url} ({reason}).")
        with emu.client() as api:
            yield api, 0.2


def task_json(task_id: int, scene: str, frames: str) -> Dict[str, Any]:
    """A task.json as a Maya plugin writes it: frames per render layer."""
    return {
        "software_config": {"cg_name": "Maya", "cg_version": "2022", "plugins": {}},
        "task_info": {
            "task_id": task_id,
            "cg_id": "2000",
            "input_cg_file": scene,
            "project_name": "quickstart",
        },
        "scene_info_render": {
            "defaultRenderLayer": {"renderable": "1", "common": {"frames": frames}},
        },
        "layers": ["defaultRenderLayer"],
    }


def shown(value: Any) -> str:
    """A reply value as text: ``-`` for null (a task with layers has no counts of its own)."""
    return "-" if value is None else str(value)


def progress_line(task: Dict[str, Any]) -> None:
    """Print a task's status and frame counts (wait_for_task calls it on each change)."""
    status = task["taskStatus"]
    print(
        "  {:<24} {:>3}/{} frames done, {} rendering, {} failed".format(
            TASK_STATUS.get(status, str(status)),
            shown(task["doneFrames"]),
            task["totalFrames"],
            shown(task["executingFrames"]),
            task["failedFrames"],
        ),
        flush=True,
    )


def run(api: RayvisionAPI, scene: str, frames: str, poll_seconds: float) -> None:
    info = api.user_info
    print(
        f"Account {info['user_name']} (user id {info['user_id']}): "
        f"balance {info.get('rmbbalance')}, coupon {info.get('coupon')}, "
        f"task timeout reminder {info.get('task_over_time_sec')} s."
    )

    created = api.task.create_task(count=1, task_user_level=50, labels=["quickstart"])
    task_id = created["taskIdList"][0]
    print(f"Created task {task_id} ({created['aliasTaskIdList'][0]}).")

    api.transmit.upload_json_content(task_id, task_json(task_id, scene, frames))
    print("Uploaded task.json.")
    api.submit(task_id)
    print("Submitted; watching it:")

    task = api.query.wait_for_task(
        task_id, interval=poll_seconds, timeout=3600, on_update=progress_line
    )
    status = task["taskStatus"]
    print(f"Task {task_id} ended: {TASK_STATUS.get(status, status)}.")

    frames_by_index = api.query.get_all_frames(task_id)
    print(f"{len(frames_by_index)} frames:")
    for index, frame in frames_by_index.items():
        print(f"  frame {index}: status {frame['frameStatus']}, fee {shown(frame['feeAmount'])}")

    print("Output files:")
    for entry in api.transmit.get_output_files(task_id=task_id) or []:
        print(f"  {entry['filePath']}{'/' if entry['directory'] else ''}")
        if entry["directory"]:
            for child in api.transmit.get_output_files(tree_path=entry["filePath"]) or []:
                print(f"    {child['fileName']} ({child['fileSize']} bytes)")


def main(argv: Any = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--emulator", action="store_true", help="use the emulator even with credentials"
    )
    parser.add_argument(
        "--scene", default="D:/projects/quickstart/shot010.mb", help="scene path in task.json"
    )
    parser.add_argument("--frames", default="1-10[1]", help="frames to render, like 1-10[1]")
    args = parser.parse_args(argv)
    started = time.monotonic()
    try:
        with open_client(args.emulator) as (api, poll_seconds):
            run(api, args.scene, args.frames, poll_seconds)
    except RayvisionError as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    print(f"Done in {time.monotonic() - started:.1f} s.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
