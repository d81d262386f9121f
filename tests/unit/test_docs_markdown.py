"""The docs' Markdown renders on the docs site as it reads in a viewer.

The site's Markdown (Python-Markdown with ``pymdownx.superfences``,
mkdocs.yml) nests a block in a list item only at four spaces of indent, where
a Markdown viewer takes two: a fence indented under a list item ends the list
on the site (with plain ``fenced_code``, which the site used before, it was a
paragraph of text with the backticks in it), and ``mkdocs build --strict``
does not notice. Sybil still runs such a block, so nothing else fails. At the
margin, a fence reads the same everywhere. Likewise a pipe escaped inside a
table cell (``\\|``) shows its backslash on the site, though a Markdown
viewer hides it.
"""

import pathlib
import re
from typing import List

import pytest

DOCS = pathlib.Path(__file__).resolve().parents[2] / "docs"

INDENTED_FENCE = re.compile(r"^[ \t]+(```|~~~)")


def indented_fences(text: str) -> List[int]:
    """The line numbers (from 1) of fences that do not start at the margin."""
    return [
        number for number, line in enumerate(text.splitlines(), 1) if INDENTED_FENCE.match(line)
    ]


def test_an_indented_fence_is_found() -> None:
    text = "- an item:\n\n  ```python\n  print(1)\n  ```\n\n```sh\nls\n```\n"
    assert indented_fences(text) == [3, 5]


@pytest.mark.parametrize("page", sorted(DOCS.glob("*.md")), ids=lambda page: page.name)
def test_code_fences_start_at_the_margin(page: pathlib.Path) -> None:
    assert indented_fences(page.read_text(encoding="utf-8")) == []


def test_no_escaped_pipes() -> None:
    found = [
        "{}:{}".format(path.name, number)
        for path in sorted(DOCS.glob("*.md"))
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if "\\|" in line
    ]
    assert found == []
