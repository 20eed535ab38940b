"""FtM files written by others (tests/fixtures/ftm/, sources in tests/fixtures/README.md):
they load without --skip-bad-rows, keep their ids exactly, join people by id, and come back
out through the export the same and valid against the followthemoney model (issue 14)."""

from __future__ import annotations

import io
import json
from pathlib import Path
from typing import Any

import pytest
from followthemoney import model

from graph.db import Database
from loaders.ftm import load_ftm, prepare
from loaders.ftm_export import export_ftm

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "ftm"
FILES = sorted(p.name for p in FIXTURES.glob("*.ftm.json"))
ZALA = FIXTURES / "os_zala.ftm.json"
PEP = FIXTURES / "pep_positions.ftm.json"
DONATIONS = FIXTURES / "os_parteispenden.ftm.json"
ALEPH = FIXTURES / "aleph_collection.ftm.json"
QUEEN = "c6409d9d9e484bd7be3db29530f99239"  # Person ids of Aleph's royal-family fixture
PHILIP = "4645490522b141e3ba916faefbd7ddc1"
CHARLES = "44fd487555564a319639e17d1fa4574a"
ZAKHAROV = "NK-aU5ybkbRFJucf8YMwsJvDw"  # a sanctioned person of the zala fixture


def ent(entity_id: str, schema: str, **props: Any) -> dict:
    return {
        "id": entity_id,
        "schema": schema,
        "properties": {k: v if isinstance(v, list) else [v] for k, v in props.items()},
    }


def write(path: Path, entities: list[dict]) -> Path:
    path.write_text("\n".join(json.dumps(e, ensure_ascii=False) for e in entities) + "\n")
    return path


def exported(db: Database) -> dict[str, dict]:
    out = io.StringIO()
    export_ftm(db, out, page_size=7)  # several pages per kind
    entities = [json.loads(line) for line in out.getvalue().splitlines()]
    ids = [e["id"] for e in entities]
    assert len(ids) == len(set(ids)), "an id exported twice"
    return {e["id"]: e for e in entities}


def file_ids(path: Path) -> dict[str, str]:
    return {
        e["id"]: e["schema"]
        for e in (json.loads(line) for line in path.read_text("utf-8").splitlines() if line)
    }


@pytest.mark.parametrize("name", FILES)
def test_fixture_loads_without_errors(name: str) -> None:
    """No error (warnings allowed), and every entity of an imported schema is imported."""
    reading, result, problems = prepare(FIXTURES / name, {})
    assert [p for p in problems if p.is_error] == []
    # what is not imported is reported, counted per schema and property
    counted = {p.column: p.value for p in problems if p.row is None and not p.is_error}
    for (schema_name, prop), count in (reading.not_imported + result.not_imported).items():
        column = f"{schema_name}.{prop}" if prop else schema_name
        assert counted[column] == str(count)


@pytest.mark.parametrize("name", FILES)
def test_fixture_round_trip(db: Database, tmp_path: Path, name: str) -> None:
    """load -> export -> load into an empty graph -> export: the same entities (ids,
    schemata, every property), valid against the followthemoney model; the file's own ids
    of imported entities come back out unchanged."""
    source = FIXTURES / name
    load_ftm(source, db=db)
    first = exported(db)
    for data in first.values():
        model.get(data["schema"]).validate(data)  # raises InvalidData when not valid FtM
    originals = file_ids(source)
    kept = {"Person", "Company", "PublicBody", "Ownership", "Directorship", "Family"}
    kept |= {"Occupancy", "Position"}
    for entity_id, schema_name in originals.items():
        if schema_name in kept:
            assert entity_id in first, f"{schema_name} {entity_id} lost its id"
    again = write(tmp_path / "again.ftm.json", list(first.values()))
    db.run_autocommit("MATCH (n) DETACH DELETE n")
    load_ftm(again, db=db)
    second = exported(db)
    assert second.keys() == first.keys()
    for entity_id, data in first.items():
        assert second[entity_id] == data


