"""The facade's submit calls refuse bad ids, task.json and options before anything is sent
(and before a task is created or a file uploaded).
"""

import pytest

from .support import TASK_ID, TYPE, VALUE, bad, check_refused_before_sending

CASES = [
    bad(lambda a: a.submit("123"), TASK_ID, "task_id", "submit-str"),
    bad(lambda a: a.submit(123.0), TASK_ID, "task_id", "submit-float"),
    bad(lambda a: a.submit(True), TASK_ID, "task_id", "submit-bool"),
    bad(lambda a: a.submit(None), TASK_ID, "task_id", "submit-none"),
    bad(lambda a: a.submit(-1), VALUE, "task_id", "submit-negative"),
    bad(lambda a: a.submit(7, producer=1), TYPE, "producer", "submit-producer-int"),
    bad(lambda a: a.submit_cc("123"), TASK_ID, "task_id", "submit_cc-str"),
    bad(lambda a: a.submit_cc(7, param="x"), TYPE, "param", "submit_cc-param-str"),
    bad(lambda a: a.submit_by_data("not json"), VALUE, "task_info", "by_data-not-json"),
    bad(lambda a: a.submit_by_data("[1, 2]"), TYPE, "task_info", "by_data-json-list"),
    bad(lambda a: a.submit_by_data(42), TYPE, "task_info", "by_data-int"),
    bad(lambda a: a.submit_by_data(None), TYPE, "task_info", "by_data-none"),
    bad(lambda a: a.submit_by_data({"task_info": []}), TYPE, "task_info", "by_data-section-list"),
    bad(lambda a: a.submit_by_data('{"task_info": "x"}'), TYPE, "task_info", "by_data-section-str"),
    bad(
        lambda a: a.submit_by_data({"task_info": {"task_id": "abc"}}),
        TASK_ID,
        "task_id",
        "by_data-id-letters",
    ),
    bad(
        lambda a: a.submit_by_data({"task_info": {"task_id": 1.5}}),
        TASK_ID,
        "task_id",
        "by_data-id-float",
    ),
    bad(
        lambda a: a.submit_by_data({"task_info": {"task_id": "0"}}),
        VALUE,
        "task_id",
        "by_data-id-zero",
    ),
    bad(
        lambda a: a.submit_by_data({"task_info": {"task_id": "²"}}),
        TASK_ID,
        "task_id",
        "by_data-id-superscript",
    ),
    bad(lambda a: a.submit_by_data({"a": {1, 2}}), TYPE, "task_info", "by_data-not-serialisable"),
    # Checked before a task is created or a file uploaded, not half-way through.
    bad(
        lambda a: a.submit_by_data({"task_info": {}}, file_name="render.json"),
        VALUE,
        "file_name",
        "by_data-file_name-new-task",
    ),
    bad(
        lambda a: a.submit_by_data({"task_info": {"task_id": 7}}, file_name="x.json"),
        VALUE,
        "file_name",
        "by_data-file_name",
    ),
    bad(
        lambda a: a.submit_by_data({"task_info": {"task_id": 7}}, producer=5),
        TYPE,
        "producer",
        "by_data-producer-after-upload",
    ),
    bad(
        lambda a: a.submit_by_data({"task_info": {}}, producer=5),
        TYPE,
        "producer",
        "by_data-producer-new-task",
    ),
]


@pytest.mark.parametrize("call, error, parameter", CASES)
def test_bad_argument_is_refused_before_sending(api, rsps, call, error, parameter):
    check_refused_before_sending(api, rsps, call, error, parameter)
