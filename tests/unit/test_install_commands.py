"""Install commands in the docs install this package, not the 1.x one on PyPI.

The name ``dayan_api`` on PyPI is the published 1.x package (dayan-api 1.6),
which has no ``progress`` or ``keyring`` extra: ``pip install
"dayan_api[progress]"`` in a fresh environment installs 1.x (pip only warns that
the extra is missing) and no tqdm. Like the README's ``pip install .``, the
docs install from the checkout: ``pip install ".[progress]"``.
"""

import pathlib
import re
from typing import List

ROOT = pathlib.Path(__file__).resolve().parents[2]
BY_NAME = re.compile(r"pip install[^\n`]*?['\"]?dayan[_-]api\b", re.IGNORECASE)


def pages() -> List[pathlib.Path]:
    found = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]
    found += sorted((ROOT / "examples").glob("*.ipynb"))
    return [page for page in found if page.exists()]


def test_the_docs_install_from_the_checkout_not_by_name():
    assert any(page.name == "notebooks.md" for page in pages())
    by_name = [
        "{}: {}".format(page.name, match.group(0))
        for page in pages()
        for match in BY_NAME.finditer(page.read_text(encoding="utf-8"))
    ]
    assert by_name == [], "these install dayan-api 1.6 from PyPI in a fresh environment"