def test_zala_people_join_by_id_with_family_and_companies(db: Database) -> None:
    load_ftm(ZALA, db=db)
    rows = db.read(
        "MATCH (p:Person {pid: $pid}) "
        "OPTIONAL MATCH (p)-[:SHAREHOLDER_OF|OFFICER_OF|LEGAL_REP_OF]->(c:Company) "
        "OPTIONAL MATCH (p)-[:HAS_RELATIVE]-(r:Person) "
        "RETURN p.name AS name, p.topics AS topics, p.aliases AS aliases, "
        "count(DISTINCT c) AS companies, count(DISTINCT r) AS relatives",
        {"pid": ZAKHAROV},
    )
    (him,) = rows
    assert "sanction" in him["topics"]
    assert him["companies"] >= 1 and him["relatives"] == 4
    # no name-only copies of him local to his companies
    assert db.read("MATCH (p:Person) WHERE p.pid STARTS WITH 'NAME:' RETURN count(*) AS n") == [
        {"n": 0}
    ]
    assert db.read("MATCH ()-[m:POSSIBLE_MATCH]-() RETURN count(m) AS n") == [{"n": 0}]
    # ids keep their case; the INN/OGRN of a Russian company are kept as what they are
    (zala,) = db.read(
        "MATCH (c:Company {ftm_id: 'NK-abdzbEBkqyT29GyREbiURZ'}) "
        "RETURN c.uscc AS uscc, c.inn_codes AS inn, c.topics AS topics"
    )
    assert zala["uscc"] == "FTM:NK-abdzbEBkqyT29GyREbiURZ"
    assert zala["inn"] and "sanction" in zala["topics"]


def test_aleph_export_family_joined_by_nested_ids_documents_counted(db: Database) -> None:
    """An Aleph collection export: references given as nested entities join people by id;
    Aleph's own keys (collection_id, highlight, links, score, created_at) are not entity
    data; Document/Page/Email/Folder/Package/Succession are not imported and counted, never
    an error; a Person Aleph made from an e-mail address alone is named by its caption."""
    summary = load_ftm(ALEPH, db=db)
    assert summary.errors == 0
    counted = {p.column: p.value for p in summary.problems if p.row is None}
    for schema_name in ("Document", "Page", "Email", "Folder", "Package", "Succession"):
        assert counted[schema_name] == "1", schema_name
    assert counted["Person.email"] == "2"
    rows = db.read(
        "MATCH (a:Person)-[r:HAS_RELATIVE]->(b:Person) "
        "RETURN a.pid AS a, r.relation AS relation, b.pid AS b ORDER BY relation, b"
    )
    assert rows == [
        {"a": QUEEN, "relation": "儿子", "b": CHARLES},
        {"a": PHILIP, "relation": "儿子", "b": CHARLES},
        {"a": QUEEN, "relation": "配偶", "b": PHILIP},
    ]
    assert db.read("MATCH (p:Person) RETURN count(p) AS n") == [{"n": 5}]
    (nameless,) = db.read(
        "MATCH (p:Person {pid: '83b8cc4f3aa77094ef48f01b0a5444db538cdfb9'}) RETURN p.name AS n"
    )
    assert nameless == {"n": "vladimir_l@something.com"}
    out = exported(db)
    assert {QUEEN, PHILIP, CHARLES, "07e0f7242b9645fbaf61b68ac4d72b6c"} <= out.keys()
    assert out["07e0f7242b9645fbaf61b68ac4d72b6c"]["properties"]["person"] == [QUEEN]
    assert not {"collection_id", "highlight", "links", "score"} & set(out[QUEEN])


def test_ids_differing_in_case_stay_two_companies(db: Database, tmp_path: Path) -> None:
    path = write(
        tmp_path / "case.ftm.json",
        [ent("NK-abc", "Company", name="Lower"), ent("NK-ABC", "Company", name="Upper")],
    )
    load_ftm(path, db=db)
    names = db.read("MATCH (c:Company) RETURN c.uscc AS key, c.name AS name ORDER BY name")
    assert names == [
        {"key": "FTM:NK-abc", "name": "Lower"},
        {"key": "FTM:NK-ABC", "name": "Upper"},
    ]
    assert set(exported(db)) == {"NK-abc", "NK-ABC"}


