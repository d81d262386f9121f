"""The emulator's canned replies, shaped like the reference's samples.

Each function builds a fresh value, so that callers may change what they get.
Hosts are loopback or example.com: nothing here points at a real machine.
"""

import hashlib
from types import MappingProxyType
from typing import Any, Dict, List, Mapping, Tuple

from dayan_api.constants import SOFTWARE_IDS

PLATFORM_ID = 54
FIRST_USER_ID = 10001001

_CG_NAMES: Mapping[int, str] = MappingProxyType(
    {
        2000: "Maya",
        2001: "3ds Max",
        2002: "LightWave",
        2003: "Arnold Standalone",
        2004: "Houdini",
        2005: "Cinema 4D",
        2006: "Softimage",
        2007: "Blender",
        2008: "VR Standalone",
        2009: "MR Standalone",
        2010: "SketchUp",
        2011: "VUE",
        2012: "KeyShot",
        2013: "Clarisse",
        2014: "Octane Render",
        2015: "Nuke",
        2016: "Katana",
        2017: "ContextCapture",
        2020: "Unreal Engine",
    }
)

# The emulator's own version lists (the service's are not published); a
# software not named here lists 2020, 2022 and 2024.
_CG_VERSIONS: Mapping[int, Tuple[str, ...]] = MappingProxyType(
    {
        2015: ("12.2", "13.2", "14.0"),
        2017: ("4.4.18", "10.16", "10.20"),
        2020: ("4.27", "5.1", "5.3"),
    }
)
_DEFAULT_VERSIONS = ("2020", "2022", "2024")
# querySoftwareList's cgType: the scene file extensions, as in the service
# family's sample where it lists the software (2000, 2001, 2004, 2005, 2007,
# 2008, 2013); the emulator's own choice for the others.
_SCENE_EXTENSIONS: Mapping[int, str] = MappingProxyType(
    {
        2000: "ma;mb",
        2001: "max",
        2002: "lws",
        2003: "ass",
        2004: "hip;hipnc;hiplc",
        2005: "c4d",
        2006: "scn",
        2007: "blend",
        2008: "vrscene",
        2009: "mi",
        2010: "skp",
        2011: "vue",
        2012: "bip",
        2013: "project;render",
        2014: "orbx",
        2015: "nk",
        2016: "katana",
        2017: "xml",
        2020: "uproject",
    }
)
# isSupportLinux 0 in the sample: 3ds Max, Cinema 4D, Blender, V-Ray Standalone.
_WINDOWS_ONLY = frozenset({2001, 2005, 2007, 2008})
# hardwareConfig/list and queryPlatforms: type 1 CPU; the configuration a task gets by default.
CPU_MACHINE = 1
DEFAULT_HARDWARE_ID = 301
# Software that takes no plugins: its detail lists versions only.
_NO_PLUGINS = frozenset({2017})

_ERROR_DETAILS: Mapping[str, Mapping[int, Any]] = MappingProxyType(
    {
        "10010": MappingProxyType(
            {
                0: ("场景文件不存在", "检查场景路径是否正确并重新提交"),
                1: ("The scene file does not exist", "Check the scene path and submit again"),
            }
        ),
        "15000": MappingProxyType(
            {
                0: ("启动软件卡住或者失败", "检查软件是否有弹窗，并确认操作系统权限"),
                1: ("The software hung or failed to start", "Close any dialog and check OS rights"),
            }
        ),
        "15002": MappingProxyType(
            {
                0: ("贴图丢失", "检查贴图路径，或在设置中忽略贴图丢失"),
                1: ("Missing textures", "Check the texture paths, or ignore missing textures"),
            }
        ),
        "20004": MappingProxyType(
            {
                0: ("插件版本不支持", "在软件配置中选择支持的插件版本"),
                1: ("Plugin version not supported", "Choose a supported plugin version"),
            }
        ),
    }
)
KNOWN_ERROR_CODES = tuple(_ERROR_DETAILS)


