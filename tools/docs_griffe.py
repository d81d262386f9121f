"""A Griffe extension for the docs site's API reference (mkdocs.yml).

Griffe reads the package's source without importing it, and mkdocstrings
renders docstrings as Markdown. Two things read badly on the site as a result,
and this extension fixes both once the package is loaded:

- A default is shown as written: ``timeout=DEFAULT_TIMEOUT``. A reader wants
  the value, ``timeout=(10.0, 60.0)``: every parameter whose default names a
  module constant (upper case, with a value in the source) gets that value.
  The annotations stay as written.
- The docstrings use Sphinx roles (``:class:`Connect```, ``:meth:`~a.b.close```),
  which Markdown shows with their colons and backticks: each becomes the
  name in code (``Connect``, ``close``: a ``~`` keeps the last part, as in
  Sphinx).
"""

import re
from typing import Any, Iterator

import griffe

ROLE = re.compile(r":(?:py:)?(?:class|meth|func|mod|attr|data|exc|obj|const):`(~?)([^`]+)`")


def _code(match: "re.Match[str]") -> str:
    short, target = match.group(1), match.group(2)
    return "`{}`".format(target.rsplit(".", 1)[-1] if short else target)


def _objects(obj: Any) -> Iterator[Any]:
    for member in obj.members.values():
        if member.is_alias:
            continue
        yield member
        if member.is_class or member.is_module:
            yield from _objects(member)


class ReferenceReadsWell(griffe.Extension):
    def on_package(self, *, pkg: Any, loader: Any, **kwargs: Any) -> None:
        for obj in [pkg, *_objects(pkg)]:
            if obj.docstring is not None:
                obj.docstring.value = ROLE.sub(_code, obj.docstring.value)
            if obj.is_function:
                self._defaults_as_values(obj, loader)

    @staticmethod
    def _defaults_as_values(function: Any, loader: Any) -> None:
        for parameter in function.parameters:
            default = parameter.default
            if not isinstance(default, griffe.ExprName) or not default.name.isupper():
                continue
            try:
                target = loader.modules_collection[default.canonical_path]
            except KeyError:
                continue
            if target.is_alias:
                target = target.final_target
            if target.is_attribute and target.value is not None:
                parameter.default = target.value