def test_two_holdings_of_one_company_by_one_owner_stay_two(db: Database, tmp_path: Path) -> None:
    """Issue 14 (4): periods, shares and role kept; keyed by the Ownership id."""
    path = write(
        tmp_path / "own.ftm.json",
        [
            ent("p1", "Person", name="Owner"),
            ent("c1", "Company", name="Held"),
            ent(
                "o1",
                "Ownership",
                owner="p1",
                asset="c1",
                percentage="60",
                startDate="1998",
                endDate="2005",
                sharesCount="600",
                role="founder",
            ),
            ent("o2", "Ownership", owner="p1", asset="c1", percentage="25", startDate="2010"),
        ],
    )
    load_ftm(path, db=db)
    rows = db.read(
        "MATCH (:Person {pid: 'p1'})-[r:SHAREHOLDER_OF]->(:Company) "
        "RETURN r.ftm_id AS id, r.pct AS pct, r.end_date AS end, r.shares_count AS shares, "
        "r.role AS role ORDER BY id"
    )
    assert rows == [
        {"id": "o1", "pct": 60.0, "end": "2005", "shares": "600", "role": "founder"},
        {"id": "o2", "pct": 25.0, "end": None, "shares": None, "role": None},
    ]
    out = exported(db)
    assert out["o1"]["properties"]["endDate"] == ["2005"]
    assert out["o2"]["properties"]["percentage"] == ["25"]


def test_pep_occupancies_held_by_status(db: Database) -> None:
    """Issue 14 (7): a `current` occupancy without dates is held at the as-of date, an
    `ended` one is not (queries/shared/active.cypher as the rules use it)."""
    load_ftm(PEP, db=db)
    fragment = (
        Path(__file__).resolve().parents[2] / "queries" / "shared" / "active.cypher"
    ).read_text("utf-8")
    expression = "\n".join(line for line in fragment.splitlines() if not line.startswith("//"))
    expression = expression.replace("@rel", "r").replace("@at", "$at")
    held = db.read(
        f"MATCH (p:Person)-[r:HOLDS_POST]->(u:Unit) WHERE {expression} "
        "RETURN r.ftm_id AS id ORDER BY id",
        {"at": __import__("datetime").date(2024, 6, 1)},
    )
    assert [r["id"] for r in held] == [
        "wd-occ-aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa",  # current, no dates
        "wd-occ-eeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeee",  # dated, no end
    ]
    (unit,) = db.read(
        "MATCH (u:Unit {unit_id: 'Q90000010-unit'}) RETURN u.name AS name, u.country AS country"
    )
    assert unit == {"name": "Member of the Example County Council", "country": ["ro"]}
    (ana,) = db.read("MATCH (p:Person {pid: 'Q90000001'}) RETURN p.names AS n, p.aliases AS a")
    assert ana == {"n": ["Ana Example", "Ана Пример"], "a": ["A. Example"]}


def test_donations_from_companies_are_not_subsidies(db: Database) -> None:
    """Issue 14 (6): a company or person paying a party is not a public body's subsidy."""
    summary = load_ftm(DONATIONS, db=db)
    assert db.read("MATCH (k:Contract) RETURN count(k) AS n") == [{"n": 0}]
    assert db.read("MATCH (u:Unit) RETURN count(u) AS n") == [{"n": 0}]
    payment = [p for p in summary.problems if p.column == "Payment" and p.row is None]
    assert payment and payment[0].value == "40"


def test_payment_amount_in_euro_from_a_public_body(db: Database, tmp_path: Path) -> None:
    path = write(
        tmp_path / "pay.ftm.json",
        [
            ent("pb", "PublicBody", name="Ministry"),
            ent("co", "Company", name="Farm Ltd"),
            ent("pay", "Payment", payer="pb", beneficiary="co", amountEur="1200", date="2021"),
        ],
    )
    load_ftm(path, db=db)
    (row,) = db.read(
        "MATCH (k:Contract) RETURN k.amount AS amount, k.currency AS currency, "
        "k.amount_eur AS eur, k.category AS category"
    )
    assert row == {"amount": 1200.0, "currency": "EUR", "eur": "1200", "category": "补贴"}
    out = exported(db)
    assert out["pay"]["schema"] == "Payment"
    assert out["pay"]["properties"]["payer"] == ["pb"]


def test_topics_shown_as_words_next_to_a_company() -> None:
    from app.ui.topics import topic_labels

    assert topic_labels(["gov.national"]) is None and topic_labels(None) is None
    assert topic_labels(["role.pep", "crime.fraud", "sanction"]) == "受制裁、犯罪、政治公众人物"


def test_other_names_are_searchable(db: Database) -> None:
    """Issue 14 (5): every name is kept, and found by the app's search."""
    from app import reads

    load_ftm(PEP, db=db)
    for text in ("Ана Пример", "A. Example", "Ion Sample", "Primăria"):
        found = {r["id"] for r in reads.search(db, text)}
        assert found & {"Q90000001", "Q90000002", "Q90000020"}, text
