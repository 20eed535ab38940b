"""The writer's pure parts: shaping rows, Cypher steps, identity scoring (no database)."""

from __future__ import annotations

import datetime as dt

import pytest

from loaders.identity import match_id, name_confidence, subject_confidences
from loaders.shape import ShapeOptions, shape_records, split_companies
from loaders.write import parse_steps, per_row, steps_for
from model.registry import REGISTRIES

OPTIONS = ShapeOptions(source_id="0123456789ab", id_key=b"test-key")
GOOD_ID = "11010519491231002X"


def test_every_registry_has_cypher_whose_first_step_counts_outcomes():
    for name in REGISTRIES:
        steps = steps_for(name)
        assert steps[0].query.startswith("UNWIND $rows AS row"), name
        assert steps[0].query.rstrip().endswith("RETURN outcome, count(*) AS rows"), name
        assert per_row(steps[0].query).endswith("RETURN outcome, sum(rows) AS rows")


def test_parse_steps_rejects_files_without_steps():
    with pytest.raises(ValueError, match="no `// step"):
        parse_steps("MATCH (n) RETURN n", "x.cypher")
    (only,) = parse_steps("// head\n// step: a\n// comment\nRETURN 1 AS rows\n", "x.cypher")
    assert (only.name, only.query) == ("a", "RETURN 1 AS rows")


def test_people_rows_hash_and_mask_and_never_carry_the_clear_number():
    record = {"_row": 7, "person_id": "P1", "name": "张三", "id_number": GOOD_ID}
    (row,) = shape_records("people", [record], OPTIONS)
    assert row["srcs"] == ["0123456789ab:7"]
    assert row["props"]["id_masked"] == "110105************"
    assert row["props"]["id_invalid"] is False
    assert GOOD_ID not in repr(row)
    (clear,) = shape_records("people", [record], ShapeOptions("0123456789ab", b"test-key", True))
    assert clear["props"]["id_number"] == GOOD_ID
    (other_key,) = shape_records("people", [record], ShapeOptions("0123456789ab", b"other"))
    assert other_key["props"]["id_hash"] != row["props"]["id_hash"]


def test_row_hash_follows_content_not_provenance():
    base = {"_row": 2, "unit_id": "U1", "name": "甲", "functions": ["财务"]}
    (a,) = shape_records("units", [base], OPTIONS)
    (b,) = shape_records("units", [{**base, "_row": 9}], ShapeOptions("ffffffffffff", b"k"))
    (c,) = shape_records("units", [{**base, "name": "乙"}], OPTIONS)
    assert a["h"] == b["h"] != c["h"]


def test_family_rows_of_one_relative_over_years_collapse_to_the_latest():
    rows = [
        {"_row": 2, "person_id": "P1", "relative_name": "王芳", "relation": "配偶",
         "relative_id_number": GOOD_ID, "report_year": 2023, "job": "经理"},
        {"_row": 3, "person_id": "P1", "relative_name": "王芳", "relation": "配偶",
         "relative_id_number": GOOD_ID, "report_year": 2022, "job": "职员"},
        {"_row": 4, "person_id": "P1", "relative_name": "王强", "relation": "哥哥",
         "report_year": 2023},
    ]  # fmt: skip
    shaped = shape_records("family", rows, OPTIONS)
    assert len(shaped) == 2
    spouse, brother = shaped
    assert spouse["props"]["job"] == "经理" and spouse["props"]["kinship"] == "SPOUSE"
    assert spouse["srcs"] == ["0123456789ab:2", "0123456789ab:3"]
    assert spouse["rel_pid"].startswith("ID:")
    assert brother["rel_pid"] == "REL:P1:王强:哥哥" and brother["props"]["kinship"] == "COLL3"


def test_company_side_people_without_a_number_stay_local_to_the_company():
    record = {"_row": 2, "uscc": "91110106MA00937L05", "holder_name": "李四",
              "holder_type": "自然人", "pct": 40.0}  # fmt: skip
    (row,) = shape_records("shareholders", [record], OPTIONS)
    assert row["holder_kind"] == "person" and row["holder_pid"] == "NAME:91110106MA00937L05:李四"
    corp = {**record, "holder_name": "某公司", "holder_type": "企业", "holder_id": None}
    (row,) = shape_records("shareholders", [corp], OPTIONS)
    assert row["holder_kind"] == "company" and row["holder_uscc"] == "NAME:某公司"


def test_split_companies_codes_and_names():
    codes, names = split_companies(["91110106ma00937l05", "某某公司", "91110106MA00937L05"])
    assert codes == [{"uscc": "91110106MA00937L05", "invalid": False}]
    assert names == ["某某公司"]


def test_decisions_keep_the_speaking_order():
    record = {"_row": 2, "decision_id": "D1", "unit_id": "U1", "date": dt.date(2024, 1, 2),
              "speaking_order": ["P2", "P1"]}  # fmt: skip
    (row,) = shape_records("decisions", [record], OPTIONS)
    assert row["speaking_order"] == ["P2", "P1"] and row["props"]["date"] == dt.date(2024, 1, 2)


@pytest.mark.parametrize(
    ("name", "rivals", "expected"),
    [("欧阳东云", 1, 0.6), ("欧阳东云", 3, 0.2), ("王芳", 1, 0.45), ("王芳", 2, 0.225)],
)
def test_name_confidence(name, rivals, expected):
    assert name_confidence(name, rivals) == pytest.approx(expected)


def test_subject_confidences_prefer_people_in_post_at_the_unit():
    people = [{"pid": "P1", "at_unit": True}, {"pid": "P2", "at_unit": False}]
    assert subject_confidences(True, people) == {"P1": 0.9}
    assert subject_confidences(False, people) == {"P1": 0.25, "P2": 0.25}
    assert subject_confidences(True, [None]) == {}
    crowd = [{"pid": f"P{i}", "at_unit": False} for i in range(6)]
    assert subject_confidences(True, crowd) == {}


def test_match_ids_are_stable_and_directional():
    assert match_id("A", "B") == match_id("A", "B") != match_id("B", "A")
    assert len(match_id("A", "B")) == 10


def test_the_declared_shapers_are_the_shapers() -> None:
    """A registry's `shaper:` names a function of loaders/shape.py; every one is named."""
    from loaders.shape import SHAPERS, shaper_for

    declared = {reg.shaper for reg in REGISTRIES.values() if reg.shaper is not None}
    assert declared == set(SHAPERS)
    for name, reg in REGISTRIES.items():
        shaper = shaper_for(name)
        assert (shaper is SHAPERS[reg.shaper]) if reg.shaper else callable(shaper)
