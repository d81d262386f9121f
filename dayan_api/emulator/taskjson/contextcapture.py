"""What the emulator reads from a ContextCapture (reality modeling) task.json.

Dayan's ContextCapture submitter writes ``task_info.cg_id`` ``"2017"`` and a
``scene_info`` describing the photos and the outputs wanted. Keys read
(everything else is kept but ignored):

- ``task_info.input_cg_file``: the photos' folder; its base name is the
  ``sceneName`` (default ``photos``).
- ``task_info.project_name``: the ``projectName`` (default ``""``).
- ``scene_info.group.job_type``: 0 (the default) for a photo project, which
  starts with aerotriangulation; 1 for a block project (the photos' poses come
  in a block file, ``scene_info.blocks_info``), which starts with the
  reconstruction.
- ``scene_info.group.groups``: the photo groups, each with ``group_name``,
  ``pic_count``, ``pic_width``, ``pic_height`` and ``total_pixel``. At most
  :data:`MAX_PHOTOS` photos in all, and photo sides of at most
  :data:`MAX_PHOTO_SIDE` pixels (the emulator's bounds; code 740 above them).
- ``scene_info.group.pic_count`` and ``scene_info.group.total_pixel``: the
  project's photo count and pixel count (default, or when ``""``: the sums over
  the groups).
- ``scene_info.param.outputType``: the output formats, a non-empty list of
  ``OSGB``, ``OBJ``, ``LAS``, ``3MX``, ``FBX``, ``S3C``, ``Editable OBJ``,
  ``Cesium 3D Tiles``, ``TIFF`` (any case; each is kept as written).

Counts and pixel numbers are read as the submitter writes them: ints, or
strings of digits. The ``emulator`` knobs of render tasks apply too
(``analyse_seconds``, ``fail_frames``, ``fail_attempts``), with one more:
``fail_stage``, the stage whose frames ``fail_frames`` names: ``Rebuild`` (the
default), ``Triangulation``, or one of the output formats.
"""

import re
from types import MappingProxyType
from typing import Any, Dict, FrozenSet, List, Mapping, NamedTuple, Optional, Tuple

from dayan_api.constants import SOFTWARE_IDS
from dayan_api.emulator.taskjson.fields import (
    fail_attempts,
    invalid,
    seconds,
    section,
    string,
    whole_number,
)
from dayan_api.emulator.taskjson.frames import parse_frames
from dayan_api.emulator.taskjson.plan import Plan

CONTEXTCAPTURE_ID = SOFTWARE_IDS["contextcapture"]
DEFAULT_SCENE = "photos"
DEFAULT_ANALYSE_SECONDS = 5.0
PHOTO_PROJECT = 0
BLOCK_PROJECT = 1

MAX_PHOTOS = 100000
"""The most photos a task.json may claim, per group and in all (the emulator's bound).

Its report has a line per photo: a claim of millions would build hundreds of
megabytes. A larger claim is refused with code 740 naming the field.
"""
MAX_PHOTO_SIDE = 1000000  # pixels: a photo's width or height

# The stages of a reality-modeling task, by the taskType the service gives them.
TRIANGULATION = "Triangulation"
REBUILD = "Rebuild"
RENDER = "Render"
TILES_3D = "3DTiles"
TIFF = "TIFF"

# Output formats (as the submitter names them) and the production stage of each.
OUTPUT_STAGES: Mapping[str, str] = MappingProxyType(
    {
        "OSGB": RENDER,
        "OBJ": RENDER,
        "LAS": RENDER,
        "3MX": RENDER,
        "FBX": RENDER,
        "S3C": RENDER,
        "EDITABLE OBJ": RENDER,
        "CESIUM 3D TILES": TILES_3D,
        "TIFF": TIFF,
    }
)
_FORMAT_NAMES = "OSGB, OBJ, LAS, 3MX, FBX, S3C, Editable OBJ, Cesium 3D Tiles, TIFF"


class PhotoGroup(NamedTuple):
    """One photo group of a photo project."""

    name: str
    pic_count: int
    pic_width: int
    pic_height: int
    total_pixel: int


class RealityPlan(NamedTuple):
    """What a ContextCapture task asks for, read from its task.json."""

    job_type: int  # PHOTO_PROJECT or BLOCK_PROJECT
    pic_count: int
    total_pixel: int
    output_types: Tuple[str, ...]  # as written in task.json, no repeats
    groups: Tuple[PhotoGroup, ...]
    fail_stage: str  # TRIANGULATION, REBUILD or one of output_types


def production_stage(output_type: str) -> str:
    """The taskType of the stage that produces ``output_type`` (a known format)."""
    return OUTPUT_STAGES[output_type.upper()]