def user_profile(user_id: int, user_name: str) -> Dict[str, Any]:
    """The queryUserProfile reply for one account."""
    return {
        "userId": user_id,
        "userName": user_name,
        "platform": PLATFORM_ID,
        "phone": "",
        "email": "{}@example.com".format(user_name),
        "company": "",
        "name": "",
        "job": "",
        "communicationNumber": "",
        "softType": 2000,
        "softStatus": 1,
        "businessType": 1,
        "status": 1,
        "infoStatus": 0,
        "accountType": 1,
        "userType": 1,
        "mainUserId": 0,
        "level": 49,
        "pictureLever": None,
        "zone": 1,
        "rmbbalance": 100.0,
        "usdbalance": 0,
        "rmbCumulative": 0,
        "usdCumulative": 0,
        "credit": 0,
        "coupon": 49.93,
        "description": "dayan_api emulator account",
        "country": "",
        "city": "",
        "address": "",
        "cpuPrice": 0.67,
        "gpuPrice": 20,
        "shareMainCapital": 0,
        "subDeleteTask": 0,
        "useMainBalance": 0,
        "hideBalance": 0,
        "hideJobCharge": 0,
        "useLevelDirectory": 1,
        "downloadDisable": 0,
        "displaySubaccount": 1,
        "subaccountLimits": 5,
        "houdiniFlag": 0,
        "c4dFlag": 0,
        "blenderFlag": 0,
        "keyshotFlag": 0,
        "studentEndTime": None,
    }


def user_settings() -> Dict[str, Any]:
    """A new account's queryUserSetting reply."""
    return {
        "infoStatus": None,
        "accountType": None,
        "shareMainCapital": 0,
        "subDeleteTask": 0,
        "useMainBalance": 0,
        "singleNodeRenderFrames": "1",
        "maxIgnoreMapFlag": "1",
        "autoCommit": "2",
        "separateAccountFlag": 0,
        "mifileSwitchFlag": 0,
        "assfileSwitchFlag": 0,
        "manuallyStartAnalysisFlag": 0,
        "downloadDisable": 0,
        "taskOverTime": 12,
        "taskOverTimeSec": 43200,
    }


def _bids(user_id: int) -> Dict[str, str]:
    suffix = str(user_id)[-3:]
    return {"config": "30" + suffix, "input": "10" + suffix, "output": "20" + suffix}


def transfer_bid(user_id: int) -> Dict[str, Any]:
    """The getPluginTransferBid reply."""
    bids = _bids(user_id)
    return {
        "config_bid": bids["config"],
        "input_bid": bids["input"],
        "output_bid": bids["output"],
        "parent_input_bid": bids["input"],
        "sub_user_output_bids": [],
    }


def transfer_config(user_id: int) -> Dict[str, Any]:
    """The getConfig reply: transfer engines and lines, all on loopback."""
    bids = _bids(user_id)

    def line(name: str, port: str, line_id: int) -> Dict[str, Any]:
        return {
            "name": name,
            "server": "127.0.0.1",
            "port": port,
            "isDefault": 1,
            "lineId": line_id,
            "type": 0,
        }

    def engine(name: str, accounts: Any, lines: List[Any], default: int) -> Dict[str, Any]:
        return {
            "resqEngineAccounts": accounts,
            "respTaskEngineLines": lines,
            "engineName": name,
            "automaticCheck": 0,
            "checkServer": "transfer.example.com",
            "checkPort": "8888",
            "checkEnable": "0",
            "checkExcludType": "tx",
            "isDefault": default,
        }

    aspera_account = [{"bid": bids["input"], "name": bids["input"], "password": "emulator"}]
    return {
        "inputBid": bids["input"],
        "outputBid": bids["output"],
        "configBid": bids["config"],
        "parentInputBid": None,
        "resqEngines": [
            engine("RaySync", None, [line("raysync_main", "10200", 121)], 1),
            engine("Aspera", aspera_account, [line("Aspera_main", "10221", 123)], 0),
        ],
        "subUserOutputBids": [],
    }


def hardware_configs(current: bool) -> List[Dict[str, Any]]:
    """The hardwareConfig/list reply; with ``current``, the tasks' config is marked ``current``.

    The shape of the service family's sample (``ram`` a str, ``gpuNum``
    null on CPU machines: all of them, as in the sample); the models and
    sizes are the emulator's own.
    """

    def config(config_id: int, model: str, ram: str, not_supported: List[int]) -> Any:
        return {
            "id": config_id,
            "type": CPU_MACHINE,
            "model": model,
            "gpuNum": None,
            "ram": ram,
            "platform": PLATFORM_ID,
            "current": current and config_id == DEFAULT_HARDWARE_ID,
            "notSupportCgId": not_supported,
            "status": 1,
        }

    return [
        config(DEFAULT_HARDWARE_ID, "Default", "64GB", []),
        config(303, "Default", "128GB", []),
        config(305, "Xeon 44C", "256GB", [SOFTWARE_IDS["3ds Max"]]),
    ]


