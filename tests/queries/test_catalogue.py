"""The catalogue as a whole: declarations, composition of shared fragments, parameters, docs."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from graph.errors import UsageError
from queries import catalogue, docs
from queries.catalogue import CATALOGUE, EXPECTED_IDS, CatalogueError, load_catalogue, parse_value
from queries.runner import resolve_params

ROOT = Path(__file__).resolve().parents[2]


def test_catalogue_is_rules_md() -> None:
    assert tuple(CATALOGUE) == EXPECTED_IDS
    rules_md = ROOT.parent / "shared" / "RULES.md"
    if rules_md.exists():
        ids = re.findall(r"^\| ([A-Z]{3}-\d) \|", rules_md.read_text(encoding="utf-8"), re.M)
        assert tuple(ids) == EXPECTED_IDS


def test_docs_are_generated_and_complete() -> None:
    text = (ROOT / "docs" / "rules.md").read_text(encoding="utf-8")
    assert text == docs.render(), "docs/rules.md is stale: python -m queries.docs > docs/rules.md"
    for rule in CATALOGUE.values():
        assert f"## {rule.id} {rule.title_zh}" in text
        section = text.split(f"## {rule.id} ")[1].split("\n## ")[0]
        for name in rule.parameters:
            assert f"| `{name}` |" in section, (rule.id, name)
        assert rule.basis_zh in section and rule.basis_en in section


def test_shared_definitions_are_written_once() -> None:
    # No rule spells out what a fragment defines: the relatives and company-link patterns
    # appear only in queries/shared.
    for rule in CATALOGUE.values():
        for pattern in (
            "HAS_RELATIVE",
            "SAME_AS",
            "POSSIBLE_MATCH",
            "SHAREHOLDER_OF",
            "end_date IS NULL",
        ):
            assert pattern not in rule.source, (rule.id, pattern)
    composed = CATALOGUE["COI-3"].cypher
    assert "RELATIVE_HOLDER" in composed and "SHAREHOLDER_OF*0..3" in composed


def test_no_literal_values_from_parameters() -> None:
    for rule in CATALOGUE.values():
        assert "{{" not in rule.cypher
        for name in rule.parameters:
            assert f"${name}" in rule.cypher


def _copy(tmp_path: Path) -> tuple[Path, Path]:
    rules, shared = tmp_path / "rules", tmp_path / "shared"
    shutil.copytree(catalogue.RULES_DIR, rules)
    shutil.copytree(catalogue.SHARED_DIR, shared)
    return rules, shared


@pytest.mark.parametrize(
    ("path", "old", "new", "message"),
    [
        ("rules/PWR-2.cypher", "severity: high", "severity: urgent", "severity"),
        ("rules/PWR-2.cypher", "// id: PWR-2", "// id: PWR-9", "id"),
        ("rules/PWR-2.cypher", "default: 10", "default: ten", "default"),
        ("rules/PWR-2.cypher", "$years", "$yrs", "undeclared parameters"),
        ("rules/AVD-2.cypher", "{{ relatives(l, r, hr, kin, rep, rn) }}", "{{ relatives(l, r) }}", "takes"),
        ("rules/AVD-2.cypher", "{{ relatives(l, r, hr, kin, rep, rn) }}",
         "{{ relatives('x', r, hr, kin, rep, rn) }}", "not a name"),
        ("rules/AVD-2.cypher", "{{ relatives(", "{{ kinfolk(", "unknown fragment"),
        ("rules/TSK-1.cypher", "{subject_name}牵头", "{unit}牵头", "summary names columns"),
        ("shared/relatives.cypher", "AS @relation", "AS relation", "declared but unused"),
        ("shared/relatives.cypher", "// kind: subquery", "// kind: [subquery",
         r"relatives\.cypher:4: front matter is not YAML: .* at line 3"),
        ("shared/relatives.cypher", "// ---\n// fragment", "// fragment", "front-matter block"),
        ("rules/PWR-2.cypher", "// ---\n// id", "// id", "front-matter block"),
    ],
)  # fmt: skip
def test_broken_declarations_name_the_item(tmp_path, path, old, new, message) -> None:
    rules, shared = _copy(tmp_path)
    target = tmp_path / path
    text = target.read_text(encoding="utf-8")
    assert old in text
    target.write_text(text.replace(old, new, 1), encoding="utf-8")
    with pytest.raises(CatalogueError, match=message):
        load_catalogue(rules, shared)


def test_every_rule_has_its_basis_in_both_languages() -> None:
    for rule in CATALOGUE.values():
        assert rule.basis_zh.strip() and rule.basis_en.strip(), rule.id
        assert re.search(r"[\u4e00-\u9fff]", rule.basis_zh), rule.id
        # the English basis is English: no Chinese characters or book-title marks left in it
        assert not re.search(r"[\u4e00-\u9fff《》]", rule.basis_en), (rule.id, rule.basis_en)


def test_a_rule_without_english_basis_is_refused(tmp_path) -> None:
    rules, shared = _copy(tmp_path)
    target = rules / "COI-1.cypher"
    lines = target.read_text(encoding="utf-8").splitlines(keepends=True)
    start = lines.index("// basis:\n")
    assert lines[start + 2].startswith("//   en: ")
    del lines[start + 2]
    target.write_text("".join(lines), encoding="utf-8")
    with pytest.raises(CatalogueError, match=r"COI-1\.cypher: missing text basis\.en"):
        load_catalogue(rules, shared)


def test_the_documented_example_rule_loads(tmp_path) -> None:
    """docs/rules.md's "Writing a new rule" example keeps to the contract it documents."""
    path = tmp_path / "COI-4.cypher"
    path.write_text(docs.EXAMPLE_RULE, encoding="utf-8")
    rule = catalogue._load_rule(path, catalogue.FRAGMENTS)
    assert rule.id == "COI-4" and rule.match and set(rule.parameters) == {"min_amount"}
    assert "{{" not in rule.cypher and "CALL (l)" in rule.cypher
    assert rule.basis_en == "Regulations of the Communist Party of China on Disciplinary Actions"


