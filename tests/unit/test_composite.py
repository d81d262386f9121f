"""The query calls made of several requests: frames by index, layered task ids."""

import json

import pytest
import responses

from dayan_api.exception import (
    RayvisionArgumentError,
    RayvisionCompatibilityWarning,
    RayvisionError,
    RayvisionResponseError,
)

from .support import check_request, envelope, load_fixture, request_body, url

TASK = 14400249
TASK_FRAMES = "/api/render/handle/queryTaskFrames"
RECOMMIT_FRAME = "/api/rendering/task/renderingTask/recommitTaskFrame"
STOP_FRAMES = "/api/render/handle/stopTaskFrames"
TASK_INFO = "/api/rendering/task/renderingTask/queryTaskInfo"


def frame(frame_id, index):
    return {"id": frame_id, "frameIndex": index, "frameStatus": 4, "taskId": TASK}


def serve_pages(rsps, pages, page_count=None):
    """Answer queryTaskFrames by the pageNum asked for; a page past ``pages`` is empty."""

    def answer(request):
        number = json.loads(request.body)["pageNum"]
        items = pages[number - 1] if number <= len(pages) else []
        data = {"pageNum": number, "size": 100, "total": sum(map(len, pages)), "items": items}
        if page_count is not None:
            data["pageCount"] = page_count
        return 200, {}, json.dumps(envelope(data))

    rsps.add_callback(
        responses.POST, url(TASK_FRAMES), callback=answer, content_type="application/json"
    )


PAGE_1 = [frame(501, "2-4[1]"), frame(502, "10")]
PAGE_2 = [frame(503, "11"), frame(504, "12")]


def sent_pages(rsps):
    return [
        request_body(call)["pageNum"]
        for call in rsps.calls
        if call.request.url.endswith(TASK_FRAMES)
    ]


# -- get_all_frames --------------------------------------------------------------------


def test_get_all_frames_pages_until_an_empty_page(api, rsps):
    serve_pages(rsps, [PAGE_1, PAGE_2])
    frames = api.query.get_all_frames(TASK)
    assert frames == {
        "2-4[1]": PAGE_1[0],
        "10": PAGE_1[1],
        "11": PAGE_2[0],
        "12": PAGE_2[1],
    }
    assert sent_pages(rsps) == [1, 2, 3]
    for number, call in enumerate(rsps.calls, start=1):
        check_request(call, TASK_FRAMES, {"taskId": TASK, "pageNum": number, "pageSize": 100})


def test_get_all_frames_stops_at_page_count(api, rsps):
    serve_pages(rsps, [PAGE_1, PAGE_2, [frame(505, "13")]], page_count=2)
    frames = api.query.get_all_frames(TASK)
    assert sent_pages(rsps) == [1, 2]
    assert list(frames) == ["2-4[1]", "10", "11", "12"]


def test_get_all_frames_warns_when_frames_share_an_index(api, rsps):
    # A parent's listing holds each layer's frame 1: the dict keeps one of
    # them, as 1.x did, and says so rather than dropping the other silently.
    first, second = dict(frame(601, "1"), taskId=71), dict(frame(602, "1"), taskId=72)
    serve_pages(rsps, [[first, second, frame(603, "2")]])
    with pytest.warns(RayvisionCompatibilityWarning, match="get_small_task_id") as caught:
        frames = api.query.get_all_frames(TASK)
    assert frames == {"1": second, "2": frame(603, "2")}
    assert len(caught) == 1 and caught[0].filename == __file__
    assert "task {}".format(TASK) in str(caught[0].message)


def test_get_all_frames_honours_pages_and_page_size(api, rsps):
    serve_pages(rsps, [PAGE_1, PAGE_2, [frame(505, "13")], [frame(506, "14")]])
    frames = api.query.get_all_frames(TASK, start_page=2, end_page=3, page_size=2)
    assert sent_pages(rsps) == [2, 3]
    assert list(frames) == ["11", "12", "13"]
    for number, call in zip([2, 3], rsps.calls):
        check_request(call, TASK_FRAMES, {"taskId": TASK, "pageNum": number, "pageSize": 2})


@pytest.mark.parametrize("data", [None, {}, {"items": None}, {"items": []}])
def test_get_all_frames_of_a_task_without_frames(api, rsps, data):
    rsps.add(responses.POST, url(TASK_FRAMES), json=envelope(data))
    assert api.query.get_all_frames(TASK) == {}
    assert len(rsps.calls) == 1


def test_get_all_frames_stops_on_an_error(api, rsps):
    rsps.add(responses.POST, url(TASK_FRAMES), json=envelope({"items": PAGE_1}))
    rsps.add(responses.POST, url(TASK_FRAMES), json=envelope(None, code=404, message="gone"))
    with pytest.raises(RayvisionError):
        api.query.get_all_frames(TASK)
    assert len(rsps.calls) == 2


