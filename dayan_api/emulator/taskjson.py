"""What the emulator reads from an uploaded task.json: the task's render plan.

Keys read (everything else is kept but ignored):

- ``task_info.input_cg_file``: the scene path; its base name is the
  ``sceneName`` (default ``emulator_scene.mb``).
- ``task_info.project_name``: the ``projectName`` (default ``""``).
- ``task_info.cg_id``: the software id, an int or a numeric string, one of
  ``constants.SOFTWARE_IDS`` (default 2000, maya).
- ``task_info.frames``: the frames to render, e.g. ``"1-10[1]"`` (first-last
  [step]), ``"1-5"``, ``"7"`` or several joined with commas,
  ``"1-3,10,20-30[5]"`` (default ``"1-5[1]"``: 5 frames).
- ``task_info.layers``: a list of layers; a task with layers renders each as a
  sub-task of its own. An entry is a layer name, or an object
  ``{"name": ..., "frames": ...}`` whose ``frames`` default to
  ``task_info.frames``.
- ``emulator``: knobs for tests, all optional: ``analyse_seconds`` (default 5),
  ``frame_seconds`` (default 6: simulated seconds per frame),
  ``fail_frames`` (frame numbers that fail: a list of ints or a frames string
  like ``"2,4"``) and ``fail_attempts`` (how many renders of each of those
  frames fail before one succeeds; default 1).
"""

import json
import re
from typing import Any, FrozenSet, List, Mapping, NamedTuple, Tuple

from dayan_api.constants import SOFTWARE_IDS
from dayan_api.emulator.errors import INVALID_CONFIG_FILE, ApiError

DEFAULT_SCENE = "emulator_scene.mb"
DEFAULT_FRAMES = "1-5[1]"
DEFAULT_CG_ID = SOFTWARE_IDS["maya"]
DEFAULT_ANALYSE_SECONDS = 5.0
DEFAULT_FRAME_SECONDS = 6.0
MAX_FRAMES = 10000  # per task, all layers together: bounds the emulator's memory

_FRAME_PART = re.compile(r"^\s*(-?\d+)\s*(?:-\s*(-?\d+)\s*(?:\[\s*(\d+)\s*\])?)?\s*$")


class Layer(NamedTuple):
    """One layer of a layered task: a sub-task of its own."""

    name: str
    frames_range: str
    frames: Tuple[int, ...]


class Plan(NamedTuple):
    """The render plan of one task, read from its task.json."""

    scene_name: str
    project_name: str
    cg_id: int
    frames_range: str
    frames: Tuple[int, ...]
    layers: Tuple[Layer, ...]  # empty for a plain task
    analyse_seconds: float
    frame_seconds: float
    fail_frames: FrozenSet[int]
    fail_attempts: int


def parse_frames(spec: Any) -> Tuple[int, ...]:
    """Frame numbers of a frames string such as ``"1-10[2],15"``, in order, no repeats.

    Raises :class:`ApiError` for a malformed string or more than MAX_FRAMES frames.
    """
    if isinstance(spec, int) and not isinstance(spec, bool):
        spec = str(spec)
    if not isinstance(spec, str) or not spec.strip():
        raise _invalid("frames must be a non-empty string like '1-10[1]', not {!r}".format(spec))
    frames: List[int] = []
    count = 0
    for part in spec.split(","):
        match = _FRAME_PART.match(part)
        if not match:
            raise _invalid("frames {!r}: cannot read {!r}".format(spec, part))
        first = int(match.group(1))
        last = int(match.group(2)) if match.group(2) is not None else first
        step = int(match.group(3)) if match.group(3) is not None else 1
        if last < first or step < 1:
            raise _invalid("frames {!r}: {!r} is an empty range".format(spec, part.strip()))
        count += (last - first) // step + 1
        if count > MAX_FRAMES:
            raise _invalid("frames {!r}: more than {} frames".format(spec, MAX_FRAMES))
        frames.extend(range(first, last + 1, step))
    return tuple(dict.fromkeys(frames))


