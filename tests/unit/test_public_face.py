"""The command line stands on the package's public face, and imports only what it needs.

The ``dayan`` command is what any user could write on top of the package:
it imports only the public modules (issue 21), and reads no private
attribute of the objects the package hands it. ``import dayan_api`` leaves
out the emulator, the command line and the modules that serve only typing;
``dayan --help`` and ``dayan --version`` import neither requests nor the
client. Imports are observed in a fresh interpreter, where nothing else has
loaded them.
"""

import ast
import json
import pathlib
import subprocess
import sys
from typing import List, Set

import pytest

import dayan_api
from dayan_api import constants
from dayan_api.exception import RayvisionArgumentError

PACKAGE = pathlib.Path(dayan_api.__file__).resolve().parent

# What the command line may import of the package besides itself.
PUBLIC_MODULES = frozenset(
    {
        "dayan_api",
        "dayan_api.codes",
        "dayan_api.constants",
        "dayan_api.core",
        "dayan_api.emulator",
        "dayan_api.exception",
        "dayan_api.replies",
        "dayan_api.signature",
    }
)


def private_imports(source: str, module: str) -> List[str]:
    """The imports in ``source`` (the text of ``module``) that reach under the public face."""
    found = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            targets = [(alias.name, None) for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            if node.level:  # relative: resolved against the importing module's package
                base = module.rsplit(".", node.level)[0]
                name = base + ("." + node.module if node.module else "")
            else:
                name = node.module or ""
            targets = [(name, alias.name) for alias in node.names]
        else:
            continue
        for name, imported in targets:
            if not (name == "dayan_api" or name.startswith("dayan_api.")):
                continue
            if name == "dayan_api.cli" or name.startswith("dayan_api.cli."):
                continue  # the command line's own modules
            if name not in PUBLIC_MODULES:
                found.append("{} (line {})".format(name, node.lineno))
            elif imported is not None and imported.startswith("_") and not imported.endswith("__"):
                found.append("{}.{} (line {})".format(name, imported, node.lineno))
    return found


@pytest.mark.parametrize(
    "source",
    [
        "from dayan_api.operators._watch import MAX_INTERVAL",
        "from dayan_api.operators.query import MAX_TASK_IDS_PER_REQUEST",
        "from dayan_api import _validate",
        "import dayan_api.emulator.__main__",
        "def f():\n    from dayan_api.emulator.__main__ import main",
        "from dayan_api.core import _Secret",
        "from ...operators import query",
    ],
)
def test_the_check_finds_an_import_under_the_public_face(source):
    assert private_imports(source, "dayan_api.cli.commands.env")


@pytest.mark.parametrize(
    "source",
    [
        "from dayan_api import __version__",
        "from dayan_api.constants import MAX_INTERVAL, software_id",
        "from dayan_api.cli import display",
        "from . import display",
        "from .. import args",
        "import argparse",
    ],
)
def test_the_check_lets_the_public_face_through(source):
    assert private_imports(source, "dayan_api.cli.commands.env") == []


def cli_modules() -> List[pathlib.Path]:
    return sorted((PACKAGE / "cli").rglob("*.py"))


def module_name(path: pathlib.Path) -> str:
    """The dotted name of the module at ``path`` (``....__init__`` for a package's)."""
    relative = path.relative_to(PACKAGE.parent).with_suffix("")
    module = ".".join(relative.parts)
    if path.name == "__init__.py":
        module = module.rsplit(".", 1)[0] + ".__init__"
    return module


@pytest.mark.parametrize("path", cli_modules(), ids=lambda path: path.name)
def test_the_command_line_imports_only_public_modules(path):
    module = module_name(path)
    assert private_imports(path.read_text(encoding="utf-8"), module) == []


def own_names(tree: ast.AST, module: str) -> Set[str]:
    """The names a module binds by importing modules outside the package, or the CLI's own."""
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                if alias.name.split(".")[0] != "dayan_api":
                    names.add(alias.asname or alias.name.split(".")[0])
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = module.rsplit(".", node.level)[0]
                source = base + ("." + node.module if node.module else "")
            else:
                source = node.module or ""
            if source.split(".")[0] != "dayan_api" or source.split(".")[:2] == ["dayan_api", "cli"]:
                names.update(alias.asname or alias.name for alias in node.names)
    return names


def private_attributes(source: str, module: str) -> List[str]:
    """The private attributes (``x._name``) that ``source`` reads of the package's objects.

    Allowed: the CLI's own (``self._x``, ``cls._x``, a CLI module's ``_x``),
    and those of modules from outside the package (``sys._getframe``).
    Caught: everything else, such as ``api.connect._limits``. Reached with
    ``getattr(obj, "_name")``, a private attribute is not seen.
    """
    tree = ast.parse(source)
    allowed = own_names(tree, module) | {"self", "cls"}
    found = []
    for node in ast.walk(tree):
        if not isinstance(node, ast.Attribute) or not node.attr.startswith("_"):
            continue
        if node.attr.endswith("__"):
            continue  # dunders: __class__, __name__
        if isinstance(node.value, ast.Name) and node.value.id in allowed:
            continue
        found.append("{} (line {})".format(node.attr, node.lineno))
    return found


@pytest.mark.parametrize(
    "source",
    [
        "with api.connect._limits.applied(1.0): pass",
        "context.api._connect",
        "api._clock()",
        "from dayan_api import core\ncore._Secret",
        "def f(query):\n    return query._sleep",
        "import dayan_api.core as core\ncore._Secret",
    ],
)
def test_the_check_finds_a_private_attribute_of_the_package(source):
    assert private_attributes(source, "dayan_api.cli.commands.env")


@pytest.mark.parametrize(
    "source",
    [
        "self._stream.write('')",
        "cls._cache",
        "import sys\nsys._getframe(0)",
        "from dayan_api.cli import display\ndisplay._width",
        "from . import display\ndisplay._width",
        "api.connect.deadline(1.0)",
        "type(api).__name__",
    ],
)
def test_the_check_lets_the_clis_own_and_public_attributes_through(source):
    assert private_attributes(source, "dayan_api.cli.commands.env") == []


@pytest.mark.parametrize("path", cli_modules(), ids=lambda path: path.name)
def test_the_command_line_reads_no_private_attribute_of_the_package(path):
    module = module_name(path)
    assert private_attributes(path.read_text(encoding="utf-8"), module) == []


def loaded_after(code: str) -> List[str]:
    """The modules a fresh interpreter has loaded after running ``code``."""
    script = code + "\nimport json, sys\nprint(json.dumps(sorted(sys.modules)), file=sys.stderr)\n"
    done = subprocess.run(
        [sys.executable, "-c", script],
        cwd=str(PACKAGE.parent),
        capture_output=True,
        text=True,
        check=True,
    )
    return list(json.loads(done.stderr.strip().splitlines()[-1]))


def under(modules: List[str], *packages: str) -> List[str]:
    return [m for m in modules if any(m == p or m.startswith(p + ".") for p in packages)]


CLIENT = ("requests", "urllib3", "dayan_api.core", "dayan_api.connect", "dayan_api.operators")


@pytest.mark.parametrize("option", ["--help", "--version"])
def test_help_and_version_import_neither_requests_nor_the_client(option):
    code = "import sys\nfrom dayan_api.cli import main\nstatus = main([{!r}])\nassert status == 0\n"
    modules = loaded_after(code.format(option))
    assert "dayan_api.cli.app" in modules  # the command really ran
    assert under(modules, *CLIENT) == []


def test_import_dayan_api_alone_imports_no_client():
    assert under(loaded_after("import dayan_api"), *CLIENT) == []


def test_a_client_imports_neither_the_emulator_nor_the_cli_nor_the_typing_only_replies():
    code = "import dayan_api\napi = dayan_api.RayvisionAPI('id', 'key')\napi.close()"
    modules = loaded_after(code)
    assert "dayan_api.core" in modules and "requests" in modules
    assert under(modules, "dayan_api.emulator", "dayan_api.cli", "dayan_api.replies") == []


def test_the_package_names_load_when_first_used():
    code = (
        "from dayan_api import RayvisionAPI, Connect, Code, RayvisionError\n"
        "import dayan_api\n"
        "assert dayan_api.core.RayvisionAPI is RayvisionAPI\n"
        "assert dayan_api.connect.Connect is Connect\n"
        "from dayan_api.replies import TaskInfo\n"
        "assert dayan_api.replies.TaskInfo is TaskInfo\n"
        "assert 'RayvisionAPI' in dir(dayan_api) and 'replies' in dir(dayan_api)\n"
        "from dayan_api import *\n"
    )
    loaded_after(code)  # check=True: an assertion or an ImportError fails here


def test_an_unknown_name_of_the_package_is_an_attribute_error():
    with pytest.raises(AttributeError, match="no_such_name"):
        dayan_api.no_such_name  # noqa: B018
    with pytest.raises(ImportError):
        from dayan_api import no_such_name  # noqa: F401


# -- what the command line needs, public in constants -------------------------------


def test_the_limits_are_public_and_the_same_where_they_were():
    from dayan_api import core
    from dayan_api.operators import _watch, query

    assert constants.MAX_INTERVAL == _watch.MAX_INTERVAL == 86400.0
    assert constants.MAX_TASK_IDS_PER_REQUEST == query.MAX_TASK_IDS_PER_REQUEST == 100
    assert constants.MAX_WORKERS == query.MAX_WORKERS == 32
    assert constants.ACCESS_ID_ENV == core.ACCESS_ID_ENV == "RAYVISION_API_ACCESS_ID"
    assert constants.ACCESS_KEY_ENV == core.ACCESS_KEY_ENV == "RAYVISION_API_KEY"


@pytest.mark.parametrize(
    "name, cg_id",
    [("maya", 2000), ("Maya", 2000), ("3DS MAX", 2001), ("ContextCapture", 2017), (2004, 2004)],
)
def test_software_id_reads_a_name_in_any_case_or_an_id(name, cg_id):
    assert constants.software_id(name) == cg_id


@pytest.mark.parametrize("name", ["mayaa", "", 1999, True, None, 2000.0, ["maya"]])
def test_software_id_refuses_anything_else_naming_the_parameter(name):
    with pytest.raises(RayvisionArgumentError) as caught:
        constants.software_id(name, "--software")
    assert caught.value.parameter == "--software"
    assert "houdini" in str(caught.value)


def test_the_emulator_entry_point_is_public():
    from dayan_api import emulator

    assert "main" in emulator.__all__
    with pytest.raises(SystemExit) as stopped:
        emulator.main(["--speed", "-1"], prog="dayan emulator")
    assert stopped.value.code == 2
