"""docs/model.md's column table is generated from the declaration and kept up to date."""

from __future__ import annotations

import importlib.util
from pathlib import Path

DOCS = Path(__file__).resolve().parents[2] / "docs"


def _generator():
    spec = importlib.util.spec_from_file_location(
        "gen_model_columns", DOCS / "gen_model_columns.py"
    )
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_model_md_is_up_to_date():
    gen = _generator()
    current = (DOCS / "model.md").read_text(encoding="utf-8")
    assert current == gen.render(current), "run .venv/bin/python docs/gen_model_columns.py"
    assert "| 统一社会信用代码* | `uscc` | str |" in current


def test_a_stale_table_is_noticed():
    gen = _generator()
    current = (DOCS / "model.md").read_text(encoding="utf-8")
    stale = current.replace("`HOLDS_POST.title`", "`HOLDS_POST.titel`")
    assert stale != current and gen.render(stale) != stale
