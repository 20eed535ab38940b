"""Real public data through the loaders (skipped when ../shared/realdata is absent; never
copied into the repository).

- cn_enterprise_registration/2003: ~115,000 companies registered in 2003 (30 provinces),
  loaded with tests/fixtures/mappings/cn_enterprise_registration_2003.yaml; the number of
  failed USCC checks is reported.
- cped_jiang2018: CPED officials and city-panel party secretaries and mayors as people, units
  and posts through tests/fixtures/mappings/cped_jiang2018.yaml.
"""

from __future__ import annotations

import csv
import os
import re
from collections import defaultdict
from pathlib import Path

import pytest
from dbload import load

from loaders.pipeline import plan

pytestmark = [pytest.mark.realdata, pytest.mark.slow]

MAPPINGS = Path(__file__).resolve().parents[1] / "fixtures" / "mappings"


def realdata() -> Path | None:
    env = os.environ.get("OVERSIGHT_REALDATA")
    candidates = [Path(env)] if env else []
    candidates.append((Path(__file__).resolve().parents[2] / "../shared/realdata").resolve())
    return next((c for c in candidates if c.is_dir()), None)


REAL = realdata()
needs_realdata = pytest.mark.skipif(REAL is None, reason="../shared/realdata not present")


@needs_realdata
def test_enterprise_registrations_2003(db, capsys):
    folder = REAL / "cn_enterprise_registration" / "2003"
    mapping = MAPPINGS / "cn_enterprise_registration_2003.yaml"
    planned, _ = plan(folder, "companies")
    assert len(planned) >= 25
    # A few rows are shifted (a name in 注册资金) or in a foreign currency: errors and
    # warnings named by file and row; the load keeps the good rows.
    summary = load(db, folder, registry="companies", mapping=mapping, skip_bad_rows=True)
    assert summary.rows_read > 100_000
    uscc_failures = [
        p for p in summary.problems if p.column == "统一社会信用代码" and not p.is_error
    ]
    skipped = sum(f.skipped_rows for f in summary.files)
    flagged = db.read("MATCH (c:Company {id_invalid: true}) RETURN count(c) AS n")[0]["n"]
    companies = db.read("MATCH (c:Company) RETURN count(c) AS n")[0]["n"]
    with capsys.disabled():
        print(
            f"\n2003 enterprise registrations: {summary.rows_read} rows in {len(summary.files)} "
            f"files, {companies} companies, {len(uscc_failures)} USCC check failures "
            f"({flagged} companies flagged id_invalid), {skipped} rows skipped with errors, "
            f"{summary.seconds:.1f}s ({summary.rows_per_second:,.0f} rows/s)"
        )
    assert flagged == len({p.file + str(p.row) for p in uscc_failures}) or flagged <= len(
        uscc_failures
    )
    assert 0 < len(uscc_failures) < summary.rows_read * 0.05
    assert skipped < summary.rows_read * 0.001
    # the same USCC in two provinces' files is one company with both rows as sources
    assert companies <= summary.rows_read - skipped
    reps = db.read("MATCH (:Person)-[r:LEGAL_REP_OF]->(:Company) RETURN count(r) AS n")[0]["n"]
    assert reps > 0.9 * companies
    sample = db.read(
        "MATCH (c:Company {uscc: '91110106MA00937L05'}) RETURN c.name AS n, c.capital AS cap, "
        "c.extra_所在省份 AS prov, toString(c.founded) AS f"
    )
    assert sample == [
        {"n": "北京吉米商贸有限公司", "cap": 100000.0, "prov": "北京", "f": "2003-01-01"}
    ]

    # a reload creates nothing; a USCC registered in two provinces' files with different
    # details is the only thing that changes (each file rewrites it in turn)
    again = load(db, folder, registry="companies", mapping=mapping, skip_bad_rows=True)
    duplicated = summary.rows_read - skipped - companies
    assert again.created == 0 and again.updated <= 2 * duplicated


def _dmy(text: str) -> str:
    m = re.fullmatch(r"(\d{1,2})/(\d{1,2})/(\d{4})", text.strip())
    return f"{m[3]}-{int(m[2]):02d}-{int(m[1]):02d}" if m else ""


def _write(path: Path, header: list[str], rows: list[list[str]]) -> Path:
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(header)
        writer.writerows(rows)
    return path