# -- frames by index -----------------------------------------------------------------------


@pytest.mark.parametrize("method", ["get_custome_frames", "get_custom_frames"])
def test_restart_frames_by_index(api, rsps, method):
    serve_pages(rsps, [PAGE_1, PAGE_2])
    rsps.add(responses.POST, url(RECOMMIT_FRAME), json=envelope({"restarted": 2}))

    result = getattr(api.query, method)(TASK, ["2-4[1]", 11])

    assert result == {"restarted": 2}
    restart = rsps.calls[-1]
    check_request(
        restart,
        RECOMMIT_FRAME,
        {"taskId": TASK, "taskIds": TASK, "selectAll": 0, "ids": [501, 503]},
    )
    assert sent_pages(rsps) == [1, 2, 3]
    assert len(rsps.calls) == 4


def layer_frame(frame_id, index, layer_id):
    return dict(frame(frame_id, index), taskId=layer_id)


@pytest.mark.parametrize(
    ("method", "path"),
    [("get_custome_frames", RECOMMIT_FRAME), ("frame_number_to_stop", STOP_FRAMES)],
)
def test_frames_by_index_of_a_task_with_layers_act_on_every_layer(api, rsps, method, path):
    # A parent's listing holds each layer's frame 2: both are acted on, each with its layer's id.
    serve_pages(
        rsps,
        [[layer_frame(601, "1", 71), layer_frame(602, "2", 71)], [layer_frame(603, "2", 72)]],
    )
    rsps.add(responses.POST, url(path), json=envelope(None))

    assert getattr(api.query, method)(TASK, ["2", "1"]) == [None, None]

    acts = [call for call in rsps.calls if call.request.url == url(path)]
    assert [json.loads(call.request.body) for call in acts] == [
        dict(
            {"taskId": 71, "taskIds": 71} if path == RECOMMIT_FRAME else {"taskId": 71},
            selectAll=0,
            ids=[602, 601],
        ),
        dict(
            {"taskId": 72, "taskIds": 72} if path == RECOMMIT_FRAME else {"taskId": 72},
            selectAll=0,
            ids=[603],
        ),
    ]


def test_stop_frames_by_index(api, rsps):
    serve_pages(rsps, [PAGE_1, PAGE_2])
    rsps.add(responses.POST, url(STOP_FRAMES), json=envelope(None))

    assert api.query.frame_number_to_stop(TASK, ["12", "10"]) is None

    check_request(rsps.calls[-1], STOP_FRAMES, {"taskId": TASK, "selectAll": 0, "ids": [504, 502]})
    assert [call.request.url for call in rsps.calls].count(url(STOP_FRAMES)) == 1


@pytest.mark.parametrize(
    "call, parameter, target",
    [
        (
            lambda api: api.query.get_custome_frames(TASK, ["10", "99"]),
            "restartframes",
            RECOMMIT_FRAME,
        ),
        (lambda api: api.query.get_custom_frames(TASK, ["1"]), "restartframes", RECOMMIT_FRAME),
        (lambda api: api.query.frame_number_to_stop(TASK, ["99", "98"]), "stop_frame", STOP_FRAMES),
    ],
)
def test_an_unknown_index_raises_before_acting(api, rsps, call, parameter, target):
    serve_pages(rsps, [PAGE_1, PAGE_2])
    rsps.add(responses.POST, url(target), json=envelope(None))
    with pytest.raises(RayvisionArgumentError) as caught:
        call(api)
    assert parameter in str(caught.value) and str(TASK) in str(caught.value)
    assert url(target) not in [sent.request.url for sent in rsps.calls]


# -- get_small_task_id ----------------------------------------------------------------------


def test_get_small_task_id_of_the_reference_sample(api, rsps):
    # The reference's own reply: "respRenderingTaskList": null (1.x crashed on it).
    reply = load_fixture("query_task_info.json")
    assert reply["data"]["items"][0]["respRenderingTaskList"] is None
    rsps.add(responses.POST, url(TASK_INFO), json=reply)

    assert api.query.get_small_task_id(TASK) == [TASK]

    assert len(rsps.calls) == 1
    check_request(rsps.calls[0], TASK_INFO, {"taskIds": [TASK]})  # signed with bFilterOsgb=0


def layered(task_id, sub_ids):
    item = dict(load_fixture("query_task_info.json")["data"]["items"][0], id=task_id)
    item["respRenderingTaskList"] = [
        dict(item, id=sub, respRenderingTaskList=None) for sub in sub_ids
    ]
    return envelope({"pageCount": 1, "pageNum": 1, "total": 1, "size": 100, "items": [item]})


