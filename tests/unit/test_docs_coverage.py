"""Every public method of the client, the transport and each operator has a docs entry.

An entry is a Markdown heading of docs/*.md, or the first cell of a table row
there, that names the method in code (`` `name(...)` `` or `` `name` ``).
Operator classes are found by walking the ``dayan_api.operators`` package, so
a new operator (or a new method) without docs fails here.
"""

import importlib
import inspect
import pathlib
import pkgutil
import re
from typing import List, Optional, Set, Tuple, Type

import pytest

import dayan_api.operators
from dayan_api import Connect, RayvisionAPI

DOCS = pathlib.Path(__file__).resolve().parents[2] / "docs"


def operator_classes() -> List[Type[object]]:
    found = []
    for module_info in pkgutil.walk_packages(
        dayan_api.operators.__path__, dayan_api.operators.__name__ + "."
    ):
        module = importlib.import_module(module_info.name)
        for name, value in vars(module).items():
            if inspect.isclass(value) and value.__module__ == module.__name__:
                if not name.startswith("_") and name.endswith("Operator"):
                    found.append(value)
    return found


def public_members(cls: Type[object]) -> List[str]:
    names = []
    for klass in cls.__mro__:
        if klass is object:
            continue
        for name, value in vars(klass).items():
            if name.startswith("_"):
                continue
            if callable(value) or isinstance(value, (property, staticmethod, classmethod)):
                names.append(name)
    return sorted(set(names))


def documented_names(pages: Optional[List[str]] = None) -> Set[str]:
    if pages is None:
        pages = [page.read_text(encoding="utf-8") for page in sorted(DOCS.glob("*.md"))]
    names: Set[str] = set()
    code = re.compile(r"`([A-Za-z_][A-Za-z0-9_.]*)[(`]")
    for page in pages:
        for line in page.splitlines():
            if line.startswith("#"):
                text = line
            elif line.startswith("|"):
                text = line.split("|")[1]
            else:
                continue
            names.update(match.rsplit(".", 1)[-1] for match in code.findall(text))
    return names


def cases() -> List[Tuple[str, str]]:
    classes = [RayvisionAPI, Connect, *operator_classes()]
    return [(cls.__name__, name) for cls in classes for name in public_members(cls)]


def test_the_walk_finds_the_operators() -> None:
    names = {cls.__name__ for cls in operator_classes()}
    assert {"UserOperator", "TaskOperator", "QueryOperator", "TransmitOperator"} <= names


def test_a_heading_and_a_table_row_count_and_prose_does_not() -> None:
    page = (
        "## `alpha()` and `beta`\n"
        "| `api.query.gamma(task_id)` | what |\n"
        "| what | `delta()` |\n"
        "Prose naming `epsilon()`.\n"
    )
    assert documented_names([page]) == {"alpha", "beta", "gamma"}
    assert {"query_user_profile", "get_small_task_id", "post", "user_info"} <= documented_names()


@pytest.mark.parametrize(("owner", "name"), cases())
def test_public_method_has_a_docs_entry(owner: str, name: str) -> None:
    assert name in documented_names(), (
        f"{owner}.{name} has no entry in docs/*.md: give it a heading or a table row "
        f"naming `{name}(...)`"
    )