def test_missing_rule_is_reported(tmp_path) -> None:
    rules, shared = _copy(tmp_path)
    (rules / "SUP-4.cypher").unlink()
    with pytest.raises(CatalogueError, match="SUP-4"):
        load_catalogue(rules, shared)


@pytest.mark.parametrize(
    ("ptype", "raw", "expected"),
    [
        ("int", "5", 5),
        ("float", "2.5%", 2.5),
        ("list[str]", "组织，人事、财务", ["组织", "人事", "财务"]),
        ("map[str,int]", "诫勉:12；记过：6", {"诫勉": 12, "记过": 6}),
        ("bool", "是", True),
        ("date", "2025-06-30", __import__("datetime").date(2025, 6, 30)),
    ],
)
def test_parameter_types(ptype, raw, expected) -> None:
    assert parse_value(ptype, raw, "x") == expected


@pytest.mark.parametrize(
    ("ptype", "raw"),
    [
        ("int", "ten"),
        ("int", True),
        ("float", "x"),
        ("map[str,int]", "诫勉"),
        ("date", "2025/13/01"),
        ("str", " "),
    ],
)
def test_bad_parameter_values(ptype, raw) -> None:
    with pytest.raises(UsageError, match="x"):
        parse_value(ptype, raw, "x")


def test_params_precedence_and_map_merge() -> None:
    rule = CATALOGUE["APT-2"]
    config = {"APT-2": {"effect_months": {"诫勉": 9}, "kinds": ["提拔"]}}
    values = resolve_params(rule, {"effect_months": "诫勉:12", "APT-1.kinds": "x"}, config)
    assert values["effect_months"]["诫勉"] == 12 and values["effect_months"]["开除"] == 60
    assert values["kinds"] == ["提拔"]
    with pytest.raises(UsageError, match="years"):
        resolve_params(rule, {"years": "3"})


def test_effect_periods_come_from_the_registry_declaration() -> None:
    from model.registry import effect_months

    periods = CATALOGUE["APT-2"].parameters["effect_months"].default
    for kind in ("诫勉", "党内严重警告", "开除党籍", "撤职"):
        assert periods[kind] == effect_months(kind)
    assert "批评教育" not in periods
