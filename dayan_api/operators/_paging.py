"""Reading a paged listing: one page after another, or several pages at once.

A listing ends at the first page without ``items``, or at the page whose
number reaches the reply's ``pageCount``. Reading pages concurrently changes
neither which pages are used nor their order: only when they are fetched.
"""

import sys
import threading
import warnings
from typing import (
    TYPE_CHECKING,
    Any,
    Callable,
    Dict,
    Generator,
    Iterator,
    List,
    Optional,
    Sequence,
    Set,
)

from dayan_api import _validate, endpoints
from dayan_api._call_limits import CallLimits
from dayan_api.constants import MAX_WORKERS
from dayan_api.exception import (
    RayvisionArgumentError,
    RayvisionCompatibilityWarning,
    RayvisionResponseError,
)
from dayan_api.operators._reply import field

if TYPE_CHECKING:
    from concurrent.futures import Future

    from dayan_api.operators._progress import FrameProgress
    from dayan_api.operators.query import QueryOperator
    from dayan_api.replies import FrameInfo, TaskInfo

Page = Dict[str, Any]
FetchPage = Callable[[int], Page]

_UNBOUNDED = sys.maxsize  # the last page of a listing read to its end


def all_frames(
    query: "QueryOperator",
    task_id: int,
    start_page: int,
    end_page: int,
    page_size: int,
    workers: int,
    progress: bool = False,
) -> "Dict[str, FrameInfo]":
    """``query.get_all_frames``: the frames of pages ``start_page`` to ``end_page`` by index."""
    url = query._connect.base_url + endpoints.QUERY_TASK_FRAMES.path
    frames: Dict[str, FrameInfo] = {}
    replaced = 0
    listing = every_frame(query, task_id, start_page, end_page, page_size, workers, progress)
    try:
        for frame in listing:
            index = field(frame, url, "frameIndex")
            if index in frames:
                replaced += 1
            frames[index] = frame
    finally:
        listing.close()  # a malformed frame: the progress bar closes now, not when collected
    if replaced:
        # The frames of a task's sub-tasks (layers) may share indexes: the dict,
        # 1.x's shape, keeps the last of each, but not silently.
        warnings.warn(
            f"get_all_frames: task {task_id} lists {replaced} frame(s) with an index that "
            "another frame has (its sub-tasks' frames): the dict keeps the last of each, "
            "as 1.x did; read each sub-task's frames (get_small_task_id) or use iter_frames",
            RayvisionCompatibilityWarning,
            stacklevel=3,
        )
    return frames


def every_frame(
    query: "QueryOperator",
    task_id: int,
    start_page: int = 1,
    end_page: int = 2000,
    page_size: int = 100,
    workers: int = 4,
    progress: bool = False,
) -> "Generator[FrameInfo, None, None]":
    """The frames of pages ``start_page`` to ``end_page``, in order, as :func:`all_frames`
    reads them, but every one of them: frames of a task's sub-tasks may share an index.

    A generator: the arguments are checked, and the pages read, as it is consumed.
    """
    _validate.task_id(task_id)
    first = _validate.integer(start_page, "start_page", minimum=1)
    last = _validate.integer(end_page, "end_page", minimum=first)
    _validate.integer(page_size, "page_size", minimum=1)
    threads = _workers(workers)
    _validate.boolean(progress, "progress")
    fetch = _frame_pages(query, task_id, page_size)
    bar = _frame_bar(task_id) if progress else None
    try:
        limits = query._connect._limits
        for page in read_pages(_shown(fetch, bar), first, last, threads, limits):
            yield from page_items(page)
    finally:
        if bar is not None:
            bar.close()


