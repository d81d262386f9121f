"""tools/check_docs_site.py, which .ci/run runs on the built docs site, finds what it is for.

The built site must read from ``file://`` without a network: these feed the
checker small pages with each kind of problem, and a clean one.
"""

import importlib.util
import pathlib
from types import ModuleType

import pytest

TOOL = pathlib.Path(__file__).resolve().parents[2] / "tools" / "check_docs_site.py"


def _load() -> ModuleType:
    spec = importlib.util.spec_from_file_location("check_docs_site", str(TOOL))
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)  # type: ignore[attr-defined]
    return module


check = _load()

CLEAN_PAGE = """<!doctype html><html><head>
<link rel="stylesheet" href="assets/stylesheets/main.css">
<link rel="icon" href="assets/images/favicon.png">
<link rel="canonical" href="https://example.invalid/docs/">
<script src="assets/offline/iframe-worker.js"></script>
</head><body>
<a href="index.html">home</a> <a href="query.html#task_info">task_info</a>
<a href="#top">top</a> <a href="https://task.dayancloud.com">the service</a>
<a href="mailto:someone@example.invalid">mail</a>
<img src="assets/images/logo.svg" alt="">
<style>.x { background: url("assets/images/x.png") }</style>
</body></html>"""


def test_a_clean_page_passes() -> None:
    assert check.page_problems(CLEAN_PAGE) == []


@pytest.mark.parametrize(
    "element",
    [
        '<script src="https://unpkg.com/iframe-worker/shim"></script>',
        '<script src="//cdn.example.invalid/x.js"></script>',
        '<link rel="stylesheet" href="https://fonts.googleapis.com/css?family=Roboto">',
        '<link rel="preconnect" href="https://fonts.gstatic.com" crossorigin>',
        '<img src="http://example.invalid/badge.svg">',
        '<img srcset="a.png 1x, https://example.invalid/b.png 2x">',
        '<iframe src="https://example.invalid/embed"></iframe>',
        '<div style="background: url(https://example.invalid/bg.png)"></div>',
        "<style>@import 'https://example.invalid/theme.css';</style>",
    ],
)
def test_anything_fetched_from_the_network_is_found(element: str) -> None:
    problems = check.page_problems("<html><body>" + element + "</body></html>")
    assert len(problems) == 1
    assert "example.invalid" in problems[0] or "unpkg" in problems[0] or "fonts." in problems[0]


@pytest.mark.parametrize("link", [".", "./", "../", "guide/", "guide/#setup", "/."])
def test_a_link_to_a_folder_is_found(link: str) -> None:
    problems = check.page_problems('<a href="{}">x</a>'.format(link))
    assert problems == ["links to a folder: {}".format(link)]


def test_the_404_page_may_link_folders() -> None:
    assert check.page_problems('<a href="/.">home</a>', folder_links_allowed=True) == []


def test_a_stylesheet_that_loads_a_font_is_found() -> None:
    css = '@font-face{src:url("https://fonts.gstatic.com/roboto.woff2")}.a{background:url(x.png)}'
    assert check.css_problems(css) == ["CSS loads https://fonts.gstatic.com/roboto.woff2"]


def _site(tmp_path: pathlib.Path, page: str, search_index: bool = True) -> pathlib.Path:
    (tmp_path / "index.html").write_text(page, encoding="utf-8")
    (tmp_path / "404.html").write_text('<a href="/.">home</a>', encoding="utf-8")
    (tmp_path / "assets").mkdir()
    (tmp_path / "assets" / "main.css").write_text(".a{color:red}", encoding="utf-8")
    if search_index:
        (tmp_path / "search").mkdir()
        (tmp_path / "search" / "search_index.js").write_text("var __index = {}", encoding="utf-8")
    return tmp_path


def test_a_clean_site_passes(tmp_path: pathlib.Path) -> None:
    assert check.main([str(_site(tmp_path, CLEAN_PAGE))]) == 0


def test_a_site_with_a_cdn_script_fails_and_names_the_page(
    tmp_path: pathlib.Path, capsys: pytest.CaptureFixture[str]
) -> None:
    page = CLEAN_PAGE.replace(
        "assets/offline/iframe-worker.js", "https://unpkg.com/iframe-worker/shim"
    )
    assert check.main([str(_site(tmp_path, page))]) == 1
    assert "index.html: <script src> loads https://unpkg.com/iframe-worker/shim" in (
        capsys.readouterr().out
    )


def test_a_site_without_the_search_script_fails(tmp_path: pathlib.Path) -> None:
    site = _site(tmp_path, CLEAN_PAGE, search_index=False)
    assert check.site_problems(site) == [
        "search/search_index.js is missing: search needs it from file://"
    ]


def test_a_folder_that_is_no_site_fails(tmp_path: pathlib.Path) -> None:
    assert check.main([str(tmp_path)]) == 1
