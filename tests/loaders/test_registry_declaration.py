"""The declaration (model/registries.yaml) matches the contract, and is checked as a whole."""

from __future__ import annotations

import copy
import re
from pathlib import Path
from typing import Any

import pytest
import yaml

from graph.errors import UsageError
from loaders.registry_names import AmbiguousRegistry, get_registry, registry_for_stem
from model.registry import (
    DECLARATION_PATH,
    REGISTRIES,
    DeclarationError,
    build_declaration,
    effect_months,
    kinship_class,
    load_order,
    referenced_keys,
    whole_file,
)

SHARED = Path("/work/shared")
CONTRACT = SHARED / "REGISTRIES.md"
RULES = SHARED / "RULES.md"
MODEL = Path(__file__).resolve().parents[2] / "docs" / "model.md"

LOAD_ORDER = (
    "units people posts duties family companies shareholders officers contracts appointments "
    "complaints supervision problems sanctions interventions decisions tasks"
).split()


def _contract() -> dict[str, dict[str, Any]]:
    """Registries parsed from REGISTRIES.md: {name: {zh, columns: [(header, alias, type, req, notes)]}}."""
    if not CONTRACT.exists():
        pytest.skip("REGISTRIES.md not present")
    out: dict[str, dict[str, Any]] = {}
    current = None
    for line in CONTRACT.read_text(encoding="utf-8").splitlines():
        m = re.match(r"^### (\w+) (\S+)", line)
        if m:
            current = {"zh": m.group(2), "columns": []}
            out[m.group(1)] = current
            continue
        if current is None or not line.startswith("|") or line.startswith("|---"):
            continue
        cells = [c.strip() for c in line.strip("|").split("|")]
        if cells[0] == "中文":
            continue
        header, alias, type_, notes = cells[0], cells[1], cells[2], cells[3]
        current["columns"].append((header.rstrip("*"), alias, type_, header.endswith("*"), notes))
    return out


def test_load_order_is_the_dependency_order() -> None:
    assert list(REGISTRIES) == LOAD_ORDER
    assert load_order() == tuple(LOAD_ORDER)
    assert [r.order for r in REGISTRIES.values()] == list(range(1, 18))


def test_registries_and_chinese_names_match_the_contract() -> None:
    contract = _contract()
    assert set(contract) == set(REGISTRIES)
    for name, spec in contract.items():
        assert REGISTRIES[name].zh == spec["zh"], name


@pytest.mark.parametrize("name", LOAD_ORDER)
def test_columns_match_the_contract(name: str) -> None:
    spec = _contract()[name]
    reg = REGISTRIES[name]
    declared = [(c.header, c.alias, c.type, c.required) for c in reg.columns]
    assert declared == [c[:4] for c in spec["columns"]]


def _enumerated(notes: str) -> list[str] | None:
    """The values a contract note enumerates, or None when it is an open list or prose."""
    if "..." in notes or "e.g." in notes or "also" in notes or "`" in notes:
        return None
    text = re.sub(r"\([^)]*\)", "", notes)
    items = [i.strip() for i in re.split(r"[,/]| or ", text) if i.strip()]
    if len(items) < 2 or any(" " in i or re.search(r"[A-Za-z0-9]", i) for i in items):
        return None
    return items


@pytest.mark.parametrize("name", LOAD_ORDER)
def test_enumerated_values_match_the_contract(name: str) -> None:
    reg = REGISTRIES[name]
    for _header, alias, _type, _req, notes in _contract()[name]["columns"]:
        items = _enumerated(notes)
        col = reg.column(alias)
        if items is None:
            continue
        if alias == "functions":
            assert set(items) <= set(col.examples) or not col.allowed
            continue
        assert col.allowed, f"{name}.{alias}: the contract enumerates {items}"
        assert col.on_unknown in ("error", "warning") and col.why
        if col.kinship:
            assert set(items) <= set(col.allowed), set(items) - set(col.allowed)
        else:
            assert set(items) == set(col.allowed), f"{name}.{alias}"


def test_references_follow_the_contract_rule() -> None:
    """Every alias ending in unit_id/unit_ids/person_id, parent_id, nominator_id,
    relative_id, speaking_order and problems.event_id is a strict reference."""
    for reg in REGISTRIES.values():
        for col in reg.columns:
            named = col.alias.endswith(("unit_id", "unit_ids", "person_id")) or col.alias in (
                "parent_id",
                "nominator_id",
                "relative_id",
                "speaking_order",
            )
            named = named or (reg.name == "problems" and col.alias == "event_id")
            own_key = reg.key == (col.alias,)
            if named and not own_key:
                assert col.is_strict_reference, f"{reg.name}.{col.alias}"
            elif col.ref is not None:
                assert col.ref == "companies", f"{reg.name}.{col.alias} -> {col.ref}"