def iter_tasks(
    query: "QueryOperator",
    status_list: Optional[List[int]],
    search_keyword: Optional[str],
    start_time: Any,
    end_time: Any,
    page_size: int,
) -> "Iterator[TaskInfo]":
    """``query.iter_tasks``: the arguments checked now, the pages read as reached."""
    if status_list is not None:
        _validate.task_statuses(status_list)
    if search_keyword is not None:
        _validate.text(search_keyword, "search_keyword")
    if start_time is not None:
        _validate.timestamp(start_time, "start_time")
    if end_time is not None:
        _validate.timestamp(end_time, "end_time")
    _validate.integer(page_size, "page_size", minimum=1)
    url = query._connect.base_url + endpoints.GET_TASK_LIST.path

    def fetch(page_num: int) -> Dict[str, Any]:
        page = query.get_task_list(
            page_num=page_num,
            page_size=page_size,
            status_list=status_list,
            search_keyword=search_keyword,
            start_time=start_time,
            end_time=end_time,
        )
        return mapping(page, url)

    return _once_each(read_pages(fetch, 1, _UNBOUNDED), url)


def _once_each(pages: Iterator[Page], url: str) -> "Iterator[TaskInfo]":
    """Each task of ``pages``, skipping one the page before it already gave.

    The listing is newest first: a task submitted while it is read pushes
    every task one place down, so the last of a page comes again first on
    the next one. The ids of one page are kept, not of the whole listing
    (memory holds one page, however many tasks): a repeat is caught as long
    as at most a page of tasks arrives between two pages.
    """
    before: Set[Any] = set()
    for page in pages:
        this_page: Set[Any] = set()
        for task in page_items(page):
            task_id = field(task, url, "id")
            if task_id not in before and task_id not in this_page:
                yield task
            this_page.add(task_id)
        before = this_page


def iter_frames(
    query: "QueryOperator", task_id: int, page_size: int, progress: bool = False
) -> "Iterator[FrameInfo]":
    """``query.iter_frames``: the arguments checked now, the pages read as reached."""
    _validate.task_id(task_id)
    _validate.integer(page_size, "page_size", minimum=1)
    _validate.boolean(progress, "progress")
    return every_frame(query, task_id, 1, _UNBOUNDED, page_size, 1, progress)


def _frame_pages(query: "QueryOperator", task_id: int, page_size: int) -> FetchPage:
    url = query._connect.base_url + endpoints.QUERY_TASK_FRAMES.path

    def fetch(page_num: int) -> Dict[str, Any]:
        return mapping(query.task_frames(task_id, page_num, page_size), url)

    return fetch


def _frame_bar(task_id: int) -> "FrameProgress":
    from dayan_api.operators._progress import FrameProgress

    return FrameProgress(task_id)


def _shown(fetch: FetchPage, bar: "Optional[FrameProgress]") -> FetchPage:
    """``fetch``, each page it reads shown by ``bar`` (when there is one)."""
    if bar is None:
        return fetch

    def fetch_shown(page_num: int) -> Page:
        page = fetch(page_num)
        bar.page(page)
        return page

    return fetch_shown


def iter_render_log(query: "QueryOperator", frame_id: int, page_size: int) -> Iterator[str]:
    """``query.iter_render_log``: the arguments checked now, the pages read as reached.

    The log's pages are numbered from 0 (the listings' from 1): page ``n`` of
    the listing read here is the log's page ``n - 1``.
    """
    _validate.integer(frame_id, "frame_id", minimum=1)
    _validate.integer(page_size, "page_size", minimum=1)
    url = query._connect.base_url + endpoints.SHOW_LOG.path

    def fetch(page_num: int) -> Dict[str, Any]:
        return mapping(query.get_render_log(frame_id, page_num - 1, page_size), url)

    return _items_of(fetch)


def _items_of(fetch: FetchPage) -> Iterator[Any]:
    """Each item of each page of a listing, fetching a page when it is reached."""
    for page in read_pages(fetch, 1, _UNBOUNDED):
        yield from page_items(page)


def _workers(value: Any) -> int:
    workers = _validate.integer(value, "workers", minimum=1)
    if workers > MAX_WORKERS:
        raise RayvisionArgumentError(
            "workers",
            f"an int from 1 to {MAX_WORKERS} (the client's connection pool), got {workers}",
        )
    return workers


