"""Reading a listing while another client changes it, over loopback."""

from .conftest import submitted_task


def test_iter_tasks_yields_each_task_once_when_one_is_submitted_meanwhile(bob):
    ids = [submitted_task(bob) for _ in range(5)]
    tasks = bob.query.iter_tasks(page_size=2)
    first_page = [next(tasks)["id"], next(tasks)["id"]]
    newer = submitted_task(bob)  # newest first: everything moves one place down
    rest = [task["id"] for task in tasks]
    seen = first_page + rest
    assert len(seen) == len(set(seen))
    assert sorted(seen) == sorted(ids)  # the new task came after the listing had passed it
    assert newer not in seen
