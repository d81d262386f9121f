"""Query calls: task lists and details, frames, software, transfer servers."""

import time
from typing import (
    TYPE_CHECKING,
    Any,
    Callable,
    Dict,
    Iterator,
    List,
    Optional,
    Sequence,
    Union,
    cast,
    overload,
)

from dayan_api import _validate, constants, endpoints
from dayan_api.connect import Connect
from dayan_api.constants import FRAME_STATUS
from dayan_api.exception import (
    RayvisionArgumentError,
)
from dayan_api.operators.user import UserOperator, local_os

if TYPE_CHECKING:
    import threading

    from dayan_api.replies import (
        AtReport,
        FrameInfo,
        FramePage,
        RenderLogPage,
        TaskInfo,
        TaskPage,
        TaskStatusCount,
    )

# The systems querySoftwareDetail knows (interface.md).
OS_NAMES = ("windows", "linux")

# Public in dayan_api.constants; importable from here as they always were.
MAX_TASK_IDS_PER_REQUEST = constants.MAX_TASK_IDS_PER_REQUEST
MAX_WORKERS = constants.MAX_WORKERS

# The methods beyond 1.x import their helpers (operators._paging and
# operators._watch) when first called: programs that never call them do not
# pay for them in every "import dayan_api" (benchmarks/run.py holds its time).


