"""The typed user script runs, as well as type-checks (CI runs mypy --strict on it)."""

from dayan_api.constants import TASK_STATUS
from dayan_api.emulator import serve

from .user_script import render


def test_the_user_script_renders_a_task_to_the_end() -> None:
    with serve(speed=0) as emu:
        assert TASK_STATUS[render(emu)] == "done"
