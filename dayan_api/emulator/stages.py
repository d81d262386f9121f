"""ContextCapture (reality modeling) tasks: stages run one after the other.

A ContextCapture task is a parent whose sub-tasks are its stages, as Dayan's
desktop client shows them, each with its ``taskType``:

1. ``Triangulation`` (aerotriangulation), for a photo project only: one frame;
   its progress shows as a percent in ``taskKeyValueVo.progress``.
2. ``Rebuild`` (reconstruction): one frame per tile.
3. One production stage per output format, in the order task.json lists them:
   ``Render`` (OSGB, OBJ, LAS, 3MX, FBX, S3C, Editable OBJ), ``3DTiles``
   (Cesium 3D Tiles) or ``TIFF`` (orthophoto): one frame per tile.

Every stage exists, waiting (status 0), from the submit on; each starts when
the one before it is done, and a stage that ends with failed frames (30)
holds the next ones back until its frames are restarted and done. Frames
render as those of render tasks do (two at a time, fees per second).

Timing is the emulator's own plain model, growing with the photos and pixels
(G: the project's gigapixels, P: its photos; the service publishes none):

- tiles: one per ``GIGAPIXELS_PER_TILE`` gigapixels, at least 1, at most ``MAX_TILES``;
- aerotriangulation: ``60 + 1 * P + 2 * G`` seconds;
- reconstruction, per tile: ``120 + 60 * g`` seconds, g the tile's gigapixels;
- production, per tile and format: ``20 + 10 * g`` seconds.

Outputs, where Dayan's client downloads them: ``/{parentId}/at_result/report.json``
once aerotriangulation is done, and ``/{parentId}/render_result/{FORMAT}.zip``
once that format's stage is done.
"""

import json
import math
from typing import Any, Callable, Dict, Iterator, List, NamedTuple, Optional, Tuple

from dayan_api.emulator.model import (
    FRAME_DONE,
    FRAME_STARTED,
    TASK_ABANDONED,
    TASK_ANALYSING,
    TASK_DONE,
    TASK_DONE_WITH_FAILED,
    TASK_RENDERING,
    TASK_STOPPED_BY_USER,
    TASK_SUBMITTING,
    TASK_WAITING,
    Task,
)
from dayan_api.emulator.taskjson import Plan
from dayan_api.emulator.taskjson.contextcapture import (
    PHOTO_PROJECT,
    REBUILD,
    TRIANGULATION,
    RealityPlan,
    production_stage,
)

GIGAPIXELS_PER_TILE = 2.0
MAX_TILES = 500  # with all nine formats: 1 + 10 * 500 frames, within taskjson.MAX_FRAMES
AT_BASE_SECONDS = 60.0
AT_SECONDS_PER_PHOTO = 1.0
AT_SECONDS_PER_GIGAPIXEL = 2.0
REBUILD_BASE_SECONDS = 120.0
REBUILD_SECONDS_PER_GIGAPIXEL = 60.0
PRODUCTION_BASE_SECONDS = 20.0
PRODUCTION_SECONDS_PER_GIGAPIXEL = 10.0
ZIP_BASE_BYTES = 1048576
PIXELS_PER_ZIP_BYTE = 64  # an output zip grows by a byte per 64 pixels of photos

# The made-up figures of the AT report.
PHOTOS_PER_TIE_POINT = 3  # a tie point is seen in about three photos
DISTANCE_PER_PIXEL_ERROR = 0.031  # metres on the ground per pixel of reprojection error
FOCAL_LENGTHS_MM = (35.0, 24.0, 50.0)
SENSOR_WIDTH_MM = 36.0

AT_RESULT = "at_result"
RENDER_RESULT = "render_result"
REPORT_NAME = "report.json"

# How a parent reports its stages' statuses: the first one present wins; when
# none is, it is done if every stage is, else waiting.
_STATUS_ORDER = (
    TASK_RENDERING,
    TASK_ANALYSING,
    TASK_SUBMITTING,
    TASK_STOPPED_BY_USER,
    TASK_ABANDONED,
    TASK_DONE_WITH_FAILED,
)


class Stage(NamedTuple):
    """One stage of a ContextCapture task."""

    name: str  # TRIANGULATION, REBUILD, or an output format as task.json writes it
    task_type: str  # the taskType the service shows for it


