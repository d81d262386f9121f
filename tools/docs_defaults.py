"""A Griffe extension for the docs site's API reference (mkdocs.yml).

Griffe reads the source without importing it, so a signature shows a default
as it is written: ``timeout=DEFAULT_TIMEOUT``. A reader wants the value,
``timeout=(10.0, 60.0)``. Once the package is loaded, every parameter whose
default is the name of a module constant (upper case, with a value in the
source) gets that value instead; the annotations stay as written.
"""

from typing import Any, Iterator

import griffe


def _functions(obj: Any) -> Iterator[Any]:
    for member in obj.members.values():
        if member.is_alias:
            continue
        if member.is_function:
            yield member
        elif member.is_class or member.is_module:
            yield from _functions(member)


class DefaultsAsValues(griffe.Extension):
    def on_package(self, *, pkg: Any, loader: Any, **kwargs: Any) -> None:
        for function in _functions(pkg):
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