def test_get_small_task_id_of_a_layered_task(api, rsps):
    rsps.add(responses.POST, url(TASK_INFO), json=layered(1521323, [1521325, 1521327, 1521329]))
    assert api.query.get_small_task_id(1521323) == [1521325, 1521327, 1521329]
    check_request(rsps.calls[0], TASK_INFO, {"taskIds": [1521323]})


def test_get_small_task_id_accepts_a_numeric_string(api, rsps):
    rsps.add(responses.POST, url(TASK_INFO), json=layered(1521323, [1521325]))
    assert api.query.get_small_task_id("1521323") == [1521325]
    check_request(rsps.calls[0], TASK_INFO, {"taskIds": [1521323]})


def test_get_small_task_id_with_an_empty_sub_task_list(api, rsps):
    rsps.add(responses.POST, url(TASK_INFO), json=layered(1521323, []))
    assert api.query.get_small_task_id("1521323") == [1521323]


@pytest.mark.parametrize("data", [None, {"items": []}, {"items": None}])
def test_get_small_task_id_of_an_unknown_task(api, rsps, data):
    rsps.add(responses.POST, url(TASK_INFO), json=envelope(data))
    with pytest.raises(RayvisionArgumentError) as caught:
        api.query.get_small_task_id(42)
    assert "task_id" in str(caught.value) and "42" in str(caught.value)
    assert len(rsps.calls) == 1


# -- replies without the fields a composite call reads -------------------------------------


@pytest.mark.parametrize(
    "data",
    [
        [PAGE_1],
        "items",
        {"items": [{"id": 501}]},
        {"items": [None]},
    ],
    ids=["data-list", "data-str", "frame-without-index", "frame-null"],
)
def test_get_all_frames_of_a_malformed_reply(api, rsps, data):
    rsps.add(responses.POST, url(TASK_FRAMES), json=envelope(data))
    with pytest.raises(RayvisionResponseError) as caught:
        api.query.get_all_frames(TASK)
    assert caught.value.url == url(TASK_FRAMES)
    assert len(rsps.calls) == 1


def test_frames_by_index_with_a_frame_without_id(api, rsps):
    serve_pages(rsps, [[{"frameIndex": "10"}]])
    rsps.add(responses.POST, url(RECOMMIT_FRAME), json=envelope(None))
    with pytest.raises(RayvisionResponseError):
        api.query.get_custome_frames(TASK, ["10"])
    assert url(RECOMMIT_FRAME) not in [sent.request.url for sent in rsps.calls]


@pytest.mark.parametrize(
    "data",
    [
        [{"id": TASK}],
        {"items": ["x"]},
        {"items": [{"id": TASK, "respRenderingTaskList": [{"taskAlias": "no id"}]}]},
    ],
    ids=["data-list", "item-str", "sub-task-without-id"],
)
def test_get_small_task_id_of_a_malformed_reply(api, rsps, data):
    rsps.add(responses.POST, url(TASK_INFO), json=envelope(data))
    with pytest.raises(RayvisionResponseError) as caught:
        api.query.get_small_task_id(TASK)
    assert caught.value.url == url(TASK_INFO)
    assert len(rsps.calls) == 1


@pytest.mark.parametrize(
    ("method", "path"),
    [("get_custome_frames", RECOMMIT_FRAME), ("frame_number_to_stop", STOP_FRAMES)],
)
def test_frames_by_index_of_a_parent_that_lists_none_come_from_its_sub_tasks(
    api, rsps, method, path
):
    # Frame calls take a sub-task's id: a service may list nothing under the
    # parent's id, so its sub-tasks (respRenderingTaskList) are read instead.
    frames_of = {TASK: [], 71: [frame(601, "1"), frame(602, "2")], 72: [frame(603, "2")]}

    def answer(request):
        body = json.loads(request.body)
        items = frames_of[body["taskId"]] if body["pageNum"] == 1 else []
        data = {"pageNum": body["pageNum"], "pageCount": 1, "total": len(items), "items": items}
        return 200, {}, json.dumps(envelope(data))

    rsps.add_callback(
        responses.POST, url(TASK_FRAMES), callback=answer, content_type="application/json"
    )
    parent = {"id": TASK, "isOpen": 1, "respRenderingTaskList": [{"id": 71}, {"id": 72}]}
    rsps.add(responses.POST, url(TASK_INFO), json=envelope({"items": [parent]}))
    rsps.add(responses.POST, url(path), json=envelope(None))

    for listed in frames_of.values():  # the frames' own taskId is the parent's, as in PAGE_1
        for item in listed:
            item.pop("taskId")
    assert getattr(api.query, method)(TASK, ["2"]) == [None, None]

    acts = [json.loads(call.request.body) for call in rsps.calls if call.request.url == url(path)]
    assert [(act["taskId"], act["ids"]) for act in acts] == [(71, [602]), (72, [603])]