def stages_of(reality: RealityPlan) -> Tuple[Stage, ...]:
    """The stages a task runs, in order."""
    stages = [Stage(TRIANGULATION, TRIANGULATION)] if reality.job_type == PHOTO_PROJECT else []
    stages.append(Stage(REBUILD, REBUILD))
    stages.extend(Stage(name, production_stage(name)) for name in reality.output_types)
    return tuple(stages)


def tile_count(reality: RealityPlan) -> int:
    """How many tiles the reconstruction and each production stage render."""
    gigapixels = reality.total_pixel / 1e9
    return min(MAX_TILES, max(1, math.ceil(gigapixels / GIGAPIXELS_PER_TILE)))


def stage_plan(plan: Plan, reality: RealityPlan, stage: Stage, first: bool) -> Plan:
    """The render plan of one stage: its frames, their duration and which of them fail."""
    gigapixels = reality.total_pixel / 1e9
    tiles = tile_count(reality)
    if stage.name == TRIANGULATION:
        frames: Tuple[int, ...] = (1,)
        frame_seconds = (
            AT_BASE_SECONDS
            + AT_SECONDS_PER_PHOTO * reality.pic_count
            + AT_SECONDS_PER_GIGAPIXEL * gigapixels
        )
    elif stage.name == REBUILD:
        frames = tuple(range(1, tiles + 1))
        frame_seconds = REBUILD_BASE_SECONDS + REBUILD_SECONDS_PER_GIGAPIXEL * gigapixels / tiles
    else:
        frames = tuple(range(1, tiles + 1))
        frame_seconds = (
            PRODUCTION_BASE_SECONDS + PRODUCTION_SECONDS_PER_GIGAPIXEL * gigapixels / tiles
        )
    return plan._replace(
        frames_range="1-{}[1]".format(len(frames)),
        frames=frames,
        analyse_seconds=plan.analyse_seconds if first else 0.0,
        frame_seconds=round(frame_seconds, 3),
        fail_frames=plan.fail_frames if stage.name == reality.fail_stage else frozenset(),
    )


def begin(parent: Task, children: List[Task], now: float, next_frame_id: Callable[[], int]) -> None:
    """Submit a ContextCapture task: ``children`` (one per stage) become its stages.

    The first stage starts at once; the others wait for the one before them.
    """
    plan = parent.plan
    if plan is None or plan.reality is None:
        raise RuntimeError("task {} has no ContextCapture plan".format(parent.id))
    pipeline = Pipeline(parent, plan.reality)
    if len(children) != len(pipeline.stages):
        raise RuntimeError("{} stages need as many sub-tasks".format(len(pipeline.stages)))
    parent.submitted = True
    parent.submit_date = now
    parent.children.extend(children)
    for index, (child, stage) in enumerate(zip(children, pipeline.stages)):
        child_plan = stage_plan(plan, plan.reality, stage, first=index == 0)
        child.frames_range = child_plan.frames_range
        child.begin(now, child_plan, child_plan.frames, next_frame_id)
        if index > 0:
            child.status = TASK_WAITING
    parent.pipeline = pipeline


def pipeline_of(task: Task) -> "Optional[Pipeline]":
    """The pipeline ``task`` is the parent or a stage of, or None for a render task."""
    if task.pipeline is not None:
        return task.pipeline
    return task.parent.pipeline if task.parent is not None else None


