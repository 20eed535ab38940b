"""Planted cases of power, appointments, supervision, complaints and tasks (PWR-1..4,
APT-1..3, SUP-1..4, CMP-1, TSK-1) and the power holder. See sample/cases.py."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sample.casekit import Picker, case
from sample.city import Block, D


def plant_power(b: Block, pick: Picker, l19: str) -> None:
    mayor, office, pol = b.leader["mayor"], b.leader["office"], b.leader["pol"]
    fin, logistics = b.ukey["finance"], b.ukey["logistics"]
    b.add_duty(mayor, fin, D(2022, 5, 1))
    case(b, "PWR-1", mayor, True, "市长（政府一把手）直接分管财政局", units=[fin])
    b.add_duty(office, logistics, D(2023, 1, 10))
    case(
        b,
        "PWR-1",
        office,
        True,
        "市委办主任（一把手）分管负责政府采购的机关事务管理局",
        units=[logistics],
    )
    case(b, "PWR-1", b.leader["vm1"], False, "副市长分管住建、自然资源，但不是一把手")
    _power_holder(b)
    b.add_duty(pol, b.ukey["land"], D(2021, 3, 1), D(2024, 6, 30))
    case(b, "PWR-1", pol, False, "政法委书记分管自然资源局的分工已于2024年6月结束")
    b.used.update({mayor, office, pol})

    b.post_of[l19][0]["start_date"] = D(2013, 6, 1)
    case(b, "PWR-2", l19, True, "自2013年6月起任财政局局长，超过10年未交流", units=[b.unit_of(l19)])
    m = pick.member()
    b.post_of[m][0]["start_date"] = D(2014, 3, 1)
    case(b, "PWR-2", m, True, "自2014年3月起在同一单位任同一职务，超过10年", units=[b.unit_of(m)])
    t = pick.top()
    b.post_of[t][0]["start_date"] = D(2015, 7, 1)
    case(b, "PWR-2", t, False, "任现职9年半，未满10年")
    s = pick.staff()
    b.post_of[s][0]["start_date"] = D(2001, 9, 1)
    case(b, "PWR-2", s, False, "在同一单位工作二十余年，但为一般工作人员，不是领导班子成员")
    m = pick.member()
    post = b.post_of[m][0]
    post["start_date"] = D(2018, 3, 1)
    b.add_post(m, b.unit_of(pick.top()), post["title"], "班子成员", D(2012, 3, 1), D(2018, 2, 28))
    case(b, "PWR-2", m, False, "任副职共12年，但2018年交流到另一单位，同一职务未满10年")

    def decision(uid: str, date: dt.date, meeting: str, order: list[str]) -> str:
        did = b.next_id("D")
        b.rows["decisions"].append(
            {
                "decision_id": did,
                "unit_id": uid,
                "date": date,
                "meeting": meeting,
                "category": "大额资金使用",
                "topic": "关于安排专项资金",
                "amount": 3_800_000.0,
                "speaking_order": order,
            }  # fmt: skip
        )
        return did

    u = pick.unit("dept")
    d = decision(u, D(2024, 5, 14), "书记办公会", [])
    case(
        b,
        "PWR-3",
        u,
        True,
        "大额资金使用由书记办公会决定，未经党组会集体决策",
        kind="unit",
        decisions=[d],
    )
    u = pick.unit("town")
    d = decision(u, D(2024, 8, 20), "临时动议", [])
    case(b, "PWR-3", u, True, "重大事项以临时动议方式决定", kind="unit", decisions=[d])
    u = pick.unit("dept")
    d = decision(u, D(2023, 6, 10), "圈阅", [])
    case(b, "PWR-3", u, False, "圈阅决策发生在as-of前365天之外", kind="unit", decisions=[d])
    cpc = b.ukey["cpc"]
    d = decision(cpc, D(2024, 7, 16), "全委会", [])
    case(b, "PWR-3", cpc, False, "由全委会集体决定", kind="unit", decisions=[d])

    u = pick.unit("dept")
    top = b.top[u]
    b.used.add(top)
    d = decision(u, D(2024, 4, 18), "党组会", [top, *b.team[u]])
    case(b, "PWR-4", top, True, "党组会上一把手首先表态，未末位表态", decisions=[d])
    t_multi = b.multi[0]
    u = b.unit_of(t_multi)
    d = decision(u, D(2024, 10, 9), "党委会", [b.team[u][0], t_multi, *b.team[u][1:]])
    case(b, "PWR-4", t_multi, True, "党委会上书记在中间表态", decisions=[d])
    u = pick.unit("dept")
    top = b.top[u]
    b.used.add(top)
    d = decision(u, D(2024, 6, 25), "党组会", list(b.team[u]))
    case(b, "PWR-4", top, False, "一把手未参加该次会议（不在表态顺序中）", decisions=[d])
    u = pick.unit("dept")
    top = b.top[u]
    b.used.add(top)
    d = decision(u, D(2023, 10, 20), "党组会", [top, *b.team[u]])
    case(b, "PWR-4", top, False, "一把手首先表态的决策早于as-of前365天", decisions=[d])


def plant_appointments(b: Block, pick: Picker) -> None:
    org = b.leader["org"]

    def appoint(pid: str, kind: str, decided: dt.date, nominator: str = org,
                checks: tuple[Any, Any, Any, Any] | None = None, opinion: str = "无问题") -> str:  # fmt: skip
        aid = b.next_id("A")
        if checks is None:
            before = [decided - dt.timedelta(days=d) for d in (30, 25, 12, 10)]
            checks = (before[0], before[1], before[2], before[3])
        b.rows["appointments"].append(
            {
                "appointment_id": aid,
                "person_id": pid,
                "kind": kind,
                "to_unit_id": b.unit_of(pid),
                "to_title": "副局长",
                "from_unit_id": b.unit_of(pid),
                "decided_date": decided,
                "decided_by": "常委会",
                "nominator_id": nominator,
                "file_check_date": checks[0],
                "personal_check_date": checks[1],
                "integrity_opinion_date": checks[2],
                "integrity_opinion": opinion,
                "complaint_check_date": checks[3],
            }  # fmt: skip
        )
        return aid

    def sanction(pid: str, kind: str, date: dt.date) -> str:
        sid = b.next_id("S")
        b.rows["sanctions"].append({"sanction_id": sid, "person_id": pid, "kind": kind,
                                    "date": date, "reason": "违反工作纪律"})  # fmt: skip
        return sid

    d = D(2024, 6, 12)
    p = pick.staff()
    a = appoint(
        p,
        "提拔",
        d,
        checks=(
            d - dt.timedelta(days=20),
            None,
            d - dt.timedelta(days=9),
            d - dt.timedelta(days=7),
        ),
    )
    case(b, "APT-1", p, True, "提拔前未查核个人有关事项报告", appointments=[a])
    d = D(2024, 8, 6)
    p = pick.staff()
    a = appoint(p, "进一步使用", d, checks=(d - dt.timedelta(days=20), d - dt.timedelta(days=15),
                                      d - dt.timedelta(days=9), d + dt.timedelta(days=5)))  # fmt: skip
    case(b, "APT-1", p, True, "信访核查晚于任用决定日期", appointments=[a])
    p = pick.staff()
    a = appoint(p, "平级调整", D(2024, 4, 2), checks=(None, None, None, None))
    case(b, "APT-1", p, False, "平级调整不适用“凡提四必”", appointments=[a])
    d = D(2024, 10, 15)
    p = pick.staff()
    a = appoint(p, "提拔", d, checks=(d, d, d, d))
    case(b, "APT-1", p, False, "四项核查均在决定当日完成（不晚于决定日期）", appointments=[a])

    p = pick.staff()
    s = sanction(p, "党内警告", D(2024, 2, 20))
    a = appoint(p, "提拔", D(2024, 8, 15))
    case(
        b,
        "APT-2",
        p,
        True,
        "受党内警告处分（影响期12个月）期间被提拔",
        appointments=[a],
        sanctions=[s],
    )
    p = pick.staff()
    x = b.add_complaint(p, D(2024, 3, 10), [], specific=True, status="初核")
    a = appoint(p, "提拔", D(2024, 7, 1))
    case(
        b, "APT-2", p, True, "具体可查的信访举报尚未办结即被提拔", appointments=[a], complaints=[x]
    )
    p = pick.staff()
    a = appoint(p, "进一步使用", D(2024, 9, 1), opinion="不宜提拔")
    case(b, "APT-2", p, True, "党风廉政意见为“不宜提拔”仍进一步使用", appointments=[a])
    p = pick.staff()
    sanction(p, "诫勉", D(2024, 1, 22))
    a = appoint(p, "提拔", D(2024, 9, 2))
    case(b, "APT-2", p, False, "诫勉影响期（6个月）届满后提拔", appointments=[a])
    p = pick.staff()
    x = b.add_complaint(p, D(2024, 2, 1), [], specific=True)
    b.rows["complaints"][-1]["closed_date"] = D(2024, 4, 15)
    a = appoint(p, "提拔", D(2024, 6, 20))
    case(b, "APT-2", p, False, "信访件在提拔前已办结", appointments=[a], complaints=[x])
    p = pick.staff()
    x = b.add_complaint(p, D(2024, 3, 1), [], specific=False, status="初核")
    a = appoint(p, "提拔", D(2024, 7, 10))
    case(b, "APT-2", p, False, "未办结的信访件不具体可查", appointments=[a], complaints=[x])

    # APT-3: appointees in government departments, two levels below the party committee
    gov_pool = [u for u in pick.units["plain"] if b.unit[u]["parent_id"] == b.ukey["gov"]]
    prop, uf, exec_ = b.leader["prop"], b.leader["uf"], b.leader["exec"]

    def gov_staff() -> str:
        for uid in gov_pool:
            if uid in pick.taken_units:
                continue
            pick.taken_units.add(uid)
            pid = next(
                p for p in b.staff[uid] if p not in b.used and not b.post_of[p][0]["functions"]
            )
            b.used.add(pid)
            return pid
        raise RuntimeError("no free government department")

    p = gov_staff()
    b.add_relative(prop, "儿子", in_people=p)
    a = appoint(p, "提拔", D(2024, 5, 28), nominator=prop)
    case(b, "APT-3", prop, True, "提名人为被提拔人的父亲", appointments=[a], relatives=[p])
    p = gov_staff()
    b.add_relative(p, "叔父", in_people=uf)
    a = appoint(p, "提拔", D(2024, 9, 24), nominator=uf)
    case(
        b,
        "APT-3",
        uf,
        True,
        "被提拔人在个人事项报告中申报提名人为叔父",
        appointments=[a],
        relatives=[uf],
    )
    p = gov_staff()
    b.add_relative(p, "父亲", name=b.person[org]["name"])
    a = appoint(p, "提拔", D(2024, 3, 26), nominator=org)
    case(b, "APT-3", org, False, "被提拔人的父亲与提名人同名，但身份证号不同", appointments=[a])
    p = pick.staff("town")
    b.add_relative(b.leader["vm2"], "外甥子女", in_people=p)
    a = appoint(p, "提拔", D(2024, 11, 5), nominator=exec_)
    case(
        b,
        "APT-3",
        exec_,
        False,
        "被提拔人是另一位副市长的亲属，与提名人无亲属关系",
        appointments=[a],
    )
    b.used.update({prop, uf, org, b.leader["vm2"]})


def plant_supervision(b: Block, pick: Picker, l19: str) -> None:
    # SUP-1 (no talk): their units' integrity talks go to a team member
    for pid, positive, note in (
        (pick.top(), True, "任一把手满一年，近一年内无任何上级监督谈话"),
        (pick.top(), True, "近一年内仅有本人自行登记的提醒谈话，无他人谈话"),
        (pick.top(), False, "2024年3月起任一把手，任职未满一年"),
        (pick.top(), False, "近一年内接受过市纪委书记的函询"),
        (l19, True, "任财政局局长满一年，近一年内无监督谈话"),
    ):
        b.no_talk.add(pid)
        uid = b.unit_of(pid)
        b.talk_to_team.add(uid)
        if note.startswith("近一年内仅有"):
            b.add_event("提醒谈话", D(2024, 5, 8), by=pid, by_unit=uid, target=pid, target_unit=uid)
        if note.startswith("2024年3月"):
            b.post_of[pid][0]["start_date"] = D(2024, 3, 1)
        if note.startswith("近一年内接受过"):
            b.add_event("函询", D(2024, 6, 10), by=b.leader["cdi"], by_unit=b.ukey["cdi"],
                        target=pid, target_unit=uid)  # fmt: skip
        case(b, "SUP-1", pid, positive, note)
    b.multi.append(l19)

    # SUP-2 (four ones)
    def duty_index(pid: str) -> int:
        first = b.duties_of[pid][0]
        return next(i for i, d in enumerate(b.rows["duties"]) if d is first)

    vm4, deputy, army, vm1 = (b.leader[k] for k in ("vm4", "deputy", "army", "vm1"))
    i = duty_index(vm4)
    b.duty_missing[i] = {"党风廉政检查"}
    case(
        b,
        "SUP-2",
        vm4,
        True,
        "对分管单位全年仅开展一次党风廉政检查（应为两次）",
        units=[b.rows["duties"][i]["unit_id"]],
    )
    i = duty_index(deputy)
    b.duty_missing[i] = {"听取汇报"}
    case(
        b,
        "SUP-2",
        deputy,
        True,
        "未听取分管单位党风廉政建设情况汇报",
        units=[b.rows["duties"][i]["unit_id"]],
    )
    sci = b.ukey["sci"]
    b.add_duty(army, sci, D(2024, 4, 1))
    case(b, "SUP-2", army, False, "2024年4月起新分管科技局，分管未满一个完整年度")
    b.talk_to_team.add(b.duties_of[vm1][0]["unit_id"])
    case(b, "SUP-2", vm1, False, "廉政谈话对象为分管单位的班子成员（在该单位任职），符合要求")
    b.used.update({vm4, deputy, army, vm1})

    # SUP-3 (述责述廉)
    for pid, positive, note in (
        (pick.member(), True, "全年在班子成员岗位，未述责述廉"),
        (pick.member("town"), True, "乡镇班子成员全年未述责述廉"),
    ):
        b.no_report.add(pid)
        case(b, "SUP-3", pid, positive, note)
    m = pick.member()
    b.post_of[m][0]["start_date"] = D(2024, 2, 1)
    case(b, "SUP-3", m, False, "2024年2月起任班子成员，非全年在岗")
    uid = pick.unit("dept")
    sub = b.subunits.get(uid) or b.subunits[b.ukey["finance"]]
    head = next(p for p, posts in b.post_of.items() if posts[0]["unit_id"] == sub[0]
                and posts[0]["role"] == "内设机构负责人")  # fmt: skip
    b.used.add(head)
    case(b, "SUP-3", head, False, "内设机构负责人不属于领导班子成员")

    # SUP-4 (overdue rectification)
    patrol = b.ukey["patrol"]
    for found, due, closed, positive, note in (
        (D(2024, 3, 12), D(2024, 6, 30), None, True, "巡察发现的问题整改期限已过，至今未销号"),
        (
            D(2024, 4, 10),
            D(2024, 9, 30),
            D(2025, 1, 15),
            True,
            "整改期限已过，as-of日尚未销号（2025年1月才销号）",
        ),
        (D(2024, 11, 5), D(2025, 3, 31), None, False, "整改期限在as-of之后，尚未到期"),
        (D(2024, 2, 20), D(2024, 5, 31), D(2024, 7, 20), False, "逾期后已于2024年7月销号"),
    ):
        uid = pick.unit("dept")
        eid = b.add_event("巡察", found, by_unit=patrol, target_unit=uid, problems=1)
        q = b.add_problem(eid, uid, b.top[uid], found, due, closed, "巡察反馈问题整改不到位")
        case(b, "SUP-4", uid, positive, note, kind="unit", problems=[q])


def plant_complaints_tasks(b: Block, pick: Picker, l1: str) -> None:
    complaint = b.add_complaint
    for pid, dates, positive, note in (
        (
            pick.staff(),
            [D(2024, 2, 5), D(2024, 6, 18), D(2024, 10, 9)],
            True,
            "近一年收到反映其问题的信访举报3件",
        ),
        (
            pick.staff("town"),
            [D(2024, 1, 20), D(2024, 4, 2), D(2024, 7, 30), D(2024, 11, 11)],
            True,
            "近一年收到反映其问题的信访举报4件",
        ),
        (
            l1,
            [D(2024, 3, 3), D(2024, 7, 7), D(2024, 11, 2)],
            True,
            "近一年收到反映其问题的信访举报3件",
        ),
        (pick.staff(), [D(2024, 5, 6), D(2024, 9, 9)], False, "近一年仅2件"),
        (
            pick.staff(),
            [D(2023, 11, 15), D(2024, 3, 14), D(2024, 8, 8)],
            False,
            "3件中1件早于as-of前365天",
        ),
    ):
        ids = [complaint(pid, d, []) for d in dates]
        case(b, "CMP-1", pid, positive, note, complaints=ids)

    cat = "落实全面从严治党主体责任"

    def task(lead: str, due: dt.date, done: dt.date | None, support: list[str]) -> str:
        tid = b.next_id("T")
        b.rows["tasks"].append(
            {
                "task_id": tid,
                "category": cat,
                "content": "开展廉政风险点排查",
                "lead_unit_id": lead,
                "support_unit_ids": support,
                "person_id": b.top.get(lead),
                "due_date": due,
                "done_date": done,
            }  # fmt: skip
        )
        return tid

    w1, w2, w3, w4 = (pick.unit("dept") for _ in range(4))
    t = task(w1, D(2024, 10, 31), None, [w3])
    case(b, "TSK-1", w1, True, "牵头任务已过完成期限仍未完成", kind="unit", tasks=[t])
    t = task(w2, D(2024, 6, 30), D(2025, 1, 10), [])
    case(b, "TSK-1", w2, True, "牵头任务逾期，as-of日仍未完成", kind="unit", tasks=[t])
    case(b, "TSK-1", w3, False, "仅为逾期任务的配合单位，不是牵头单位", kind="unit")
    t = task(w4, D(2024, 5, 31), D(2024, 7, 15), [])
    case(b, "TSK-1", w4, False, "任务逾期后已完成", kind="unit", tasks=[t])


def _power_holder(b: Block) -> None:
    """The executive vice mayor concentrates power: in charge of finance, personnel and
    procurement, top leader of the two state companies besides, nominating most promotions,
    in post since 2013 and deciding outside the collective at the companies."""
    exec_ = b.leader["exec"]
    b.used.add(exec_)
    for post in b.post_of[exec_]:
        post["start_date"] = D(2013, 4, 8)
    tops = []
    for key in ("urbaninv", "assets"):
        uid = b.ukey[key]
        old = b.top[uid]
        post = b.post_of[old][0]
        post.update(title="总经理", role="班子成员")
        b.team[uid].insert(0, old)
        b.add_post(exec_, uid, "党委书记、董事长", "一把手", D(2020, 1, 6))
        tops.append(uid)
    case(
        b, "PWR-2", exec_, True, "自2013年4月起任常务副市长，超过10年未交流", units=[b.ukey["gov"]]
    )
    case(b, "PWR-1", exec_, True, "兼任城投集团、国资公司一把手，同时分管财政、人社、公共资源交易等",
         units=[b.ukey["finance"]])  # fmt: skip
    decisions = []
    for uid, meeting, when in (
        (tops[0], "书记办公会", D(2024, 3, 19)),
        (tops[0], "书记办公会", D(2024, 9, 3)),
    ):
        did = b.next_id("D")
        b.rows["decisions"].append(
            {
                "decision_id": did,
                "unit_id": uid,
                "date": when,
                "meeting": meeting,
                "category": "重大项目安排",
                "topic": "关于城区道路改造项目",
                "amount": 52_000_000.0,
                "speaking_order": [],
            }  # fmt: skip
        )
        decisions.append(did)
    case(
        b,
        "PWR-3",
        tops[0],
        True,
        "城投集团重大项目由书记办公会决定",
        kind="unit",
        decisions=decisions[:1],
    )
    decisions = []
    for when in (D(2024, 4, 23), D(2024, 10, 15)):
        did = b.next_id("D")
        b.rows["decisions"].append(
            {
                "decision_id": did,
                "unit_id": tops[1],
                "date": when,
                "meeting": "党委会",
                "category": "大额资金使用",
                "topic": "关于国有资本注资",
                "amount": 30_000_000.0,
                "speaking_order": [exec_, *b.team[tops[1]]],
            }  # fmt: skip
        )
        decisions.append(did)
    case(b, "PWR-4", exec_, True, "在国资公司党委会上首先表态", decisions=decisions[:1])
