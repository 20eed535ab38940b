"""`oversight load --bulk` hands nodes and relationships to the CSV writer as soon as nothing
still to come changes them (loaders/bulk_graph.py: `CHANGES`, `stream`, `_Spill`): its files
hold the same rows, in the same order, as a graph that holds everything to the end and is
written out once. Pure: no database.
"""

from __future__ import annotations

import datetime as dt
import itertools
import re
from pathlib import Path

import pytest

import loaders.shape as shape
from loaders.bulk_csv import ImportFiles
from loaders.bulk_graph import BulkGraph, apply_rows
from loaders.pipeline import (
    LoadSummary,
    _Prepared,
    _Progress,
    _records_again,
    plan,
    validate_all,
)
from loaders.shape import ShapeOptions, shape_records
from loaders.values import id_key
from loaders.write import load_params
from sample.scale import write_sample
from tests.loaders.surrogates import renumbered

DAY = dt.date(2026, 11, 30)
STUB = "91320100STUBLATER1"  # a company first met without a name, named by a later row


@pytest.fixture(scope="module")
def prepared(tmp_path_factory: pytest.TempPathFactory) -> list[_Prepared]:
    folder = tmp_path_factory.mktemp("bulk-memory-city")
    write_sample(folder, "city", seed=2, companies_per_block=80)
    planned, skipped = plan(folder, None)
    summary = LoadSummary(problems=list(skipped))
    known: dict[str, set[str]] = {"units": set(), "people": set(), "supervision": set()}
    return validate_all(planned, None, known, False, _Progress(False), summary, None)


def _shaped(
    prepared: list[_Prepared], monkeypatch: pytest.MonkeyPatch, one_per_number: bool = True
) -> list[tuple]:
    """Every file's shaped rows (surrogates numbered, so that two runs get the same), with
    rows a real folder may have: a shareholder and an officer listed again in a later chunk
    with other values, and a company met without a name that a later row names.
    `one_per_number`: one surrogate kept per 身份证号, else one minted per row (as the bulk
    load shapes)."""
    counter = itertools.count()
    monkeypatch.setattr(shape, "new_surrogate", lambda: f"S:{next(counter):08d}")
    surrogates: dict[str, str] | None = {} if one_per_number else None
    out = []
    for ready in prepared:
        name = ready.planned.registry.name
        options = ShapeOptions(
            ready.summary.source_id, id_key(), False, surrogates=surrogates, fact_keys=True
        )
        chunks = [ready.records] if ready.records is not None else _records_again(ready)
        rows = [r for chunk in chunks for r in shape_records(name, chunk, options)]
        if name in ("shareholders", "officers"):
            again = {**rows[1], "props": {**rows[1]["props"]}, "h": "again", "srcs": ["z:9"]}
            again["props"]["row_key"] = "changed"
            rows.append(again)
        if name == "shareholders":
            first = {**rows[0], "uscc": STUB, "h": "stub", "srcs": ["z:1"]}
            named = {
                **rows[2],
                "holder_kind": "company",
                "holder_uscc": STUB,
                "holder_name": "后来才有名字的公司",
                "holder_invalid": False,
                "h": "named",
                "srcs": ["z:2"],
            }
            rows = [rows[0], first, *rows[1:], named]
        out.append((name, ready.summary.source_id, rows))
    return out


def _files(folder: Path) -> list[tuple[str, str]]:
    """Each file's kind and label (its number aside) with its whole text."""
    return sorted(
        (re.sub(r"_\d+\.csv$", "", p.name), p.read_text(encoding="utf-8")) for p in folder.iterdir()
    )


def _held_to_the_end(shaped: list[tuple], folder: Path) -> None:
    graph = BulkGraph()  # no sink: nothing leaves memory before the end
    for name, source_id, rows in shaped:
        graph.change = load_params(DAY, source_id)
        apply_rows(graph, name, rows)
    files = ImportFiles(folder)
    nodes, rels = graph.flush(final=True)
    files.add_nodes(nodes)
    files.add_relationships(rels)
    files.close()


def _streamed(shaped: list[tuple], folder: Path, chunk: int) -> BulkGraph:
    """As loaders/bulk.py _build_files, in chunks of `chunk` rows (units whole: its two steps
    see the whole chunk, as the normal loader's)."""
    files = ImportFiles(folder)
    graph = BulkGraph(files)
    for index, (name, source_id, rows) in enumerate(shaped):
        graph.change = load_params(DAY, source_id)
        last = index == len(shaped) - 1
        graph.last_file = last or shaped[index + 1][0] != name
        size = len(rows) if name == "units" else chunk
        for start in range(0, len(rows), size):
            apply_rows(graph, name, rows[start : start + size])
        if graph.last_file:
            nodes, rels = graph.flush(final=last)
            files.add_nodes(nodes)
            files.add_relationships(rels)
    files.close()
    return graph


