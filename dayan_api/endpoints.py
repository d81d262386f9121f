"""Every path of the Dayan service, in one table.

Each endpoint says whether a call is safe to send twice. Only those are
retried after an ambiguous failure (a read timeout, a broken connection, an
HTTP 5xx): reads, and writes that set a state (stop, priority, settings) so
that a second identical call changes nothing more. Calls that create or
restart something (a new task id, a submit, a frame restart) are never
retried after the request may have reached the service.
"""

from types import MappingProxyType
from typing import Mapping, NamedTuple


class Endpoint(NamedTuple):
    """One service path and whether repeating the call is harmless."""

    path: str
    retry_safe: bool


# user
QUERY_USER_PROFILE = Endpoint("/api/render/setUp/queryUserProfile", True)
QUERY_USER_SETTING = Endpoint("/api/rendering/user/client/queryUserSetting", True)
UPDATE_USER_SETTING = Endpoint("/api/render/user/updateUserSetting", True)
GET_TRANSFER_BID = Endpoint("/api/rendering/task/plugin/getPluginTransferBid", True)
HARDWARE_CONFIG_LIST = Endpoint("/api/render/hardwareConfig/list", True)

# task
CREATE_TASK = Endpoint("/api/render/task/createTask", False)
SUBMIT_TASK = Endpoint("/api/rendering/task/plugin/pluginSubmitTask", False)
STOP_TASK = Endpoint("/api/rendering/task/renderingTask/stopTask", True)
START_TASK = Endpoint("/api/rendering/task/renderingTask/startTask", True)
ABANDON_TASK = Endpoint("/api/render/handle/abandonTask", True)
DELETE_TASK = Endpoint("/api/render/handle/deleteTask", True)
UPDATE_TASK_USER_LEVEL = Endpoint("/api/rendering/task/renderingTask/updateTaskUserLevel", True)
SET_TASK_OVERTIME_STOP = Endpoint("/api/render/handle/setTaskOverTimeStop", True)
FULL_SPEED_RENDERING = Endpoint("/api/render/handle/fullSpeedRendering", True)
# Beyond the API reference (interface.md, "the service's other calls"): the
# family's published docs name this one; setting a limit twice sets it once.
UPDATE_TASK_LIMIT = Endpoint("/api/render/handle/updateTaskLimit", True)

# query
QUERY_PLATFORMS = Endpoint("/api/render/common/queryPlatforms", True)
QUERY_ANALYSE_ERROR_DETAIL = Endpoint("/api/render/submit/queryAnalyseErrorDetail", True)
GET_TASK_LIST = Endpoint("/api/render/handle/getTaskList", True)
QUERY_TASK_FRAMES = Endpoint("/api/render/handle/queryTaskFrames", True)
QUERY_ALL_FRAME_STATS = Endpoint("/api/render/handle/queryAllFrameStats", True)
RECOMMIT_FAIL_FRAME = Endpoint("/api/rendering/task/renderingTask/recommitFailFrame", False)
RECOMMIT_TASK_FRAME = Endpoint("/api/rendering/task/renderingTask/recommitTaskFrame", False)
QUERY_TASK_INFO = Endpoint("/api/rendering/task/renderingTask/queryTaskInfo", True)
QUERY_SOFTWARE_LIST = Endpoint("/api/render/plugin/querySoftwareList", True)
QUERY_SOFTWARE_DETAIL = Endpoint("/api/render/plugin/querySoftwareDetail", True)
GET_SERVER_INFO = Endpoint("/api/render/transfer/getServerInfo", True)
GET_RAYSYNC_USER_KEY = Endpoint("/api/render/transfer/getRaySyncUserKey", True)
LOAD_TASK_PROCESS_IMG = Endpoint("/api/render/handle/loadTaskProcessImg", True)
LOADING_FRAME_THUMBNAIL = Endpoint("/api/render/handle/loadingFrameThumbnail", True)
STOP_TASK_FRAMES = Endpoint("/api/render/handle/stopTaskFrames", True)
# Beyond the API reference: reads that the family's docs (showLog) and Dayan's
# own client (the status counts, the AT report's address) make.
SHOW_LOG = Endpoint("/api/render/handle/showLog", True)
GET_TASK_STATUS_COUNT = Endpoint("/api/rendering/task/renderingTask/getTaskStatusCount", True)
LOAD_AT_TASK_REPORT_DATA_URL = Endpoint(
    "/api/rendering/task/renderingTask/loadAtTaskReportDataUrl", True
)

