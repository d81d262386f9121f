"""The shapes of the replies users read most, as ``TypedDict`` s.

They name the keys the service's reference documents, so that an IDE
completes ``item["taskStatus"]`` and a type checker catches a misspelt key.
At run time they are plain ``dict`` s: nothing is checked or converted, and a
reply may carry more keys than these (the service adds some over time).

Keys every published sample reply shows are required; keys that only some
samples show, or that the tables alone list, are optional (the
``total=False`` part). A value that any published sample shows as ``null`` is
``Optional``: the service family's docs (``tests/fixtures/published/``) show
``null`` for the fees, dates and frame counts of a task with sub-tasks and of
a task that has not started. Money is ``float``,
times are epoch milliseconds (``int``), statuses are the codes of
:mod:`dayan_api.constants`.
"""

import sys
from typing import Any, Dict, List, Optional

if sys.version_info >= (3, 8):
    from typing import TypedDict  # novermin (3.8+ branch)
else:  # Python 3.7 (DCC hosts): the package's one extra dependency there.
    from typing_extensions import TypedDict

# Required and optional keys are mixed by inheritance (a total base, then a
# total=False subclass): typing.NotRequired is Python 3.11+.

__all__ = [
    "AtReport",
    "AtReportPhoto",
    "AtReportPhotogroup",
    "AtReportProject",
    "AtReportTiePoints",
    "CreatedTasks",
    "FrameInfo",
    "FramePage",
    "OutputFile",
    "OutputSize",
    "OutputSizePage",
    "PluginInfo",
    "ProjectLabel",
    "ProjectLabels",
    "RenderEnv",
    "RenderEnvName",
    "RenderLogPage",
    "TaskInfo",
    "TaskPage",
    "TaskStatusCount",
    "TransferBid",
    "UserInfo",
    "UserProfile",
    "UserSettings",
]


class _UserProfileSample(TypedDict):
    # The keys of both published samples (the reference's and the family's).

    userId: int
    userName: str
    platform: int
    phone: str
    email: str
    company: str
    name: str
    job: str
    communicationNumber: str
    softType: int
    softStatus: int
    businessType: int
    status: int
    infoStatus: int
    accountType: int
    userType: int
    mainUserId: int
    level: int
    pictureLever: Any
    zone: int
    rmbbalance: float
    usdbalance: float
    rmbCumulative: float
    usdCumulative: float
    credit: float
    coupon: float
    description: str
    country: str
    city: str
    address: str
    cpuPrice: float
    gpuPrice: float
    shareMainCapital: int
    subDeleteTask: int
    useMainBalance: int
    hideBalance: int
    hideJobCharge: int
    useLevelDirectory: int
    downloadDisable: int
    displaySubaccount: int
    subaccountLimits: int
    houdiniFlag: int
    c4dFlag: int
    blenderFlag: int
    studentEndTime: Optional[int]


class UserProfile(_UserProfileSample, total=False):
    """``api.user.query_user_profile()``: the account's profile."""

    keyshotFlag: int  # the reference's sample has it, the family's not


class _UserSettingsSample(TypedDict):
    infoStatus: Optional[int]
    accountType: Optional[int]
    shareMainCapital: int
    subDeleteTask: int
    useMainBalance: int
    singleNodeRenderFrames: str
    maxIgnoreMapFlag: str
    autoCommit: str
    separateAccountFlag: int
    mifileSwitchFlag: int
    assfileSwitchFlag: int
    manuallyStartAnalysisFlag: int
    downloadDisable: int
    taskOverTime: int
    taskOverTimeSec: int


class UserSettings(_UserSettingsSample, total=False):
    """``api.user.query_user_setting()``: the account's settings."""

    ignoreMapFlag: int
    isVrayLicense: int
    justUploadConfigFlag: int
    justUploadCgFlag: int
    mandatoryAnalyseAllAgent: int


class TransferBid(TypedDict):
    """``api.user.get_transfer_bid()``: the account's transfer ids."""

    config_bid: str
    input_bid: str
    output_bid: str
    parent_input_bid: str
    sub_user_output_bids: List[Dict[str, Any]]


