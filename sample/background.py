"""The clean background of a city: families, companies, contracts and the year's supervision.

Each function respects the exemptions the planted cases registered on the block (`used`,
`no_talk`, `no_report`, `duty_missing`, `talk_to_team`), so that the background alone raises
no flag and the cases raise exactly the flags the truth lists.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from model.vocab import DISCIPLINE_KINDS
from sample.city import (
    AS_OF,
    FIGURES,
    TALK_KINDS,
    TASK_CATEGORIES,
    WINDOW_START,
    Block,
    D,
    leaders_of_block,
    rand_date,
)

RELATIONS = [("配偶", None), ("儿子", True), ("女儿", False), ("父亲", True), ("母亲", False)]
PROBLEM_TEXTS = [
    "落实全面从严治党主体责任不到位", "“三重一大”决策程序不规范", "公务接待管理不严格",
    "财务报销审核把关不严", "干部监督管理存在薄弱环节", "整改工作推进缓慢",
    "廉政风险防控措施落实不到位", "政府采购程序不规范", "党风廉政建设责任分解不细",
    "对下属单位监督指导不够",
]  # fmt: skip
TASK_VERBS = ["督促", "推动", "组织开展", "健全", "落实", "深化"]
TASK_OBJECTS = [
    "党风廉政建设责任制检查", "廉政风险点排查", "警示教育活动", "“一岗双责”考核",
    "作风问题专项整治", "巡察整改跟踪督办", "干部队伍廉政档案更新", "政治生态分析研判",
]  # fmt: skip
DECISION_TOPICS = {
    "重大决策": "关于{}年度重点工作安排", "重要干部任免": "关于干部任免事项",
    "重大项目安排": "关于城区道路改造项目实施方案", "大额资金使用": "关于拨付专项资金",
}  # fmt: skip


def add_families(b: Block) -> None:
    """Each leader reports a spouse, a child and sometimes a parent, all with 身份证号; about one
    relative in six runs a small company that trades with no unit (clean)."""
    rng = b.rng
    for pid in leaders_of_block(b):
        born = b.person[pid]["birth_date"].year
        male = b.person[pid]["gender"] == "男"
        picks = [RELATIONS[0], RELATIONS[1 if rng.random() < 0.5 else 2]]
        if rng.random() < 0.4:
            picks.append(RELATIONS[3 if rng.random() < 0.5 else 4])
        for relation, rel_male in picks:
            rel_born = {"配偶": born - 2, "儿子": born + 27, "女儿": born + 27}.get(
                relation, born - 30
            )
            name, number = b.add_relative(pid, relation, male=(not male) if rel_male is None else rel_male,
                                          born=rel_born)  # fmt: skip
            if rng.random() < 0.16 and relation != "母亲":
                b.add_company(holders=[(name, number, 100.0)],
                              legal_rep=(name, number) if rng.random() < 0.5 else None)  # fmt: skip


def add_companies(b: Block, count: int) -> None:
    """Background companies: natural-person holders with 身份证号, and corporate holdings only
    among these companies (never touching a relative's company)."""
    rng = b.rng
    first = len(b.clean_companies)
    for _ in range(count):
        uscc = b.add_company()
        b.clean_companies.append(uscc)
        if len(b.clean_companies) - first > 20 and rng.random() < 0.12:
            parent = b.clean_companies[rng.randrange(first, len(b.clean_companies) - 1)]
            b.add_share(uscc, b.company_name(parent), "企业",
                        parent, rng.choice([10.0, 20.0, 30.0, 51.0]), D(2020, 1, 1))  # fmt: skip
    # a few deliberately mistyped codes, as real registries have (check warnings, no errors)
    for row in b.rows["companies"][-count:][:: max(1, count // 3)][:3]:
        if row["uscc"] in b.clean_companies[-count:]:
            _break_uscc(b, row)
    supervisors = [r for r in b.rows["officers"] if r["role"] == "监事"]
    for row in supervisors[:: max(1, len(supervisors) // 3)][:3]:
        from sample.ids import wrong_char

        number = row["id_number"]
        row["id_number"] = number[:17] + wrong_char(number[17], "0123456789X")
        b.invalid_ids["id_number"].append(row["id_number"])


def _break_uscc(b: Block, row: dict[str, Any]) -> None:
    from sample.ids import USCC_ALPHABET, wrong_char

    old = row["uscc"]
    new = old[:17] + wrong_char(old[17], USCC_ALPHABET)
    row["uscc"] = new
    for r in b.rows["shareholders"]:
        if r["uscc"] == old:
            r["uscc"] = new
        if r["holder_id"] == old:
            r["holder_id"] = new
    for r in b.rows["officers"]:
        if r["uscc"] == old:
            r["uscc"] = new
    b.clean_companies[b.clean_companies.index(old)] = new
    b.company_names[new] = b.company_names.pop(old)
    b.invalid_ids["uscc"].append(new)


def add_contracts(b: Block, count: int) -> None:
    rng = b.rng
    buyers = [
        u for u in b.unit if b.unit[u]["level"] in ("县", "乡") and b.unit[u]["kind"] != "其他"
    ]
    for _ in range(count):
        b.add_contract(rng.choice(buyers), rng.choice(b.clean_companies),
                       rand_date(rng, D(2022, 1, 10), D(2024, 12, 10)))  # fmt: skip


def add_supervision(b: Block) -> None:
    """The year's political supervision (the report's figures) and the routine that keeps every
    leader covered: four ones for every duty, a talk for every top leader, a 述责述廉 each."""
    rng = b.rng
    cdi_unit, sec, mayor = b.ukey["cdi"], b.leader["sec"], b.leader["mayor"]
    counted: list[tuple[str, str, str | None]] = []  # events whose problems the figures count

    # 政治生态研判 of 74 units
    covered = [
        b.ukey[k] for k in ("gov", "npc", "cppcc", "cdi", "cpc_office", "org", "prop", "uf", "pol")
    ]
    covered += b.townships
    covered += [u for u in b.depts if u not in covered]
    covered = covered[: FIGURES["政治生态研判单位"]]
    assert len(covered) == FIGURES["政治生态研判单位"], len(covered)
    for uid in covered:
        eid = b.add_event("政治生态研判", rand_date(rng, D(2024, 2, 1), D(2024, 4, 30)),
                          by=b.leader["cdi"], by_unit=cdi_unit, target_unit=uid)  # fmt: skip
        counted.append((eid, uid, b.top.get(uid)))

    # 78 political supervision talks
    talks: list[tuple[str, str]] = []
    standing = [b.leader[k] for k in ("mayor", "deputy", "cdi", "org", "prop", "uf", "pol", "exec",
                                      "office", "army", "vm1")]  # fmt: skip
    talks += [(sec, p) for p in standing]
    talks += [(sec, b.top[u]) for u in b.townships]
    talks += [(mayor, b.leader[k]) for k in ("exec", "vm1", "vm2", "vm3", "vm4")]
    talks += [(mayor, b.team[u][0]) for u in b.townships]  # the 乡镇长 / 主任
    rest = FIGURES["政治监督谈话"] - len(talks)
    by_duty = [(d["person_id"], b.top[d["unit_id"]]) for d in b.rows["duties"]
               if d["unit_id"] in b.top and b.top[d["unit_id"]] not in b.no_talk
               and d["end_date"] is None]  # fmt: skip
    talks += by_duty[:rest]
    assert len(talks) == FIGURES["政治监督谈话"], len(talks)
    for by, target in talks:
        uid = b.unit_of(target)
        eid = b.add_event("政治监督谈话", rand_date(rng, D(2024, 3, 1), D(2024, 7, 31)), by=by,
                          by_unit=b.unit_of(by), target=target, target_unit=uid)  # fmt: skip
        counted.append((eid, uid, target))

    # 284 problems found in them, every one rectified on time
    spread = [1] * len(counted)
    for _ in range(FIGURES["发现问题"] - len(counted)):
        spread[rng.randrange(len(spread))] += 1
    events = {e["event_id"]: e for e in b.rows["supervision"]}
    for (eid, uid, pid), n in zip(counted, spread, strict=True):
        events[eid]["problems_found"] = n
        found = events[eid]["date"]
        for _ in range(n):
            due = found + dt.timedelta(days=rng.choice([60, 90, 120]))
            closed = found + dt.timedelta(days=rng.randint(15, (due - found).days))
            b.add_problem(eid, uid, pid, found, due, closed, rng.choice(PROBLEM_TEXTS))
    for e in events.values():
        if e["kind"] == "政治生态研判":
            e["score"] = f"{rng.randint(80, 96)}"

    # 29 summons talks with unit heads; 16 recommendation letters
    heads = [u for u in b.depts + b.townships if u in b.top and b.top[u] not in b.no_talk]
    for uid in rng.sample(heads, FIGURES["约谈"]):
        b.add_event("约谈", rand_date(rng, D(2024, 4, 1), D(2024, 10, 31)), by=b.leader["cdi"],
                    by_unit=cdi_unit, target=b.top[uid], target_unit=uid)  # fmt: skip
    for i, uid in enumerate(rng.sample(b.depts, FIGURES["建议书"])):
        b.add_event("纪律检查建议书" if i < 10 else "监察建议书",
                    rand_date(rng, D(2024, 3, 1), D(2024, 11, 30)), by=b.leader["cdi"],
                    by_unit=cdi_unit, target_unit=uid)  # fmt: skip

    # 巡察 of a few units: problems found and closed (not in the report's figure)
    for uid in rng.sample(b.depts, 4):
        n = rng.randint(2, 4)
        date = rand_date(rng, D(2024, 3, 1), D(2024, 6, 30))
        eid = b.add_event("巡察", date, by_unit=b.ukey["patrol"], target_unit=uid, problems=n)
        for _ in range(n):
            b.add_problem(
                eid,
                uid,
                b.top.get(uid),
                date,
                date + dt.timedelta(days=90),
                date + dt.timedelta(days=rng.randint(30, 80)),
                rng.choice(PROBLEM_TEXTS),
            )

    add_four_ones(b)
    add_talk_coverage(b)
    add_reports(b)


def add_four_ones(b: Block) -> None:
    """For every duty active throughout the window: 听取汇报, two 党风廉政检查, one 廉政谈话."""
    rng = b.rng
    for i, duty in enumerate(b.rows["duties"]):
        if not (duty["start_date"] <= WINDOW_START and duty["end_date"] is None):
            continue
        missing = b.duty_missing.get(i, set())
        by, uid = duty["person_id"], duty["unit_id"]
        by_unit = b.unit_of(by)
        if "听取汇报" not in missing:
            b.add_event("听取汇报", rand_date(rng, D(2024, 1, 20), D(2024, 3, 15)), by=by,
                        by_unit=by_unit, target_unit=uid)  # fmt: skip
        checks = 2 - (1 if "党风廉政检查" in missing else 0)
        for when in (D(2024, 6, 1), D(2024, 11, 10))[:checks]:
            b.add_event("党风廉政检查", when + dt.timedelta(days=rng.randint(0, 20)), by=by,
                        by_unit=by_unit, target_unit=uid, problems=0)  # fmt: skip
        if "廉政谈话" not in missing:
            target = b.top.get(uid)
            if target is None or target in b.no_talk or uid in b.talk_to_team:
                target = b.team[uid][0] if b.team[uid] else b.staff[uid][0]
            b.add_event("廉政谈话", rand_date(rng, D(2024, 8, 1), D(2024, 9, 30)), by=by,
                        by_unit=by_unit, target=target, target_unit=uid)  # fmt: skip


def talked_to(b: Block) -> set[str]:
    return {
        e["target_person_id"]
        for e in b.rows["supervision"]
        if e["kind"] in TALK_KINDS and e["target_person_id"] and e["by_person_id"]
        and e["by_person_id"] != e["target_person_id"] and WINDOW_START <= e["date"] <= AS_OF
    }  # fmt: skip


def add_talk_coverage(b: Block) -> None:
    """Every top leader in post for a year hears at least one talk from someone else."""
    rng = b.rng
    done = talked_to(b)
    for row in b.rows["posts"]:
        pid = row["person_id"]
        if (row["role"] != "一把手" or row["end_date"] is not None or pid in done
                or pid in b.no_talk or row["start_date"] > AS_OF - dt.timedelta(days=365)):  # fmt: skip
            continue
        by = b.leader["pref"] if pid == b.leader["sec"] else b.leader["sec"]
        b.add_event("廉政谈话", rand_date(rng, D(2024, 6, 1), D(2024, 10, 31)), by=by,
                    by_unit=b.unit_of(by), target=pid, target_unit=row["unit_id"])  # fmt: skip
        done.add(pid)


def add_reports(b: Block) -> None:
    """A 述责述廉 for every leader in post throughout the window, with a democratic rating."""
    rng = b.rng
    for pid in leaders_of_block(b):
        if pid in b.no_report:
            continue
        posts = [p for p in b.post_of[pid] if p["role"] in ("一把手", "班子成员")]
        if not any(p["start_date"] <= WINDOW_START and p["end_date"] is None for p in posts):
            continue
        uid = posts[0]["unit_id"]
        date = rand_date(rng, D(2024, 1, 15), D(2024, 1, 31))
        b.add_event("述责述廉", date, by_unit=b.ukey["cdi"], target=pid, target_unit=uid)
        if rng.random() < 0.3:
            b.add_event("民主测评", date, by_unit=uid, target=pid, target_unit=uid,
                        score=f"{rng.uniform(86, 98):.1f}")  # fmt: skip


def add_decisions(b: Block) -> None:
    """三重一大 decisions taken collectively, the top leader speaking last."""
    rng = b.rng
    cats = list(DECISION_TOPICS)
    units = [b.ukey["cpc"], b.ukey["gov"]] + b.depts + b.townships
    for uid in units:
        top = b.top[uid]
        members = [p for p in b.team[uid] if p != top]
        if uid == b.ukey["cpc"]:
            n, meeting = 24, "常委会"
        elif uid == b.ukey["gov"]:
            n, meeting = 10, "党组会"
        else:
            n, meeting = 2, "党委会" if uid in b.townships else "党组会"
        for _ in range(n):
            cat = rng.choice(cats)
            speakers = (
                rng.sample(members, k=max(1, len(members) - rng.randint(0, 1))) if members else []
            )
            b.rows["decisions"].append(
                {
                    "decision_id": b.next_id("D"),
                    "unit_id": uid,
                    "date": rand_date(rng, D(2024, 1, 15), D(2024, 12, 10)),
                    "meeting": meeting,
                    "category": cat,
                    "topic": DECISION_TOPICS[cat].format(2024),
                    "amount": rng.randint(50, 3000) * 10_000.0
                    if cat in ("重大项目安排", "大额资金使用")
                    else None,
                    "speaking_order": speakers + [top],
                }  # fmt: skip
            )


def add_appointments(b: Block, count: int = 100) -> set[str]:
    """Appointments with the four checks done, nominated by the organisation head, the
    executive vice mayor or the secretary; returns the appointees (kept free of complaints and
    sanctions)."""
    rng = b.rng
    pool = [p for u in b.depts + b.townships for p in b.staff[u] + b.team[u] if p not in b.used]
    appointees = rng.sample(pool, count)
    nominators = [b.leader["org"]] * 5 + [b.leader["exec"]] * 3 + [b.leader["sec"]] * 2
    for i, pid in enumerate(appointees):
        kind = rng.choice(["提拔"] * 5 + ["进一步使用"] + ["平级调整"] * 2 + ["交流"] * 2)
        decided = rand_date(rng, D(2023, 3, 1), D(2024, 11, 30))
        checks = [decided - dt.timedelta(days=rng.randint(3, 40)) for _ in range(4)]
        to_unit = rng.choice(b.depts)
        b.used.add(pid)
        b.rows["appointments"].append(
            {
                "appointment_id": b.next_id("A"),
                "person_id": pid,
                "kind": kind,
                "to_unit_id": to_unit,
                "to_title": "副局长" if kind == "提拔" else "四级调研员",
                "from_unit_id": b.unit_of(pid),
                "decided_date": decided,
                "decided_by": "常委会",
                "nominator_id": b.leader["exec"] if i < 40 else rng.choice(nominators),
                "file_check_date": checks[0],
                "personal_check_date": checks[1],
                "integrity_opinion_date": checks[2],
                "integrity_opinion": "无问题",
                "complaint_check_date": checks[3],
            }  # fmt: skip
        )
    return set(appointees)


def add_complaints(b: Block, count: int = 140) -> None:
    """At most one complaint about any person, about people no case or appointment uses."""
    rng = b.rng
    pool = [p for p in b.person if p not in b.used and p != b.leader["pref"]]
    for pid in rng.sample(pool, count):
        received = rand_date(rng, D(2023, 1, 10), D(2024, 11, 30))
        closed = received + dt.timedelta(days=rng.randint(20, 120))
        is_open = closed > D(2024, 12, 20) or rng.random() < 0.15
        b.rows["complaints"].append(
            {
                "complaint_id": b.next_id("X"),
                "received_date": received,
                "channel": rng.choice(["来信", "来访", "网络", "电话", "上级交办", "巡察移交"]),
                "subject_person_id": pid,
                "subject_name": b.person[pid]["name"],
                "subject_unit_id": b.unit_of(pid),
                "category": rng.choice(["工作纪律", "廉洁纪律", "群众纪律", "组织纪律"]),
                "companies": [],
                "specific": rng.random() < 0.4,
                "status": "初核" if is_open else "了结",
                "closed_date": None if is_open else closed,
                "outcome": None if is_open else rng.choice(["不属实", "查无实据", "部分属实"]),
            }  # fmt: skip
        )
    for uid in rng.sample(b.depts, 15):
        received = rand_date(rng, D(2023, 6, 1), D(2024, 10, 31))
        b.rows["complaints"].append(
            {
                "complaint_id": b.next_id("X"),
                "received_date": received,
                "channel": "网络",
                "subject_person_id": None,
                "subject_name": None,
                "subject_unit_id": uid,
                "category": "群众纪律",
                "companies": [],
                "specific": False,
                "status": "了结",
                "closed_date": received + dt.timedelta(days=45),
                "outcome": "查无实据",
            }  # fmt: skip
        )


def fill_sanctions(b: Block) -> None:
    """Sanctions up to the report's 32 people held to account, 5 with a party or
    administrative sanction, counting those the cases planted."""
    rng = b.rng
    rows = b.rows["sanctions"]
    people = {r["person_id"] for r in rows}
    disciplined = {r["person_id"] for r in rows if r["kind"] in DISCIPLINE_KINDS}
    need_all = FIGURES["问责"] - len(people)
    need_disc = FIGURES["处分"] - len(disciplined)
    pool = [p for u in b.depts + b.townships for p in b.team[u] + b.staff[u]
            if p not in b.used and p not in people]  # fmt: skip
    for i, pid in enumerate(rng.sample(pool, need_all)):
        kind = (rng.choice(["党内警告", "政务警告", "记过"]) if i < need_disc
                else rng.choice(["批评教育", "诫勉", "提醒谈话", "问责"]))  # fmt: skip
        b.used.add(pid)
        rows.append({"sanction_id": b.next_id("S"), "person_id": pid, "kind": kind,
                     "date": rand_date(rng, D(2024, 2, 1), D(2024, 11, 30)),
                     "reason": "履行管理监督职责不力"})  # fmt: skip


def fill_tasks(b: Block) -> None:
    """The responsibility list up to 2,043 tasks in 6 categories, each done on time."""
    rng = b.rng
    units = b.depts + b.townships + [b.ukey["cdi"], b.ukey["org"]]
    for i in range(FIGURES["任务"] - len(b.rows["tasks"])):
        lead = rng.choice(units)
        due = rand_date(rng, D(2024, 3, 31), D(2024, 12, 15))
        b.rows["tasks"].append(
            {
                "task_id": b.next_id("T"),
                "category": TASK_CATEGORIES[i % len(TASK_CATEGORIES)],
                "content": f"{rng.choice(TASK_VERBS)}{rng.choice(TASK_OBJECTS)}",
                "lead_unit_id": lead,
                "support_unit_ids": rng.sample([u for u in units if u != lead], rng.randint(0, 3)),
                "person_id": b.top.get(lead),
                "due_date": due,
                "done_date": due - dt.timedelta(days=rng.randint(0, 30)),
            }  # fmt: skip
        )


def figures(rows: dict[str, list[dict[str, Any]]], start: dt.date | None = None,
            end: dt.date | None = None) -> dict[str, int]:  # fmt: skip
    """The overview figures by the same definitions as queries/stats.cypher (docs/stats.md)."""

    def within(day: dt.date | None) -> bool:
        return day is not None and (start is None or start <= day) and (end is None or day <= end)

    events = {e["event_id"]: e for e in rows["supervision"]}
    counted_kinds = ("政治监督谈话", "政治生态研判")
    problems = [p for p in rows["problems"] if p["event_id"] in events
                and events[p["event_id"]]["kind"] in counted_kinds and within(p["found_date"])]  # fmt: skip
    sanctions = [s for s in rows["sanctions"] if within(s["date"])]
    tasks = [t for t in rows["tasks"] if within(t["due_date"])]
    return {
        "政治生态研判单位": len({e["target_unit_id"] for e in rows["supervision"]
                          if e["kind"] == "政治生态研判" and within(e["date"]) and e["target_unit_id"]}),
        "政治监督谈话": sum(1 for e in rows["supervision"] if e["kind"] == "政治监督谈话" and within(e["date"])),
        "发现问题": len(problems),
        "已整改问题": sum(1 for p in problems if p["closed_date"] is not None
                      and (end is None or p["closed_date"] <= end)),
        "约谈": sum(1 for e in rows["supervision"] if e["kind"] == "约谈" and within(e["date"])),
        "建议书": sum(1 for e in rows["supervision"]
                   if e["kind"] in ("纪律检查建议书", "监察建议书") and within(e["date"])),
        "问责": len({s["person_id"] for s in sanctions}),
        "处分": len({s["person_id"] for s in sanctions if s["kind"] in DISCIPLINE_KINDS}),
        "任务": len(tasks),
        "任务类别": len({t["category"] for t in tasks if t["category"]}),
    }  # fmt: skip