def reshape_cped(source: Path, out: Path) -> dict[str, int]:
    """Pre-processing no mapping can express (see the mapping file's header)."""
    out.mkdir(parents=True, exist_ok=True)
    with (source / "officials_basic_info.csv").open(encoding="utf-8-sig") as handle:
        reader = csv.reader(handle)
        header = next(reader)
        officials = [row for row in reader if len(row) > 1 and row[1].strip()]
    header = ["cped_id", *header[1:]]
    people = [[f"CPED{row[0]}", *row[1:4], _dmy(row[4]), *row[5:]] for row in officials]
    by_name: dict[str, list[list[str]]] = defaultdict(list)
    for row in people:
        by_name[row[1]].append(row)

    with (source / "citypanel_base.csv").open(encoding="utf-8") as handle:
        panel = list(csv.DictReader(handle))
    units: dict[str, list[str]] = {}
    spells: dict[tuple[str, str, str], list[int]] = defaultdict(list)
    extra_people: dict[str, list[str]] = {}
    for row in panel:
        prov = row["provid"]
        units.setdefault(prov, [prov, row["province"], "", "政府", "省级", prov])
        units[row["cityid"]] = [
            row["cityid"],
            row["cname"],
            prov,
            "政府",
            row["citylevel"],
            row["cityid"],
        ]
        for role, title in (("msec", "市委书记"), ("mayor", "市长")):
            name = row[role].strip()
            if not name:
                continue
            dob = row[f"{role}_dob"][:10]
            candidates = by_name.get(name, [])
            match = [c for c in candidates if c[4][:4] == dob[:4]] or candidates[:1]
            if match:
                pid = match[0][0]
            else:
                pid = f"CPEDC-{name}-{dob or 'na'}"
                extra_people[pid] = [pid, name, row[f"{role}_sex"], row[f"{role}_ethnicity"], dob]
            spells[(pid, row["cityid"], title)].append(int(row["year"]))
    posts = []
    for (pid, city, title), years in spells.items():
        years.sort()
        start = years[0]
        for prev, year in zip(years, [*years[1:], None], strict=True):
            if year is not None and year == prev + 1:
                continue
            role = "一把手"
            posts.append([pid, city, title, role, f"{start}-01-01", f"{prev}-12-31"])
            start = year
    people += [row + [""] * (len(header) - len(row)) for row in extra_people.values()]
    _write(
        out / "units.csv",
        ["cityid", "cname", "provid", "unit_kind", "unit_level", "region"],
        list(units.values()),
    )
    _write(out / "people.csv", header, people)
    _write(
        out / "posts.csv",
        ["cped_id", "cityid", "position", "position_role", "first_year", "last_year"],
        posts,
    )
    return {"units": len(units), "people": len(people), "posts": len(posts)}


@needs_realdata
def test_cped_officials_and_city_leaders(db, tmp_path, capsys):
    counts = reshape_cped(REAL / "cped_jiang2018", tmp_path / "cped")
    summary = load(db, tmp_path / "cped", mapping=MAPPINGS / "cped_jiang2018.yaml")
    assert [f.registry for f in summary.files] == ["units", "people", "posts"]
    assert [f.rows_read for f in summary.files] == [
        counts["units"],
        counts["people"],
        counts["posts"],
    ]
    with capsys.disabled():
        print(
            f"\nCPED: {counts['units']} units, {counts['people']} people, {counts['posts']} posts; "
            f"{summary.warnings} warnings; {summary.seconds:.1f}s"
        )
    graph = db.read(
        "MATCH (p:Person)-[r:HOLDS_POST]->(u:Unit)-[:PART_OF]->(prov:Unit) "
        "RETURN count(r) AS posts, count(DISTINCT p) AS people, count(DISTINCT prov) AS provinces"
    )[0]
    assert graph["posts"] == counts["posts"] and graph["provinces"] >= 25
    shijiazhuang = db.read(
        "MATCH (p:Person)-[r:HOLDS_POST {title: '市委书记'}]->(:Unit {unit_id: '130100'}) "
        "WHERE r.start_date <= date('2000-06-30') <= r.end_date RETURN p.name AS n"
    )
    assert {"n": "陈来立"} in shijiazhuang
    born = db.read(
        "MATCH (p:Person {pid: 'CPED1'}) RETURN p.name AS n, toString(p.birth_date) AS b"
    )
    assert born == [{"n": "孙永春", "b": "1957-06"}]  # year-month only
