"""model/ftm_mapping.yaml: one declaration read by import and export, checked as a whole;
FtM rows go through the registries' own Validator (issue 14, "one pipeline, one mapping")."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
import yaml

from loaders.ftm import prepare
from loaders.ftm_export import direct as export_direct
from loaders.ftm_mapping import MAPPING_PATH, build_mapping, ftm_mapping
from loaders.ftm_read import read_entities
from loaders.ftm_translate import WRITE_ORDER
from loaders.ftm_translate import direct as import_direct
from model.registry import DeclarationError


def _raw() -> dict[str, Any]:
    data = yaml.safe_load(MAPPING_PATH.read_text("utf-8"))
    assert isinstance(data, dict)
    return data


def _write(path: Path, *entities: dict[str, Any]) -> Path:
    path.write_text("\n".join(json.dumps(e, ensure_ascii=False) for e in entities) + "\n")
    return path


def test_the_mapping_loads_and_covers_every_written_registry() -> None:
    mapping = ftm_mapping()
    assert set(mapping.registries) == set(WRITE_ORDER)  # every registry an FtM file writes
    assert len(WRITE_ORDER) == 8
    assert mapping.translate("relationship", "Husband") == "配偶"
    assert mapping.reverse("gender", "女") == "female"


def test_a_bad_mapping_is_one_error_naming_every_bad_key() -> None:
    data = _raw()
    data["registries"]["people"]["columns"]["gender"]["property"] = "sex"
    data["registries"]["people"]["columns"]["shoe_size"] = {"property": "name"}
    data["registries"]["companies"]["schema"] = "Firm"
    data["registries"]["family"]["columns"]["relation"]["vocabulary"] = "kin"
    data["imported"]["Person"].append("favouriteColour")
    with pytest.raises(DeclarationError) as raised:
        build_mapping(data)
    text = str(raised.value)
    for key in (
        "registries.people.columns.gender.property",
        "registries.people.columns.shoe_size",
        "registries.companies.schema",
        "registries.family.columns.relation.vocabulary",
        "imported.Person",
    ):
        assert key in text, key


def test_import_and_export_read_the_same_direct_columns(tmp_path: Path) -> None:
    """A value crosses the same declared column both ways: FtM -> registry row -> FtM."""
    path = _write(
        tmp_path / "one.ftm.json",
        {
            "id": "c1",
            "schema": "Company",
            "properties": {
                "name": ["Acme"],
                "incorporationDate": ["2001-02-03"],
                "capital": ["1500000"],
                "legalForm": ["LLC"],
                "status": ["active"],
                "sector": ["mining"],
                "description": ["digging"],
                "address": ["1 Road"],
            },
        },
    )
    entity = read_entities(path).entities["c1"]
    row = import_direct(entity, "companies")
    row["capital"] = 1500000.0  # as the Validator types it
    back = export_direct("companies", row)
    for prop in ("incorporationDate", "legalForm", "status", "sector", "description", "address"):
        assert back[prop] == entity.first(prop), prop
    assert back["capital"] == "1500000"


def test_ftm_rows_get_the_registries_checks_named_by_ftm_property(tmp_path: Path) -> None:
    path = _write(
        tmp_path / "checks.ftm.json",
        {"id": "p1", "schema": "Person", "properties": {"name": ["Ann"], "gender": ["other"]}},
        {"id": "u1", "schema": "PublicBody", "properties": {"name": ["Office"]}},
        {
            "id": "pos",
            "schema": "Position",
            "properties": {"name": ["Head"], "organization": ["u1"]},
        },
        {
            "id": "occ",
            "schema": "Occupancy",
            "properties": {"holder": ["p1"], "post": ["pos"], "startDate": ["2020"]},
            "oversight": {"role": " 主要负责人 "},
        },
        {"id": "NK-abc", "schema": "Company", "properties": {"name": ["lower"]}},
    )
    _reading, result, problems = prepare(path, {})
    assert not [p for p in problems if p.is_error]
    gender = [p for p in problems if p.column == "Person.gender"]
    assert gender and gender[0].row == 1 and gender[0].value == "other"
    assert "男" in gender[0].expected
    # the registry's canonical form, after its text normalisation (spaces stripped)
    (post,) = result.records["posts"]
    assert post["role"] == "一把手"
    # an FtM id is an identity: not upper-cased, not checked as a USCC
    (company,) = result.records["companies"]
    assert company["uscc"] == "FTM:NK-abc" and company["uscc_invalid"] is False


def test_a_mapping_that_is_not_yaml_is_one_error(tmp_path: Path) -> None:
    from loaders.ftm_mapping import load_mapping

    bad = tmp_path / "ftm_mapping.yaml"
    bad.write_text("registries: [unclosed\n", "utf-8")
    with pytest.raises(DeclarationError, match="ftm_mapping.yaml"):
        load_mapping(bad)
