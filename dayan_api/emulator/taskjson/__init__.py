"""What the emulator reads from an uploaded task.json: the task's plan.

:func:`parse_task_json` decodes the document and hands it to the reader of its
workload: ContextCapture tasks (``task_info.cg_id`` 2017) to
:mod:`~dayan_api.emulator.taskjson.contextcapture`, render tasks to
:mod:`~dayan_api.emulator.taskjson.render`.
"""

import json

from dayan_api.emulator.taskjson import contextcapture
from dayan_api.emulator.taskjson.fields import cg_id, invalid, section
from dayan_api.emulator.taskjson.frames import MAX_FRAMES, parse_frames
from dayan_api.emulator.taskjson.plan import Layer, Plan
from dayan_api.emulator.taskjson.render import DEFAULT_CG_ID, read_plan

__all__ = ["MAX_FRAMES", "Layer", "Plan", "parse_frames", "parse_task_json"]


def parse_task_json(content: str) -> Plan:
    """The plan of a task.json document; :class:`ApiError` says what is wrong."""
    try:
        document = json.loads(content)
    except ValueError as error:
        raise invalid("task.json is not JSON: {}".format(error)) from None
    if not isinstance(document, dict):
        raise invalid("task.json must hold a JSON object")
    software = cg_id(section(document, "task_info").get("cg_id", DEFAULT_CG_ID))
    if software == contextcapture.CONTEXTCAPTURE_ID:
        return contextcapture.read_plan(document)
    return read_plan(document)
