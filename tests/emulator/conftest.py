"""Shared helpers of the emulator tests: an emulator per test and a signing client.

The client signs with :mod:`dayan_api.signature` and sends with ``requests``,
so these tests do not depend on the SDK's RayvisionAPI.
"""

import itertools
import json
import pathlib
import secrets
from typing import Any, Dict, Optional

import pytest
import requests

from dayan_api import endpoints, signature
from dayan_api.emulator import serve

ACCESS_ID = "test-id"
ACCESS_KEY = "test-key"
OTHER_ID = "other-id"
OTHER_KEY = "other-key"
TIMEOUT = 10  # seconds: every request is bounded

FIXTURES = pathlib.Path(__file__).parent.parent / "fixtures"

# Default timing: 5 s of analysis (the first second of it shown as submitting),
# then 6 s per frame, 2 frames at a time.
ANALYSE = 5
SUBMITTING = 1
FRAME = 6


class Client:
    """Signed requests to one emulator, as one account."""

    def __init__(self, emu, access_id: str = ACCESS_ID, access_key: str = ACCESS_KEY) -> None:
        self.emu = emu
        self.access_id = access_id
        self.access_key = access_key
        self.session = requests.Session()
        # Never the same nonce twice from one client (the emulator refuses a
        # request repeated with the same timestamp and nonce as a replay).
        self._nonces = itertools.count(secrets.randbelow(800000))

    def close(self) -> None:
        self.session.close()

    def headers(self, path: str, body: Any, extra: Optional[Dict[str, str]] = None, **kw):
        """Signed headers for ``body``; ``extra`` headers are signed too."""
        headers = {
            "accessId": self.access_id,
            "channel": "4",
            "platform": "54",
            "UTCTimestamp": signature.generate_timestamp(),
            "nonce": str(100000 + next(self._nonces) % 900000),
            "version": "2.0.0",
        }
        headers.update(extra or {})
        key = kw.get("key", self.access_key)
        domain = kw.get("domain", self.emu.domain)
        headers["signature"] = signature.sign(key, domain, path, headers, body)
        headers["Content-Type"] = "application/json"
        return headers

    def post(self, path: str, body: Any = None, headers: Optional[Dict[str, str]] = None, **kw):
        """The raw ``requests`` response to a signed POST (``headers`` replace the signed ones)."""
        path = getattr(path, "path", path)
        body = {} if body is None else body
        sent = headers if headers is not None else self.headers(path, body, **kw)
        data = json.dumps(body).encode("utf-8")
        return self.session.post(self.emu.url + path, data=data, headers=sent, timeout=TIMEOUT)

    def call(self, path, body: Any = None, **kw) -> Dict[str, Any]:
        """The reply envelope (HTTP 200 expected)."""
        response = self.post(path, body, **kw)
        assert response.status_code == 200, response.text
        return response.json()

    def data(self, path, body: Any = None, **kw) -> Any:
        """The ``data`` of a successful reply."""
        reply = self.call(path, body, **kw)
        assert reply["code"] == 200, reply
        return reply["data"]

    def error(self, path, body: Any = None, **kw) -> Dict[str, Any]:
        """The envelope of a refused request (code other than 200)."""
        reply = self.call(path, body, **kw)
        assert reply["code"] != 200 and reply["result"] is False, reply
        return reply

    # -- task helpers ----------------------------------------------------------

    def create(self, **body) -> int:
        return self.data(endpoints.CREATE_TASK, body)["taskIdList"][0]

    def upload(self, task_id: int, content: Any, file_name: str = "task.json") -> Dict[str, Any]:
        if not isinstance(content, str):
            content = json.dumps(content)
        body = {"taskId": task_id, "fileName": file_name, "content": content}
        return self.call(endpoints.TASK_JSON_FILE, body)

    def submit(self, frames: str = "1-5[1]", scene: str = "D:/work/shot_010.mb", **knobs) -> int:
        """Create, upload a task.json and submit; returns the task id."""
        task_id = self.create()
        info: Dict[str, Any] = {"input_cg_file": scene, "frames": frames, "cg_id": "2000"}
        layers = knobs.pop("layers", None)
        if layers is not None:
            info["layers"] = layers
        document = {"task_info": info, "emulator": knobs}
        assert self.upload(task_id, document)["code"] == 200
        self.data(endpoints.SUBMIT_TASK, {"taskId": task_id})
        return task_id

    def info(self, task_id: int) -> Dict[str, Any]:
        return self.data(endpoints.QUERY_TASK_INFO, {"taskIds": [task_id]})["items"][0]

    def frames(self, task_id: int) -> Dict[int, Dict[str, Any]]:
        """Every frame of the task, by frame number."""
        page = self.data(
            endpoints.QUERY_TASK_FRAMES, {"taskId": task_id, "pageNum": 1, "pageSize": 1000}
        )
        return {int(frame["frameIndex"]): frame for frame in page["items"]}


def statuses(client: "Client", task_id: int) -> Dict[int, int]:
    """Each frame's status, by frame number."""
    return {number: frame["frameStatus"] for number, frame in client.frames(task_id).items()}


@pytest.fixture
def emu():
    """A running emulator with two accounts and a stopped clock (moved by advance())."""
    with serve(accounts={ACCESS_ID: ACCESS_KEY, OTHER_ID: OTHER_KEY}, speed=0) as emulator:
        yield emulator


@pytest.fixture
def make_client(emu):
    made = []

    def factory(access_id: str = ACCESS_ID, access_key: str = ACCESS_KEY) -> Client:
        client = Client(emu, access_id, access_key)
        made.append(client)
        return client

    yield factory
    for client in made:
        client.close()


@pytest.fixture
def client(make_client) -> Client:
    return make_client()