def read_plan(document: Mapping[str, Any]) -> Plan:
    """The plan of a ContextCapture task.json object; :class:`ApiError` says what is wrong."""
    info = section(document, "task_info")
    knobs = section(document, "emulator")
    scene_info = section(document, "scene_info")
    group = _object(scene_info, "group", "scene_info.group")
    param = _object(scene_info, "param", "scene_info.param")

    job_type = _count(group, "job_type", "scene_info.group.job_type")
    if job_type is None:
        job_type = PHOTO_PROJECT
    if job_type not in (PHOTO_PROJECT, BLOCK_PROJECT):
        raise invalid(
            "scene_info.group.job_type must be 0 (photos) or 1 (block), not {!r}".format(
                group.get("job_type")
            )
        )
    groups = _groups(group.get("groups"))
    pic_count = _count(group, "pic_count", "scene_info.group.pic_count", MAX_PHOTOS)
    total_pixel = _count(group, "total_pixel", "scene_info.group.total_pixel")
    in_groups = sum(g.pic_count for g in groups)
    if in_groups > MAX_PHOTOS:
        raise invalid(
            "scene_info.group.groups[].pic_count: the groups' photos add up to {}, over "
            "the {} the emulator takes".format(in_groups, MAX_PHOTOS)
        )
    output_types = _output_types(param.get("outputType"))

    stages = ((TRIANGULATION,) if job_type == PHOTO_PROJECT else ()) + (REBUILD,) + output_types
    fail_stage = knobs.get("fail_stage", REBUILD)
    if fail_stage not in stages:
        raise invalid(
            "emulator.fail_stage must be a stage of this task ({}), not {!r}".format(
                ", ".join(stages), fail_stage
            )
        )
    scene_path = string(info, "task_info.input_cg_file", "input_cg_file", DEFAULT_SCENE)
    reality = RealityPlan(
        job_type=job_type,
        pic_count=in_groups if pic_count is None else pic_count,
        total_pixel=sum(g.total_pixel for g in groups) if total_pixel is None else total_pixel,
        output_types=output_types,
        groups=groups,
        fail_stage=fail_stage,
    )
    return Plan(
        scene_name=re.split(r"[\\/]", scene_path.rstrip("\\/"))[-1] or DEFAULT_SCENE,
        project_name=string(info, "task_info.project_name", "project_name", ""),
        cg_id=CONTEXTCAPTURE_ID,
        frames_range="",
        frames=(),
        layers=(),
        analyse_seconds=seconds(knobs, "analyse_seconds", DEFAULT_ANALYSE_SECONDS),
        frame_seconds=0.0,  # each stage has its own (see emulator.stages)
        fail_frames=_fail_frames(knobs.get("fail_frames", ())),
        fail_attempts=fail_attempts(knobs.get("fail_attempts", 1)),
        reality=reality,
    )


def _object(parent: Mapping[str, Any], key: str, name: str) -> Mapping[str, Any]:
    value = parent.get(key)
    if value is None:
        return {}
    if not isinstance(value, dict):
        raise invalid("{} must be an object".format(name))
    return value


def _count(
    parent: Mapping[str, Any], key: str, name: str, most: Optional[int] = None
) -> Optional[int]:
    """A whole number >= 0 written as an int or a string of digits; None when absent or "".

    With ``most``, a larger number is refused, naming the field.
    """
    value = parent.get(key)
    if value is None or value == "":
        return None
    number = whole_number(value) if isinstance(value, str) else None
    if number is None and isinstance(value, int) and not isinstance(value, bool) and value >= 0:
        number = value
    if number is None:
        raise invalid(
            "{} must be a whole number >= 0 (or a string of digits), not {!r}".format(name, value)
        )
    if most is not None and number > most:
        raise invalid(
            "{} must be at most {} (the emulator's bound), not {}".format(name, most, number)
        )
    return number


def _groups(value: Any) -> Tuple[PhotoGroup, ...]:
    if value is None:
        return ()
    if not isinstance(value, list):
        raise invalid("scene_info.group.groups must be a list of photo groups")
    groups: List[PhotoGroup] = []
    for index, entry in enumerate(value):
        name = "scene_info.group.groups[{}]".format(index)
        if not isinstance(entry, dict):
            raise invalid("{} must be an object".format(name))
        count = _count(entry, "pic_count", name + ".pic_count", MAX_PHOTOS) or 0
        width = _count(entry, "pic_width", name + ".pic_width", MAX_PHOTO_SIDE) or 0
        height = _count(entry, "pic_height", name + ".pic_height", MAX_PHOTO_SIDE) or 0
        pixels = _count(entry, "total_pixel", name + ".total_pixel")
        group_name = entry.get("group_name")
        groups.append(
            PhotoGroup(
                name=group_name if isinstance(group_name, str) else str(index + 1),
                pic_count=count,
                pic_width=width,
                pic_height=height,
                total_pixel=count * width * height if pixels is None else pixels,
            )
        )
    return tuple(groups)


def _output_types(value: Any) -> Tuple[str, ...]:
    if not isinstance(value, list) or not value:
        raise invalid(
            "scene_info.param.outputType must be a non-empty list of output formats ({}), "
            "not {!r}".format(_FORMAT_NAMES, value)
        )
    seen: Dict[str, str] = {}  # upper case -> as written
    for entry in value:
        if not isinstance(entry, str) or entry.upper() not in OUTPUT_STAGES:
            raise invalid(
                "scene_info.param.outputType: {!r} is not an output format ({})".format(
                    entry, _FORMAT_NAMES
                )
            )
        seen.setdefault(entry.upper(), entry)
    return tuple(seen.values())


def _fail_frames(value: Any) -> FrozenSet[int]:
    if isinstance(value, (str, int)) and not isinstance(value, bool):
        value = parse_frames(value)
    if not isinstance(value, (list, tuple)) or not all(
        isinstance(frame, int) and not isinstance(frame, bool) for frame in value
    ):
        raise invalid("emulator.fail_frames must be a list of frame numbers or a frames string")
    return frozenset(value)