class Pipeline:
    """The stages of one ContextCapture task: their order, statuses, views and outputs."""

    def __init__(self, parent: Task, reality: RealityPlan) -> None:
        self.parent = parent
        self.reality = reality
        self.stages = stages_of(reality)
        self._report_size: Optional[int] = None

    def stage_of(self, task: Task) -> Optional[Stage]:
        """The stage ``task`` runs (None for the parent)."""
        for child, stage in zip(self.parent.children, self.stages):
            if child is task:
                return stage
        return None

    # -- running ----------------------------------------------------------------

    def sync(self, now: float) -> None:
        """Replay every stage up to ``now``, starting each when the one before is done."""
        before: Optional[Task] = None
        for child in self.parent.children:
            if (
                before is not None
                and before.status == TASK_DONE
                and before.completed_date is not None
                and child.status == TASK_WAITING
            ):
                child.start_waiting(before.completed_date)
            child.sync(now)
            before = child

    def status(self) -> int:
        """The parent's status, from its stages'."""
        statuses = {child.status for child in self.parent.children}
        for status in _STATUS_ORDER:
            if status in statuses:
                return status
        return TASK_DONE if statuses == {TASK_DONE} else TASK_WAITING

    # -- what the replies show ---------------------------------------------------

    def view_fields(self, task: Task, now: float) -> Dict[str, Any]:
        """What ``task`` (the parent or a stage) shows beyond a render task's fields."""
        stage = self.stage_of(task)
        reality = self.reality
        output_types = list(reality.output_types)
        if stage is not None and stage.name in reality.output_types:
            output_types = [stage.name]
        key_values: Dict[str, Any] = {
            "tiles": None,
            "allCamera": None,
            "renderableCamera": None,
            "picCount": str(reality.pic_count),
            "totalPixel": str(reality.total_pixel),
            "jobType": str(reality.job_type),
            "outputType": output_types,
        }
        if stage is not None and stage.name == TRIANGULATION:
            key_values["progress"] = str(percent_done(task, now))
        return {
            "isOpen": 1 if stage is None else 0,
            "taskType": stage.task_type if stage is not None else "Render",
            "taskKeyValueVo": key_values,
        }

    def output_files(self, task: Task) -> List[Tuple[str, int, float]]:
        """(path, size, modified) of the outputs of ``task`` (the parent: all of them)."""
        files = []
        folder = "/{}".format(self.parent.id)
        for child, stage in zip(self.parent.children, self.stages):
            if task is not self.parent and task is not child:
                continue
            if child.status != TASK_DONE or child.completed_date is None:
                continue
            if stage.name == TRIANGULATION:
                path = "{}/{}/{}".format(folder, AT_RESULT, REPORT_NAME)
                files.append((path, self.report_size(), child.completed_date))
            elif stage.name != REBUILD:
                path = "{}/{}/{}.zip".format(folder, RENDER_RESULT, stage.name)
                size = ZIP_BASE_BYTES + self.reality.total_pixel // PIXELS_PER_ZIP_BYTE
                files.append((path, size, child.completed_date))
        return files

    def at_report_source(self) -> Optional[Tuple[str, RealityPlan]]:
        """What the aerotriangulation report is made of, once that stage is done; else None.

        Both are immutable: :func:`aerotriangulation_report` builds the report
        from them outside the service's lock (a line per photo: big projects
        make big reports). None before the stage is done, and for a block.
        """
        child = self._child(TRIANGULATION)
        if child is None or child.status != TASK_DONE:
            return None
        return self._project_name(), self.reality

    def report_size(self) -> int:
        """The size in bytes of ``report.json`` as :meth:`at_report` gives it, as UTF-8 JSON."""
        if self._report_size is None:
            self._report_size = aerotriangulation_report_size(self._project_name(), self.reality)
        return self._report_size

    def _project_name(self) -> str:
        plan = self.parent.plan
        return plan.scene_name if plan is not None else str(self.parent.id)

    def _child(self, name: str) -> Optional[Task]:
        for child, stage in zip(self.parent.children, self.stages):
            if stage.name == name:
                return child
        return None


def percent_done(task: Task, now: float) -> int:
    """How much of a stage's work is done, 0 to 100 (a started frame counts in part)."""
    if not task.frames:
        return 0
    done = 0.0
    for frame in task.frames:
        if frame.status == FRAME_DONE:
            done += 1.0
        elif frame.status == FRAME_STARTED:
            start, end = frame.render_times()
            done += min(1.0, max(0.0, (now - start) / (end - start))) if end > start else 0.0
    return int(100 * done / len(task.frames))


def aerotriangulation_report(name: str, reality: RealityPlan) -> Dict[str, Any]:
    """The emulator's report.json, in the shape Dayan's own client reads it.

    ``LoadAtReportInfoThread`` reads ``project``, ``tie_point``,
    ``control_Point``, ``photogroups`` (a camera per photo group) and
    ``photo`` (a line per photo), with most figures as text; so does this
    report. The figures are made up, deterministically, from the photos' sizes.
    """
    figures = list(_photo_lines(reality))
    return _report(
        name,
        reality,
        [photo for photo, _, _ in figures],
        [points for _, points, _ in figures],
        [error for _, _, error in figures],
    )


