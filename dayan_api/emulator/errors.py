"""The emulator's reply codes, and the exception that carries one.

Checks of the request itself (headers, timestamp, signature, body) and of its
parameters are answered with HTTP 200 and a business-error envelope, as the
service does. Problems with the HTTP request (unknown path, wrong method, a
body that is too large or has no length) are answered with that HTTP status,
and the envelope's ``code`` is the same number.
"""

SUCCESS = 200

# HTTP-level problems: the envelope's code equals the HTTP status.
HTTP_BAD_CONTENT_LENGTH = 400
HTTP_UNKNOWN_PATH = 404
HTTP_METHOD_NOT_ALLOWED = 405
HTTP_LENGTH_REQUIRED = 411
HTTP_BODY_TOO_LARGE = 413
HTTP_INTERNAL_ERROR = 500  # a bug in the emulator itself

# Request checks, answered with HTTP 200.
MISSING_HEADER = 10001
UNKNOWN_ACCESS_ID = 10002
BAD_TIMESTAMP = 10003
SIGNATURE_MISMATCH = 10004
BODY_NOT_JSON = 10005
BODY_NOT_OBJECT = 10006

# Business errors, answered with HTTP 200.
INVALID_PARAMETER = 20001
TASK_NOT_FOUND = 20002
CONFIG_FILE_MISSING = 20003
INVALID_CONFIG_FILE = 20004
INVALID_TASK_STATE = 20005
FRAME_NOT_FOUND = 20006
# The service family's documented codes (protocol.md, "Business codes").
RESOURCE_NOT_FOUND = 404  # no project label, task label or render environment of that name or id
LABEL_EXISTS = 503  # a project label or render environment of that name exists already

# The code of a business error injected with ``Emulator.inject(path, code=...)``
# when no code is given.
INJECTED_ERROR = 29999


class ApiError(Exception):
    """A request the service refuses: becomes an envelope with ``code`` and ``message``."""

    def __init__(self, code: int, message: str) -> None:
        super().__init__(code, message)
        self.code = code
        self.message = message

    def __str__(self) -> str:
        return "[{}] {}".format(self.code, self.message)
