"""Where each DCC's plugin writes the frames to render in task.json.

The service family documents one task.json shape per DCC (its SDK docs'
per-DCC configuration pages). Each reader here finds the scene's render units
(a Maya render layer, a Houdini ROP node, a Katana render node, a Nuke write
node; 3ds Max and Blender have one frame range for the whole scene) and their
frames strings, such as ``"1-100[1]"`` or ``"1,3,5-9[2]"``:

=========  =========  ===================================================
software   ``cg_id``  frames
=========  =========  ===================================================
Maya       2000       ``scene_info_render.<layer>.common.frames``, for the
                      layers named in the top-level ``layers`` list (every
                      layer of ``scene_info_render`` without one)
3ds Max    2001       ``scene_info_render.common.frames``
Houdini    2004       ``scene_info_render.rop_node[].frames``
Blender    2007       ``scene_info.common.frames``
Nuke       2015       ``scene_info.write_nodes[].frames``
Katana     2016       ``scene_info_render.rendernodes.<node>.frames``
=========  =========  ===================================================

The documents carry the analysis twice, as ``scene_info_render`` and
``scene_info``; where the documented one is absent, the other is read. A
unit switched off (Maya's and Katana's ``renderable``, Nuke's ``renderable``,
Houdini's ``render`` set to ``"0"``) is not rendered.
"""

from types import MappingProxyType
from typing import Any, Callable, List, Mapping, Optional, Tuple

from dayan_api.constants import SOFTWARE_IDS
from dayan_api.emulator.taskjson.fields import invalid, switched_on
from dayan_api.emulator.taskjson.frames import parse_frames
from dayan_api.emulator.taskjson.plan import Layer

SCENE_SECTIONS = ("scene_info_render", "scene_info")

Reader = Callable[[Mapping[str, Any]], List[Layer]]


def has_scene(document: Mapping[str, Any]) -> bool:
    """Whether the document holds a scene analysis (as a DCC plugin writes one)."""
    return any(key in document for key in SCENE_SECTIONS)


def read_units(document: Mapping[str, Any], cg_id: int) -> Optional[Tuple[Layer, ...]]:
    """The render units of ``document`` for software ``cg_id``, in order.

    None when the emulator has no reader for that software. Raises
    :class:`ApiError` when the frames are not where the software puts them.
    """
    reader = READERS.get(cg_id)
    if reader is None:
        return None
    units = tuple(reader(document))
    if not units:
        raise invalid("task.json: no render unit is switched on")
    return units


def _section(document: Mapping[str, Any], first: str) -> Tuple[str, Mapping[str, Any]]:
    """The scene section ``first`` (or the other one, if absent) and its name."""
    names = (first,) + tuple(name for name in SCENE_SECTIONS if name != first)
    for name in names:
        if name in document:
            value = document[name]
            if not isinstance(value, dict):
                raise invalid("task.json: {} must be an object".format(name))
            return name, value
    raise invalid("task.json: no {} section".format(first))


def _object(parent: Mapping[str, Any], key: str, where: str) -> Mapping[str, Any]:
    value = parent.get(key)
    if not isinstance(value, dict):
        raise invalid("task.json: {}.{} must be an object".format(where, key))
    return value


def _list(parent: Mapping[str, Any], key: str, where: str) -> List[Any]:
    value = parent.get(key)
    if not isinstance(value, list):
        raise invalid("task.json: {}.{} must be a list".format(where, key))
    return value


def _unit(name: str, unit: Mapping[str, Any], where: str, prefix: str = "") -> Layer:
    frames_range = unit.get("frames")
    if isinstance(frames_range, bool) or not isinstance(frames_range, (str, int)):
        raise invalid("task.json: {}.frames must be a frames string like '1-10[1]'".format(where))
    frames = parse_frames(frames_range)
    return Layer(name, prefix + str(frames_range), frames)


def _maya(document: Mapping[str, Any]) -> List[Layer]:
    where, scene = _section(document, "scene_info_render")
    names = document.get("layers")
    if names is None:
        names = [name for name, value in scene.items() if isinstance(value, dict)]
    elif not isinstance(names, list) or not all(isinstance(name, str) for name in names):
        raise invalid("task.json: layers must be a list of layer names")
    units = []
    for name in dict.fromkeys(names):
        layer_where = "{}.{}".format(where, name)
        if name not in scene:
            raise invalid("task.json: layers names {!r}, which {} lacks".format(name, where))
        layer = _object(scene, name, where)
        if switched_on(layer, "renderable"):
            common = _object(layer, "common", layer_where)
            units.append(_unit(name, common, layer_where + ".common"))
    return units


def _common(first: str) -> Reader:
    def read(document: Mapping[str, Any]) -> List[Layer]:
        where, scene = _section(document, first)
        return [_unit("", _object(scene, "common", where), where + ".common")]

    return read


def _node_list(first: str, key: str, switch: str, prefix_node: bool) -> Reader:
    def read(document: Mapping[str, Any]) -> List[Layer]:
        where, scene = _section(document, first)
        units = []
        for index, node in enumerate(_list(scene, key, where)):
            node_where = "{}.{}[{}]".format(where, key, index)
            if not isinstance(node, dict):
                raise invalid("task.json: {} must be an object".format(node_where))
            name = node.get("node")
            if not isinstance(name, str) or not name:
                raise invalid("task.json: {}.node must be the node's name".format(node_where))
            if switched_on(node, switch):
                units.append(_unit(name, node, node_where, name if prefix_node else ""))
        return units

    return read


def _katana(document: Mapping[str, Any]) -> List[Layer]:
    where, scene = _section(document, "scene_info_render")
    nodes = _object(scene, "rendernodes", where)
    units = []
    for name in nodes:
        node_where = "{}.rendernodes.{}".format(where, name)
        node = _object(nodes, name, where + ".rendernodes")
        if switched_on(node, "renderable"):
            units.append(_unit(name, node, node_where))
    return units


# The service shows a Houdini task's frames range after its ROP node's path
# ("/out/mantra1" "1-10[1]" as "/out/mantra11-10[1]": the reference's sample).
READERS: Mapping[int, Reader] = MappingProxyType(
    {
        SOFTWARE_IDS["maya"]: _maya,
        SOFTWARE_IDS["3ds Max"]: _common("scene_info_render"),
        SOFTWARE_IDS["houdini"]: _node_list("scene_info_render", "rop_node", "render", True),
        SOFTWARE_IDS["blender"]: _common("scene_info"),
        SOFTWARE_IDS["nuke"]: _node_list("scene_info", "write_nodes", "renderable", False),
        SOFTWARE_IDS["katana"]: _katana,
    }
)
