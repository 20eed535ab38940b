"""The loader's side of the registry declaration (model/registry.py): which registry a name
given on the command line, or a file's stem, selects.

The declaration itself (columns, keys, allowed values) is the model's; `REGISTRIES` and
`Registry` are imported from there.
"""

from __future__ import annotations

import re

from graph.errors import UsageError
from model.registry import REGISTRIES, Registry, stem_name


class AmbiguousRegistry(UsageError, ValueError):
    """A file stem names more than one registry."""


def get_registry(name: str) -> Registry:
    """The registry named `name` (English or Chinese, any listed name); UsageError if none."""
    key = stem_name(name)
    for reg in REGISTRIES.values():
        if key in {stem_name(n) for n in reg.all_names}:
            return reg
    known = ", ".join(f"{r.name} ({r.zh})" for r in REGISTRIES.values())
    raise UsageError(f"未知的登记表「{name}」，可选: {known} (unknown registry {name!r})")


def registry_for_stem(stem: str) -> Registry | None:
    """The registry a file stem names, or None when it names none.

    A stem selects a registry when it contains exactly one known name: English names as
    whole words (`2024_people_v2`), Chinese names anywhere (`2024_企业登记`). A name found
    inside a longer name found at the same place does not count (`企业主要人员` is officers
    even though it contains no other name, and `干部任免` is not also `任免`). A stem naming
    two registries raises AmbiguousRegistry.
    """
    text = stem_name(stem)
    spans: list[tuple[int, int, str]] = []
    words = [(m.start(), m.end(), m.group()) for m in re.finditer(r"[a-z]+", text)]
    for reg in REGISTRIES.values():
        english = {reg.name, *reg.names_en}
        spans.extend((s, e, reg.name) for s, e, w in words if w in english)
        for name in dict.fromkeys(stem_name(n) for n in (reg.zh, *reg.names_zh)):
            start = text.find(name)
            while start >= 0:
                spans.append((start, start + len(name), reg.name))
                start = text.find(name, start + 1)
    kept = {
        reg
        for s, e, reg in spans
        if not any(s2 <= s and e <= e2 and (e2 - s2) > (e - s) for s2, e2, _ in spans)
    }
    if not kept:
        return None
    if len(kept) > 1:
        names = ", ".join(f"{n} ({REGISTRIES[n].zh})" for n in sorted(kept, key=_order))
        raise AmbiguousRegistry(
            f"文件名「{stem}」同时匹配多个登记表: {names}；请用 --registry 指定 "
            f"(file name {stem!r} matches several registries; choose one with --registry)"
        )
    return REGISTRIES[kept.pop()]


def _order(name: str) -> int:
    return REGISTRIES[name].order
