"""Issue 12, identities: nothing the product shows or exports rebuilds a 身份证号.

Tried as an insider would: take everything about a person that the person card and the FtM
export show (masked number, birth date, gender, native place), enumerate every number those
allow (tests/security/idrebuild.py), and count. Also: no id that leaves the database is
derived from the number (pid, FtM ids, flags), reloading keeps the same surrogate ids, and
the HMAC key file is private.
"""

from __future__ import annotations

import json
import os
import re
import stat
from pathlib import Path

import pytest
from idrebuild import count

from app import reads
from loaders.ftm_export import iter_entities, person_ref
from loaders.pipeline import load_path
from loaders.values import id_key, id_number_check_char, mask_id_number, redact_ids
from queries.runner import run_all
from sample.scale import write_sample

MIN_CANDIDATES = 10_000
SAMPLE_PEOPLE = 40


def _number(first17: str) -> str:
    return first17 + id_number_check_char(first17)


def test_the_old_display_gave_the_number_back() -> None:
    """Control: the attack works on what the product showed before (so the test can fail)."""
    number = _number("34010219800101123")
    old_mask = number[:6] + "********" + number[-4:]
    assert count(old_mask, "1980-01-01", "男", None) == 1


@pytest.mark.parametrize(
    "first17, gender",
    [("34010219810201123", "男"), ("11010519490201002", "女"), ("65010120001231456", None)],
)
def test_mask_with_year_month_and_gender_leaves_enough(first17: str, gender: str | None) -> None:
    number = _number(first17)  # February of a common year: the fewest days
    birth = f"{number[6:10]}-{number[10:12]}"
    got = count(mask_id_number(number), birth, gender, number[:6])
    assert got >= MIN_CANDIDATES, got


