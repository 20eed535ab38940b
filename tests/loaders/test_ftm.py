"""FollowTheMoney interchange: pure translation, validation, and a round trip through Neo4j."""

from __future__ import annotations

import io
import json
import logging
import os
from pathlib import Path
from typing import Any

import pytest
import yaml
from click.testing import CliRunner

from app import audit
from app.cli import cli, main
from graph.db import Database
from graph.errors import BadInput
from loaders.ftm import load_ftm, prepare, read_entities
from loaders.ftm_export import export_ftm, export_ftm_file
from loaders.ftm_translate import translate
from loaders.values import id_number_check_char, uscc_check_char

ID_WANG = "11010519491231002" + id_number_check_char("11010519491231002")
USCC_OK = "91340100MA2XXXXX0" + uscc_check_char("91340100MA2XXXXX0")


def ent(entity_id: str, schema: str, context: dict | None = None, **props: Any) -> dict:
    data: dict[str, Any] = {
        "id": entity_id,
        "schema": schema,
        "properties": {k: v if isinstance(v, list) else [v] for k, v in props.items()},
    }
    if context:
        data["oversight"] = context
    return data


def city(with_id: bool = False) -> list[dict]:
    """A small FtM file: a bureau under a city, its top leader, his wife's foreign holding
    owning the company that won the bureau's contract, and a subsidy payment."""
    wang: dict[str, Any] = {"name": "王建国", "gender": "male", "birthDate": "1968-04-02"}
    if with_id:
        wang["idNumber"] = ID_WANG
    return [
        ent(
            "u-city",
            "PublicBody",
            {"level": "市", "region_code": "340100"},
            name="某市人民政府",
            legalForm="政府",
        ),
        ent(
            "u-bureau",
            "PublicBody",
            name="某市交通运输局",
            parent="u-city",
            sector=["交通", "采购"],
        ),
        ent("p-wang", "Person", **wang),
        ent("p-li", "Person", name="李梅", gender="female"),
        ent("p-zhao", "Person", name="赵强"),
        ent("pos-head", "Position", name="局长", organization="u-bureau", keywords="一把手"),
        ent("occ-1", "Occupancy", holder="p-wang", post="pos-head", startDate="2012-03"),
        ent("fam-1", "Family", person="p-wang", relative="p-li", relationship="wife"),
        ent(
            "co-1",
            "Company",
            name="某某建设有限公司",
            registrationNumber=USCC_OK,
            incorporationDate="2015-06-01",
            capital="5000000",
        ),
        ent("co-2", "Company", name="Foreign Holdings Ltd"),
        ent(
            "own-1",
            "Ownership",
            owner="p-li",
            asset="co-2",
            percentage="60",
            startDate="2016-01-01",
        ),
        ent("own-2", "Ownership", owner="co-2", asset="co-1", percentage="100%"),
        ent("dir-1", "Directorship", director="p-zhao", organization="co-1", role="法定代表人"),
        ent("dir-2", "Directorship", director="p-zhao", organization="co-1", role="chairman"),
        ent(
            "ct-1",
            "Contract",
            title="道路养护工程",
            authority="u-bureau",
            contractDate="2021-05-10",
            type="W",
            method="单一来源",
        ),
        ent("aw-1", "ContractAward", contract="ct-1", supplier="co-1", amount="3200000"),
        ent(
            "pay-1",
            "Payment",
            payer="u-bureau",
            beneficiary="co-2",
            amount="50000",
            date="2022-01-05",
            purpose="扶持资金",
        ),
        ent("addr-1", "Address", full="某市某路1号"),
    ]


def write(path: Path, entities: list[dict], raw_lines: dict[int, str] | None = None) -> Path:
    lines = [json.dumps(e, ensure_ascii=False) for e in entities]
    for index, text in (raw_lines or {}).items():
        lines.insert(index, text)
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def records_of(tmp_path: Path, entities: list[dict], **kw: Any) -> tuple[dict, list]:
    path = write(tmp_path / "x.ftm.json", entities)
    _reading, result, problems = prepare(path, {}, **kw)
    return result.records, problems


