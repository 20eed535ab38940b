"""Planted rule cases with their ground truth: positives and near-miss negatives for every
rule of docs/rules.md (PWR-5 aside: the analytics rank power; the truth names the power holder).

Each case is written on top of the clean background and recorded with `case(...)`: rule,
subject, positive or not, the ids of the evidence, and a note in Chinese. Subjects are never
shared between cases unless on purpose (the multi-risk leaders), so that one case cannot
raise or hide another's flag.
"""

import datetime as dt
from typing import Any

from sample import names
from sample.casekit import Picker, case
from sample.cases_duty import (
    plant_appointments,
    plant_complaints_tasks,
    plant_power,
    plant_supervision,
)
from sample.city import Block, D
from sample.places import COUNTIES


def plant_cases(b: Block) -> str:
    """Plant every rule's cases in block `b`; returns the planted power holder's id."""
    pick = Picker(b)
    rare = iter(range(b.index * 40, b.index * 40 + 40))
    l1 = _coi(b, pick, rare)
    _coi3_int(b, pick, rare, l1)
    l19 = _avoidance(b, pick)
    plant_power(b, pick, l19)
    plant_appointments(b, pick)
    plant_supervision(b, pick, l19)
    plant_complaints_tasks(b, pick, l1)
    return b.leader["exec"]


def _relative_company(b: Block, pid: str, relation: str, *, with_id: bool = True,
                      name: str | None = None, share: float = 70.0,
                      before: dt.date | None = None) -> tuple[str, str, str | None]:  # fmt: skip
    """A relative of `pid` holding shares of a new company (founded, and held, before `before`
    when given: the event a positive case is judged at); returns (uscc, name, 身份证号)."""
    rel_name, rel_id = b.add_relative(pid, relation, with_id=with_id, name=name, employer="个体经营",
                                      job="股东")  # fmt: skip
    if with_id:
        uscc = b.add_company(
            holders=[(rel_name, rel_id, share), (*b.fresh_company_person(), 100 - share)],
            founded_before=before,
        )
    else:  # the company side carries an id the family side lacks: a possible match by name
        holder = (rel_name, b.fresh_company_person()[1])
        uscc = b.add_company(
            holders=[(holder[0], holder[1], share)], legal_rep=holder, founded_before=before
        )
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
    complaint = b.add_complaint

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
    intervened = D(2023, 4, 10)
    ca, _, _ = _relative_company(b, l11, "哥哥", before=intervened)
    chain = _chain(b, ca, 1)
    r2 = intervention(l11, intervened, "工程建设", [chain[-1]])
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