def test_streamed_files_equal_holding_everything(
    prepared: list[_Prepared], monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    held, streamed = tmp_path / "held", tmp_path / "streamed"
    held.mkdir()
    streamed.mkdir()
    _held_to_the_end(_shaped(prepared, monkeypatch), held)
    _streamed(_shaped(prepared, monkeypatch), streamed, chunk=97)
    expected = _files(held)
    assert _files(streamed) == expected
    # the cases the rows above add are in the files
    text = "".join(t for _, t in expected)
    assert "后来才有名字的公司" in text and '"changed"' in text
    assert sum(1 for name, _ in expected if name.startswith("relationships_SHAREHOLDER_OF")) >= 1


def test_a_surrogate_per_row_gives_the_files_of_one_per_number(
    prepared: list[_Prepared], monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """The bulk load mints a surrogate for each row naming a 身份证号 and keeps none: the
    replay names a number's person by its hash first, so the rows after the first of a number
    land on its node, and the files are those of one surrogate kept per number."""
    kept, per_row = tmp_path / "kept", tmp_path / "per_row"
    kept.mkdir()
    per_row.mkdir()
    _streamed(_shaped(prepared, monkeypatch), kept, chunk=97)
    shaped = _shaped(prepared, monkeypatch, one_per_number=False)
    pids: dict[str, set[str]] = {}
    for name, _, rows in shaped:
        prefix = {"companies": "rep", "shareholders": "holder", "officers": "off"}.get(name)
        for row in rows if prefix else ():
            if row[f"{prefix}_hash"] is not None:
                pids.setdefault(row[f"{prefix}_hash"], set()).add(row[f"{prefix}_pid"])
    # the case at stake: numbers met in several rows, each row with a surrogate of its own
    assert sum(1 for found in pids.values() if len(found) > 1) >= 3
    _streamed(shaped, per_row, chunk=97)
    assert renumbered(_files(per_row)) == renumbered(_files(kept))


def test_a_registry_out_of_load_order_is_refused(
    prepared: list[_Prepared], monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """People are handed over after `companies`; a `people` file after it would change them."""
    shaped = {name: rows for name, _, rows in _shaped(prepared, monkeypatch)}
    files = ImportFiles(tmp_path)
    graph = BulkGraph(files)
    for name in ("people", "companies"):
        graph.last_file = True
        apply_rows(graph, name, shaped[name])
        nodes, rels = graph.flush()
        files.add_nodes(nodes)
        files.add_relationships(rels)
    with pytest.raises(RuntimeError, match="people changes Person nodes already written"):
        apply_rows(graph, "people", shaped["people"])
    files.close()


def test_what_stays_of_people_handed_over_finds_them_by_hash(
    prepared: list[_Prepared], monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """A person written out stays known by pid and by 身份证号 hash (a cadre preferred), and
    is read-only."""
    shaped = {name: rows for name, _, rows in _shaped(prepared, monkeypatch)}
    files = ImportFiles(tmp_path)
    graph = BulkGraph(files)
    graph.last_file = True
    apply_rows(graph, "people", shaped["people"])
    row = next(r for r in shaped["people"] if r["props"].get("id_hash") is not None)
    cadre = {"pid": row["person_id"], "id_hash": row["props"]["id_hash"]}
    apply_rows(graph, "companies", shaped["companies"])
    nodes, rels = graph.flush()
    files.add_nodes(nodes)
    files.add_relationships(rels)
    files.close()
    assert not graph.nodes["Person"]
    assert graph.person_by_hash(cadre["id_hash"]) == cadre["pid"]
    written = graph.node("Person", cadre["pid"])
    assert written is not None and dict(written) == {"pid": cadre["pid"]}
    with pytest.raises(RuntimeError, match="already written out"):
        written["name"] = "x"
    again, created = graph.merge_node("Person", cadre["pid"])
    assert not created and again == written


def test_import_files_know_the_nodes_handed_over_not_the_ends_met(tmp_path: Path) -> None:
    """A key numbered as a relationship's end is not a node written; once handed over it is,
    under the number its end already had."""
    files = ImportFiles(tmp_path)
    files.write_relationships(
        [(("HAS_RELATIVE", ("Person", "P1"), ("Person", "P2"), ()), {"relation": "妻子"})]
    )
    assert not files.written("Person", "P2") and not files.any_written("Person")
    files.mark_written("Person", ["P3", "P2"])
    assert files.written("Person", "P2") and files.written("Person", "P3")
    assert not files.written("Person", "P1") and not files.written("Unit", "P2")
    assert files.any_written("Person") and not files.any_written("Unit")
    files.write_nodes([("Person", {"pid": "P3"}), ("Person", {"pid": "P2"})])
    files.close()
    (path,) = [p for label, p in files.nodes if label == "Person"]
    # P1 0 and P2 1 as the relationship met them, P3 2 when handed over
    assert path.read_text(encoding="utf-8").splitlines()[1:] == ['"2","P3"', '"1","P2"']