# --- pure translation ------------------------------------------------------------------------


def test_translation_maps_every_schema(tmp_path: Path) -> None:
    records, problems = records_of(tmp_path, city(with_id=True))
    assert [p for p in problems if p.is_error] == []
    assert [r["unit_id"] for r in records["units"]] == ["u-city", "u-bureau"]
    assert records["units"][0]["level"] == "市" and records["units"][0]["region_code"] == "340100"
    assert records["units"][1]["parent_id"] == "u-city"
    assert records["units"][1]["functions"] == ["交通", "采购"]
    # p-zhao appears only as a company officer: still a person, known by his FtM id
    assert [r["person_id"] for r in records["people"]] == ["p-wang", "p-li", "p-zhao"]
    wang = records["people"][0]
    assert wang["id_number"] == ID_WANG and wang["gender"] == "男"
    (post,) = records["posts"]
    assert (post["role"], post["title"], post["unit_id"]) == ("一把手", "局长", "u-bureau")
    assert post["start_date"].isoformat() == "2012-03-01"
    (family,) = records["family"]
    assert (family["relation"], family["relative_id"]) == ("配偶", "p-li")
    usccs = {r["name"]: r["uscc"] for r in records["companies"]}
    assert usccs == {"某某建设有限公司": USCC_OK, "Foreign Holdings Ltd": "FTM:co-2"}
    assert records["companies"][0]["legal_rep"] == "赵强"
    assert records["companies"][0]["capital"] == 5_000_000.0
    holders = {
        (r["uscc"], r["holder_type"], r["holder_id"], r["pct"]) for r in records["shareholders"]
    }
    assert holders == {("FTM:co-2", "自然人", None, 60.0), (USCC_OK, "企业", "FTM:co-2", 100.0)}
    # owners and directors named by id are joined to that person, not matched by name
    assert {r["_pid"] for r in records["shareholders"]} == {"p-li", None}
    assert [(r["name"], r["role"], r["_pid"]) for r in records["officers"]] == [
        ("赵强", "董事长", "p-zhao")
    ]
    assert records["companies"][0]["_rep_pid"] == "p-zhao"
    contracts = {r["contract_id"]: r for r in records["contracts"]}
    assert contracts["ct-1"]["supplier_uscc"] == USCC_OK
    assert contracts["ct-1"]["amount"] == 3_200_000.0 and contracts["ct-1"]["category"] == "工程"
    assert (
        contracts["pay-1"]["category"] == "补贴"
        and contracts["pay-1"]["buyer_unit_id"] == "u-bureau"
    )
    assert any(p.column == "Address" and not p.is_error for p in problems)


@pytest.mark.parametrize(
    ("relationship", "relation", "warned"),
    [
        ("wife", "配偶", False),
        ("Son", "儿子", False),
        ("daughter-in-law", "儿媳", False),
        ("女婿", "女婿", False),
        ("godfather", "godfather", True),
        (None, "其他", True),
    ],
)
def test_family_relationship_to_chinese(
    tmp_path: Path, relationship: str | None, relation: str, warned: bool
) -> None:
    fam = {"person": "a", "relative": "b"}
    if relationship:
        fam["relationship"] = relationship
    records, problems = records_of(
        tmp_path,
        [ent("a", "Person", name="甲"), ent("b", "Person", name="乙"), ent("f", "Family", **fam)],
    )
    assert records["family"][0]["relation"] == relation
    assert any(p.column == "Family.relationship" for p in problems) is warned