class _UserInfoSample(TypedDict):
    # The profile's keys, in snake_case.
    user_id: int
    user_name: str
    phone: str
    email: str
    company: str
    name: str
    job: str
    communication_number: str
    soft_type: int
    soft_status: int
    business_type: int
    status: int
    user_type: int
    main_user_id: int
    level: int
    picture_lever: Any
    zone: int
    rmbbalance: float
    usdbalance: float
    rmb_cumulative: float
    usd_cumulative: float
    credit: float
    coupon: float
    description: str
    country: str
    city: str
    address: str
    cpu_price: float
    gpu_price: float
    hide_balance: int
    hide_job_charge: int
    use_level_directory: int
    display_subaccount: int
    subaccount_limits: int
    houdini_flag: int
    c4d_flag: int
    blender_flag: int
    student_end_time: Optional[int]
    # The settings' keys (they win where the profile has the same key).
    info_status: Optional[int]
    account_type: Optional[int]
    share_main_capital: int
    sub_delete_task: int
    use_main_balance: int
    single_node_render_frames: str
    max_ignore_map_flag: str
    auto_commit: str
    separate_account_flag: int
    mifile_switch_flag: int
    assfile_switch_flag: int
    manually_start_analysis_flag: int
    download_disable: int
    task_over_time: int
    task_over_time_sec: int
    # The transfer ids.
    config_bid: str
    input_bid: str
    output_bid: str
    parent_input_bid: str
    sub_user_output_bids: List[Dict[str, Any]]
    # Added by the client: "windows" or "linux", and the client's own
    # domain and platform (the platform id as configured, a str).
    local_os: str
    domain: str
    platform: str


class UserInfo(_UserInfoSample, total=False):
    """``api.user_info``: profile, settings and transfer ids merged, keys in snake_case."""

    keyshot_flag: int
    ignore_map_flag: int
    is_vray_license: int
    just_upload_config_flag: int
    just_upload_cg_flag: int
    mandatory_analyse_all_agent: int


class CreatedTasks(TypedDict):
    """``api.task.create_task()``: the new task ids."""

    aliasTaskIdList: List[str]
    taskIdList: List[int]
    userId: int


class _TaskInfoSample(TypedDict):
    # The keys of both published samples (getTaskList's and queryTaskInfo's).
    sceneName: str
    id: int
    taskAlias: str
    taskStatus: int
    statusText: str
    preTaskStatus: Optional[int]
    preStatusText: Optional[str]
    totalFrames: int
    abortFrames: Optional[int]
    executingFrames: Optional[int]
    doneFrames: Optional[int]
    failedFrames: int
    framesRange: str
    projectName: str
    renderConsume: Optional[float]
    taskArrears: float
    submitDate: Optional[int]
    startTime: Optional[int]
    completedDate: Optional[int]
    renderDuration: Optional[int]
    userName: str
    producer: Optional[str]
    taskLevel: int
    taskUserLevel: int
    taskLimit: Optional[int]
    taskOverTime: Optional[int]
    userId: int
    outputFileName: Optional[str]
    munuTaskId: str
    layerParentId: int
    cgId: Optional[int]
    taskKeyValueVo: Dict[str, Any]
    userAccountConsume: Optional[float]
    couponConsume: Optional[float]
    isOpen: int
    taskType: str
    renderCamera: str
    cloneParentId: Optional[int]
    cloneOriginalId: Optional[int]
    shareMainCapital: int
    taskRam: Optional[int]
    respRenderingTaskList: Optional[List["TaskInfo"]]
    layerName: Optional[str]
    taskTypeText: Optional[str]
    isDelete: int


class TaskInfo(_TaskInfoSample, total=False):
    """One task, as ``query.task_info`` and ``query.get_task_list`` list it.

    ``taskStatus`` is a task status code (``constants.TASK_STATUS``). A task
    split into sub-tasks (render layers, ROP nodes, ContextCapture stages...)
    has ``isOpen`` 1 and its sub-tasks in ``respRenderingTaskList`` (``None``
    for a plain task); such a parent shows ``None`` for its frame counts but
    ``totalFrames`` and ``failedFrames``, its fees, dates, durations,
    ``taskRam`` and ``taskOverTime``: read them from the sub-tasks. A task
    that has not started rendering has ``startTime``, ``completedDate`` and
    ``renderDuration`` ``None``. Fees in the account's currency; dates in
    epoch milliseconds.
    """

    # Shown in queryTaskInfo's sample, not in getTaskList's.
    overTimeStop: int
    munuTaskIds: str
    qyCouponConsume: Optional[float]
    locationOutput: str
    channel: int
    remark: str
    labels: str
    isOverTime: int
    waitingCount: Optional[int]
    stopType: int


