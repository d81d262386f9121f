"""Reading a paged listing: one page after another, or several pages at once.

A listing ends at the first page without ``items``, or at the page whose
number reaches the reply's ``pageCount``. Reading pages concurrently changes
neither which pages are used nor their order: only when they are fetched.
"""

from typing import TYPE_CHECKING, Any, Callable, Dict, Iterator, List, Sequence

if TYPE_CHECKING:
    from concurrent.futures import Future

Page = Dict[str, Any]
FetchPage = Callable[[int], Page]

MAX_WORKERS = 32
"""At most as many threads as the client's connection pool keeps connections."""


def page_items(page: Page) -> List[Any]:
    """A page's ``items`` (``None`` or a missing key read as none)."""
    return page.get("items") or []


def is_last(page: Page, page_num: int) -> bool:
    """True when no page should be read after ``page``, page number ``page_num``."""
    page_count = page.get("pageCount")
    return not page_items(page) or (isinstance(page_count, int) and page_num >= page_count)


def read_pages(fetch: FetchPage, first: int, last: int, workers: int = 1) -> Iterator[Page]:
    """Pages ``first`` to ``last`` (at most) in order, ending as :func:`is_last` says.

    With ``workers`` 1 each page is fetched when the caller reaches it. With
    more, once a page tells ``pageCount``, the pages up to it are fetched by
    up to ``workers`` threads, and then handed out in order, every thread
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
        for number, fetched in zip(ahead, fetch_all(fetch, ahead, workers)):
            page = fetched.result()
            yield page
            if is_last(page, number):
                return
        page_num = ahead[-1] + 1


def fetch_all(fetch: FetchPage, numbers: Sequence[int], workers: int) -> "List[Future[Page]]":
    """``fetch`` of each of ``numbers`` by up to ``workers`` threads, as futures in that order.

    Every thread has ended when this returns. After a failure no page after
    it is started (those futures are cancelled); the pages before it all run,
    so reading the futures in order meets the first failure in page order
    before any cancelled one.
    """
    # Imported here: most programs never page concurrently, and importing
    # dayan_api should not cost them the thread pool's modules.
    from concurrent.futures import FIRST_EXCEPTION, ThreadPoolExecutor, wait

    pool = ThreadPoolExecutor(
        max_workers=min(workers, len(numbers)), thread_name_prefix="dayan_api-pages"
    )
    futures: List[Future[Page]] = []
    try:
        for number in numbers:
            futures.append(pool.submit(fetch, number))
        done, _ = wait(futures, return_when=FIRST_EXCEPTION)
    except BaseException:  # an interrupt (Ctrl-C): start nothing more
        for future in futures:
            future.cancel()
        pool.shutdown(wait=True)
        raise
    failed = [i for i, future in enumerate(futures) if future in done and future.exception()]
    if failed:
        for future in futures[min(failed) + 1 :]:
            future.cancel()
    pool.shutdown(wait=True)
    return futures