def test_post_role_default_and_gov_head(tmp_path: Path) -> None:
    base = [
        ent("u", "PublicBody", name="某局"),
        ent("p", "Person", name="甲"),
        ent("q", "Person", name="乙"),
        ent("pos1", "Position", name="副局长", organization="u"),
        ent("pos2", "Position", name="Mayor", organization="u", topics="gov.head"),
        ent("o1", "Occupancy", holder="p", post="pos1", startDate="2020"),
        ent("o2", "Occupancy", holder="q", post="pos2", electionDate="2021-05-01"),
    ]
    records, problems = records_of(tmp_path, base)
    roles = {r["person_id"]: (r["role"], r["start_date"].isoformat()) for r in records["posts"]}
    assert roles == {"p": ("班子成员", "2020-01-01"), "q": ("一把手", "2021-05-01")}
    assert [p.row for p in problems if p.column == "Occupancy.post"] == [6]


@pytest.mark.parametrize(
    ("entity", "line", "column", "value", "expected"),
    [
        (ent("x", "Persn", name="甲"), 2, "schema", "Persn", "FtM"),
        (
            ent("x", "Person", name="甲", birthDate="1968年4月"),
            2,
            "Person.birthDate",
            "1968年4月",
            "日期",
        ),
        (ent("x", "Person", gender="male"), 2, "Person.name", None, "required"),
        (
            ent("x", "Ownership", owner="u", asset="nowhere"),
            2,
            "Ownership.asset",
            "nowhere",
            "not found",
        ),
        (
            ent("x", "Ownership", owner="u", asset="u"),
            2,
            "Ownership.asset",
            "u",
            "expected a Asset",
        ),
        (
            ent("x", "Ownership", owner="p", asset="c", startDate="long ago"),
            2,
            "Ownership.startDate",
            "long ago",
            "日期",
        ),
        (ent("x x", "Person", name="甲"), 2, "id", "x x", "entity id"),
    ],
)
def test_bad_entity_names_line_property_value(
    tmp_path: Path, entity: dict, line: int, column: str, value: str | None, expected: str
) -> None:
    entities = [
        ent("u", "PublicBody", name="某局"),
        entity,
        ent("c", "Company", name="某公司"),
        ent("p", "Person", name="丙"),
    ]
    _records, problems = records_of(tmp_path, entities)
    errors = [p for p in problems if p.is_error]
    assert errors, problems
    first = errors[0]
    assert (first.file, first.row, first.column, first.value) == ("x.ftm.json", line, column, value)
    assert expected in first.expected


@pytest.mark.parametrize(
    ("entity", "line", "column", "value", "expected"),
    [
        (
            ent("x", "Person", name="甲", shoeSize="42"),
            2,
            "Person.shoeSize",
            None,
            "not a property",
        ),
        (
            ent("x", "Ownership", owner="p", asset="c", percentage="a lot"),
            2,
            "Ownership.percentage",
            "a lot",
            "kept as text",
        ),
        (
            ent("x", "Company", name="乙", phone="+7 (3412) 43-05-05; +7 (951) 210-81-28"),
            None,
            "Company.phone",
            "1",
            "not imported",
        ),
        (ent("x", "Passport", holder="p"), None, "Passport", "1", "not imported"),
    ],
)
def test_values_not_imported_are_warnings_never_the_entity(
    tmp_path: Path, entity: dict, line: int | None, column: str, value: str | None, expected: str
) -> None:
    """Issue 14 (1): what the product does not import never refuses the file or drops the
    entity; it is listed as not imported, counted per schema and property."""
    entities = [
        ent("u", "PublicBody", name="某局"),
        entity,
        ent("c", "Company", name="某公司"),
        ent("p", "Person", name="丙"),
    ]
    records, problems = records_of(tmp_path, entities)
    assert [p for p in problems if p.is_error] == []
    found = [p for p in problems if p.column == column]
    assert found, problems
    assert (found[0].row, found[0].value) == (line, value)
    assert expected in found[0].expected
    if entity["schema"] == "Company":
        assert "乙" in {r["name"] for r in records["companies"]}


