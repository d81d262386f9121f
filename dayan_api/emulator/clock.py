"""The simulated render clock."""

import threading
import time

MAX_ADVANCE = 100 * 365 * 86400
"""The longest single :meth:`SimClock.advance`, in seconds (a century)."""


class SimClock:
    """Wall-clock time that runs ``speed`` times faster, and can be pushed ahead.

    :meth:`now` starts at the real Unix time and then moves ``speed`` simulated
    seconds per real second; :meth:`advance` jumps it forward. ``speed`` 0
    freezes it, so that only :meth:`advance` moves it (deterministic tests).
    """

    def __init__(self, speed: float = 1.0) -> None:
        self._lock = threading.Lock()
        self._speed = check_speed(speed)
        self._base_sim = time.time()
        self._base_real = time.monotonic()

    @property
    def speed(self) -> float:
        """Simulated seconds per real second."""
        return self._speed

    @speed.setter
    def speed(self, speed: float) -> None:
        speed = check_speed(speed)
        with self._lock:
            self._rebase()
            self._speed = speed

    def now(self) -> float:
        """The simulated time, in seconds since the Unix epoch."""
        with self._lock:
            return self._base_sim + (time.monotonic() - self._base_real) * self._speed

    def advance(self, seconds: float) -> float:
        """Jump the clock ``seconds`` (0 to :data:`MAX_ADVANCE`) ahead; returns the new :meth:`now`.

        NaN, infinity and larger jumps are refused: the clock must stay a date
        that replies can show.
        """
        if (
            isinstance(seconds, bool)
            or not isinstance(seconds, (int, float))
            or not 0 <= seconds <= MAX_ADVANCE
        ):
            raise ValueError(
                "seconds must be a number from 0 to {} (a century), not {!r}".format(
                    MAX_ADVANCE, seconds
                )
            )
        with self._lock:
            self._rebase()
            self._base_sim += seconds
            return self._base_sim

    def _rebase(self) -> None:
        real = time.monotonic()
        self._base_sim += (real - self._base_real) * self._speed
        self._base_real = real


def check_speed(speed: float) -> float:
    """``speed`` as a float, or ValueError unless it is a finite number >= 0."""
    if isinstance(speed, bool) or not isinstance(speed, (int, float)):
        raise ValueError("speed must be a number, not {!r}".format(speed))
    if not 0 <= speed < float("inf"):
        raise ValueError("speed must be a finite number >= 0, not {!r}".format(speed))
    return float(speed)
