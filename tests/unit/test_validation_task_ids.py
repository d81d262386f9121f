"""Task ids and id lists of the wrong type or empty are refused before anything is sent."""

import pytest

from dayan_api.exception import (
    RayvisionArgumentError,
    RayvisionArgumentTypeError,
    RayvisionError,
    RayvisonTaskIdError,
)

from .support import TASK_ID, TYPE, VALUE, bad, check_refused_before_sending

CASES = [
    # task ids that are not ints
    bad(lambda a: a.task.submit_task("123"), TASK_ID, "task_id", "submit_task-str"),
    bad(lambda a: a.task.submit_task(123.0), TASK_ID, "task_id", "submit_task-float"),
    bad(lambda a: a.task.submit_task(True), TASK_ID, "task_id", "submit_task-bool"),
    bad(lambda a: a.task.submit_task(None), TASK_ID, "task_id", "submit_task-none"),
    bad(lambda a: a.task.submit_task(0), VALUE, "task_id", "submit_task-zero"),
    bad(lambda a: a.task.submit_task(-5), VALUE, "task_id", "submit_task-negative"),
    bad(lambda a: a.task.submit_task_to_cc("1"), TASK_ID, "task_id", "submit_task_to_cc-str"),
    bad(lambda a: a.task.stop_task(["123"]), TASK_ID, "task_param_list[0]", "stop_task-str-item"),
    bad(lambda a: a.task.stop_task([1, 2.0]), TASK_ID, "task_param_list[1]", "stop_task-float"),
    bad(lambda a: a.task.start_task([False]), TASK_ID, "task_param_list[0]", "start_task-bool"),
    bad(lambda a: a.task.abort_task([None]), TASK_ID, "task_param_list[0]", "abort_task-none"),
    bad(lambda a: a.task.update_priority("7", 1), TASK_ID, "task_id", "update_priority-str"),
    bad(lambda a: a.query.task_frames(7.5), TASK_ID, "task_id", "task_frames-float"),
    bad(lambda a: a.query.task_info([True]), TASK_ID, "task_ids_list[0]", "task_info-bool"),
    bad(lambda a: a.query.restart_frame("7"), TASK_ID, "task_id", "restart_frame-str"),
    bad(lambda a: a.query.stop_frame(None), TASK_ID, "task_id", "stop_frame-none"),
    bad(lambda a: a.query.get_task_processing_img(1.0), TASK_ID, "task_id", "processing_img"),
    bad(lambda a: a.transmit.upload_json_content("7", "{}"), TASK_ID, "task_id", "upload-str"),
    bad(lambda a: a.transmit.get_output_files(task_id="7"), TASK_ID, "task_id", "output-str"),
    bad(lambda a: a.user.get_hardware_config(["1a"]), TASK_ID, "task_ids[0]", "hardware-str"),
    bad(lambda a: a.user.get_hardware_config([1, "0"]), TASK_ID, "task_ids[1]", "hardware-str-0"),
    bad(lambda a: a.user.get_hardware_config(["²"]), TASK_ID, "task_ids[0]", "hardware-str-²"),
    bad(lambda a: a.user.get_hardware_config([1.0]), TASK_ID, "task_ids[0]", "hardware-float"),
    bad(lambda a: a.query.get_all_frames("7"), TASK_ID, "task_id", "get_all_frames-str"),
    bad(lambda a: a.query.get_custome_frames(7.0, ["1"]), TASK_ID, "task_id", "custome-float"),
    bad(lambda a: a.query.frame_number_to_stop(None, ["1"]), TASK_ID, "task_id", "to_stop-none"),
    bad(lambda a: a.query.get_small_task_id("abc"), TASK_ID, "task_id", "small-letters"),
    bad(lambda a: a.query.get_small_task_id(1.0), TASK_ID, "task_id", "small-float"),
    bad(lambda a: a.query.get_small_task_id("²"), TASK_ID, "task_id", "small-superscript-two"),
    bad(
        lambda a: a.task.create_task(clone_original_id="9"),
        TASK_ID,
        "clone_original_id",
        "create-clone-str",
    ),
    # empty id lists
    bad(lambda a: a.task.stop_task([]), VALUE, "task_param_list", "stop_task-empty"),
    bad(lambda a: a.task.delete_task(()), VALUE, "task_param_list", "delete_task-empty"),
    bad(lambda a: a.task.full_speed([]), VALUE, "task_id_list", "full_speed-empty"),
    bad(lambda a: a.task.set_task_overtime_top([], 10), VALUE, "task_id_list", "overtime-empty"),
    bad(lambda a: a.query.task_info([]), VALUE, "task_ids_list", "task_info-empty"),
    bad(lambda a: a.query.restart_failed_frames([]), VALUE, "task_param_list", "recommit-empty"),
    bad(lambda a: a.user.get_hardware_config([]), VALUE, "task_ids", "hardware-empty"),
    # a str (or other non-list) where a list is wanted
    bad(lambda a: a.task.stop_task("13798105"), TYPE, "task_param_list", "stop_task-str"),
    bad(lambda a: a.task.start_task(13798105), TYPE, "task_param_list", "start_task-int"),
    bad(lambda a: a.query.task_info("14400249"), TYPE, "task_ids_list", "task_info-str"),
    bad(lambda a: a.query.restart_failed_frames({7}), TYPE, "task_param_list", "recommit-set"),
    bad(lambda a: a.task.create_task(labels="shot"), TYPE, "labels", "labels-str"),
    bad(lambda a: a.task.create_task(labels=[1]), TYPE, "labels[0]", "labels-int-item"),
    bad(lambda a: a.query.error_detail(codes="15000"), TYPE, "codes", "codes-str"),
    bad(
        lambda a: a.query.restart_frame(7, select_all=0, ids_list="501"),
        TYPE,
        "ids_list",
        "ids_list-str",
    ),
    bad(lambda a: a.query.restart_failed_frames([7], status="5"), TYPE, "status", "status-str"),
    bad(lambda a: a.query.get_task_list(status_list=25), TYPE, "status_list", "status_list-int"),
    bad(lambda a: a.query.get_task_list(recycle_flag=1), TYPE, "recycle_flag", "recycle-int"),
    bad(lambda a: a.query.get_task_list(recycle_flag="1"), TYPE, "recycle_flag", "recycle-str"),
    bad(lambda a: a.query.supported_plugin("maya", os_name=1), TYPE, "os_name", "os_name-int"),
    bad(lambda a: a.query.supported_plugin("maya", os_name="Windows"), VALUE, "os_name", "os-case"),
    bad(lambda a: a.query.supported_plugin("maya", os_name="darwin"), VALUE, "os_name", "os-mac"),
    bad(lambda a: a.query.supported_plugin("maya", os_name=""), VALUE, "os_name", "os-empty"),
]