def test_undated_occupancies_and_positions_without_organization_load(tmp_path: Path) -> None:
    """Issue 14 (7): PEP data. A Position without organization makes a unit of its own; an
    Occupancy without dates is a post with unknown dates and its status."""
    entities = [
        ent("u", "PublicBody", name="某局"),
        ent("p", "Person", name="甲"),
        ent("pos", "Position", name="局长", organization="u"),
        ent("pos2", "Position", name="Member of Parliament", country="ro", subnationalArea="Ilfov"),
        ent("o1", "Occupancy", holder="p", post="pos", status="current"),
        ent("o2", "Occupancy", holder="p", post="pos2", startDate="2020-01-01"),
    ]
    records, problems = records_of(tmp_path, entities)
    assert [p for p in problems if p.is_error] == []
    made = next(r for r in records["units"] if r["unit_id"] == "pos2-unit")
    assert made["name"] == "Member of Parliament" and made["_more"]["country"] == ["ro"]
    posts = {r["_ftm_id"]: r for r in records["posts"]}
    assert posts["o1"]["start_date"] is None and posts["o1"]["_more"]["status"] == "current"
    assert posts["o2"]["unit_id"] == "pos2-unit"
    assert posts["o2"]["_more"]["position_area"] == ["Ilfov"]


def test_skip_bad_rows_drops_the_entity_and_its_dependents(tmp_path: Path) -> None:
    entities = [
        ent("p", "Person", name="甲", birthDate="not a date"),
        ent("q", "Person", name="乙"),
        ent("f", "Family", person="p", relative="q", relationship="son"),
    ]
    records, problems = records_of(tmp_path, entities, skip_bad_rows=True)
    assert [r["person_id"] for r in records["people"]] == ["q"]
    assert records["family"] == []
    assert [p.row for p in problems if p.is_error] == [1]


def test_fragments_merge_and_json_errors(tmp_path: Path) -> None:
    path = write(
        tmp_path / "f.jsonl",
        [ent("c", "Company", name="某公司"), ent("c", "Company", address="某路1号")],
        raw_lines={1: "{not json"},
    )
    reading = read_entities(path)
    assert reading.entities["c"].first("address") == "某路1号"
    assert [(p.row, p.is_error) for p in reading.problems] == [(2, True)]
    result = translate(reading.entities, "f.jsonl")
    assert result.records["companies"][0]["address"] == "某路1号"


# --- against the real Neo4j ------------------------------------------------------------------


def comparable(db: Database) -> tuple[list, list]:
    """Nodes and relationships with their properties, without provenance (sources, row
    hashes, Source nodes): two files stating the same facts give equal results."""
    skip = {"sources", "row_hash", "decided_at"}

    def canon(value: Any) -> Any:
        if isinstance(value, list):
            return tuple(canon(v) for v in value)
        return value.iso_format() if hasattr(value, "iso_format") else value

    def props(p: dict) -> tuple:
        return tuple(sorted((k, canon(v)) for k, v in p.items() if k not in skip))

    nodes = db.read(
        "MATCH (n) WHERE NOT n:Source RETURN labels(n) AS l, properties(n) AS p, elementId(n) AS id"
    )
    ident = {n["id"]: (tuple(sorted(n["l"])), props(n["p"])) for n in nodes}
    rels = db.read(
        "MATCH (a)-[r]->(b) WHERE NOT a:Source AND NOT b:Source "
        "RETURN elementId(a) AS a, type(r) AS t, properties(r) AS p, elementId(b) AS b"
    )
    return (
        sorted(ident.values(), key=repr),
        sorted(((ident[r["a"]], r["t"], props(r["p"]), ident[r["b"]]) for r in rels), key=repr),
    )


def load_ok(path: Path, db: Database, **options: Any) -> Any:
    """load_ftm, failing the test with every problem listed when the file is refused."""
    try:
        return load_ftm(path, db=db, **options)
    except BadInput as error:
        pytest.fail("\n".join(str(p) for p in error.problems))