def test_company_codes_are_soft_references_and_checked() -> None:
    for reg_name, alias in [
        ("shareholders", "uscc"),
        ("officers", "uscc"),
        ("contracts", "supplier_uscc"),
        ("complaints", "companies"),
        ("interventions", "companies"),
    ]:
        col = REGISTRIES[reg_name].column(alias)
        assert col.ref == "companies" and not col.is_strict_reference
        assert col.id_check == "uscc"
    for reg_name, alias in [
        ("people", "id_number"),
        ("family", "relative_id_number"),
        ("companies", "legal_rep_id_number"),
        ("officers", "id_number"),
    ]:
        assert REGISTRIES[reg_name].column(alias).id_check == "id_number"
    assert REGISTRIES["shareholders"].column("holder_id").id_check == "id_number_or_uscc"


def test_header_synonyms_from_the_contract() -> None:
    companies = REGISTRIES["companies"]
    assert companies.match_header("注册日期").alias == "founded"
    assert companies.match_header("注册资金").alias == "capital"
    assert companies.match_header("注册地址").alias == "address"
    # the market regulator's own export headers
    assert companies.match_header("法人代表").alias == "legal_rep"


def test_labels_and_relationships_exist_in_the_model() -> None:
    if not MODEL.exists():
        pytest.skip("docs/model.md not present")
    model = MODEL.read_text(encoding="utf-8")
    for reg in REGISTRIES.values():
        name = reg.label or reg.rel
        assert f"`{name}`" in model, f"{reg.name}: {name} not in docs/model.md"


def test_kinship_classes_match_rules_md() -> None:
    if not RULES.exists():
        pytest.skip("RULES.md not present")
    text = RULES.read_text(encoding="utf-8")
    found = 0
    for cls in ("SPOUSE", "LINEAL", "COLL3", "AFFINAL"):
        m = re.search(rf"^\s*- {cls}: (.+)$", text, re.M)
        assert m, cls
        for relation in m.group(1).split(","):
            assert kinship_class(relation.strip()) == cls, relation
            found += 1
    assert found > 30
    assert kinship_class("其他") == "OTHER"
    assert kinship_class("同事") == "OTHER"
    assert kinship_class(None) == "OTHER"
    assert kinship_class(" 妻子 ") == "SPOUSE"


def test_effect_periods_match_rules_md() -> None:
    if not RULES.exists():
        pytest.skip("RULES.md not present")
    text = RULES.read_text(encoding="utf-8")
    block = text.split("### Effect periods for APT-2")[1]
    pairs = re.findall(r"([\u4e00-\u9fff]+) (\d+)[;.]", block)
    assert len(pairs) == 16
    for kind, months in pairs:
        assert effect_months(kind) == int(months), kind
    for kind in ("批评教育", "提醒谈话", "问责"):
        assert effect_months(kind) is None
    assert effect_months("诫勉谈话") == 6  # a declared spelling of 诫勉


@pytest.mark.parametrize(
    "stem, name",
    [
        ("people", "people"),
        ("人员名册", "people"),
        ("2024_企业登记", "companies"),
        ("2024年企业主要人员", "officers"),
        ("干部任免2023", "appointments"),
        ("三重一大决策", "decisions"),
        ("03_supervision", "supervision"),
        ("Units", "units"),
        ("插手干预重大事项记录", "interventions"),
        ("责任清单任务", "tasks"),
        ("问题整改台账", "problems"),
        ("readme", None),
        ("peoples_republic", None),
    ],
)
def test_registry_for_stem(stem: str, name: str | None) -> None:
    reg = registry_for_stem(stem)
    assert (reg.name if reg else None) == name


def test_ambiguous_stem_is_a_clear_error() -> None:
    with pytest.raises(AmbiguousRegistry) as exc:
        registry_for_stem("人员名册与企业登记")
    assert "people" in str(exc.value) and "companies" in str(exc.value)
    assert "--registry" in str(exc.value)


def test_get_registry_by_any_name() -> None:
    assert get_registry("单位名录").name == "units"
    assert get_registry("Companies").name == "companies"
    with pytest.raises(UsageError, match="未知的登记表"):
        get_registry("nonsense")


# --- the declaration is checked as a whole ---------------------------------------------------


def _raw() -> dict[str, Any]:
    return copy.deepcopy(yaml.safe_load(DECLARATION_PATH.read_text(encoding="utf-8")))


def _break(path: list[Any], value: Any) -> dict[str, Any]:
    data = _raw()
    target = data["registries"]
    for step in path[:-1]:
        target = target[step]
    target[path[-1]] = value
    return data