# transmit
GET_TRANSFER_CONFIG = Endpoint("/api/render/transfer/getConfig", True)
TASK_JSON_FILE = Endpoint("/api/render/submit/taskJsonFile", True)
GET_OUTPUT_USER_DIR_FILE = Endpoint("/api/render/file/operate/getOutputUserDirFile", True)
# Beyond the API reference: Dayan's own client reads output sizes here.
GET_OUTPUT_SIZE = Endpoint("/api/rendering/task/output/getSize", True)

# tag
# Adding a project label makes one: a repeat after a lost reply would be
# refused as a duplicate, so it is never sent twice.
ADD_PROJECT_LABEL = Endpoint("/api/render/project/add", False)
# Deleting sets a state; a repeat of one that had acted answers "not found",
# which says the same thing as the lost reply would have.
DELETE_PROJECT_LABEL = Endpoint("/api/render/project/delete", True)
GET_PROJECT_LABELS = Endpoint("/api/render/project/getList", True)
LIST_PROJECT_LABELS = Endpoint("/api/render/project/list", True)
# The reference does not say whether the service adds a label to a task
# twice when asked twice, so putting a label on tasks is not repeated.
ADD_TASK_LABEL = Endpoint("/api/render/handle/addTaskLabel", False)
DELETE_TASK_LABEL = Endpoint("/api/render/handle/deleteTaskLabel", True)

# env
# Adding an environment makes one (a repeat is a duplicate name); editing,
# deleting and choosing the default set a state that a repeat leaves as it is.
ADD_RENDER_ENV = Endpoint("/api/render/plugin/addUserPluginConfig", False)
EDIT_RENDER_ENV = Endpoint("/api/render/plugin/editUserPluginConfig", True)
DELETE_RENDER_ENV = Endpoint("/api/render/plugin/deleteUserPluginConfig", True)
SET_DEFAULT_RENDER_ENV = Endpoint("/api/render/plugin/setDefaultUserPluginConfig", True)
GET_RENDER_ENV = Endpoint("/api/render/plugin/getUserPluginConfig", True)

ALL = (
    QUERY_USER_PROFILE,
    QUERY_USER_SETTING,
    UPDATE_USER_SETTING,
    GET_TRANSFER_BID,
    HARDWARE_CONFIG_LIST,
    CREATE_TASK,
    SUBMIT_TASK,
    STOP_TASK,
    START_TASK,
    ABANDON_TASK,
    DELETE_TASK,
    UPDATE_TASK_USER_LEVEL,
    SET_TASK_OVERTIME_STOP,
    FULL_SPEED_RENDERING,
    UPDATE_TASK_LIMIT,
    QUERY_PLATFORMS,
    QUERY_ANALYSE_ERROR_DETAIL,
    GET_TASK_LIST,
    QUERY_TASK_FRAMES,
    QUERY_ALL_FRAME_STATS,
    RECOMMIT_FAIL_FRAME,
    RECOMMIT_TASK_FRAME,
    QUERY_TASK_INFO,
    QUERY_SOFTWARE_LIST,
    QUERY_SOFTWARE_DETAIL,
    GET_SERVER_INFO,
    GET_RAYSYNC_USER_KEY,
    LOAD_TASK_PROCESS_IMG,
    LOADING_FRAME_THUMBNAIL,
    STOP_TASK_FRAMES,
    SHOW_LOG,
    GET_TASK_STATUS_COUNT,
    LOAD_AT_TASK_REPORT_DATA_URL,
    GET_TRANSFER_CONFIG,
    TASK_JSON_FILE,
    GET_OUTPUT_USER_DIR_FILE,
    GET_OUTPUT_SIZE,
    ADD_PROJECT_LABEL,
    DELETE_PROJECT_LABEL,
    GET_PROJECT_LABELS,
    LIST_PROJECT_LABELS,
    ADD_TASK_LABEL,
    DELETE_TASK_LABEL,
    ADD_RENDER_ENV,
    EDIT_RENDER_ENV,
    DELETE_RENDER_ENV,
    SET_DEFAULT_RENDER_ENV,
    GET_RENDER_ENV,
)

BY_PATH: Mapping[str, Endpoint] = MappingProxyType({endpoint.path: endpoint for endpoint in ALL})

# The service checks this path's signature as if the body also held these
# pairs (a filter it defaults); they are signed but never sent.
SIGNED_ONLY_PAIRS: Mapping[str, Mapping[str, str]] = MappingProxyType(
    {QUERY_TASK_INFO.path: MappingProxyType({"bFilterOsgb": "0"})}
)