def counts(db: Database) -> dict[str, int]:
    rows = db.read("MATCH (n) RETURN labels(n)[0] AS l, count(*) AS n")
    rels = db.read("MATCH ()-[r]->() RETURN type(r) AS l, count(*) AS n")
    return {r["l"]: r["n"] for r in rows + rels}


def test_load_export_reload_gives_the_same_graph(db: Database, tmp_path: Path) -> None:
    source = write(tmp_path / "city.ftm.json", city())
    summary = load_ftm(source, db=db)
    assert summary.errors == 0
    seen = counts(db)
    assert seen["Unit"] == 2 and seen["Contract"] == 2 and seen["HOLDS_POST"] == 1
    assert seen["SHAREHOLDER_OF"] == 2 and seen["LEGAL_REP_OF"] == 1 and seen["OFFICER_OF"] == 1
    (wang,) = db.read("MATCH (p:Person {pid: 'p-wang'}) RETURN p.origin AS origin")
    assert wang["origin"] == "people"  # written as a people record; the Source says FtM
    (src,) = db.read("MATCH (s:Source) RETURN s.registry AS registry, s.rows AS rows")
    assert src == {"registry": "ftm", "rows": 18}
    # the wife's holding names her by id: joined to her, no name-only shareholder
    assert "POSSIBLE_MATCH" not in seen
    (li,) = db.read(
        "MATCH (p:Person {pid: 'p-li'})-[:SHAREHOLDER_OF]->(c:Company) RETURN c.uscc AS uscc"
    )
    assert li["uscc"] == "FTM:co-2"
    first = comparable(db)

    # reloading the same file changes nothing
    load_ftm(source, db=db)
    assert comparable(db) == first

    exported = tmp_path / "out.ftm.json"
    counted = export_ftm_file(db, exported)
    assert counted["Person"] == 3 and counted["Ownership"] == 2 and counted["ContractAward"] == 1
    assert counted["Payment"] == 1
    # loading the export over the graph it came from changes nothing
    load_ok(exported, db)
    assert comparable(db) == first

    db.run_autocommit("MATCH (n) DETACH DELETE n")
    load_ok(exported, db)
    assert comparable(db) == first


def test_export_never_writes_a_clear_id_number(db: Database, tmp_path: Path) -> None:
    load_ftm(write(tmp_path / "c.ftm.json", city(with_id=True)), db=db, store_clear_ids=True)
    out = io.StringIO()
    export_ftm(db, out, page_size=2)  # several pages per kind
    text = out.getvalue()
    assert ID_WANG not in text
    people = [json.loads(line) for line in text.splitlines() if '"Person"' in line]
    wang = next(p for p in people if p["id"] == "p-wang")
    assert wang["properties"]["idNumber"] == [ID_WANG[:6] + "*" * 12]
    assert len({json.loads(line)["id"] for line in text.splitlines()}) == len(text.splitlines())