@pytest.mark.parametrize(
    "path, value, needle",
    [
        (["people", "columns", 3, "type"], "datum", "unknown type 'datum'"),
        (["people", "columns", 2, "alias"], "name", "duplicate alias 'name'"),
        (["posts", "columns", 0, "ref"], "staff", "unknown registry 'staff'"),
        (["units", "columns", 3, "ref"], "tasks", "loads later"),
        (["duties", "key"], ["person_id", "nope"], "key 'nope' is not a column"),
        (["people", "columns", 1, "requried"], True, "unknown field 'requried'"),
        (["people", "columns", 1, "synonyms"], ["人员编号"], "names both"),
        (["units", "columns", 2, "on_unknown"], "shrug", "on_unknown"),
        (["family", "columns", 3, "kinship", "配偶"], "SPOUSAL", "SPOUSAL"),
        (["sanctions", "columns", 2, "effect_months"], {"诫勉": "six"}, "month count"),
        (["sanctions", "columns", 2, "effect_months"], "sanction_months", "no table"),
        (["people", "names_zh"], ["单位名录"], "also names 'units'"),
        (["people", "columns", 4, "id_check"], "passport", "unknown id_check"),
        (["companies", "columns", 5, "synonyms"], ["注册资本(万元)"], "must not carry a unit"),
    ],
)
def test_broken_declarations_name_the_offending_item(
    path: list[Any], value: Any, needle: str
) -> None:
    with pytest.raises(DeclarationError) as exc:
        build_declaration(_break(path, value))
    assert needle in str(exc.value)
    assert f"registries.{path[0]}" in str(exc.value)


def test_every_problem_is_listed_in_one_error() -> None:
    data = _break(["people", "columns", 3, "type"], "datum")
    data["registries"]["duties"]["key"] = ["nope"]
    with pytest.raises(DeclarationError) as exc:
        build_declaration(data)
    assert "datum" in str(exc.value) and "nope" in str(exc.value)
    assert "2 problem(s)" in str(exc.value)


def test_the_shipped_declaration_builds() -> None:
    assert list(build_declaration(_raw())) == LOAD_ORDER


def test_generated_docs_name_every_column_and_value() -> None:
    from model.registry import describe_markdown

    text = describe_markdown()
    for reg in REGISTRIES.values():
        assert f"## {reg.order}. {reg.name} {reg.zh}" in text
        for col in reg.columns:
            assert f"| {col.header} | `{col.alias}` | {col.type} |" in text
            for value in col.allowed:
                assert value in text


def test_bad_pattern_is_a_declaration_error() -> None:
    data = _break(["units", "columns", 5, "pattern"], "([")
    with pytest.raises(DeclarationError, match="not a regular expression"):
        build_declaration(data)


def test_feeds_name_columns_and_the_rest_are_properties() -> None:
    """What a column becomes is declared once: `feeds:` for the columns sent elsewhere, and
    every other column is a property of what the row writes (loaders/shape.py `_props`)."""
    units = REGISTRIES["units"]
    assert units.writes == "Unit" and REGISTRIES["posts"].writes == "HOLDS_POST"
    assert units.fed == ("unit_id", "parent_id")
    assert units.props == ("name", "kind", "level", "region_code", "functions")
    for reg in REGISTRIES.values():
        assert set(reg.props) | set(reg.fed) == set(reg.aliases)
    data = _break(["units", "feeds", "parrent_id"], "a typo")
    data["registries"]["decisions"]["derived"] = {"speaking": "a typo"}
    with pytest.raises(DeclarationError) as exc:
        build_declaration(data)
    assert "registries.units.feeds: 'parrent_id' is not a column" in str(exc.value)
    assert "registries.decisions.derived: 'speaking' is not a column" in str(exc.value)


def test_the_derived_load_lists() -> None:
    """The loader's lists follow from the declaration: registries whose ids are referenced
    (strict `ref:`) and those written as a whole (referenced, self-referencing, merged rows)."""
    assert referenced_keys() == {
        "units": "unit_id",
        "people": "person_id",
        "supervision": "event_id",
    }
    assert whole_file() == {"units", "people", "supervision", "family"}
    # a registry referring to a registry with a two-column key is a declaration error
    data = _raw()
    data["registries"]["people"]["key"] = ["person_id", "name"]
    with pytest.raises(DeclarationError, match=r"refers to 'people', whose key is not one column"):
        build_declaration(data)


def test_words_the_code_compares_with_are_allowed_values() -> None:
    """model/vocab.py's leader roles and meeting forms are values the declaration allows: a
    renamed allowed value would otherwise make a comparison silently never match."""
    data = _raw()
    role = next(c for c in data["registries"]["posts"]["columns"] if c["alias"] == "role")
    role["allowed"] = [v for v in role["allowed"] if v != "班子成员"]
    with pytest.raises(DeclarationError) as exc:
        build_declaration(data)
    assert "registries.posts.role: model/vocab.py compares it with ['班子成员']" in str(exc.value)
    del data["registries"]["decisions"]
    with pytest.raises(DeclarationError, match=r"registries.decisions.meeting: model/vocab.py"):
        build_declaration(data)
