"""The replies of the calls beyond 1.x's (the service's other calls), as TypedDicts.

Part of :mod:`dayan_api.replies`, which they are imported from; here only so
that neither module grows past about 500 lines.
"""

import sys
from typing import Any, Dict, List

if sys.version_info >= (3, 8):
    from typing import TypedDict  # novermin (3.8+ branch)
else:  # Python 3.7 (DCC hosts): the package's one extra dependency there.
    from typing_extensions import TypedDict


# -- beyond 1.x: the service's other calls ----------------------------------------


class RenderLogPage(TypedDict):
    """One page of a frame's render log: ``query.get_render_log`` (the family docs' sample).

    Pages are numbered from 0; ``total`` is the log's length and ``size`` a
    page's; ``items`` are lines of the log.
    """

    pageCount: int
    pageNum: int
    total: int
    size: int
    items: List[str]


class TaskStatusCount(TypedDict):
    """``query.task_status_count()``: the account's tasks by state (Dayan's client reads these)."""

    waitingTask: int
    renderingTask: int
    doneTask: int
    failureTask: int


class OutputSize(TypedDict):
    """One task's output size in ``transmit.get_output_size``: ``size`` read as bytes."""

    taskId: int
    size: int


class OutputSizePage(TypedDict):
    """``transmit.get_output_size(task_ids)``: a page of ``{taskId, size}``."""

    pageCount: int
    pageNum: int
    total: int
    size: int
    items: List[OutputSize]


class AtReportProject(TypedDict, total=False):
    """The ``project`` part of an AT report: the photo project as aerotriangulation saw it."""

    name: str
    photo_num: int
    data_set: str
    error_photo_num: int
    calibration_photoo_num: int  # sic: the report's own spelling
    downsampling_rate: float
    photo_group_num: int
    RMS: str


class AtReportTiePoints(TypedDict, total=False):
    """The ``tie_point`` part of an AT report: figures as text, as the report writes them."""

    NumberOfPoints: str
    MedianNumberOfPhotosPerPoint: str
    MedianNumberOfPointsPerPhoto: str
    MedianReprojectionError: str
    RMSOfReprojectionErrors: str
    RMSOfDistancesToRays: str


class AtReportPhotogroup(TypedDict, total=False):
    """One photo group (one camera) of an AT report; sizes and lengths as text."""

    name: str
    width: str
    height: str
    focal_length: str
    sensor_size: str
    photos_num: int
    camera: Dict[str, str]  # the calibrated camera: K1, K2, K3, P1, P2, x, y, focal_length


class AtReportPhoto(TypedDict, total=False):
    """One photo of an AT report; its figures as text."""

    file_name: str
    NumberOfPoints: str
    RMSOfDistancesToRays: str
    RMSOfReprojectionErrors: str


class AtReport(TypedDict, total=False):
    """``query.get_at_report(task_id)``: the aerotriangulation report of a reality-modeling task.

    The keys Dayan's own client reads (``LoadAtReportInfoThread``); none is
    promised, so each is optional.
    """

    project: AtReportProject
    tie_point: AtReportTiePoints
    control_Point: Dict[str, Any]
    photogroups: List[AtReportPhotogroup]
    photo: List[AtReportPhoto]