def test_bad_file_is_refused_and_changes_nothing(
    db: Database, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    load_ftm(write(tmp_path / "a.ftm.json", city()), db=db)
    before = comparable(db)
    entities = city()
    entities[10]["properties"]["startDate"] = ["sixty"]
    entities.append(ent("p-new", "Person", name="新人"))
    broken = write(tmp_path / "b.ftm.json", entities)
    with pytest.raises(BadInput) as caught:
        load_ftm(broken, db=db)
    (problem,) = [p for p in caught.value.problems if p.is_error]
    assert (problem.row, problem.column, problem.value) == (11, "Ownership.startDate", "sixty")
    assert comparable(db) == before

    with pytest.raises(SystemExit) as done:
        main(["load", str(broken)])
    assert done.value.code == 2
    err = capsys.readouterr().err
    assert "第11行" in err and "Ownership.startDate" in err and "sixty" in err
    assert comparable(db) == before

    summary = load_ftm(broken, db=db, skip_bad_rows=True)
    assert summary.errors == 1
    assert db.read("MATCH (p:Person {pid: 'p-new'}) RETURN count(*) AS n")[0]["n"] == 1


def test_cli_load_and_export(db: Database, tmp_path: Path) -> None:
    runner = CliRunner()
    source = write(tmp_path / "city.ftm.json", city())
    report = tmp_path / "problems.csv"
    result = runner.invoke(cli, ["load", str(source), "--dry-run", "--report", str(report)])
    assert result.exit_code == 0, result.output
    assert "Address" in report.read_text("utf-8-sig")  # the one warning: not imported
    assert counts(db) == {}
    result = runner.invoke(cli, ["load", str(source)])
    assert result.exit_code == 0, result.output
    out = tmp_path / "export.ftm.json"
    result = runner.invoke(cli, ["export", "--format", "ftm", "--output", str(out)])
    assert result.exit_code == 0, result.output
    schemata = {json.loads(line)["schema"] for line in out.read_text("utf-8").splitlines()}
    assert schemata == {
        "PublicBody",
        "Person",
        "Company",
        "Position",
        "Occupancy",
        "Family",
        "Ownership",
        "Directorship",
        "Contract",
        "ContractAward",
        "Payment",
    }
    # the dry run's --report is an export too; this is the FtM one
    (exported,) = [e for e in audit.read_entries() if e["target"] == str(out)]
    assert exported["action"] == "export"
    assert exported["detail"]["entities"] == len(out.read_text("utf-8").splitlines())


# --- real data -------------------------------------------------------------------------------

REALDATA = Path(__file__).resolve().parents[2].parent / "shared" / "realdata"
KEK = REALDATA / "kek_media_ownership_de"


@pytest.mark.realdata
@pytest.mark.skipif(not (KEK / "kek.sqlite").exists(), reason="../shared/realdata absent")
def test_kek_media_ownership_through_the_ftm_mapping(
    db: Database, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The German media-ownership fixture of followthemoney, mapped by its own mapping file
    (kek_ftm_mapping.yml over kek.sqlite), loaded as FtM: companies and ownership chains."""
    from followthemoney import model

    logging.getLogger("followthemoney").setLevel(logging.ERROR)
    monkeypatch.setenv("FTM_TEST_DATABASE_URI", f"sqlite:///{KEK / 'kek.sqlite'}")
    mapping = yaml.safe_load((KEK / "kek_ftm_mapping.yml").read_text("utf-8"))
    path = tmp_path / "kek.ftm.json"
    with path.open("w", encoding="utf-8") as out:
        for entity in model.map_entities(mapping):
            out.write(json.dumps(entity.to_dict(), ensure_ascii=False) + "\n")
    reading = read_entities(path)
    schemata = {
        s: sum(1 for e in reading.entities.values() if e.schema.name == s)
        for s in ("Company", "Ownership")
    }
    assert schemata == {"Company": 2705, "Ownership": 2902}
    assert os.environ["FTM_TEST_DATABASE_URI"].startswith("sqlite")

    summary = load_ftm(path, db=db)
    assert summary.errors == 0
    seen = counts(db)
    assert seen["Company"] == 2705
    assert seen["SHAREHOLDER_OF"] == 2902
    # ownership chains: companies held through at least two corporate links
    (chains,) = db.read(
        "MATCH (a:Company)-[:SHAREHOLDER_OF]->(:Company)-[:SHAREHOLDER_OF]->(c:Company) "
        "RETURN count(DISTINCT c) AS n"
    )
    assert chains["n"] > 100


def test_contract_lots_and_payments_under_a_contract(tmp_path: Path) -> None:
    entities = [
        ent("u", "PublicBody", name="某局"),
        ent("c1", "Company", name="甲公司"),
        ent("c2", "Company", name="乙公司"),
        ent("k", "Contract", title="两个标段", authority="u", contractDate="2023-02-01"),
        ent("a1", "ContractAward", contract="k", supplier="c1", amount="100"),
        ent("a2", "ContractAward", contract="k", supplier="c2", amount="200"),
        ent(
            "pay",
            "Payment",
            payer="u",
            beneficiary="c1",
            amount="100",
            contract="k",
            date="2023-03-01",
        ),
    ]
    records, problems = records_of(tmp_path, entities)
    assert [p for p in problems if p.is_error] == []
    lots = {r["contract_id"]: r["amount"] for r in records["contracts"]}
    assert lots == {"k-a1": 100.0, "k-a2": 200.0}  # the payment is the contract's, not a second


@pytest.mark.slow
def test_sample_city_exports_and_reloads(db: Database, tmp_path: Path) -> None:
    """The synthetic city loaded from its registries, exported, and the export loaded into
    an empty graph: every exported relationship comes back (timings printed)."""
    import time

    from loaders.pipeline import load_path
    from sample.scale import write_sample

    write_sample(tmp_path / "city", "city", 1)
    load_path(tmp_path / "city", db=db)
    kinds = (
        "Unit",
        "Company",
        "Contract",
        "PART_OF",
        "HOLDS_POST",
        "HAS_RELATIVE",
        "SHAREHOLDER_OF",
        "OFFICER_OF",
        "LEGAL_REP_OF",
        "BUYER",
        "SUPPLIER",
    )
    before = {k: v for k, v in counts(db).items() if k in kinds}
    out = tmp_path / "city.ftm.json"
    began = time.monotonic()
    exported = export_ftm_file(db, out)
    export_seconds = time.monotonic() - began
    db.run_autocommit("MATCH (n) CALL (n) { DETACH DELETE n } IN TRANSACTIONS OF 10000 ROWS")
    began = time.monotonic()
    load_ok(out, db)
    load_seconds = time.monotonic() - began
    after = {k: v for k, v in counts(db).items() if k in kinds}
    total = sum(exported.values())
    print(
        f"\nFtM city: {total} entities {exported}; export {export_seconds:.1f}s "
        f"({total / export_seconds:,.0f}/s), load {load_seconds:.1f}s ({total / load_seconds:,.0f}/s)"
    )
    assert after == before


WIKIDATA = REALDATA / "wikidata_pep_family_putin"
# Wikidata kinship properties -> FtM Family.relationship (what the relative is to the person).
WIKIDATA_KIN = {
    "P26": "spouse",
    "P40": "child",
    "P22": "father",
    "P25": "mother",
    "P3373": "sibling",
    "P1038": "relative",
    "P451": "partner",
}


def wikidata_to_ftm(folder: Path) -> list[dict]:
    """nomenklatura's Wikidata fixtures (one API response per person) as FtM Person and
    Family entities; kin outside the fixture set are left out."""
    people: dict[str, dict] = {}
    edges: list[tuple[str, str, str]] = []
    for path in sorted(folder.glob("Q*.json")):
        for qid, item in json.loads(path.read_text("utf-8"))["entities"].items():
            labels = item.get("labels", {})
            label = (labels.get("en") or next(iter(labels.values()), {})).get("value")
            props: dict[str, Any] = {"name": label, "wikidataId": qid}
            for claim in item.get("claims", {}).get("P569", []):
                time = claim["mainsnak"].get("datavalue", {}).get("value", {}).get("time")
                if time:  # +1952-10-07T00:00:00Z; year precision gives -00-00
                    props["birthDate"] = time[1:11].replace("-00", "")
            people[qid] = ent(qid, "Person", **props)
            for prop, relationship in WIKIDATA_KIN.items():
                for claim in item.get("claims", {}).get(prop, []):
                    value = claim["mainsnak"].get("datavalue", {}).get("value", {})
                    if isinstance(value, dict) and value.get("id"):
                        edges.append((qid, value["id"], relationship))
    family = [
        ent(f"fam-{a}-{b}-{rel}", "Family", person=a, relative=b, relationship=rel)
        for a, b, rel in edges
        if b in people
    ]
    return [*people.values(), *family]


@pytest.mark.realdata
@pytest.mark.skipif(not WIKIDATA.exists(), reason="../shared/realdata absent")
def test_wikidata_pep_family_loads_with_kinship_classes(db: Database, tmp_path: Path) -> None:
    path = write(tmp_path / "putin.ftm.json", wikidata_to_ftm(WIKIDATA))
    summary = load_ok(path, db)
    assert summary.errors == 0
    (people,) = db.read("MATCH (p:Person) RETURN count(p) AS n, count(p.birth_date) AS born")
    assert people == {"n": 15, "born": 14}
    rows = db.read("MATCH ()-[r:HAS_RELATIVE]->() RETURN r.kinship AS k, count(*) AS n")
    assert {r["k"]: r["n"] for r in rows} == {"SPOUSE": 8, "LINEAL": 24, "COLL3": 4, "OTHER": 12}
    (spouse,) = db.read(
        "MATCH (:Person {pid: 'Q7747'})-[r:HAS_RELATIVE]->(:Person {pid: 'Q233282'}) "
        "RETURN r.relation AS relation"
    )
    assert spouse["relation"] == "配偶"


def test_a_file_that_is_not_utf8_is_refused_with_its_line(tmp_path: Path) -> None:
    path = tmp_path / "gbk.ftm.json"
    good = json.dumps(ent("a", "Person", name="甲"), ensure_ascii=False)
    bad = json.dumps(ent("b", "Person", name="乙"), ensure_ascii=False)
    path.write_bytes((good + "\n").encode("utf-8") + (bad + "\n").encode("gbk"))
    reading = read_entities(path)
    assert [(p.row, p.is_error) for p in reading.problems] == [(2, True), (None, True)]
    assert reading.entities == {}


def test_a_former_legal_representative_is_exported_with_its_dates_and_not_made_current_again(
    db: Database, tmp_path: Path
) -> None:
    """C1's 法定代表人 changed from 刘洋 to 赵强 (companies.cypher ended the former one): the
    export dates both Directorships, and loading it into an empty graph makes 赵强 the
    company's representative, not 刘洋 again."""
    import datetime as dt

    from dbload import C1, city_rows, load, write_city, write_csv

    load(db, write_city(tmp_path / "city"))
    companies = city_rows("companies")
    companies[1][2:4] = ["赵强", ""]
    load(db, write_csv(tmp_path / "企业登记2.csv", companies), snapshot_date=dt.date(2022, 1, 1))
    exported = tmp_path / "out.ftm.json"
    export_ftm_file(db, exported)
    entities = [json.loads(line) for line in exported.read_text(encoding="utf-8").splitlines()]
    names = {e["id"]: e["properties"].get("name", [""])[0] for e in entities}
    reps = {
        names[e["properties"]["director"][0]]: e["properties"]
        for e in entities
        if e["schema"] == "Directorship"
        and e["properties"].get("role") == ["法定代表人"]
        and C1 in e["properties"]["organization"][0]
    }
    assert reps["刘洋"].get("endDate") == ["2022-01-01"] and "startDate" not in reps["刘洋"]
    assert reps["赵强"].get("startDate") == ["2022-01-01"] and "endDate" not in reps["赵强"]
    db.run_autocommit("MATCH (n) DETACH DELETE n")
    load_ok(exported, db)
    current = db.read(
        "MATCH (p:Person)-[r:LEGAL_REP_OF]->(c:Company) WHERE c.uscc = $c AND r.end_date IS NULL "
        "RETURN p.name AS name",
        {"c": C1},
    )
    assert [r["name"] for r in current] == ["赵强"]