def parse_task_json(content: str) -> Plan:
    """The plan of a task.json document; :class:`ApiError` says what is wrong."""
    try:
        document = json.loads(content)
    except ValueError as error:
        raise _invalid("task.json is not JSON: {}".format(error)) from None
    if not isinstance(document, dict):
        raise _invalid("task.json must hold a JSON object")
    info = _section(document, "task_info")
    knobs = _section(document, "emulator")

    scene_path = _string(info, "task_info.input_cg_file", "input_cg_file", DEFAULT_SCENE)
    scene_name = re.split(r"[\\/]", scene_path.rstrip("\\/"))[-1] or DEFAULT_SCENE
    frames_range = info.get("frames", DEFAULT_FRAMES)
    frames = parse_frames(frames_range)
    layers = _layers(info.get("layers"), str(frames_range))
    if sum(len(layer.frames) for layer in layers) > MAX_FRAMES:
        raise _invalid("task_info.layers: more than {} frames".format(MAX_FRAMES))

    fail_frames = knobs.get("fail_frames", ())
    if isinstance(fail_frames, (str, int)) and not isinstance(fail_frames, bool):
        fail_frames = parse_frames(fail_frames)
    if not isinstance(fail_frames, (list, tuple)) or not all(
        isinstance(frame, int) and not isinstance(frame, bool) for frame in fail_frames
    ):
        raise _invalid("emulator.fail_frames must be a list of frame numbers or a frames string")

    return Plan(
        scene_name=scene_name,
        project_name=_string(info, "task_info.project_name", "project_name", ""),
        cg_id=_cg_id(info.get("cg_id", DEFAULT_CG_ID)),
        frames_range=str(frames_range),
        frames=frames,
        layers=layers,
        analyse_seconds=_seconds(knobs, "analyse_seconds", DEFAULT_ANALYSE_SECONDS),
        frame_seconds=_seconds(knobs, "frame_seconds", DEFAULT_FRAME_SECONDS),
        fail_frames=frozenset(fail_frames),
        fail_attempts=_fail_attempts(knobs.get("fail_attempts", 1)),
    )


def _invalid(message: str) -> ApiError:
    return ApiError(INVALID_CONFIG_FILE, message)


def _section(document: Mapping[str, Any], key: str) -> Mapping[str, Any]:
    section = document.get(key, {})
    if not isinstance(section, dict):
        raise _invalid("task.json: {} must be an object".format(key))
    return section


def _string(section: Mapping[str, Any], name: str, key: str, default: str) -> str:
    value = section.get(key, default)
    if value is None:
        return default
    if not isinstance(value, str):
        raise _invalid("{} must be a string".format(name))
    return value


def _cg_id(value: Any) -> int:
    if isinstance(value, str) and value.strip().isdigit():
        value = int(value)
    if isinstance(value, bool) or value not in SOFTWARE_IDS.values():
        raise _invalid(
            "task_info.cg_id {!r} is not a known software id ({})".format(
                value, ", ".join(str(cg_id) for cg_id in sorted(SOFTWARE_IDS.values()))
            )
        )
    return int(value)


def _layers(value: Any, default_frames: str) -> Tuple[Layer, ...]:
    if value is None:
        return ()
    if not isinstance(value, list):
        raise _invalid("task_info.layers must be a list")
    layers = []
    for index, entry in enumerate(value):
        if isinstance(entry, str):
            entry = {"name": entry}
        name = entry.get("name") if isinstance(entry, dict) else None
        if not isinstance(name, str) or not name:
            raise _invalid(
                "task_info.layers[{}] must be a layer name or an object with a 'name'".format(index)
            )
        frames_range = entry.get("frames", default_frames)
        layers.append(Layer(entry["name"], str(frames_range), parse_frames(frames_range)))
    return tuple(layers)


def _seconds(knobs: Mapping[str, Any], key: str, default: float) -> float:
    value = knobs.get(key, default)
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not 0 <= value < 1e9:
        raise _invalid("emulator.{} must be a number of seconds >= 0".format(key))
    return float(value)


def _fail_attempts(value: Any) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        raise _invalid("emulator.fail_attempts must be an int >= 1")
    return value
