"""What the emulator reads from an uploaded task.json: the task's plan.

:func:`parse_task_json` decodes the document and hands it to the reader of its
workload (render tasks: :mod:`~dayan_api.emulator.taskjson.render`).
"""

import json

from dayan_api.emulator.taskjson.fields import invalid
from dayan_api.emulator.taskjson.frames import MAX_FRAMES, parse_frames
from dayan_api.emulator.taskjson.plan import Layer, Plan
from dayan_api.emulator.taskjson.render import read_plan

__all__ = ["MAX_FRAMES", "Layer", "Plan", "parse_frames", "parse_task_json"]


def parse_task_json(content: str) -> Plan:
    """The plan of a task.json document; :class:`ApiError` says what is wrong."""
    try:
        document = json.loads(content)
    except ValueError as error:
        raise invalid("task.json is not JSON: {}".format(error)) from None
    if not isinstance(document, dict):
        raise invalid("task.json must hold a JSON object")
    return read_plan(document)
