"""Checks that the built docs site reads offline, from the file system.

    python tools/check_docs_site.py build/site

Run by .ci/run after `mkdocs build`. Exits 1, listing each problem, when:

- a page or stylesheet loads something from the network: a script, a
  stylesheet, a font, an image, a frame, or a preconnect/preload hint with an
  ``http://``, ``https://`` or ``//`` address (links a reader clicks may point
  anywhere);
- a page links to a folder (``.``, ``../``, ``guide/``): opened from
  ``file://``, that shows a directory listing, not a page (the 404 page is
  left out: only a web server shows it, and the theme links it from the root);
- the search index is not there as a script (``search/search_index.js``, what
  the offline plugin writes so that search works without a server).
"""

import html.parser
import pathlib
import re
import sys
from typing import Dict, List, Optional, Tuple

# The attributes of these elements are fetched when the page is shown.
FETCHED = {
    ("script", "src"),
    ("img", "src"),
    ("img", "srcset"),
    ("source", "src"),
    ("source", "srcset"),
    ("iframe", "src"),
    ("frame", "src"),
    ("embed", "src"),
    ("object", "data"),
    ("audio", "src"),
    ("video", "src"),
    ("video", "poster"),
    ("track", "src"),
    ("input", "src"),
}
# <link> relations that only name another address, and fetch nothing.
NOT_FETCHED_RELATIONS = {"canonical", "alternate", "next", "prev", "author", "license", "help"}

REMOTE = re.compile(r"^\s*(https?:)?//", re.IGNORECASE)
CSS_REMOTE = re.compile(
    r"""(url\(\s*['"]?|@import\s+['"])\s*((?:https?:)?//[^'")\s]+)""", re.IGNORECASE
)


def _remote(value: str) -> bool:
    return any(REMOTE.match(part.strip().split(" ")[0]) for part in value.split(",") if part)


def _folder(address: str) -> bool:
    """An address in the site that names a folder rather than a file."""
    if REMOTE.match(address) or re.match(r"^[a-z][a-z0-9+.-]*:", address, re.IGNORECASE):
        return False
    path = address.split("#", 1)[0].split("?", 1)[0]
    if not path:
        return False  # "#anchor": this page
    return path.endswith("/") or path.rsplit("/", 1)[-1] in (".", "..")


class _PageReader(html.parser.HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.fetched: List[Tuple[str, str]] = []  # (what, address)
        self.links: List[str] = []
        self.styles: List[str] = []
        self._in_style = False

    def handle_starttag(self, tag: str, attrs: List[Tuple[str, Optional[str]]]) -> None:
        values: Dict[str, str] = {name: value or "" for name, value in attrs}
        for name, value in values.items():
            if (tag, name) in FETCHED and _remote(value):
                self.fetched.append(("<{} {}>".format(tag, name), value))
        if tag == "link" and "href" in values:
            relations = set(values.get("rel", "").lower().split())
            if relations - NOT_FETCHED_RELATIONS and _remote(values["href"]):
                self.fetched.append(("<link rel={}>".format(values.get("rel")), values["href"]))
        if tag in ("a", "link") and "href" in values:
            self.links.append(values["href"])
        if "style" in values:
            self.styles.append(values["style"])
        self._in_style = tag == "style"

    def handle_endtag(self, tag: str) -> None:
        self._in_style = False

    def handle_data(self, data: str) -> None:
        if self._in_style:
            self.styles.append(data)


def css_problems(css: str) -> List[str]:
    return ["CSS loads {}".format(match.group(2)) for match in CSS_REMOTE.finditer(css)]


def page_problems(text: str, folder_links_allowed: bool = False) -> List[str]:
    reader = _PageReader()
    reader.feed(text)
    reader.close()
    problems = ["{} loads {}".format(what, address) for what, address in reader.fetched]
    for style in reader.styles:
        problems.extend(css_problems(style))
    if not folder_links_allowed:
        problems.extend(
            "links to a folder: {}".format(link) for link in reader.links if _folder(link)
        )
    return problems


def site_problems(site: pathlib.Path) -> List[str]:
    if not (site / "index.html").is_file():
        return ["{}: no index.html (build the site first)".format(site)]
    problems = []
    for path in sorted(site.rglob("*")):
        relative = path.relative_to(site).as_posix()
        if path.suffix == ".html":
            text = path.read_text(encoding="utf-8")
            found = page_problems(text, folder_links_allowed=relative == "404.html")
        elif path.suffix == ".css":
            found = css_problems(path.read_text(encoding="utf-8"))
        else:
            continue
        problems.extend("{}: {}".format(relative, problem) for problem in found)
    if not (site / "search" / "search_index.js").is_file():
        problems.append("search/search_index.js is missing: search needs it from file://")
    return problems


def main(argv: List[str]) -> int:
    if len(argv) != 1:
        print("usage: python tools/check_docs_site.py SITE_FOLDER", file=sys.stderr)
        return 2
    problems = site_problems(pathlib.Path(argv[0]))
    for problem in problems:
        print(problem)
    if problems:
        print("the docs site would not read offline ({} problems)".format(len(problems)))
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