def platforms(zone: int) -> List[Dict[str, Any]]:
    """The queryPlatforms reply (the same in either zone)."""
    return [
        {
            "platform": PLATFORM_ID,
            "name": "query_platform_w{}".format(PLATFORM_ID),
            "type": CPU_MACHINE,
            "status": 1,
            "taskPrefix": "W",
            "isShow": 1,
        }
    ]


def software_list() -> Dict[str, Any]:
    """The querySoftwareList reply: every software id the SDK knows."""
    return {
        "isAutoCommit": 2,
        "renderInfoList": [
            {
                "cgId": cg_id,
                "cgName": _CG_NAMES.get(cg_id, name),
                "cgType": _SCENE_EXTENSIONS[cg_id],
                "iconPath": "/img/software/{}.png".format(cg_id),
                "isNeedProjectPath": 3,
                "isNeedAnalyse": 1,
                "isSupportLinux": 0 if cg_id in _WINDOWS_ONLY else 1,
            }
            for name, cg_id in SOFTWARE_IDS.items()
        ],
        "defaultCgId": SOFTWARE_IDS["maya"],
    }


def software_detail(cg_id: int, os_name: str) -> Dict[str, Any]:
    """The querySoftwareDetail reply for one software id (ContextCapture: versions, no plugins)."""
    cg_name = _CG_NAMES.get(cg_id, str(cg_id))
    plugins: List[Dict[str, Any]] = []
    if cg_id not in _NO_PLUGINS:
        plugins.append(
            {
                "cvId": 19,
                "pluginName": "emulator_plugin",
                "pluginVersions": [
                    {
                        "pluginId": cg_id * 10 + 1,
                        "pluginName": "emulator_plugin",
                        "pluginVersion": "emulator_plugin 1.0",
                    }
                ],
            }
        )
    return {
        "cgPlugin": plugins,
        "cgVersion": [
            {
                "id": cg_id * 10 + index,
                "cgId": cg_id,
                "cgName": cg_name,
                "cgVersion": version,
                "osName": os_name,
            }
            for index, version in enumerate(_CG_VERSIONS.get(cg_id, _DEFAULT_VERSIONS))
        ],
    }


def plugin_info(cg_id: int, plugin_id: int) -> Dict[str, Any]:
    """How a render environment shows one of its plugins (``respUserPluginInfoVos``).

    The plugin ``querySoftwareDetail`` offers for ``cg_id`` keeps its name;
    any other id is shown under a made-up one.
    """
    name = "emulator_plugin" if plugin_id == cg_id * 10 + 1 else "plugin_{}".format(plugin_id)
    return {"pluginId": plugin_id, "pluginName": name, "pluginVersion": name + " 1.0"}


def server_info() -> Dict[str, Any]:
    """The getServerInfo reply."""
    return {
        "raysyncTransfer": {
            "port": 2542,
            "proxyIp": "transfer.example.com",
            "proxyPort": 32011,
            "serverIp": "127.0.0.1",
            "serverPort": 2121,
            "sslPort": 2543,
        }
    }


def raysync_user_key(user_id: int, user_name: str) -> Dict[str, Any]:
    """The getRaySyncUserKey reply (a key derived from the user id, not the access key)."""
    digest = hashlib.sha256("emulator-raysync-{}".format(user_id).encode("ascii")).hexdigest()[:40]
    return {"raySyncUserKey": digest, "userName": user_name, "platform": PLATFORM_ID}


def error_details(code: str, language: int) -> List[Dict[str, Any]]:
    """The queryAnalyseErrorDetail entries for one code ([] when unknown)."""
    texts = _ERROR_DETAILS.get(code)
    if texts is None:
        return []
    description, solution = texts[1 if language == 1 else 0]
    return [
        {
            "id": KNOWN_ERROR_CODES.index(code) + 1,
            "code": code,
            "type": 1,
            "languageFlag": language,
            "desDescriptionCn": description,
            "desSolutionCn": solution,
            "solutionPath": "https://docs.example.com/errors/{}".format(code),
            "isRepair": 0,
            "isDelete": 1,
            "isOpen": 1,
            "lastModifyAdmin": "",
            "updateTime": 1534387709000,
        }
    ]
