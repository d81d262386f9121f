"""The render log of a frame (``showLog``), as a render node would write it.

A log is written from the frame's state whenever it is read, so it grows as
the frame renders: a header naming the task, the DCC and the renderer (from
the task's task.json: ``software_config.cg_name``, ``cg_version`` and
``plugins``, and a ``renderer`` of its scene analysis), then progress lines
(``emulator.log_lines`` of them over a whole render, default 20), then how
the render ended. A frame that failed ends with the error that failed it; a
frame that never started has no log. Each line starts with its time, in the
service's zone (Beijing time). The log is that of the frame's last render.

Pages follow the family docs' sample: numbered from 0, ``size`` 16384
characters (times ``pageSize``), ``total`` the log's length in characters.
The emulator cuts pages between lines, each holding as many whole lines as
fit in ``size`` (the sample does not show where the service cuts one).
"""

import json
import math
from typing import Any, Dict, List, Optional

from dayan_api.constants import SOFTWARE_IDS
from dayan_api.emulator import stages, views
from dayan_api.emulator.model import (
    FRAME_DONE,
    FRAME_FAILED,
    FRAME_STARTED,
    FRAME_STOPPED,
    FRAME_TIMED_OUT,
    Frame,
    Task,
)

PAGE_CHARS = 16384
MAX_PAGE_SIZE = 64  # pageSize: at most 1 MiB of text a page
MAX_LINE_CHARS = 1000  # a longer line (a scene name, say) is shortened
RENDER_EXIT_CODE = 1  # what a failed render "exits" with

_SOFTWARE_NAMES = {cg_id: name for name, cg_id in SOFTWARE_IDS.items()}


def frame_log(frame: Frame, now: float) -> List[str]:
    """The lines of ``frame``'s render log at ``now`` (none before it starts)."""
    if frame.start is None:
        return []
    task = frame.task
    plan = task.plan
    start = frame.start
    end = frame.end if frame.end is not None else start
    planned = plan.frame_seconds if plan is not None else end - start
    lines = [
        _at(start, "Dayan render node emu-{:02d} (dayan_api emulator)".format(frame.id % 100)),
        _at(start, "Task {} ({}), {}".format(task.id, task.alias, _unit(task, frame))),
    ]
    lines.extend(_at(start, text) for text in _software(task))
    lines.append(_at(start, "Scene: {}".format(plan.scene_name if plan else "")))
    ended = frame.status in (FRAME_DONE, FRAME_FAILED, FRAME_TIMED_OUT)
    render = frame.renders if ended else frame.renders + 1  # renders counts the ended ones
    lines.append(_at(start, "Render {} of {} started".format(render, _name(frame))))
    written_until = min(now, end) if frame.status == FRAME_STARTED else end
    steps = plan.log_lines if plan is not None else 0
    for step in range(1, steps + 1):
        moment = start + planned * step / (steps + 1)
        if moment > written_until:
            break
        percent = int(100 * step / (steps + 1))
        lines.append(
            _at(moment, "Rendering {}: {}% ({} of {})".format(_name(frame), percent, step, steps))
        )
    lines.extend(_ending(frame, start, end))
    return [
        line if len(line) <= MAX_LINE_CHARS else line[: MAX_LINE_CHARS - 3] + "..."
        for line in lines
    ]


def _ending(frame: Frame, start: float, end: float) -> List[str]:
    seconds = int(end - start)
    if frame.status == FRAME_DONE:
        return [_at(end, "{} done in {} s: output written".format(_title(frame), seconds))]
    if frame.status == FRAME_FAILED:
        plan = frame.task.plan
        attempts = plan.fail_attempts if plan is not None else 1
        return [
            _at(
                end,
                "ERROR: render of {} failed: the renderer exited with code {} (the "
                "emulator was told to fail it: emulator.fail_frames, the first {} "
                "render(s) of it fail)".format(_name(frame), RENDER_EXIT_CODE, attempts),
            ),
            _at(end, "{} failed after {} s".format(_title(frame), seconds)),
        ]
    if frame.status == FRAME_TIMED_OUT:
        return [
            _at(
                end,
                "ERROR: render of {} stopped: it ran past the task's time limit "
                "(overTimeStop {} s)".format(_name(frame), frame.task.overtime_stop),
            )
        ]
    if frame.status == FRAME_STOPPED:
        return [_at(end, "{} stopped by the user after {} s".format(_title(frame), seconds))]
    return []