def mapping(data: Any, url: str) -> Dict[str, Any]:
    """A reply's data that must be an object (``None`` reads as empty)."""
    if data is None:
        return {}
    if not isinstance(data, dict):
        raise RayvisionResponseError(f"reply data is a {type(data).__name__}, not an object", url)
    return data


def page_items(page: Page) -> List[Any]:
    """A page's ``items`` (``None`` or a missing key read as none)."""
    return page.get("items") or []


def is_last(page: Page, page_num: int) -> bool:
    """True when no page should be read after ``page``, page number ``page_num``."""
    page_count = page.get("pageCount")
    return not page_items(page) or (isinstance(page_count, int) and page_num >= page_count)


def read_pages(
    fetch: FetchPage,
    first: int,
    last: int,
    workers: int = 1,
    limits: Optional[CallLimits] = None,
) -> Iterator[Page]:
    """Pages ``first`` to ``last`` (at most) in order, ending as :func:`is_last` says.

    With ``workers`` 1 each page is fetched when the caller reaches it. With
    more, once a page tells ``pageCount``, the pages up to it are fetched by
    up to ``workers`` threads (whose requests stop through ``limits`` on an
    interrupt: :func:`fetch_all`), and then handed out in order, every thread
    having ended. Either way the pages used, their order and the error
    raised (that of the first failed page reached) are the same.
    """
    page_num = first
    while page_num <= last:
        page = fetch(page_num)
        yield page
        if is_last(page, page_num):
            return
        page_count = page.get("pageCount")
        end = page_num + 1
        if workers > 1 and isinstance(page_count, int):
            end = max(end, min(last, page_count))
        if end == page_num + 1:
            page_num += 1
            continue
        ahead = range(page_num + 1, end + 1)
        for number, fetched in zip(ahead, fetch_all(fetch, ahead, workers, limits)):
            page = fetched.result()
            yield page
            if is_last(page, number):
                return
        page_num = ahead[-1] + 1


WAKE_SECONDS = 0.25
"""How often the thread waiting for the pages wakes to raise a pending Ctrl-C."""


def fetch_all(
    fetch: FetchPage, numbers: Sequence[int], workers: int, limits: Optional[CallLimits] = None
) -> "List[Future[Page]]":
    """``fetch`` of each of ``numbers`` by up to ``workers`` threads, as futures in that order.

    Every thread has ended when this returns. After a failure no page after
    it is started (those futures are cancelled); the pages before it all run,
    so reading the futures in order meets the first failure in page order
    before any cancelled one.

    An interrupt (Ctrl-C) while waiting is raised at once, without waiting
    for the threads: through ``limits`` (the client's) they are told to
    stop, so that no request or retry starts and a reply being read is given
    up within a quarter of a second; then they end.
    """
    # Imported here: most programs never page concurrently, and importing
    # dayan_api should not cost them the thread pool's modules.
    from concurrent.futures import FIRST_EXCEPTION, ThreadPoolExecutor, wait

    stop = threading.Event()

    def fetch_until_stopped(number: int) -> Page:
        if limits is None:
            return fetch(number)
        with limits.applied(stop=stop):
            return fetch(number)

    pool = ThreadPoolExecutor(
        max_workers=min(workers, len(numbers)), thread_name_prefix="dayan_api-pages"
    )
    futures: List[Future[Page]] = []
    try:
        for number in numbers:
            futures.append(pool.submit(fetch_until_stopped, number))
        # In slices: a Ctrl-C that the system delivers to a worker thread is
        # raised in this thread only when it wakes, which a wait without a
        # timeout would do once every page has ended.
        while True:
            done, running = wait(futures, WAKE_SECONDS, return_when=FIRST_EXCEPTION)
            if not running or any(future.exception() for future in done):
                break
    except BaseException:  # an interrupt (Ctrl-C): start nothing more, wait for nothing
        stop.set()
        for future in futures:
            future.cancel()
        pool.shutdown(wait=False)  # each thread ends once its request has stopped
        raise
    failed = [i for i, future in enumerate(futures) if future in done and future.exception()]
    if failed:
        for future in futures[min(failed) + 1 :]:
            future.cancel()
    pool.shutdown(wait=True)
    return futures
