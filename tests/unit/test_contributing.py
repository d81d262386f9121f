"""CONTRIBUTING.md's layout names the package's modules as they are.

Its ``text`` block lists ``dayan_api/`` and, indented under it, the modules
and packages inside; a module that moves or goes away must not stay listed.
Checked against the imported package, so that the test also holds where only
an installed copy is there (CI tests the wheel with the sdist's tests).
"""

import pathlib
import re
from typing import List

import dayan_api

CONTRIBUTING = pathlib.Path(__file__).resolve().parents[2] / "CONTRIBUTING.md"
PACKAGE = pathlib.Path(dayan_api.__file__).resolve().parent


def package_entries() -> List[str]:
    """The names indented under ``dayan_api/`` in the layout block."""
    text = CONTRIBUTING.read_text(encoding="utf-8")
    block = re.search(r"```text\n(dayan_api/.*?)```", text, re.DOTALL)
    assert block is not None, "CONTRIBUTING.md has no layout block starting with dayan_api/"
    entries = []
    for line in block.group(1).splitlines()[1:]:
        if not line.startswith(" "):
            break  # the next top-level entry: the package's list has ended
        entries.append(line.split()[0])
    return entries


def test_the_layout_lists_the_package_modules():
    entries = package_entries()
    assert "signature.py" in entries and "cli/" in entries
    missing = [entry for entry in entries if not (PACKAGE / entry).exists()]
    assert missing == [], "CONTRIBUTING.md lists modules that dayan_api does not have"
