"""What the emulator reads from an uploaded task.json: the task's plan.

Two steps, as on the service: :func:`check_task_json` is what the upload
(``taskJsonFile``) refuses, a document that is empty or no JSON object;
:func:`parse_task_json` is the analysis after a submit, which hands the
document to the reader of its workload: ContextCapture tasks
(``task_info.cg_id`` 2017) to :mod:`~dayan_api.emulator.taskjson.contextcapture`,
render tasks to :mod:`~dayan_api.emulator.taskjson.render`, which finds each
DCC's frames with :mod:`~dayan_api.emulator.taskjson.scenes`. A document the
analysis refuses makes the submit fail (status 65).
"""

import json
from typing import Any, Dict

from dayan_api.emulator.errors import INVALID_CONFIG_FILE, TASK_JSON_EMPTY, ApiError
from dayan_api.emulator.params import is_unicode
from dayan_api.emulator.taskjson import contextcapture
from dayan_api.emulator.taskjson.fields import cg_id, section
from dayan_api.emulator.taskjson.frames import MAX_FRAMES, parse_frames
from dayan_api.emulator.taskjson.plan import Layer, Plan
from dayan_api.emulator.taskjson.render import DEFAULT_CG_ID, read_plan

__all__ = ["MAX_FRAMES", "Layer", "Plan", "check_task_json", "parse_frames", "parse_task_json"]


def check_task_json(content: str) -> Dict[str, Any]:
    """The JSON object of an uploaded task.json, or :class:`ApiError` 741 (empty) or 740."""
    if not content.strip():
        raise ApiError(TASK_JSON_EMPTY, "task.json is empty")
    try:
        document = json.loads(content)
    except ValueError as error:
        raise ApiError(INVALID_CONFIG_FILE, "task.json is not JSON: {}".format(error)) from None
    if not isinstance(document, dict):
        raise ApiError(INVALID_CONFIG_FILE, "task.json must hold a JSON object")
    if not is_unicode(document):
        raise ApiError(INVALID_CONFIG_FILE, "task.json holds a lone surrogate escape: not Unicode")
    return document


def parse_task_json(content: str) -> Plan:
    """The plan of a task.json document; :class:`ApiError` says why the analysis refuses it."""
    document = check_task_json(content)
    software = cg_id(section(document, "task_info").get("cg_id", DEFAULT_CG_ID))
    if software == contextcapture.CONTEXTCAPTURE_ID:
        return contextcapture.read_plan(document)
    return read_plan(document)