class QueryOperator:
    """``api.query``: what the farm knows about tasks, frames and software."""

    def __init__(self, connect: Connect, *, user: Optional[UserOperator] = None) -> None:
        self._connect = connect
        # The calls that send the account's userId read it from the profile,
        # fetched once (the client's api.user, whose info is kept).
        self._user = user if user is not None else UserOperator(connect)
        # wait_for_task's time; tests put stand-ins here to wait without waiting.
        self._sleep: Callable[[float], Any] = time.sleep
        self._clock: Callable[[], float] = time.monotonic

    def _zone(self, renderbus_zone: int) -> int:
        return renderbus_zone if "renderbus" in self._connect.domain else 3 - renderbus_zone

    def platforms(self) -> Any:
        """The render platforms of this service."""
        return self._connect.post(endpoints.QUERY_PLATFORMS, {"zone": self._zone(1)})

    def error_detail(
        self,
        code: Union[str, int, None] = None,
        codes: Optional[List[Union[str, int]]] = None,
        language: int = 0,
    ) -> Any:
        """Explain analysis error ``code`` (or each of ``codes``).

        ``language``: 0 Chinese, 1 English.
        """
        body: Dict[str, Any] = {"language": _validate.integer(language, "language", minimum=0)}
        if code is None and codes is None:
            raise RayvisionArgumentError("code", "give code (one error code) or codes (a list)")
        if code is not None:
            body["code"] = _validate.error_code(code, "code")
        if codes is not None:
            items = _validate.sequence(
                codes, "codes", "a non-empty list of error codes", non_empty=True
            )
            body["codes"] = [_validate.error_code(c, f"codes[{i}]") for i, c in enumerate(items)]
        return self._connect.post(endpoints.QUERY_ANALYSE_ERROR_DETAIL, body)

    def get_task_list(
        self,
        page_num: int = 1,
        page_size: int = 100,
        status_list: Optional[List[int]] = None,
        search_keyword: Optional[str] = None,
        start_time: Any = None,
        end_time: Any = None,
        *,
        recycle_flag: bool = False,
    ) -> "TaskPage":
        """One page of the account's tasks, newest first.

        Filters: ``status_list`` (task status codes), ``search_keyword``,
        and submit time between ``start_time`` and ``end_time`` (each a
        ``datetime`` or a ``"yyyy-MM-dd HH:mm:ss"`` string).
        ``recycle_flag=True`` lists the deleted tasks instead (sends
        ``recycleFlag`` 1).
        """
        body: Dict[str, Any] = {
            "pageNum": _validate.integer(page_num, "page_num", minimum=1),
            "pageSize": _validate.integer(page_size, "page_size", minimum=1),
        }
        if status_list is not None:
            body["statusList"] = _validate.task_statuses(status_list)
        if search_keyword is not None:
            body["searchKeyword"] = _validate.text(search_keyword, "search_keyword")
        if start_time is not None:
            body["startTime"] = _validate.timestamp(start_time, "start_time")
        if end_time is not None:
            body["endTime"] = _validate.timestamp(end_time, "end_time")
        if _validate.boolean(recycle_flag, "recycle_flag"):
            body["recycleFlag"] = 1
        return cast("TaskPage", self._connect.post(endpoints.GET_TASK_LIST, body))

    def task_frames(
        self,
        task_id: int,
        page_num: int = 1,
        page_size: int = 100,
        search_keyword: Optional[str] = None,
    ) -> "FramePage":
        """One page of a task's frames (``items``, with ``pageCount`` and ``total``)."""
        body: Dict[str, Any] = {
            "taskId": _validate.task_id(task_id),
            "pageNum": _validate.integer(page_num, "page_num", minimum=1),
            "pageSize": _validate.integer(page_size, "page_size", minimum=1),
        }
        if search_keyword is not None:
            body["searchKeyword"] = _validate.text(search_keyword, "search_keyword")
        return cast("FramePage", self._connect.post(endpoints.QUERY_TASK_FRAMES, body))

    def all_frame_status(self) -> Any:
        """Frame counts by status over all the account's tasks."""
        return self._connect.post(endpoints.QUERY_ALL_FRAME_STATS, {})

    def restart_failed_frames(
        self, task_param_list: List[int], status: Optional[List[int]] = None
    ) -> Any:
        """Restart the tasks' frames, or only those whose status is in ``status``.

        Frame status codes: 1 waiting, 2 started, 3 stopped, 4 done, 5 failed,
        11 timed out, and the waiting states 6 to 10 and 12
        (``dayan_api.constants.FRAME_STATUS``).
        """
        body: Dict[str, Any] = {"taskIds": _validate.task_ids(task_param_list, "task_param_list")}
        if status is not None:
            body["status"] = _validate.frame_statuses(status)
        return self._connect.post(endpoints.RECOMMIT_FAIL_FRAME, body)

    def restart_frame(
        self,
        task_id: int,
        select_all: int = 1,
        ids_list: Optional[List[int]] = None,
        status: Optional[List[int]] = None,
    ) -> Any:
        """Restart a task's frames: all (``select_all=1``) or those in ``ids_list`` (0).

        ``task_id`` is the frames' own task: a sub-task's id for a task with
        layers (see :meth:`get_small_task_id`). The body holds it twice, as
        ``taskId`` (what 1.x sends) and ``taskIds`` (the one id, not a list,
        as the service family's SDK and Dayan's own client send it to this
        path), so that the call works whichever key the service reads.
        """
        body = _validate.frame_selection(task_id, select_all, ids_list, status)
        body = {"taskId": body["taskId"], "taskIds": body["taskId"], **body}
        return self._connect.post(endpoints.RECOMMIT_TASK_FRAME, body)

    def stop_frame(
        self,
        task_id: int,
        select_all: int = 1,
        ids_list: Optional[List[int]] = None,
        status: Optional[List[int]] = None,
    ) -> Any:
        """Stop a task's frames: all (``select_all=1``) or those in ``ids_list`` (0)."""
        body = _validate.frame_selection(task_id, select_all, ids_list, status)
        return self._connect.post(endpoints.STOP_TASK_FRAMES, body)

    def task_info(self, task_ids_list: List[int]) -> "TaskPage":
        """Details of the tasks (``items``: status, frame counts, fees, layers...)."""
        body = {"taskIds": _validate.task_ids(task_ids_list, "task_ids_list")}
        return cast("TaskPage", self._connect.post(endpoints.QUERY_TASK_INFO, body))

    def supported_software(self) -> Any:
        """The render software the farm supports."""
        return self._connect.post(endpoints.QUERY_SOFTWARE_LIST, {})

    def supported_plugin(self, name: Union[str, int], *, os_name: Optional[str] = None) -> Any:
        """Versions and plugins of one software, for one operating system.

        ``name`` is a software name (``"maya"``, ``"3ds Max"``, ``"houdini"``...,
        any case; see ``dayan_api.constants.SOFTWARE_IDS``) or its ``cgId``.
        ``os_name`` is ``"windows"`` or ``"linux"``; by default the local OS
        (``"linux"`` on any system other than Windows).
        """
        if os_name is None:
            os_name = local_os()
        else:
            _validate.text(os_name, "os_name")
            _validate.one_of(os_name, "os_name", OS_NAMES)
        body = {"cgId": _validate.software_id(name, "name"), "osName": os_name}
        return self._connect.post(endpoints.QUERY_SOFTWARE_DETAIL, body)

    def get_transfer_server_msg(self) -> Any:
        """The transfer server's address and port."""
        return self._connect.post(endpoints.GET_SERVER_INFO, {"zone": self._zone(2)})

    def get_raysync_user_key(self) -> Any:
        """The account's Raysync transfer key."""
        return self._connect.post(endpoints.GET_RAYSYNC_USER_KEY, {})

    def get_task_processing_img(self, task_id: int, frame_type: Optional[int] = None) -> Any:
        """The task's render progress images; ``frame_type`` picks a kind of frame."""
        body: Dict[str, Any] = {"taskId": _validate.task_id(task_id)}
        if frame_type is not None:
            body["frameType"] = _validate.integer(frame_type, "frame_type", minimum=0)
        return self._connect.post(endpoints.LOAD_TASK_PROCESS_IMG, body)

    def get_frame_thumbnall(self, frame_id: int, frame_status: int = 4) -> Any:
        """Thumbnails of one frame (1.x's name; also :meth:`get_frame_thumbnail`)."""
        body = {
            "id": _validate.integer(frame_id, "frame_id", minimum=1),
            "frameStatus": _validate.one_of(frame_status, "frame_status", tuple(FRAME_STATUS)),
        }
        return self._connect.post(endpoints.LOADING_FRAME_THUMBNAIL, body)

    get_frame_thumbnail = get_frame_thumbnall

    def get_all_frames(
        self,
        task_id: int,
        start_page: int = 1,
        end_page: int = 2000,
        page_size: int = 100,
        workers: int = 4,
        *,
        progress: bool = False,
    ) -> "Dict[str, FrameInfo]":
        """Every frame of a task, as ``{frameIndex: frame}``.

        Reads pages ``start_page`` to ``end_page`` and stops at the first empty
        page (or after the last page the reply's ``pageCount`` announces).
        Once the first page has told ``pageCount``, the other pages are
        fetched by up to ``workers`` threads (1 to 32) over the client's
        connections; the result is the same as reading one page at a time
        (``workers=1``). If a page fails, the first failure in page order is
        raised, after every thread has finished. ``progress=True`` shows the
        frames read of the total as pages arrive (as ``wait_for_task`` does).
        """
        from dayan_api.operators import _paging

        return _paging.all_frames(self, task_id, start_page, end_page, page_size, workers, progress)

    def get_custome_frames(self, task_id: int, restartframes: List[Union[str, int]]) -> Any:
        """Restart every frame whose ``frameIndex`` is in ``restartframes`` (e.g. ``["10"]``).

        One :meth:`restart_frame` per task the frames belong to (their
        ``taskId``: a layer's, where a task with layers lists its layers'
        frames); returns its ``data``, or the list of them when there are
        several. 1.x's name; also :meth:`get_custom_frames`.
        """
        return self._on_frames(task_id, restartframes, "restartframes", self.restart_frame)

    get_custom_frames = get_custome_frames

    def frame_number_to_stop(self, task_id: int, stop_frame: List[Union[str, int]]) -> Any:
        """Stop every frame whose ``frameIndex`` is in ``stop_frame``.

        One :meth:`stop_frame` per task the frames belong to, as
        :meth:`get_custome_frames` restarts them.
        """
        return self._on_frames(task_id, stop_frame, "stop_frame", self.stop_frame)

    def _on_frames(
        self, task_id: int, indexes: Any, parameter: str, act: Callable[..., Any]
    ) -> Any:
        from dayan_api.operators import _frames

        return _frames.act_on_frames(self, task_id, indexes, parameter, act)

    def get_small_task_id(self, task_id: Union[int, str]) -> List[int]:
        """The ids of a layered task's sub-tasks, or ``[task_id]`` when it has none.

        ``task_id`` is an int or a string of digits.
        """
        from dayan_api.operators import _frames

        return _frames.small_task_ids(self, task_id)

    # -- beyond 1.x: watching tasks, reading big ones ---------------------------

    @overload
    def wait_for_task(
        self,
        task_ids: int,
        interval: float = ...,
        timeout: Optional[float] = ...,
        on_update: "Optional[Callable[[TaskInfo], Any]]" = ...,
        *,
        progress: bool = ...,
        stop: "Optional[threading.Event]" = ...,
    ) -> "TaskInfo": ...

    @overload
    def wait_for_task(
        self,
        task_ids: Sequence[int],
        interval: float = ...,
        timeout: Optional[float] = ...,
        on_update: "Optional[Callable[[TaskInfo], Any]]" = ...,
        *,
        progress: bool = ...,
        stop: "Optional[threading.Event]" = ...,
    ) -> "List[TaskInfo]": ...

    def wait_for_task(
        self,
        task_ids: Union[int, Sequence[int]],
        interval: float = 10.0,
        timeout: Optional[float] = None,
        on_update: "Optional[Callable[[TaskInfo], Any]]" = None,
        *,
        progress: bool = False,
        stop: "Optional[threading.Event]" = None,
    ) -> "Union[TaskInfo, List[TaskInfo]]":
        """Poll the tasks every ``interval`` seconds until every one has settled.

        A task has settled when its status is one it does not leave by itself
        (``dayan_api.constants.SETTLED_TASK_STATUSES``: done, done with failed
        frames, failed, abandoned, submit failed, and every kind of stopped).
        ``task_ids`` is a task id or a list of them; each poll is one
        ``task_info`` request for all of them (one per 100 tasks past 100).

        ``on_update(item)`` is called with a task's info item when the task is
        first seen and whenever its status or frame counts change; what it
        raises propagates. A poll that fails for the network, an HTTP 5xx or
        a 429, after the client's own retries, is logged as a warning and the
        next poll tries again; any other error (an unknown task id) is raised
        at once. When three polls in a row have failed, or they have failed
        for 60 s, a :class:`~dayan_api.exception.RayvisionPollWarning` is
        issued (once per wait) and polling goes on.

        ``progress=True`` shows a bar per task (frames done of total, status,
        elapsed) with ``tqdm`` when it is installed (``dayan_api[progress]``),
        else a plain line per change on stderr.

        Returns the final info item (``task_ids`` an int) or the final items,
        in the order given (a list). When ``timeout`` seconds run out first,
        raises :class:`~dayan_api.exception.RayvisionWaitTimeoutError` (also
        a ``TimeoutError``), whose ``items`` are the last items seen. The
        ``timeout`` holds whatever the service does: a poll's requests get
        the time that is left (half a second at least), and none is retried
        past it; the wait raises within about a second of it.

        ``stop`` is a ``threading.Event`` that ends the wait once set (by
        another thread: a Cancel button): no poll starts after it, the pause
        between polls ends at once, and a reply being read is given up; the
        wait raises :class:`~dayan_api.exception.RayvisionWaitStoppedError`,
        whose ``items`` are the last items seen, within half a second (while
        a connection is being opened, within the client's connect timeout).
        """
        from dayan_api.operators import _watch

        return _watch.wait_for_task(self, task_ids, interval, timeout, on_update, progress, stop)

    def iter_tasks(
        self,
        status_list: Optional[List[int]] = None,
        search_keyword: Optional[str] = None,
        start_time: Any = None,
        end_time: Any = None,
        page_size: int = 100,
    ) -> "Iterator[TaskInfo]":
        """Every task ``get_task_list`` lists with these filters, page after page.

        A generator: each page is requested only when the caller reaches it,
        so memory holds one page whatever the number of tasks. The arguments
        are checked when it is called, before anything is sent.
        """
        from dayan_api.operators import _paging

        return _paging.iter_tasks(
            self, status_list, search_keyword, start_time, end_time, page_size
        )

    def iter_frames(
        self, task_id: int, page_size: int = 100, *, progress: bool = False
    ) -> "Iterator[FrameInfo]":
        """Every frame of a task, page after page (``task_frames``).

        A generator: each page is requested only when the caller reaches it,
        so memory holds one page whatever the number of frames. The arguments
        are checked when it is called, before anything is sent.
        ``progress=True`` shows the frames read of the total (as
        ``wait_for_task`` does).
        """
        from dayan_api.operators import _paging

        return _paging.iter_frames(self, task_id, page_size, progress)

    # -- beyond 1.x: the service's other calls -----------------------------------

    def get_render_log(
        self, frame_id: int, page_num: int = 0, page_size: int = 1, rendering_type: str = "render"
    ) -> "RenderLogPage":
        """One page of a frame's render log: ``items`` (lines of text), ``pageCount``...

        ``frame_id`` is the frame's ``id`` (as ``task_frames`` lists it), not its
        frame index. Pages are numbered from 0; ``total`` is the log's length
        and ``size`` a page's (16384 in the service's sample). See
        :meth:`iter_render_log` for every line.

        Source: the service family's published docs ("获取渲染日志",
        ``/api/render/handle/showLog``); not in the API reference: the signed
        gateway is expected to route it as the other ``/api/render`` paths; if it
        does not, the service's business error is raised as usual.
        """
        body = {
            "id": _validate.integer(frame_id, "frame_id", minimum=1),
            "pageNum": _validate.integer(page_num, "page_num", minimum=0),
            "pageSize": _validate.integer(page_size, "page_size", minimum=1),
            "renderingType": _validate.text(rendering_type, "rendering_type", allow_empty=False),
        }
        return cast("RenderLogPage", self._connect.post(endpoints.SHOW_LOG, body))

    def iter_render_log(self, frame_id: int, page_size: int = 1) -> Iterator[str]:
        """Every line of a frame's render log, page after page (:meth:`get_render_log`).

        A generator: each page is requested only when the caller reaches it.
        The lines are the pages' ``items`` as the service sends them, one
        after the other. The arguments are checked when it is called, before
        anything is sent.
        """
        from dayan_api.operators import _paging

        return _paging.iter_render_log(self, frame_id, page_size)

    def task_status_count(self) -> "TaskStatusCount":
        """How many of the account's tasks wait, render, are done and failed.

        Returns ``waitingTask``, ``renderingTask``, ``doneTask`` and
        ``failureTask``. Sends the account's ``userId``, read from the profile
        (fetched once, then kept: ``api.user_info``).

        Source: Dayan's own desktop client (``HttpTaskSummaryCmd``); not in the
        API reference: the signed gateway is expected to route it as the other
        ``/api/rendering`` paths; if it does not, the service's business error is
        raised as usual.
        """
        body = {"userId": self._user.user_id}
        return cast("TaskStatusCount", self._connect.post(endpoints.GET_TASK_STATUS_COUNT, body))

    def get_at_report_url(self, task_id: int) -> Optional[str]:
        """Where the AT (aerotriangulation) report of a reality-modeling task is.

        Returns the URL path relative to the service's host, as the service
        sends it (empty or ``None`` while there is no report yet). Sends the
        account's ``userId`` (read once from the profile) and ``task_id``.

        Source: Dayan's own desktop client (``HttpAtReportUrl``); not in the API
        reference: the signed gateway is expected to route it as the other
        ``/api/rendering`` paths; if it does not, the service's business error is
        raised as usual.
        """
        checked = _validate.task_id(task_id)  # before the profile is fetched
        body = {"userId": self._user.user_id, "taskId": checked}
        url: Optional[str] = self._connect.post(endpoints.LOAD_AT_TASK_REPORT_DATA_URL, body)
        return url

    def get_at_report(self, task_id: int) -> "Optional[AtReport]":
        """The AT (aerotriangulation) report of a reality-modeling task, as a dict.

        Asks :meth:`get_at_report_url` where it is, then fetches it from the
        same host with a plain GET, without the API's headers, as Dayan's own
        client does (:meth:`Connect.get_unsigned`: no redirects, a bounded
        read, a JSON reply). Returns ``None`` while the service has no report
        for the task (its aerotriangulation has not finished). An address
        that is not a path on the configured host is refused with
        :class:`~dayan_api.exception.RayvisionResponseError`: nothing is
        fetched from another host.

        Source: Dayan's own desktop client (``LoadAtReportInfoThread``); not in
        the API reference: the signed gateway is expected to route the address
        call as the other ``/api/rendering`` paths; if it does not, the
        service's business error is raised as usual.
        """
        from dayan_api.operators import _reports

        return _reports.at_report(self, task_id)