def aerotriangulation_report_size(name: str, reality: RealityPlan) -> int:
    """The length of :func:`aerotriangulation_report` as UTF-8 JSON, without building it.

    The photo lines are measured one at a time, so that listing a task's
    outputs never holds a report of thousands of photos in memory.
    """
    size = 0
    count = 0
    points: List[int] = []
    errors: List[float] = []
    for photo, tie_points, error in _photo_lines(reality):
        size += len(json.dumps(photo).encode("utf-8"))
        count += 1
        points.append(tie_points)
        errors.append(error)
    skeleton = json.dumps(_report(name, reality, [], points, errors)).encode("utf-8")
    return len(skeleton) + size + 2 * max(0, count - 1)  # the photos' ", " between them


def _photo_lines(reality: RealityPlan) -> Iterator[Tuple[Dict[str, Any], int, float]]:
    """Each photo's line of the report, with its tie points and its error."""
    for group in reality.groups:
        for index in range(group.pic_count):
            tie_points = 1500 + group.pic_width * group.pic_height // 20000 + index * 7919 % 400
            error = round(0.45 + index * 31 % 40 / 100, 2)
            photo = {
                "file_name": "{}/IMG_{:04d}.JPG".format(group.name, index + 1),
                "NumberOfPoints": str(tie_points),
                "RMSOfReprojectionErrors": "{:.2f}".format(error),
                "RMSOfDistancesToRays": "{:.4f}".format(error * DISTANCE_PER_PIXEL_ERROR),
            }
            yield photo, tie_points, error


def _report(
    name: str,
    reality: RealityPlan,
    photos: List[Dict[str, Any]],
    points: List[int],
    errors: List[float],
) -> Dict[str, Any]:
    groups: List[Dict[str, Any]] = []
    for number, group in enumerate(reality.groups):
        focal = "{:.2f}".format(FOCAL_LENGTHS_MM[number % len(FOCAL_LENGTHS_MM)])
        groups.append(
            {
                "name": group.name,
                "width": str(group.pic_width),
                "height": str(group.pic_height),
                "focal_length": focal,
                "sensor_size": "{:.2f}".format(SENSOR_WIDTH_MM),
                "photos_num": group.pic_count,
                "camera": {
                    "K1": "{:.5f}".format(-0.012 - 0.003 * number),
                    "K2": "{:.5f}".format(0.004 + 0.001 * number),
                    "K3": "{:.5f}".format(-0.0005),
                    "P1": "{:.5f}".format(0.0001 * (number + 1)),
                    "P2": "{:.5f}".format(-0.0001 * (number + 1)),
                    "x": "{:.2f}".format(group.pic_width / 2 + 3.5),
                    "y": "{:.2f}".format(group.pic_height / 2 - 2.25),
                    "focal_length": focal,
                },
            }
        )
    rms = math.sqrt(sum(error * error for error in errors) / len(errors)) if errors else 0.0
    return {
        "project": {
            "name": name,
            "photo_num": reality.pic_count,
            "data_set": "{} photo groups".format(len(groups)),
            "error_photo_num": max(0, reality.pic_count - len(points)),
            "calibration_photoo_num": len(points),  # sic: the client reads this spelling
            "downsampling_rate": 1.0,
            "photo_group_num": len(groups),
            "RMS": "{:.2f}".format(rms),
        },
        "tie_point": {
            "NumberOfPoints": str(sum(points) // PHOTOS_PER_TIE_POINT),
            "MedianNumberOfPhotosPerPoint": str(PHOTOS_PER_TIE_POINT),
            "MedianNumberOfPointsPerPhoto": str(_median(points)),
            "MedianReprojectionError": "{:.2f}".format(_median(errors)),
            "RMSOfReprojectionErrors": "{:.2f}".format(rms),
            "RMSOfDistancesToRays": "{:.4f}".format(rms * DISTANCE_PER_PIXEL_ERROR),
        },
        "control_Point": {},
        "photogroups": groups,
        "photo": photos,
    }


def _median(values: List[Any]) -> Any:
    ordered = sorted(values)
    return ordered[len(ordered) // 2] if ordered else 0