def _shown_people(db, limit: int) -> list[dict]:
    """What the person card and the FtM export show about persons with a number."""
    pids = [
        r["pid"]
        for side in ("people", "company")  # cadres, and persons known only by their number
        for r in db.read(
            "MATCH (p:Person) WHERE p.id_masked IS NOT NULL "
            "AND (p.origin = 'people') = ($side = 'people') "
            "RETURN p.pid AS pid ORDER BY p.pid LIMIT $n",
            {"n": limit // 2, "side": side},
        )
    ]
    exported = {e["id"]: e for e in iter_entities(db) if e["schema"] == "Person"}
    shown = []
    for pid in pids:
        card = reads.person(db, pid) or {}
        entity = exported[person_ref(pid)]["properties"]
        for field, prop in (
            ("id_masked", "idNumber"),
            ("birth_date", "birthDate"),
            ("native_place", "birthPlace"),
        ):
            values = {str(v) for v in entity.get(prop, [])}
            if card.get(field) is not None:
                values.add(str(card[field]))
            assert len(values) <= 1, (pid, field, values)  # card and export agree
        gender = card.get("gender") or {"male": "男", "female": "女"}.get(
            (entity.get("gender") or [None])[0]
        )
        shown.append(
            {
                "pid": pid,
                "mask": (entity.get("idNumber") or [card.get("id_masked")])[0],
                "birth": (entity.get("birthDate") or [None])[0],
                "gender": gender,
                "native": (entity.get("birthPlace") or [None])[0],
            }
        )
    return shown


@pytest.mark.slow
def test_sample_city_no_identity_rebuilt_and_no_hmac_leaves(db, tmp_path: Path) -> None:
    out = tmp_path / "city"
    write_sample(out, "city", seed=1)
    first = load_path(out, db=db)

    # 1. at least 10,000 candidate numbers for each person shown, cadres and company side
    people = _shown_people(db, SAMPLE_PEOPLE)
    assert len(people) == SAMPLE_PEOPLE
    assert any(p["pid"].startswith("ID:") for p in people) and any(
        not p["pid"].startswith("ID:") for p in people
    )
    for person in people:
        assert re.fullmatch(r"\d{6}\*{12}", person["mask"]), person
        assert person["birth"] is None or re.fullmatch(r"\d{4}-\d{2}", person["birth"]), person
        got = count(
            person["mask"], person["birth"], person["gender"], person["native"], MIN_CANDIDATES
        )
        assert got >= MIN_CANDIDATES, (person, got)

    # 2. no HMAC in any id that leaves the database
    hashes = {
        r["h"]: r["pid"]
        for r in db.read(
            "MATCH (p:Person) WHERE p.id_hash IS NOT NULL RETURN p.id_hash AS h, p.pid AS pid"
        )
    }
    assert len(hashes) > 100
    for h, pid in hashes.items():
        assert h not in pid and h[:16] not in pid, pid
    surrogates = [p for p in hashes.values() if p.startswith("ID:")]
    assert surrogates and all(re.fullmatch(r"ID:[0-9a-f]{20}", p) for p in surrogates)
    exported = "\n".join(json.dumps(e, ensure_ascii=False) for e in iter_entities(db))
    flags = json.dumps([f.to_dict() for f in run_all(db)], ensure_ascii=False, default=str)
    # every run of 16+ hex digits in what leaves, against every hash's first 16 (one pass each)
    prefixes = {h[:16] for h in hashes}
    for text in (exported, flags):
        for run in re.findall(r"[0-9a-f]{16,}", text):
            assert not any(run[i : i + 16] in prefixes for i in range(len(run) - 15)), run
    # no number that could be a 身份证号 (a USCC of digits only may stay: it is no one's)
    for text in (exported, flags):
        assert redact_ids(text) == text
    assert redact_ids("340102198001011234") != "340102198001011234"  # the check can fail

    # 3. a reload maps every number to the same node: same surrogates, nothing updated
    before = db.read("MATCH (p:Person) RETURN p.pid AS pid, p.id_hash AS h ORDER BY pid")
    again = load_path(out, db=db)
    after = db.read("MATCH (p:Person) RETURN p.pid AS pid, p.id_hash AS h ORDER BY pid")
    assert after == before
    assert again.created == 0 and again.updated == 0, (again.created, again.updated)
    assert again.unchanged == first.created + first.updated + first.unchanged
    # the same person across registries is still one: a relative holding a company by the
    # same number is one node, and two nodes sharing a number are linked by SAME_AS
    across = db.read(
        "MATCH (:Person)-[:HAS_RELATIVE]->(q:Person)-[:SHAREHOLDER_OF|LEGAL_REP_OF|OFFICER_OF]->() "
        "WHERE q.id_hash IS NOT NULL RETURN count(DISTINCT q) AS n"
    )[0]["n"]
    assert across > 0
    unlinked = db.read(
        "MATCH (a:Person) WHERE a.id_hash IS NOT NULL "
        "MATCH (b:Person {id_hash: a.id_hash}) WHERE elementId(a) < elementId(b) "
        "AND NOT EXISTS { (a)-[:SAME_AS]-(b) } RETURN count(*) AS n"
    )[0]["n"]
    assert unlinked == 0


def test_id_key_file_is_private(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("OVERSIGHT_ID_KEY", raising=False)
    old = os.umask(0o022)
    try:
        folder = tmp_path / "data" / "oversight"
        key = id_key(folder / "id.key")
    finally:
        os.umask(old)
    assert len(key) == 64
    assert stat.S_IMODE((folder / "id.key").stat().st_mode) == 0o600
    assert stat.S_IMODE(folder.stat().st_mode) == 0o700
    # a key file (or its folder) found readable by others is tightened before it is used
    os.chmod(folder / "id.key", 0o644)
    os.chmod(folder, 0o755)
    assert id_key(folder / "id.key") == key
    assert stat.S_IMODE((folder / "id.key").stat().st_mode) == 0o600
    assert stat.S_IMODE(folder.stat().st_mode) == 0o700