@pytest.mark.parametrize("call, error, parameter", CASES)
def test_bad_argument_is_refused_before_sending(api, rsps, call, error, parameter):
    check_refused_before_sending(api, rsps, call, error, parameter)


def test_task_id_error_classes():
    assert issubclass(RayvisonTaskIdError, TypeError)
    assert issubclass(RayvisonTaskIdError, RayvisionError)
    assert issubclass(RayvisionArgumentTypeError, TypeError)
    assert issubclass(RayvisionArgumentError, ValueError)
    assert issubclass(RayvisionArgumentError, RayvisionError)
    error = RayvisonTaskIdError()
    assert error.error_code is None and "task_id" in str(error)
    assert RayvisionError(5, "boom").error == "boom"
    assert str(RayvisionError(5, "boom")) == "[5] boom"
    assert str(RayvisionError(None, "boom")) == "boom"


def test_submit_of_a_str_id_raises_the_1x_error(api, rsps):
    with pytest.raises(RayvisonTaskIdError) as caught:
        api.submit("123")
    assert "'123'" in str(caught.value)
    assert len(rsps.calls) == 0


def test_caller_values_are_not_coerced(api, rsps):
    # "12" is not taken for 12, nor 12.0, nor True for 1.
    for value in ("12", 12.0, True):
        with pytest.raises(TypeError):
            api.task.full_speed([value])
    assert len(rsps.calls) == 0
