"""Faults injected into chosen paths, for testing how a client copes."""

import threading
from typing import Dict, List, NamedTuple, Optional

ANY_PATH = "*"


class Fault(NamedTuple):
    """What to do to a request instead of (or before) serving it.

    - ``delay``: seconds to wait before anything else (real time).
    - ``drop``: close the connection without a reply.
    - ``status``: reply with this HTTP status and an HTML page (a gateway's
      error page), with a ``Retry-After`` header if ``retry_after`` is set.
    - ``code``: reply HTTP 200 with a business-error envelope carrying
      ``code`` and ``message``.

    With only ``delay`` set, the request is then served normally.
    """

    delay: float = 0.0
    drop: bool = False
    status: Optional[int] = None
    code: Optional[int] = None
    message: Optional[str] = None
    retry_after: Optional[float] = None
    body: Optional[str] = None  # with status: the reply body instead of an HTML page


class _Entry:
    def __init__(self, fault: Fault, times: Optional[int]) -> None:
        self.fault = fault
        self.remaining = times  # None: every request


class FaultBook:
    """Faults per path, used in the order they were added.

    A fault with ``times=N`` applies to the next N requests to its path and
    is then used up; the next fault for the path (if any) takes over. A fault
    without ``times`` applies until cleared. Faults for :data:`ANY_PATH` apply
    to requests whose path has none of its own.
    """

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._faults: Dict[str, List[_Entry]] = {}

    def add(self, path: str, fault: Fault, times: Optional[int] = None) -> None:
        with self._lock:
            self._faults.setdefault(path, []).append(_Entry(fault, times))

    def clear(self, path: Optional[str] = None) -> None:
        """Forget the faults of ``path``, or all faults."""
        with self._lock:
            if path is None:
                self._faults.clear()
            else:
                self._faults.pop(path, None)

    def take(self, path: str) -> Optional[Fault]:
        """The fault for one request to ``path`` (using it up once), or None."""
        with self._lock:
            for key in (path, ANY_PATH):
                entries = self._faults.get(key)
                if not entries:
                    continue
                entry = entries[0]
                if entry.remaining is not None:
                    entry.remaining -= 1
                    if entry.remaining <= 0:
                        entries.pop(0)
                return entry.fault
            return None

    def pending(self) -> Dict[str, int]:
        """How many faults wait per path (for reprs and debugging)."""
        with self._lock:
            return {path: len(entries) for path, entries in self._faults.items() if entries}
