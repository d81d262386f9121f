"""What the emulator reads from a render task's task.json: its render plan.

Keys read (everything else is kept but ignored):

- ``task_info.input_cg_file``: the scene path; its base name is the
  ``sceneName`` (default ``emulator_scene.mb``).
- ``task_info.project_name``: the ``projectName`` (default ``""``).
- ``task_info.cg_id``: the software id, an int or a numeric string, one of
  ``constants.SOFTWARE_IDS`` (default 2000, maya).
- the frames to render, where the task's software puts them
  (:mod:`~dayan_api.emulator.taskjson.scenes`: Maya's layers, Houdini's ROP
  nodes, ...). A scene with several render units (layers, ROP, render or
  write nodes) renders each as a sub-task of its own, unless
  ``task_info.enable_layered`` is ``"0"``; one unit, or several with layered
  submit off, make a plain task.
- ``task_info.frames`` and ``task_info.layers``: the emulator's shortcut,
  read instead of the scene when either is given. ``frames`` is a frames
  string, e.g. ``"1-10[1]"`` (first-last[step]), ``"1-5"``, ``"7"`` or
  several joined with commas, ``"1-3,10,20-30[5]"``. ``layers`` is a list of
  layers, each a sub-task: a layer name, or an object
  ``{"name": ..., "frames": ...}`` whose ``frames`` default to
  ``task_info.frames``. A document with neither and no scene section
  renders ``"1-5[1]"`` (5 frames).
- ``emulator``: knobs for tests, all optional: ``analyse_seconds`` (default 5),
  ``frame_seconds`` (default 6: simulated seconds per frame),
  ``fail_frames`` (frame numbers that fail: a list of ints or a frames string
  like ``"2,4"``) and ``fail_attempts`` (how many renders of each of those
  frames fail before one succeeds; default 1).
"""

import re
from typing import Any, Mapping, Tuple

from dayan_api.constants import SOFTWARE_IDS
from dayan_api.emulator.taskjson.fields import (
    cg_id,
    fail_attempts,
    invalid,
    log_lines,
    seconds,
    section,
    string,
    switched_on,
)
from dayan_api.emulator.taskjson.frames import MAX_FRAMES, parse_frames
from dayan_api.emulator.taskjson.plan import DEFAULT_LOG_LINES, Layer, Plan
from dayan_api.emulator.taskjson.scenes import has_scene, read_units

DEFAULT_SCENE = "emulator_scene.mb"
DEFAULT_FRAMES = "1-5[1]"
DEFAULT_CG_ID = SOFTWARE_IDS["maya"]
DEFAULT_ANALYSE_SECONDS = 5.0
DEFAULT_FRAME_SECONDS = 6.0


def read_plan(document: Mapping[str, Any]) -> Plan:
    """The render plan of a task.json object; :class:`ApiError` says what is wrong."""
    info = section(document, "task_info")
    knobs = section(document, "emulator")

    scene_path = string(info, "task_info.input_cg_file", "input_cg_file", DEFAULT_SCENE)
    scene_name = re.split(r"[\\/]", scene_path.rstrip("\\/"))[-1] or DEFAULT_SCENE
    software = cg_id(info.get("cg_id", DEFAULT_CG_ID))
    frames_range, frames, layers = _frames(document, info, software)

    fail_frames = knobs.get("fail_frames", ())
    if isinstance(fail_frames, (str, int)) and not isinstance(fail_frames, bool):
        fail_frames = parse_frames(fail_frames)
    if not isinstance(fail_frames, (list, tuple)) or not all(
        isinstance(frame, int) and not isinstance(frame, bool) for frame in fail_frames
    ):
        raise invalid("emulator.fail_frames must be a list of frame numbers or a frames string")

    return Plan(
        scene_name=scene_name,
        project_name=string(info, "task_info.project_name", "project_name", ""),
        cg_id=software,
        frames_range=frames_range,
        frames=frames,
        layers=layers,
        analyse_seconds=seconds(knobs, "analyse_seconds", DEFAULT_ANALYSE_SECONDS),
        frame_seconds=seconds(knobs, "frame_seconds", DEFAULT_FRAME_SECONDS),
        fail_frames=frozenset(fail_frames),
        fail_attempts=fail_attempts(knobs.get("fail_attempts", 1)),
        log_lines=log_lines(knobs.get("log_lines", DEFAULT_LOG_LINES)),
    )


def _frames(
    document: Mapping[str, Any], info: Mapping[str, Any], software: int
) -> Tuple[str, Tuple[int, ...], Tuple[Layer, ...]]:
    """(frames range, frames, layers) of the task: layers empty for a plain task."""
    units = None
    if "frames" not in info and "layers" not in info and has_scene(document):
        units = read_units(document, software)
    if units is None:
        frames_range = info.get("frames", DEFAULT_FRAMES)
        frames = parse_frames(frames_range)
        layers = _layers(info.get("layers"), str(frames_range))
        _check_total(layers, "task_info.layers")
        return str(frames_range), frames, layers
    _check_total(units, "task.json")
    frames_range = ",".join(unit.frames_range for unit in units)
    frames = tuple(dict.fromkeys(number for unit in units for number in unit.frames))
    layered = len(units) > 1 and switched_on(info, "enable_layered")
    return frames_range, frames, units if layered else ()


def _check_total(layers: Tuple[Layer, ...], where: str) -> None:
    if sum(len(layer.frames) for layer in layers) > MAX_FRAMES:
        raise invalid("{}: more than {} frames".format(where, MAX_FRAMES))


def _layers(value: Any, default_frames: str) -> Tuple[Layer, ...]:
    if value is None:
        return ()
    if not isinstance(value, list):
        raise invalid("task_info.layers must be a list")
    layers = []
    for index, entry in enumerate(value):
        if isinstance(entry, str):
            entry = {"name": entry}
        name = entry.get("name") if isinstance(entry, dict) else None
        if not isinstance(name, str) or not name:
            raise invalid(
                "task_info.layers[{}] must be a layer name or an object with a 'name'".format(index)
            )
        frames_range = entry.get("frames", default_frames)
        layers.append(Layer(entry["name"], str(frames_range), parse_frames(frames_range)))
    return tuple(layers)
