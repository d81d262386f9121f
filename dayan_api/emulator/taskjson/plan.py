"""The plan of one task, as the emulator reads it from the task's task.json."""

from typing import TYPE_CHECKING, FrozenSet, NamedTuple, Optional, Tuple

if TYPE_CHECKING:
    from dayan_api.emulator.taskjson.contextcapture import RealityPlan


DEFAULT_LOG_LINES = 20


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
    # A ContextCapture task's photos and outputs (None for a render task).
    reality: "Optional[RealityPlan]" = None
    # Progress lines in each frame's render log (emulator.log_lines).
    log_lines: int = DEFAULT_LOG_LINES
