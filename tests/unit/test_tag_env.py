"""The 1.x calls around labels and outputs that send several requests or read replies.

``tag.get_project_list``, ``check_and_add_project_name``, ``get_output_files``
with a task id and a ``tree_path`` set aside, and ``Connect.post`` with
``validator=False``: each request checked like the operator table does.
"""

import warnings

import pytest
import responses

from dayan_api import RayvisionCompatibilityWarning
from dayan_api.exception import RayvisionAPIError, RayvisionResponseError

from .support import check_request, envelope, url

LABEL_LIST = "/api/render/project/getList"
PROJECT_LIST = "/api/render/project/list"
ADD_LABEL = "/api/render/project/add"
OUTPUT_FILES = "/api/render/file/operate/getOutputUserDirFile"
TASK_INFO = "/api/rendering/task/renderingTask/queryTaskInfo"

PROJECTS = [
    {"projectId": 3671, "projectName": "myLabel"},
    {"projectId": 3672, "projectName": "镜头A"},
]


def listing(*projects):
    return envelope({"projectNameList": list(projects)})


# -- get_project_list --------------------------------------------------------------


def test_get_project_list_returns_the_list(api, rsps):
    rsps.add(responses.POST, url(LABEL_LIST), json=listing(*PROJECTS))
    assert api.tag.get_project_list() == PROJECTS
    assert len(rsps.calls) == 1
    check_request(rsps.calls[0], LABEL_LIST, {})


def test_get_project_list_reads_null_as_empty(api, rsps):
    rsps.add(responses.POST, url(LABEL_LIST), json=envelope({"projectNameList": None}))
    assert api.tag.get_project_list() == []


def test_get_project_list_without_the_list_is_a_response_error(api, rsps):
    rsps.add(responses.POST, url(LABEL_LIST), json=envelope({"other": 1}))
    with pytest.raises(RayvisionResponseError) as caught:
        api.tag.get_project_list()
    assert "projectNameList" in str(caught.value)


# -- check_and_add_project_name ------------------------------------------------------


def test_a_listed_project_costs_one_request(api, rsps):
    rsps.add(responses.POST, url(PROJECT_LIST), json=listing(*PROJECTS))

    project_id = api.check_and_add_project_name("镜头A")

    assert project_id == "3672" and type(project_id) is str
    assert len(rsps.calls) == 1
    check_request(rsps.calls[0], PROJECT_LIST, {"flag": 2})


def test_an_absent_project_is_added_then_read_again(api, rsps):
    rsps.add(responses.POST, url(PROJECT_LIST), json=listing(PROJECTS[0]))
    rsps.add(responses.POST, url(ADD_LABEL), json=envelope(None))
    rsps.add(responses.POST, url(PROJECT_LIST), json=listing(*PROJECTS))

    assert api.check_and_add_project_name("镜头A") == "3672"

    assert len(rsps.calls) == 3
    check_request(rsps.calls[0], PROJECT_LIST, {"flag": 2})
    check_request(rsps.calls[1], ADD_LABEL, {"newName": "镜头A", "status": 0})
    check_request(rsps.calls[2], PROJECT_LIST, {"flag": 2})


def test_a_project_still_absent_after_adding_gives_an_empty_string(api, rsps):
    rsps.add(responses.POST, url(PROJECT_LIST), json=listing())
    rsps.add(responses.POST, url(ADD_LABEL), json=envelope(None))
    rsps.add(responses.POST, url(PROJECT_LIST), json=envelope({"projectNameList": None}))

    assert api.check_and_add_project_name("new") == ""
    assert len(rsps.calls) == 3  # list, add, list: never more


def test_a_refused_add_raises_and_lists_no_more(api, rsps):
    rsps.add(responses.POST, url(PROJECT_LIST), json=listing())
    rsps.add(responses.POST, url(ADD_LABEL), json=envelope(None, code=100, message="failed"))
    with pytest.raises(RayvisionAPIError) as caught:
        api.check_and_add_project_name("new")
    assert caught.value.code == 100
    assert len(rsps.calls) == 2


def test_a_label_another_client_added_meanwhile_is_returned(api, rsps):
    # Absent from the first listing, added by someone else before our add.
    rsps.add(responses.POST, url(PROJECT_LIST), json=listing(PROJECTS[0]))
    rsps.add(
        responses.POST,
        url(ADD_LABEL),
        json=envelope(None, code=503, message="label already exists"),
    )
    rsps.add(responses.POST, url(PROJECT_LIST), json=listing(*PROJECTS))

    assert api.check_and_add_project_name("镜头A") == "3672"
    assert len(rsps.calls) == 3


