"""Concurrent requests are safe: one lock guards the state."""

import threading

from dayan_api import endpoints

from .conftest import ACCESS_ID, ACCESS_KEY, Client


def test_parallel_create_task_gives_unique_ids(emu):
    ids = []
    failures = []
    lock = threading.Lock()

    def work():
        client = Client(emu, ACCESS_ID, ACCESS_KEY)
        try:
            for _ in range(10):
                data = client.data(endpoints.CREATE_TASK, {"count": 2})
                with lock:
                    ids.extend(data["taskIdList"])
        except Exception as error:  # reported below, in the test's thread
            failures.append(error)
        finally:
            client.close()

    threads = [threading.Thread(target=work) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    assert not failures
    assert len(ids) == 8 * 10 * 2 and len(set(ids)) == len(ids)


def test_parallel_mixed_calls_while_the_clock_moves(emu):
    failures = []

    def work(number):
        client = Client(emu, ACCESS_ID, ACCESS_KEY)
        try:
            task_id = client.submit(frames="1-3", fail_frames=[2])
            for _ in range(5):
                emu.advance(7)
                client.info(task_id)
                client.data(endpoints.QUERY_ALL_FRAME_STATS)
                client.data(endpoints.GET_TASK_LIST, {"pageNum": 1, "pageSize": 5})
            emu.advance(100)
            assert client.info(task_id)["taskStatus"] == 30
            client.data(endpoints.RECOMMIT_FAIL_FRAME, {"taskIds": [task_id]})
        except Exception as error:
            failures.append(error)
        finally:
            client.close()

    threads = [threading.Thread(target=work, args=(n,)) for n in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    assert not failures
    assert sum(1 for record in emu.requests if record.code != 200) == 0
