"""The emulator's reply codes, and the exception that carries one.

Checks of the request itself (headers, timestamp, signature, body) and of its
parameters are answered with HTTP 200 and a business-error envelope, as the
service does. Problems with the HTTP request (unknown path, wrong method, a
body that is too large or has no length) are answered with that HTTP status,
and the envelope's ``code`` is the same number.

Each code is the service's documented one (:class:`dayan_api.Code`, from
protocol.md's "Business codes") wherever one fits; the few without one are
the emulator's own and say so below. Several names may share a code.
"""

from dayan_api.codes import Code

SUCCESS = int(Code.SUCCESS)

# HTTP-level problems: the envelope's code equals the HTTP status.
HTTP_BAD_CONTENT_LENGTH = int(Code.BAD_REQUEST)
HTTP_UNKNOWN_PATH = int(Code.RESOURCE_NOT_FOUND)
HTTP_METHOD_NOT_ALLOWED = 405  # own: the HTTP status, no documented code
HTTP_LENGTH_REQUIRED = 411  # own: the HTTP status, no documented code
HTTP_BODY_TOO_LARGE = 413  # own: the HTTP status, no documented code
HTTP_INTERNAL_ERROR = int(Code.INTERNAL_ERROR)  # a bug in the emulator itself

# Request checks, answered with HTTP 200.
MISSING_HEADER = int(Code.PARAMETER_MISSING)
UNKNOWN_ACCESS_ID = int(Code.ACCOUNT_NOT_FOUND)
BAD_TIMESTAMP = int(Code.SIGNATURE_EXPIRED)
SIGNATURE_MISMATCH = int(Code.SIGNATURE_INVALID)
BODY_NOT_JSON = int(Code.BAD_REQUEST)
BODY_NOT_OBJECT = int(Code.BAD_REQUEST)
BAD_NONCE = int(Code.PARAMETER_INVALID)  # the nonce is not decimal digits
# Own: a replay, the same signed request (timestamp, nonce, signature) accepted
# before while its timestamp is in the window; the service documents no code.
NONCE_REUSED = 90006

# Business errors, answered with HTTP 200.
INVALID_PARAMETER = int(Code.PARAMETER_INVALID)
MISSING_PARAMETER = int(Code.PARAMETER_MISSING)
TASK_NOT_FOUND = int(Code.TASK_NOT_FOUND)
# No project label, task label or render environment of that name or id; no such frame.
RESOURCE_NOT_FOUND = int(Code.RESOURCE_NOT_FOUND)
FRAME_NOT_FOUND = int(Code.RESOURCE_NOT_FOUND)
# A project label or render environment of that name exists already.
LABEL_EXISTS = int(Code.LABEL_EXISTS)
CONFIG_FILE_MISSING = int(Code.TASK_JSON_EMPTY)  # a submit before any task.json
TASK_JSON_EMPTY = int(Code.TASK_JSON_EMPTY)  # an upload of an empty task.json
INVALID_CONFIG_FILE = int(Code.TASK_JSON_INVALID)  # an uploaded task.json that is no JSON object
ALREADY_SUBMITTED = int(Code.ALREADY_SUBMITTING)
SUBMIT_NOT_ALLOWED = int(Code.SUBMIT_NOT_ALLOWED)  # a submit of an abandoned or deleted task
# Own: the task's state forbids the change (a deleted task changed, an
# unsubmitted or abandoned one restarted); the service documents no code.
INVALID_TASK_STATE = 90005

# A generic business error for tests to inject with
# ``Emulator.inject(path, code=INJECTED_ERROR)``: the family's "fail".
INJECTED_ERROR = int(Code.FAIL)


class ApiError(Exception):
    """A request the service refuses: becomes an envelope with ``code`` and ``message``."""

    def __init__(self, code: int, message: str) -> None:
        super().__init__(code, message)
        self.code = code
        self.message = message

    def __str__(self) -> str:
        return "[{}] {}".format(self.code, self.message)