def test_label_exists_for_a_label_still_not_listed_is_raised(api, rsps):
    rsps.add(responses.POST, url(PROJECT_LIST), json=listing())
    rsps.add(responses.POST, url(ADD_LABEL), json=envelope(None, code=503, message="exists"))
    rsps.add(responses.POST, url(PROJECT_LIST), json=listing())
    with pytest.raises(RayvisionAPIError) as caught:
        api.check_and_add_project_name("new")
    assert caught.value.code == 503
    assert len(rsps.calls) == 3


def test_a_listing_item_without_its_keys_is_a_response_error(api, rsps):
    rsps.add(responses.POST, url(PROJECT_LIST), json=listing({"projectName": "p"}))
    with pytest.raises(RayvisionResponseError) as caught:
        api.check_and_add_project_name("p")
    assert "projectId" in str(caught.value)


# -- get_output_files with a task id -----------------------------------------------------


def test_a_tree_path_beside_a_task_id_is_set_aside_with_a_warning(api, rsps):
    reply = envelope([{"fileName": "a.exr"}])
    rsps.add(responses.POST, url(OUTPUT_FILES), json=reply)

    with pytest.warns(RayvisionCompatibilityWarning) as warned:
        result = api.transmit.get_output_files(task_id=1484861, tree_path="/sub")

    assert result == reply["data"]
    check_request(rsps.calls[0], OUTPUT_FILES, {"treePath": "/", "taskId": 1484861})
    assert len(warned) == 1
    warning = warned[0]
    assert issubclass(warning.category, UserWarning)
    assert "'/sub'" in str(warning.message) and "tree_path" in str(warning.message)
    assert warning.filename == __file__  # stacklevel: the caller's line, not the SDK's


@pytest.mark.parametrize("tree_path", ["sub", None, ""])
def test_any_tree_path_beside_a_task_id_is_set_aside(api, rsps, tree_path):
    rsps.add(responses.POST, url(OUTPUT_FILES), json=envelope([]))
    with pytest.warns(RayvisionCompatibilityWarning):
        api.transmit.get_output_files(7, tree_path)
    check_request(rsps.calls[0], OUTPUT_FILES, {"treePath": "/", "taskId": 7})


def test_the_root_beside_a_task_id_warns_nothing(api, rsps):
    rsps.add(responses.POST, url(OUTPUT_FILES), json=envelope([]))
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        api.transmit.get_output_files(task_id=7, tree_path="/")
    check_request(rsps.calls[0], OUTPUT_FILES, {"treePath": "/", "taskId": 7})


# -- Connect.post(validator=False) and post_envelope -----------------------------------------


def test_post_without_validator_returns_the_data(api, rsps):
    reply = envelope({"items": [{"id": 14400249}]})
    rsps.add(responses.POST, url(TASK_INFO), json=reply)
    assert api.connect.post(TASK_INFO, {"taskIds": [14400249]}, validator=False) == reply["data"]
    check_request(rsps.calls[0], TASK_INFO, {"taskIds": [14400249]})


def test_post_without_validator_raises_a_business_error(api, rsps):
    rsps.add(responses.POST, url(TASK_INFO), json=envelope(None, code=937, message="no task"))
    with pytest.raises(RayvisionAPIError) as caught:
        api.connect.post(TASK_INFO, {"taskIds": [7]}, validator=False)
    assert caught.value.code == 937


def test_post_envelope_returns_the_whole_reply_whatever_its_code(api, rsps):
    good = envelope({"n": 1})
    refused = envelope(None, code=937, message="no task")
    rsps.add(responses.POST, url(TASK_INFO), json=good)
    rsps.add(responses.POST, url(TASK_INFO), json=refused)
    assert api.connect.post_envelope(TASK_INFO, {"taskIds": [7]}) == good
    assert api.connect.post_envelope(TASK_INFO, {"taskIds": [7]}) == refused
    check_request(rsps.calls[0], TASK_INFO, {"taskIds": [7]})
    check_request(rsps.calls[1], TASK_INFO, {"taskIds": [7]})


def test_post_envelope_still_raises_for_a_reply_that_is_no_envelope(api, rsps):
    rsps.add(responses.POST, url(TASK_INFO), body="<html>gateway</html>")
    with pytest.raises(RayvisionResponseError):
        api.connect.post_envelope(TASK_INFO, {"taskIds": [7]})
