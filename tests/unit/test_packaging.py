"""What ``pip install .`` brings along, read from the installed package's metadata.

Python 3.8 and later get ``requests`` and ``urllib3`` and nothing else; Python
3.7 (the DCC hosts of the VFX Reference Platform's CY2021) adds
``typing_extensions``, for the ``TypedDict`` and ``Literal`` that 3.8 added to
``typing``. The metadata is the installed copy's: the editable install of
tools/test.sh, or the wheel that .ci/run installs.
"""

import subprocess
import sys
from typing import Set

import pytest
from packaging.markers import default_environment
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

if sys.version_info >= (3, 8):
    from importlib.metadata import requires  # novermin (3.8+ branch)
else:  # pytest depends on the backport on 3.7
    from importlib_metadata import requires


def runtime_requirements(python_version: str) -> Set[str]:
    """The distributions ``pip install .`` adds on ``python_version`` (no extras)."""
    environment = dict(
        default_environment(),
        python_version=python_version,
        python_full_version=python_version + ".0",
        extra="",
    )
    names = set()
    for line in requires("dayan_api") or []:
        requirement = Requirement(line)
        if requirement.marker is None or requirement.marker.evaluate(environment):
            names.add(canonicalize_name(requirement.name))
    return names


@pytest.mark.parametrize("python_version", ["3.8", "3.9", "3.10", "3.11", "3.12", "3.13"])
def test_python_3_8_and_later_install_requests_and_urllib3_alone(python_version: str) -> None:
    assert runtime_requirements(python_version) == {"requests", "urllib3"}


def test_python_3_7_adds_typing_extensions_alone() -> None:
    assert runtime_requirements("3.7") == {"requests", "urllib3", "typing-extensions"}


def test_the_test_extra_is_not_a_runtime_requirement() -> None:
    # The extra's own requirements carry an ``extra`` marker, so the check
    # above sees them only when it asks for that extra.
    lines = [Requirement(line) for line in requires("dayan_api") or []]
    in_extra = {
        canonicalize_name(requirement.name)
        for requirement in lines
        if requirement.marker is not None
        and requirement.marker.evaluate(dict(default_environment(), extra="test"))
    }
    assert {"pytest", "responses", "sybil"} <= in_extra


_IMPORT_EVERY_MODULE = """
import importlib, pkgutil, sys
import dayan_api
for module in pkgutil.walk_packages(dayan_api.__path__, "dayan_api."):
    if not module.name.endswith("__main__"):
        importlib.import_module(module.name)
print(sorted(name for name in sys.modules if name.split(".")[0] == "typing_extensions"))
"""


@pytest.mark.skipif(sys.version_info < (3, 8), reason="Python 3.7 imports it by design")
def test_no_module_of_the_package_imports_typing_extensions_on_3_8_and_later() -> None:
    # The metadata says it is not installed there: the code must not need it.
    result = subprocess.run(
        [sys.executable, "-c", _IMPORT_EVERY_MODULE],
        capture_output=True,
        text=True,
        check=True,
    )
    assert result.stdout.strip() == "[]"
