"""Summaries rendered from a template parsed once give the sentences the first implementation
gave (`str.format_map` over every column rendered by the recursive `_render`), kept here as the
reference; the columns the runner names the fetched rows by are those the server returns."""

from __future__ import annotations

import datetime as dt
import re
import string
from typing import Any

import neo4j.time
import pytest

from graph.db import to_native
from queries.catalogue import CATALOGUE
from queries.runner import summarise


def _reference_render(value: Any, english: bool) -> Any:
    if value is None:
        return "未知" if not english else "unknown"
    value = to_native(value)
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, list):
        return ("、" if not english else ", ").join(
            str(_reference_render(v, english)) for v in value
        )
    return value


def reference(template: str, row: dict[str, Any], english: bool = False) -> str:
    names = (name for _, name, _, _ in string.Formatter().parse(template) if name)
    fields = dict.fromkeys(re.split(r"[.\[]", name, maxsplit=1)[0] for name in names)
    values = {key: _reference_render(row[key], english) for key in fields if key in row}
    try:
        return template.format_map(values)
    except (KeyError, ValueError, TypeError):
        plain = {k: str(v) for k, v in values.items()}
        return re.sub(r"\{(\w+)[:!][^{}]*\}", r"{\1}", template).format_map(plain)


# Values of every kind a rule's row carries: text, numbers, dates (the driver's and Python's),
# lists, null, and text where a number spec is expected.
VALUES: list[Any] = [
    "张明",
    "",
    "{braces}",
    3,
    0,
    1234567.891,
    0.123456,
    True,
    neo4j.time.Date(2024, 6, 30),
    dt.date(2023, 1, 2),
    ["档案审核", "廉政意见"],
    ["file review"],
    [None, "x", 1.5],
    [neo4j.time.Date(2024, 1, 1), None, 2],
    [],
    None,
]


def _rows(template: str) -> list[dict[str, Any]]:
    names = sorted({n for _, n, _, _ in string.Formatter().parse(template) if n})
    return [
        {n: VALUES[(i + k) % len(VALUES)] for k, n in enumerate(names)} for i in range(len(VALUES))
    ]


@pytest.mark.parametrize("rule_id", list(CATALOGUE))
def test_every_rule_summary_is_what_format_map_gives(rule_id: str) -> None:
    rule = CATALOGUE[rule_id]
    for template in (rule.summary_zh, rule.summary_en):
        for english in (False, True):
            for row in _rows(template):
                assert summarise(template, row, english) == reference(template, row, english)


@pytest.mark.parametrize(
    "template",
    ["{a}和{{b}}", "{a:>6}|{b:,.0f}", "{a!r}", "{0}", "{a.real}", "{a[0]}", "{a:{b}}", "末尾}}"],
)
def test_template_shapes(template: str) -> None:
    for row in ({"a": 1, "b": 2}, {"a": "x", "b": "y"}, {"a": None, "b": dt.date(2024, 1, 1)}):
        try:
            expected: Any = reference(template, row)
        except (KeyError, ValueError, TypeError, IndexError, AttributeError) as error:
            expected = type(error)
        try:
            got: Any = summarise(template, row)
        except (KeyError, ValueError, TypeError, IndexError, AttributeError) as error:
            got = type(error)
        assert got == expected, (template, row)


def test_a_missing_column_still_fails() -> None:
    with pytest.raises(KeyError):
        summarise("{a}{b}", {"a": 1})


@pytest.mark.parametrize("rule_id", list(CATALOGUE))
def test_columns_are_what_the_server_returns(db, rule_id: str) -> None:
    # The runner fetches rows as lists and names them by Rule.columns: they must be the
    # final RETURN's columns in the server's order.
    rule = CATALOGUE[rule_id]
    params = {**rule.defaults(), "as_of": dt.date(2024, 6, 30)}

    def keys(tx: Any) -> tuple[str, ...]:
        result = tx.run("EXPLAIN " + rule.cypher, params)
        found = tuple(result.keys())
        result.consume()
        return found

    assert db.read_tx(keys) == rule.columns
