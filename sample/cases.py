"""Planted rule cases with their ground truth: positives and near-miss negatives for every
rule of RULES.md (PWR-5 aside: the analytics rank power; the truth names the power holder).

Each case is written on top of the clean background and recorded with `case(...)`: rule,
subject, positive or not, the ids of the evidence, and a note in Chinese. Subjects are never
shared between cases unless on purpose (the multi-risk leaders), so that one case cannot
raise or hide another's flag.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sample import names
from sample.city import SENSITIVE_DUTY, Block, D
from sample.places import COUNTIES

NON_SENSITIVE = {"财务", "人事", "组织", "纪检", "监察", "审计"} | SENSITIVE_DUTY


def case(b: Block, rule: str, subject: str, positive: bool, note: str, kind: str = "person",
         **evidence: list[str]) -> None:  # fmt: skip
    b.cases.append({"rule": rule, "subject_kind": kind, "subject_id": subject,
                    "positive": positive, "evidence": {k: v for k, v in evidence.items() if v},
                    "note": note})  # fmt: skip


class Picker:
    """Hands out subjects that no other case uses."""

    def __init__(self, b: Block) -> None:
        self.b = b
        plain = [u for u in b.depts if not (set(b.unit[u]["functions"]) & NON_SENSITIVE)]
        sensitive = [u for u in b.depts if u not in plain]
        b.rng.shuffle(plain)
        b.rng.shuffle(sensitive)
        # "plain" units have no sensitive function (the avoidance cases need that); other
        # cases take the sensitive ones first so that plain ones remain
        self.units = {
            "plain": plain,
            "plain_sub": [u for u in plain if b.subunits.get(u)],
            "dept": sensitive + plain,
            "town": list(b.townships),
        }
        b.rng.shuffle(self.units["town"])
        # finance and hr: the avoidance cases; the state companies: the power holder's
        self.taken_units: set[str] = {b.ukey[k] for k in ("finance", "hr", "urbaninv", "assets")}

    def unit(self, pool: str) -> str:
        for uid in self.units[pool]:
            if uid not in self.taken_units and self.b.top.get(uid) not in self.b.used:
                self.taken_units.add(uid)
                return uid
        raise RuntimeError(f"no free unit in {pool}")

    def top(self, pool: str = "dept") -> str:
        pid = self.b.top[self.unit(pool)]
        self.b.used.add(pid)
        return pid

    def member(self, pool: str = "dept", first: bool = False) -> str:
        """A team member (the last listed, or the first: a township's head) of any unit."""
        for uid in self.units[pool]:
            team = self.b.team[uid]
            pid = team[0] if first else team[-1]
            if team and pid not in self.b.used:
                self.b.used.add(pid)
                return pid
        raise RuntimeError(f"no free team member in {pool}")

    def staff(self, pool: str = "dept") -> str:
        for uid in self.units[pool]:
            for pid in self.b.staff[uid]:
                if pid not in self.b.used and not self.b.post_of[pid][0]["functions"]:
                    self.b.used.add(pid)
                    return pid
        raise RuntimeError(f"no free staff in {pool}")


def plant_cases(b: Block) -> str:
    """Plant every rule's cases in block `b`; returns the planted power holder's id."""
    pick = Picker(b)
    rare = iter(range(b.index * 40, b.index * 40 + 40))
    l1 = _coi(b, pick, rare)
    _coi3_int(b, pick, rare, l1)
    l19 = _avoidance(b, pick)
    _power(b, pick, l19)
    _appointments(b, pick)
    _supervision(b, pick, l19)
    _complaints_tasks(b, pick, l1)
    return b.leader["exec"]


def _relative_company(b: Block, pid: str, relation: str, *, with_id: bool = True,
                      name: str | None = None, share: float = 70.0) -> tuple[str, str, str | None]:  # fmt: skip
    """A relative of `pid` holding shares of a new company; returns (uscc, name, 身份证号)."""
    rel_name, rel_id = b.add_relative(pid, relation, with_id=with_id, name=name, employer="个体经营",
                                      job="股东")  # fmt: skip
    if with_id:
        uscc = b.add_company(
            holders=[(rel_name, rel_id, share), (*b.fresh_company_person(), 100 - share)]
        )
    else:  # the company side carries an id the family side lacks: a possible match by name
        holder = (rel_name, b.fresh_company_person()[1])
        uscc = b.add_company(holders=[(holder[0], holder[1], share)], legal_rep=holder)
    return uscc, rel_name, rel_id


def _chain(b: Block, start: str, hops: int) -> list[str]:
    """Companies each holding 51% of the next, `hops` further shareholdings after `start`."""
    chain = [start]
    for _ in range(hops):
        nxt = b.add_company(holders=[(*b.fresh_company_person(), 49.0)])
        b.add_share(nxt, b.company_name(chain[-1]), "企业", chain[-1], 51.0, D(2021, 5, 1))
        chain.append(nxt)
    return chain


def _coi(b: Block, pick: Picker, rare: Any) -> str:
    # COI-1 positives
    l1 = pick.top()
    c1, _, _ = _relative_company(b, l1, "弟弟")
    k1 = b.add_contract(b.unit_of(l1), c1, D(2024, 4, 10))
    case(b, "COI-1", l1, True, "弟弟持股70%的企业与其任一把手的单位签订合同（身份证号匹配）",
         contracts=[k1], companies=[c1])  # fmt: skip
    # ... and the same company also held through a second company: COI-1 flags, COI-2 must not
    brother = next(r for r in reversed(b.rows["family"]) if r["person_id"] == l1)
    cx = b.add_company(holders=[(brother["relative_name"], brother["relative_id_number"], 80.0),
                                (*b.fresh_company_person(), 20.0)])  # fmt: skip
    b.add_share(c1, b.company_name(cx), "企业", cx, 10.0, D(2022, 1, 1))
    case(b, "COI-2", l1, False, "该合同已由COI-1标记（供应商既直接又间接关联），COI-2不重复标记",
         contracts=[k1])  # fmt: skip

    t1 = pick.top("town")
    c2, rel, _ = _relative_company(b, t1, "女婿", with_id=False, name=names.rare_name(next(rare)))
    k2 = b.add_contract(b.unit_of(t1), c2, D(2023, 9, 15))
    case(b, "COI-1", t1, True, f"女婿{rel}（未报身份证号）与企业法定代表人同名，企业与其任书记的乡镇签订合同（姓名匹配）",
         contracts=[k2], companies=[c2])  # fmt: skip
    b.multi.append(t1)

    vm3 = b.leader["vm3"]
    b.used.add(vm3)
    duty = next(d for d in b.duties_of[vm3] if b.subunits.get(d["unit_id"]))
    c3, _, _ = _relative_company(b, vm3, "哥哥")
    k3 = b.add_contract(b.subunits[duty["unit_id"]][0], c3, D(2024, 6, 5))
    case(b, "COI-1", vm3, True, "哥哥的企业与其分管部门的内设机构签订合同",
         contracts=[k3], companies=[c3])  # fmt: skip

    # COI-1 negatives
    l4 = pick.top()
    c4, _, _ = _relative_company(b, l4, "姐姐")
    other = next(u for u in pick.units["dept"] if u != b.unit_of(l4) and u not in pick.taken_units)
    k4 = b.add_contract(other, c4, D(2024, 5, 8))
    case(
        b,
        "COI-1",
        l4,
        False,
        "姐姐的企业与其职权范围以外的单位签订合同",
        contracts=[k4],
        companies=[c4],
    )
    l5 = pick.top()
    rel_name, _ = b.add_relative(l5, "妹妹")
    c5 = b.add_company(holders=[(rel_name, b.fresh_company_person()[1], 60.0)])
    k5 = b.add_contract(b.unit_of(l5), c5, D(2024, 3, 20))
    case(b, "COI-1", l5, False, f"企业股东与其妹妹同名（{rel_name}）但身份证号不同，非同一人",
         contracts=[k5], companies=[c5])  # fmt: skip
    l6 = pick.top()
    b.post_of[l6][0]["start_date"] = D(2022, 3, 1)
    c6, _, _ = _relative_company(b, l6, "弟弟")
    k6 = b.add_contract(b.unit_of(l6), c6, D(2021, 10, 12))
    case(
        b,
        "COI-1",
        l6,
        False,
        "弟弟的企业与本单位的合同签订于其任职之前",
        contracts=[k6],
        companies=[c6],
    )

    # COI-2
    l7 = pick.top()
    ca, _, _ = _relative_company(b, l7, "哥哥")
    chain = _chain(b, ca, 1)
    k7 = b.add_contract(b.unit_of(l7), chain[-1], D(2024, 5, 16))
    case(b, "COI-2", l7, True, "哥哥的企业控股51%的子公司与本单位签订合同（间接持股一层）",
         contracts=[k7], companies=chain)  # fmt: skip
    t2 = pick.top("town")
    ca, _, _ = _relative_company(b, t2, "儿媳")
    chain = _chain(b, ca, 3)
    k8 = b.add_contract(b.unit_of(t2), chain[-1], D(2024, 7, 2))
    case(b, "COI-2", t2, True, "儿媳的企业经三层企业持股关联的公司与其任书记的乡镇签订合同",
         contracts=[k8], companies=chain)  # fmt: skip
    l9 = pick.top()
    ca, _, _ = _relative_company(b, l9, "妹夫")
    chain = _chain(b, ca, 4)
    k9 = b.add_contract(b.unit_of(l9), chain[-1], D(2024, 8, 21))
    case(b, "COI-2", l9, False, "关联链超过三层（四层企业持股），不在间接关联范围内",
         contracts=[k9], companies=chain)  # fmt: skip
    return l1


def _coi3_int(b: Block, pick: Picker, rare: Any, l1: str) -> None:
    def complaint(pid: str, received: dt.date, companies: list[str], specific: bool = False,
                  status: str = "了结") -> str:  # fmt: skip
        cid = b.next_id("X")
        closed = None if status != "了结" else received + dt.timedelta(days=40)
        b.rows["complaints"].append(
            {
                "complaint_id": cid,
                "received_date": received,
                "channel": "来信",
                "subject_person_id": pid,
                "subject_name": b.person[pid]["name"],
                "subject_unit_id": b.unit_of(pid),
                "category": "廉洁纪律",
                "companies": companies,
                "specific": specific,
                "status": status,
                "closed_date": closed,
                "outcome": "部分属实" if closed else None,
            }  # fmt: skip
        )
        return cid

    b.complaint = complaint  # type: ignore[attr-defined]

    def intervention(pid: str, date: dt.date, matter: str, companies: list[str]) -> str:
        rid = b.next_id("I")
        b.rows["interventions"].append(
            {
                "record_id": rid,
                "person_id": pid,
                "date": date,
                "matter": matter,
                "description": f"就{matter}事项打招呼",
                "companies": companies,
                "unit_id": b.unit_of(pid),
            }  # fmt: skip
        )
        return rid

    # COI-3
    p1 = pick.member()
    c, _, _ = _relative_company(b, p1, "弟弟")
    x = complaint(p1, D(2024, 6, 3), [c])
    case(
        b,
        "COI-3",
        p1,
        True,
        "反映其问题的信访件点名其弟弟持股的企业",
        complaints=[x],
        companies=[c],
    )
    p2 = pick.member("town")
    ca, _, _ = _relative_company(b, p2, "姐夫")
    chain = _chain(b, ca, 1)
    x = complaint(p2, D(2024, 9, 12), [chain[-1]])
    case(b, "COI-3", p2, True, "信访件点名的企业由其姐夫的企业控股（间接关联）",
         complaints=[x], companies=chain)  # fmt: skip
    p3 = pick.member()
    c_l1 = next(
        r["supplier_uscc"]
        for r in b.rows["contracts"]
        if r["contract_id"] == b.cases[0]["evidence"]["contracts"][0]
    )
    x = complaint(p3, D(2024, 4, 9), [c_l1])
    case(b, "COI-3", p3, False, "信访件点名的企业属于其他领导干部的亲属，与被反映人无关",
         complaints=[x], companies=[c_l1])  # fmt: skip
    p4 = pick.member()
    rel_name, _ = b.add_relative(p4, "妹妹")
    cn = b.add_company(holders=[(rel_name, b.fresh_company_person()[1], 55.0)])
    x = complaint(p4, D(2024, 7, 19), [cn])
    case(b, "COI-3", p4, False, "信访件点名企业的股东与其妹妹同名但身份证号不同",
         complaints=[x], companies=[cn])  # fmt: skip

    # INT-1 / INT-2
    c_l1_rel = c_l1
    r1 = intervention(l1, D(2024, 5, 20), "政府采购", [c_l1_rel])
    case(
        b,
        "INT-1",
        l1,
        True,
        "插手干预政府采购事项，涉及其弟弟持股的企业",
        interventions=[r1],
        companies=[c_l1_rel],
    )
    case(b, "INT-2", l1, True, "近一年内有插手干预重大事项记录", interventions=[r1])
    l11 = pick.top()
    ca, _, _ = _relative_company(b, l11, "哥哥")
    chain = _chain(b, ca, 1)
    r2 = intervention(l11, D(2023, 4, 10), "工程建设", [chain[-1]])
    case(b, "INT-1", l11, True, "插手干预的工程建设事项涉及其哥哥企业控股的公司（间接关联）",
         interventions=[r2], companies=chain)  # fmt: skip
    case(b, "INT-2", l11, False, "干预记录早于as-of前365天", interventions=[r2])
    l12 = pick.top()
    r3 = intervention(l12, D(2023, 3, 15), "审批监管", [b.add_company()])
    case(b, "INT-1", l12, False, "干预记录涉及的企业与其亲属无关联", interventions=[r3])
    case(b, "INT-2", l12, False, "干预记录早于as-of前365天", interventions=[r3])
    l13 = pick.top()
    rel_name, _ = b.add_relative(l13, "弟弟")
    cn = b.add_company(holders=[(rel_name, b.fresh_company_person()[1], 65.0)])
    r4 = intervention(l13, D(2023, 8, 1), "土地出让", [cn])
    case(
        b,
        "INT-1",
        l13,
        False,
        "涉及企业的股东与其弟弟同名但身份证号不同",
        interventions=[r4],
        companies=[cn],
    )
    l14 = pick.top()
    r5 = intervention(l14, D(2024, 9, 10), "选人用人", [])
    case(b, "INT-2", l14, True, "近一年内有插手干预选人用人事项的记录", interventions=[r5])
    case(b, "INT-1", l14, False, "干预记录未涉及任何企业", interventions=[r5])
    b.multi.append(l1)


def _kin_in_post(b: Block, leader: str, relation: str, uid: str, functions: list[str] | None = None,
                 start: dt.date | None = None, end: dt.date | None = None) -> str:  # fmt: skip
    pid = b.add_person(1985, 1996)
    b.used.add(pid)
    b.add_post(pid, uid, "科员", "工作人员", start or D(2019, 9, 1), end, functions=functions)
    b.add_relative(leader, relation, in_people=pid)
    return pid


def _avoidance(b: Block, pick: Picker) -> str:
    u = pick.unit("plain")
    l15 = b.top[u]
    b.used.add(l15)
    r = _kin_in_post(b, l15, "妹妹", u)
    case(b, "AVD-1", l15, True, "妹妹在其任一把手的同一单位任职", relatives=[r], units=[u])
    case(
        b,
        "AVD-2",
        l15,
        False,
        "妹妹所在岗位及单位均非组织人事纪检审计财务等要害岗位",
        relatives=[r],
    )
    u = pick.unit("plain_sub")
    l16 = b.top[u]
    b.used.add(l16)
    r = _kin_in_post(b, l16, "儿子", b.subunits[u][0])
    case(b, "AVD-1", l16, True, "儿子在其任一把手单位的直接下级机构任职", relatives=[r], units=[u])
    case(b, "AVD-2", l16, False, "儿子所在机构和岗位不属于要害岗位", relatives=[r])
    u = pick.unit("plain")
    l17 = b.top[u]
    b.used.add(l17)
    r = _kin_in_post(b, l17, "其他", u)
    case(
        b,
        "AVD-1",
        l17,
        False,
        "同单位任职的亲属称谓为“其他”，不属于任职回避的亲属关系",
        relatives=[r],
    )
    u = pick.unit("plain")
    l18 = b.top[u]
    b.used.add(l18)
    town = pick.unit("town")
    r = _kin_in_post(b, l18, "弟弟", u, end=D(2024, 6, 30))
    b.add_post(r, town, "科员", "工作人员", D(2024, 7, 1))
    case(b, "AVD-1", l18, False, "弟弟原在同一单位任职，已于2024年6月调往乡镇", relatives=[r])

    fin, hr = b.ukey["finance"], b.ukey["hr"]
    l19 = b.top[fin]
    b.used.add(l19)
    r = _kin_in_post(b, l19, "女儿", fin)
    case(
        b, "AVD-2", l19, True, "女儿在其任局长的财政局（财务职能）任职", relatives=[r], units=[fin]
    )
    case(b, "AVD-1", l19, True, "女儿与其在同一单位任职", relatives=[r], units=[fin])
    l20 = b.top[hr]
    b.used.add(l20)
    r = _kin_in_post(b, l20, "外甥子女", b.subunits[hr][1], functions=["人事"])
    case(
        b, "AVD-2", l20, True, "外甥在其任局长单位的下属机构从事人事工作", relatives=[r], units=[hr]
    )
    case(b, "AVD-1", l20, True, "外甥在其任一把手单位的直接下级机构任职", relatives=[r], units=[hr])
    u = pick.unit("plain")
    l21 = b.top[u]
    b.used.add(l21)
    r = _kin_in_post(b, l21, "哥哥", b.ukey["medinsure"], functions=["财务"])
    case(b, "AVD-2", l21, False, "哥哥在财务岗位任职，但不在其领导的单位或下级单位", relatives=[r])

    # AVD-3
    t = pick.top("town")
    b.person[t]["growth_region"] = b.code
    case(b, "AVD-3", t, True, "在其成长地所在县（区划相同）的乡镇任党委书记", units=[b.unit_of(t)])
    t_multi = b.multi[0]  # the township secretary of the name-matched COI-1 case
    b.person[t_multi]["growth_region"] = b.code
    case(b, "AVD-3", t_multi, True, "在其成长地任乡镇党委书记", units=[b.unit_of(t_multi)])
    d = pick.top()
    b.person[d]["growth_region"] = b.code
    case(b, "AVD-3", d, True, "在其成长地所在县任部门一把手", units=[b.unit_of(d)])
    m = pick.member("town", first=True)  # the 乡镇长, a team member
    b.person[m]["growth_region"] = b.code
    case(b, "AVD-3", m, False, "在成长地任乡镇长，但不是一把手")
    d = pick.top()
    # another county (or district) of the same prefecture: same first four digits
    neighbour = next(
        (c for c, _n, _p in COUNTIES if c[:4] == b.code[:4] and c != b.code),
        b.code[:4] + ("02" if b.code[4:] != "02" else "03"),
    )
    b.person[d]["growth_region"] = neighbour
    case(b, "AVD-3", d, False, f"成长地为同一地级市的另一县（{neighbour}），不属于任职地")
    return l19


def _power(b: Block, pick: Picker, l19: str) -> None:
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


def _appointments(b: Block, pick: Picker) -> None:
    org = b.leader["org"]

    def appoint(pid: str, kind: str, decided: dt.date, nominator: str = org,
                checks: tuple[Any, Any, Any, Any] | None = None, opinion: str = "无问题") -> str:  # fmt: skip
        aid = b.next_id("A")
        if checks is None:
            checks = tuple(decided - dt.timedelta(days=d) for d in (30, 25, 12, 10))  # type: ignore[assignment]
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
    x = b.complaint(p, D(2024, 3, 10), [], specific=True, status="初核")  # type: ignore[attr-defined]
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
    x = b.complaint(p, D(2024, 2, 1), [], specific=True)  # type: ignore[attr-defined]
    b.rows["complaints"][-1]["closed_date"] = D(2024, 4, 15)
    a = appoint(p, "提拔", D(2024, 6, 20))
    case(b, "APT-2", p, False, "信访件在提拔前已办结", appointments=[a], complaints=[x])
    p = pick.staff()
    x = b.complaint(p, D(2024, 3, 1), [], specific=False, status="初核")  # type: ignore[attr-defined]
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


def _supervision(b: Block, pick: Picker, l19: str) -> None:
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


def _complaints_tasks(b: Block, pick: Picker, l1: str) -> None:
    complaint = b.complaint  # type: ignore[attr-defined]
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