def _at(moment: float, text: str) -> str:
    return "[{}] {}".format(views.beijing_text(moment), text)


def _name(frame: Frame) -> str:
    pipeline = stages.pipeline_of(frame.task)
    return "{} {}".format("tile" if pipeline is not None else "frame", frame.number)


def _title(frame: Frame) -> str:
    return _name(frame).capitalize()


def _unit(task: Task, frame: Frame) -> str:
    pipeline = stages.pipeline_of(task)
    stage = pipeline.stage_of(task) if pipeline is not None else None
    if stage is not None:
        return "stage {}".format(stage.task_type)
    if task.layer_name:
        return "layer {}".format(task.layer_name)
    return "frames {}".format(task.frames_range)


def _software(task: Task) -> List[str]:
    """The DCC and renderer lines, from the task's task.json."""
    root = task.parent or task
    document = _document(root.configs.get("task.json"))
    config = document.get("software_config")
    config = config if isinstance(config, dict) else {}
    plan = task.plan
    cg_id = plan.cg_id if plan is not None else None
    name = _text(config.get("cg_name")) or _SOFTWARE_NAMES.get(cg_id or 0, "unknown software")
    version = _text(config.get("cg_version"))
    plugins = config.get("plugins")
    plugin_text = ", ".join(
        "{} {}".format(key, _text(value)).strip()
        for key, value in (plugins.items() if isinstance(plugins, dict) else ())
    )
    renderer = _renderer(document)
    if stages.pipeline_of(task) is not None:
        renderer = renderer or "ContextCapture Engine"
    lines = ["Software: {} (cg_id {})".format(" ".join(filter(None, (name, version))), cg_id)]
    lines.append("Renderer: {}".format(renderer or plugin_text or "not named in task.json"))
    if renderer and plugin_text:
        lines.append("Plugins: {}".format(plugin_text))
    return lines


def _document(content: Optional[str]) -> Dict[str, Any]:
    try:
        document = json.loads(content or "{}")
    except ValueError:
        return {}
    return document if isinstance(document, dict) else {}


def _renderer(document: Dict[str, Any]) -> str:
    """The first ``renderer`` the scene analysis names (a layer's, a node's), or ``""``."""
    for key in ("scene_info_render", "scene_info"):
        found = _find_renderer(document.get(key), depth=3)
        if found:
            return found
    return ""


def _find_renderer(value: Any, depth: int) -> str:
    if depth < 0:
        return ""
    children: List[Any] = []
    if isinstance(value, dict):
        renderer = value.get("renderer")
        if isinstance(renderer, dict):
            renderer = renderer.get("name")
        if _text(renderer):
            return _text(renderer)
        children = list(value.values())
    elif isinstance(value, list):
        children = value
    for child in children:
        found = _find_renderer(child, depth - 1)
        if found:
            return found
    return ""


def _text(value: Any) -> str:
    return value.strip() if isinstance(value, str) else ""


def log_page(lines: List[str], page_num: int, page_size: int) -> Dict[str, Any]:
    """Page ``page_num`` (from 0) of a log, ``page_size`` times :data:`PAGE_CHARS` a page."""
    size = PAGE_CHARS * page_size
    pages = _pages(lines, size)
    total = sum(len(line) + 1 for line in lines)
    return {
        "pageCount": len(pages),
        "pageNum": page_num,
        "total": total,
        "size": size,
        "items": pages[page_num] if page_num < len(pages) else [],
    }


def _pages(lines: List[str], size: int) -> List[List[str]]:
    """The lines cut into pages of whole lines, each at most ``size`` characters."""
    pages: List[List[str]] = []
    used = math.inf
    for line in lines:
        cost = len(line) + 1  # with its line break
        if used + cost > size:
            pages.append([])
            used = 0
        pages[-1].append(line)
        used += cost
    return pages