class TaskPage(TypedDict):
    """One page of tasks: ``query.task_info`` and ``query.get_task_list``."""

    pageCount: int
    pageNum: int
    total: int
    size: int
    items: List[TaskInfo]


class _FrameInfoSample(TypedDict):
    # The keys of queryTaskFrames' published sample.
    id: int
    userId: Optional[int]
    framePrice: Optional[float]
    feeType: Optional[int]
    platform: Optional[int]
    frameIndex: str
    frameStatus: int
    feeAmount: Optional[float]
    startTime: int
    endTime: int
    frameExecuteTime: int
    frameStatusText: str
    arrearsFee: Optional[float]
    munuJobId: str
    taskId: int
    munuTaskId: str
    frameType: int
    couponFee: Optional[float]
    recommitFlag: int
    isCopy: Any
    frameBlock: str
    taskOverTime: int
    gopName: Optional[str]
    frameRam: Optional[int]


class FrameInfo(_FrameInfoSample, total=False):
    """One frame of a task, as ``query.task_frames`` lists it.

    ``frameStatus`` is a frame status code (``constants.FRAME_STATUS``);
    ``frameIndex`` the frame's name (its number, as a str); ``id`` what the
    frame calls take in ``ids_list``; ``taskId`` the (sub-)task the frame
    belongs to. A frame that has not started has ``startTime`` and
    ``endTime`` 0, and a frame never rendered ``feeAmount`` and ``couponFee``
    ``None``.
    """

    # Shown in the published get_all_frames sample, not in queryTaskFrames'.
    currentRenderTime: int
    averageCpu: int
    averageMemory: int
    isOverTime: int
    overOneMonth: Optional[int]
    renderRam: Optional[int]
    nodeId: str
    openRenderRam: Optional[int]


class FramePage(TypedDict):
    """One page of a task's frames: ``query.task_frames``."""

    pageCount: int
    pageNum: int
    total: int
    size: int
    items: List[FrameInfo]


class OutputFile(TypedDict):
    """One entry of ``transmit.get_output_files()``: a file or a folder.

    A folder has ``directory`` true and ``fileSize`` and ``fileType`` ``None``.
    ``filePath`` is relative to the root of the account's output storage.
    """

    fileName: str
    fileSize: Optional[int]
    iconPath: Optional[str]
    lastModify: str
    fileType: Optional[str]
    filePath: str
    directory: bool
    isArrears: int


class ProjectLabel(TypedDict):
    """One project label, as ``tag.get_label_list`` and ``tag.get_list`` list it.

    ``projectName`` is what a task is filed under; ``projectId`` the label's id.
    """

    projectId: int
    projectName: str


class ProjectLabels(TypedDict):
    """``api.tag.get_label_list()`` and ``api.tag.get_list()``: the project labels."""

    projectNameList: List[ProjectLabel]


class PluginInfo(TypedDict):
    """One plugin of a render environment (its ``respUserPluginInfoVos``).

    ``pluginId`` is what ``pluginIds`` takes when the environment is saved.
    """

    pluginId: int
    pluginName: str
    pluginVersion: str


class _RenderEnvSample(TypedDict):
    cgId: int
    editName: str
    cgName: str
    cgVersion: str
    osName: int
    renderLayerType: int
    isDefault: int
    respUserPluginInfoVos: List[PluginInfo]


class RenderEnv(_RenderEnvSample, total=False):
    """One render environment, as ``env.get_render_env`` lists them.

    ``editName`` is the environment's name; ``osName`` 0 Linux, 1 Windows (the
    ``renderSystem`` it was saved with); ``isDefault`` 1 for the default of its
    software and system. The service family's sample also shows
    ``projectPath`` (``""`` when the environment has none) and
    ``isMainUserId``; 1.x's does not.
    """

    projectPath: str
    isMainUserId: int


class RenderEnvName(TypedDict):
    """``api.env.add_render_env()``: the name the new environment is stored under."""

    editName: str


# The service's other calls (beyond 1.x), kept in a module of their own.
from dayan_api._replies_beyond import (  # noqa: E402
    AtReport,
    AtReportPhoto,
    AtReportPhotogroup,
    AtReportProject,
    AtReportTiePoints,
    OutputSize,
    OutputSizePage,
    RenderLogPage,
    TaskStatusCount,
)
