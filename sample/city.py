"""One synthetic city (a "block"): units, cadres, posts, duties, families, companies and the
year's supervision record, modelled on the seed report.

The background is clean by construction (it raises no flag of any rule in docs/rules.md); the
planted cases (sample/cases.py) are added on top, and the figure-bearing records (sanctions,
tasks) are filled up to the report's figures after the cases took their share.

Rows are dicts keyed by the registries' English aliases, dates as `datetime.date`; the writer
turns them into files with the Chinese headers of model/registries.yaml.
"""

from __future__ import annotations

import datetime as dt
import random
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from sample import names
from sample.ids import IdFactory
from sample.places import ORIGINS, TOWNSHIP_STEMS

D = dt.date
AS_OF = D(2024, 12, 31)
WINDOW_START = AS_OF - dt.timedelta(days=365)  # the rules' "[365] days before as-of"
YEAR = 2024

REGISTRY_ORDER = (
    "units", "people", "posts", "duties", "family", "companies", "shareholders", "officers",
    "contracts", "appointments", "complaints", "supervision", "problems", "sanctions",
    "interventions", "decisions", "tasks",
)  # fmt: skip

# the report's figures for one city (seed report, 一、实践探索)
FIGURES = {
    "政治生态研判单位": 74, "政治监督谈话": 78, "发现问题": 284, "已整改问题": 284, "约谈": 29,
    "建议书": 16, "问责": 32, "处分": 5, "任务": 2043, "任务类别": 6,
}  # fmt: skip
TASK_CATEGORIES = [
    "落实全面从严治党主体责任",
    "加强党的政治建设",
    "深化作风建设",
    "强化监督执纪问责",
    "推进以案促改以案促治",
    "加强纪检监察队伍建设",
]
TALK_KINDS = ("政治监督谈话", "任职谈话", "廉政谈话", "提醒谈话", "约谈", "函询", "诫勉")
SENSITIVE_DUTY = {"财务", "人事", "工程", "审批", "采购"}  # PWR-1's list

# (key, name, kind, functions, holder of the duty, parent key); holders: see LEADERS
PARTY_DEPTS = [
    ("cpc_office", "市委办公室", "党委部门", [], None, "cpc"),
    ("org", "市委组织部", "党委部门", ["组织", "人事"], None, "cpc"),
    ("prop", "市委宣传部", "党委部门", [], None, "cpc"),
    ("uf", "市委统战部", "党委部门", [], None, "cpc"),
    ("pol", "市委政法委", "党委部门", [], None, "cpc"),
    ("staffing", "市委机构编制委员会办公室", "党委部门", [], "org", "cpc"),
    ("patrol", "市委巡察工作领导小组办公室", "党委部门", ["纪检"], "deputy", "cpc"),
    ("veterans_cadre", "市委老干部局", "党委部门", [], "org", "cpc"),
    ("organs", "市直机关工作委员会", "党委部门", [], "office", "cpc"),
]
GOV_DEPTS = [
    ("gov_office", "市政府办公室", [], "exec"),
    ("ndrc", "市发展和改革委员会", ["审批"], "exec"),
    ("edu", "市教育体育局", [], "vm2"),
    ("sci", "市科学技术局", [], "vm4"),
    ("industry", "市经济和信息化局", [], "vm4"),
    ("police", "市公安局", ["公安"], "pol"),
    ("civil", "市民政局", [], "deputy"),
    ("justice", "市司法局", [], "pol"),
    ("finance", "市财政局", ["财务"], "exec"),
    ("hr", "市人力资源和社会保障局", ["人事"], "exec"),
    ("land", "市自然资源和规划局", ["自然资源", "审批"], "vm1"),
    ("env", "市生态环境分局", [], "vm3"),
    ("housing", "市住房和城乡建设局", ["工程", "住建"], "vm1"),
    ("transport", "市交通运输局", ["交通", "工程"], "vm1"),
    ("water", "市水利局", ["工程"], "vm3"),
    ("agri", "市农业农村局", [], "vm3"),
    ("commerce", "市商务局", [], "vm4"),
    ("culture", "市文化旅游局", [], "prop"),
    ("health", "市卫生健康委员会", [], "vm2"),
    ("veterans", "市退役军人事务局", [], "army"),
    ("emergency", "市应急管理局", [], "vm4"),
    ("audit", "市审计局", ["审计"], "mayor"),
    ("market", "市市场监督管理局", ["审批"], "vm4"),
    ("stats", "市统计局", [], "exec"),
    ("medinsure", "市医疗保障局", ["财务"], "exec"),
    ("urban", "市城市管理局", [], "vm1"),
    ("forest", "市林业局", [], "vm3"),
    ("petition", "市信访局", [], "deputy"),
    ("data", "市数据资源管理局", [], "vm2"),
    ("trading", "市公共资源交易中心", ["采购"], "exec"),
    ("logistics", "市机关事务管理局", ["采购"], "exec"),
    ("airdef", "市人民防空办公室", [], "army"),
    ("ethnic", "市民族宗教事务局", [], "uf"),
    ("invest", "市投资促进中心", [], "vm4"),
]
INSTITUTIONS = [
    ("media", "市融媒体中心", "事业单位", [], "prop", "cpc"),
    ("hospital", "市人民医院", "事业单位", [], "vm2", "gov"),
    ("tcm", "市中医院", "事业单位", [], "vm2", "gov"),
    ("school", "市第一中学", "事业单位", [], "vm2", "gov"),
    ("cdc", "市疾病预防控制中心", "事业单位", [], "vm2", "gov"),
    ("urbaninv", "市城市建设投资集团有限公司", "国有企业", ["工程"], "vm1", "gov"),
    ("assets", "市国有资产运营有限公司", "国有企业", ["财务"], "exec", "gov"),
    ("fund", "市住房公积金管理中心", "事业单位", ["财务"], "exec", "gov"),
    ("realty", "市不动产登记中心", "事业单位", ["审批"], "vm1", "gov"),
    ("social", "市社会保险服务中心", "事业单位", [], "deputy", "gov"),
]
# the city's leaders: key, title at 市委 (None: not a standing member), government title
LEADERS = [
    ("sec", "市委书记", None),
    ("mayor", "市委副书记", "市长"),
    ("deputy", "市委副书记", None),
    ("cdi", "市委常委、市纪委书记", None),
    ("org", "市委常委、组织部部长", None),
    ("prop", "市委常委、宣传部部长", None),
    ("uf", "市委常委、统战部部长", None),
    ("pol", "市委常委、政法委书记", None),
    ("exec", "市委常委", "常务副市长"),
    ("office", "市委常委、市委办公室主任", None),
    ("army", "市委常委、人武部部长", None),
    ("vm1", "市委常委", "副市长"),
    ("vm2", None, "副市长"),
    ("vm3", None, "副市长"),
    ("vm4", None, "副市长"),
]
# standing members who also lead a department (top leader of it)
LEADER_HEADS = {
    "cdi": ("cdi", "书记"), "org": ("org", "部长"), "prop": ("prop", "部长"), "uf": ("uf", "部长"),
    "pol": ("pol", "书记"), "office": ("cpc_office", "主任"),
}  # fmt: skip


def rand_date(rng: random.Random, start: dt.date, end: dt.date) -> dt.date:
    return start + dt.timedelta(days=rng.randint(0, (end - start).days))


@dataclass
class Block:
    """One city's registries in memory, with indexes for planting cases."""

    index: int
    seed: int
    place: tuple[str, str, str]
    ids: IdFactory
    n_companies: int = 10_000
    n_contracts: int = 2_000
    rng: random.Random = field(init=False)
    rows: dict[str, list[dict[str, Any]]] = field(init=False)
    cases: list[dict[str, Any]] = field(init=False, default_factory=list)
    invalid_ids: dict[str, list[str]] = field(init=False)
    # indexes
    unit: dict[str, dict[str, Any]] = field(init=False, default_factory=dict)
    ukey: dict[str, str] = field(init=False, default_factory=dict)  # key -> unit_id
    person: dict[str, dict[str, Any]] = field(init=False, default_factory=dict)
    leader: dict[str, str] = field(init=False, default_factory=dict)  # LEADERS key -> pid
    top: dict[str, str] = field(init=False, default_factory=dict)  # unit_id -> top leader
    team: dict[str, list[str]] = field(init=False, default_factory=lambda: defaultdict(list))
    staff: dict[str, list[str]] = field(init=False, default_factory=lambda: defaultdict(list))
    post_of: dict[str, list[dict]] = field(init=False, default_factory=lambda: defaultdict(list))
    duties_of: dict[str, list[dict]] = field(init=False, default_factory=lambda: defaultdict(list))
    townships: list[str] = field(init=False, default_factory=list)
    depts: list[str] = field(init=False, default_factory=list)  # units under a duty
    subunits: dict[str, list[str]] = field(init=False, default_factory=lambda: defaultdict(list))
    clean_companies: list[str] = field(init=False, default_factory=list)
    company_names: dict[str, str] = field(init=False, default_factory=dict)
    # exemptions the planted cases ask of the background
    used: set[str] = field(init=False, default_factory=set)  # persons a case relies on
    no_talk: set[str] = field(init=False, default_factory=set)
    no_report: set[str] = field(init=False, default_factory=set)
    duty_missing: dict[int, set[str]] = field(init=False, default_factory=dict)
    talk_to_team: set[str] = field(init=False, default_factory=set)  # units: 廉政谈话 to team
    power_holder: str = field(init=False, default="")
    multi: list[str] = field(init=False, default_factory=list)  # leaders with several risks
    counters: dict[str, int] = field(init=False, default_factory=lambda: defaultdict(int))

    def __post_init__(self) -> None:
        self.rng = random.Random(f"{self.seed}:{self.index}")
        self.rows = {name: [] for name in REGISTRY_ORDER}
        self.invalid_ids = {"id_number": [], "uscc": []}
        self.code, self.city, self.prefecture = self.place
        self.bp = f"B{self.index:02d}"

    # --- ids -----------------------------------------------------------------------------
    def next_id(self, kind: str, width: int = 5) -> str:
        self.counters[kind] += 1
        return f"{self.bp}{kind}{self.counters[kind]:0{width}d}"

    # --- building blocks used by the background and the cases ------------------------------
    def add_unit(self, key: str, name: str, kind: str, parent: str | None, level: str,
                 functions: list[str]) -> str:  # fmt: skip
        uid = self.next_id("U", 4)
        row = {"unit_id": uid, "name": name, "kind": kind, "parent_id": parent, "level": level,
               "region_code": self.code, "functions": functions}  # fmt: skip
        self.rows["units"].append(row)
        self.unit[uid] = row
        self.ukey[key] = uid
        return uid

    def add_person(self, birth_from: int = 1965, birth_to: int = 1992, male: bool | None = None,
                   rank: str = "其他", origin: str | None = None,
                   name: str | None = None) -> str:  # fmt: skip
        rng = self.rng
        male = rng.random() < 0.7 if male is None else male
        origin = origin or rng.choice(ORIGINS)
        number, birth = self.ids.id_number(
            origin, rand_date(rng, D(birth_from, 1, 1), D(birth_to, 12, 28))
        )
        pid = self.next_id("P")
        row = {"person_id": pid, "name": name or names.person_name(rng, male),
               "gender": "男" if male else "女", "birth_date": birth, "id_number": number,
               "ethnicity": "汉族" if rng.random() < 0.97 else "回族", "native_place": origin,
               "growth_region": origin, "party": "中共党员" if rng.random() < 0.9 else "群众",
               "rank": rank}  # fmt: skip
        self.rows["people"].append(row)
        self.person[pid] = row
        return pid

    def add_post(self, pid: str, uid: str, title: str, role: str, start: dt.date,
                 end: dt.date | None = None, functions: list[str] | None = None) -> dict:  # fmt: skip
        row = {"person_id": pid, "unit_id": uid, "title": title, "role": role,
               "functions": functions or [], "start_date": start, "end_date": end}  # fmt: skip
        self.rows["posts"].append(row)
        self.post_of[pid].append(row)
        if role == "一把手" and end is None:
            self.top[uid] = pid
        elif role == "班子成员" and end is None:
            self.team[uid].append(pid)
        elif end is None:
            self.staff[uid].append(pid)
        return row

    def add_duty(self, pid: str, uid: str, start: dt.date, end: dt.date | None = None) -> dict:
        row = {"person_id": pid, "unit_id": uid, "start_date": start, "end_date": end}
        self.rows["duties"].append(row)
        self.duties_of[pid].append(row)
        return row

    def add_event(self, kind: str, date: dt.date, by: str | None = None, by_unit: str | None = None,
                  target: str | None = None, target_unit: str | None = None,
                  problems: int | None = None, score: str | None = None) -> str:  # fmt: skip
        eid = self.next_id("E")
        self.rows["supervision"].append(
            {
                "event_id": eid,
                "kind": kind,
                "date": date,
                "by_person_id": by,
                "by_unit_id": by_unit,
                "target_person_id": target,
                "target_unit_id": target_unit,
                "problems_found": problems,
                "score": score,
            }  # fmt: skip
        )
        return eid

    def add_problem(self, eid: str | None, uid: str, pid: str | None, found: dt.date,
                    due: dt.date, closed: dt.date | None, text: str) -> str:  # fmt: skip
        qid = self.next_id("Q")
        self.rows["problems"].append(
            {"problem_id": qid, "event_id": eid, "unit_id": uid, "person_id": pid,
             "description": text, "found_date": found, "due_date": due, "closed_date": closed}
        )  # fmt: skip
        return qid

    def add_company(self, holders: list[tuple[str, str | None, float]] | None = None,
                    industry: int | None = None, region: str | None = None,
                    legal_rep: tuple[str, str | None] | None = None,
                    founded_before: dt.date | None = None) -> str:  # fmt: skip
        """A company with its legal representative, natural-person shareholders (name, 身份证号,
        pct) and officers. Fresh company-side persons always carry a 身份证号. `founded_before`:
        a planted case's event date the holdings (dated from the founding) must precede."""
        rng = self.rng
        ind = INDUSTRIES_BY_INDEX[
            industry if industry is not None else rng.randrange(len(INDUSTRIES_BY_INDEX))
        ]
        region = region or (self.code if rng.random() < 0.8 else rng.choice(ORIGINS))
        uscc = self.ids.uscc(region)
        name = names.company_name(rng, self.city, ind[1])
        self.company_names[uscc] = name
        if legal_rep is None:
            legal_rep = self.fresh_company_person()
        founded = rand_date(rng, D(1998, 1, 1), D(2023, 6, 30))
        if founded_before is not None and founded >= founded_before:
            # moved, not drawn again: the rest of the sample keeps its random numbers
            founded = founded_before - dt.timedelta(days=30)
        capital = rng.choice([50, 100, 200, 300, 500, 1000, 2000, 5000]) * 10_000
        self.rows["companies"].append(
            {"uscc": uscc, "name": name,
             "legal_rep": legal_rep[0], "legal_rep_id_number": legal_rep[1], "founded": founded,
             "capital": capital, "company_type": "有限责任公司(自然人投资或控股)",
             "status": "存续" if rng.random() < 0.93 else "在业", "industry": ind[0],
             "scope": ind[2], "region_code": region, "address": names.address(rng, self.city)}
        )  # fmt: skip
        if holders is None:  # half are one-person companies, half have a second holder
            holders = (
                [(legal_rep[0], legal_rep[1], 100.0)]
                if rng.random() < 0.5
                else [(legal_rep[0], legal_rep[1], 60.0), (*self.fresh_company_person(), 40.0)]
            )
        for holder_name, holder_id, pct in holders:
            self.add_share(uscc, holder_name, "自然人", holder_id, pct, founded, capital)
        self.rows["officers"].append(
            {
                "uscc": uscc,
                "name": legal_rep[0],
                "id_number": legal_rep[1],
                "role": "执行董事兼经理",
            }
        )
        if rng.random() < 0.3:
            sup = self.fresh_company_person()
            self.rows["officers"].append(
                {"uscc": uscc, "name": sup[0], "id_number": sup[1], "role": "监事"}
            )
        return uscc

    def add_share(self, uscc: str, holder_name: str, holder_type: str, holder_id: str | None,
                  pct: float, since: dt.date, capital: float = 1_000_000) -> None:  # fmt: skip
        self.rows["shareholders"].append(
            {
                "uscc": uscc,
                "holder_name": holder_name,
                "holder_type": holder_type,
                "holder_id": holder_id,
                "pct": pct,
                "subscribed": round(capital * pct / 100, 2),
                "since": since,
            }  # fmt: skip
        )

    def fresh_company_person(self) -> tuple[str, str]:
        rng = self.rng
        number, _ = self.ids.id_number(
            rng.choice(ORIGINS), rand_date(rng, D(1960, 1, 1), D(1998, 12, 28))
        )
        return names.person_name(rng, rng.random() < 0.65), number

    def company_name(self, uscc: str) -> str:
        return self.company_names[uscc]

    def add_contract(self, buyer: str, supplier: str, signed: dt.date, amount: float | None = None,
                     category: str | None = None) -> str:  # fmt: skip
        rng = self.rng
        cid = self.next_id("C", 6)
        category = category or rng.choice(["工程", "货物", "服务", "服务", "货物"])
        amount = amount or round(rng.uniform(2, 400)) * 1000.0
        method = rng.choice(
            ["公开招标", "竞争性磋商", "询价", "竞争性谈判", "单一来源", "邀请招标"]
        )
        self.rows["contracts"].append(
            {"contract_id": cid, "buyer_unit_id": buyer, "supplier_uscc": supplier,
             "title": f"{self.unit[buyer]['name']}{CONTRACT_TOPICS[category]}项目",
             "amount": amount, "signed_date": signed, "method": method, "category": category}
        )  # fmt: skip
        return cid

    def add_relative(
        self,
        pid: str,
        relation: str,
        *,
        in_people: str | None = None,
        name: str | None = None,
        with_id: bool = True,
        male: bool | None = None,
        born: int = 1975,
        employer: str = "",
        job: str = "",
    ) -> tuple[str, str | None]:
        """A family row for cadre `pid`; returns (relative name, 身份证号 or None)."""
        rng = self.rng
        if in_people is not None:
            rel_person = self.person[in_people]
            name, number = rel_person["name"], rel_person["id_number"]
        else:
            male = rng.random() < 0.5 if male is None else male
            name = name or names.person_name(rng, male)
            number = None
            if with_id:
                number, _ = self.ids.id_number(
                    rng.choice(ORIGINS), rand_date(rng, D(born, 1, 1), D(born + 8, 12, 28))
                )
        self.rows["family"].append(
            {
                "person_id": pid,
                "relative_id": in_people,
                "relative_name": name,
                "relation": relation,
                "relative_id_number": number,
                "employer": employer or rng.choice(RELATIVE_EMPLOYERS),
                "job": job or "职员",
                "report_year": YEAR,
            }  # fmt: skip
        )
        return name, number

    def add_complaint(self, pid: str, received: dt.date, companies: list[str], specific: bool = False,
                      status: str = "了结") -> str:  # fmt: skip
        """A complaint about `pid`, closed 40 days later unless still being handled."""
        cid = self.next_id("X")
        closed = None if status != "了结" else received + dt.timedelta(days=40)
        self.rows["complaints"].append(
            {
                "complaint_id": cid,
                "received_date": received,
                "channel": "来信",
                "subject_person_id": pid,
                "subject_name": self.person[pid]["name"],
                "subject_unit_id": self.unit_of(pid),
                "category": "廉洁纪律",
                "companies": companies,
                "specific": specific,
                "status": status,
                "closed_date": closed,
                "outcome": "部分属实" if closed else None,
            }  # fmt: skip
        )
        return cid

    def unit_of(self, pid: str) -> str:
        return self.post_of[pid][0]["unit_id"]


INDUSTRIES_BY_INDEX = names.INDUSTRIES
CONTRACT_TOPICS = {"工程": "改造工程", "货物": "设备采购", "服务": "运维服务", "补贴": "专项补贴"}
RELATIVE_EMPLOYERS = ["市第二小学", "县农商银行", "市人民医院", "退休", "个体经营", "无", "市电力公司",
                      "省城某科技公司", "市实验中学", "在读"]  # fmt: skip


# --- the city's structure ----------------------------------------------------------------------


def build_structure(b: Block) -> None:
    """Units, cadres, posts and duties of one city (all clean)."""
    rng = b.rng
    pre = b.add_unit("pref", f"中共{b.prefecture}委员会", "党委", None, "市", [])
    b.unit[pre]["region_code"] = b.code[:4] + "00"
    cpc = b.add_unit("cpc", f"中共{b.city}委员会", "党委", pre, "县", [])
    gov = b.add_unit("gov", f"{b.city}人民政府", "政府", cpc, "县", [])
    b.add_unit("npc", f"{b.city}人大常委会", "人大", cpc, "县", [])
    b.add_unit("cppcc", f"政协{b.city}委员会", "政协", cpc, "县", [])
    b.add_unit("cdi", f"{b.city}纪委监委", "纪委监委", cpc, "县", ["纪检"])
    for key, name, kind, functions, _holder, parent in PARTY_DEPTS:
        b.add_unit(key, name.replace("市", b.city, 1), kind, b.ukey[parent], "县", functions)
    for key, name, functions, _holder in GOV_DEPTS:
        b.add_unit(key, name.replace("市", b.city, 1), "政府部门", gov, "县", functions)
    for key, name, kind, functions, _holder, parent in INSTITUTIONS:
        b.add_unit(key, name.replace("市", b.city, 1), kind, b.ukey[parent], "县", functions)
    stems = rng.sample(TOWNSHIP_STEMS, 17)
    for i, stem in enumerate(stems):
        kind = "街道" if i < 5 else "乡镇"
        uid = b.add_unit(f"town{i}", stem + ("街道" if kind == "街道" else ("乡" if i % 4 == 3 else "镇")),
                         kind, cpc, "乡", [])  # fmt: skip
        b.townships.append(uid)
    # internal offices of the departments: "directly below" for the avoidance rules
    for key, *_ in PARTY_DEPTS + [(g[0],) for g in GOV_DEPTS]:
        parent = b.ukey[key]
        for j, sub in enumerate(("办公室", "业务科")):
            sid = b.add_unit(
                f"{key}_sub{j}", b.unit[parent]["name"] + sub, "其他", parent, "县", []
            )
            b.subunits[parent].append(sid)

    # the prefecture's secretary, new in post this year (supervises the city's secretary)
    pref_sec = b.add_person(1964, 1970, rank="正厅")
    b.leader["pref"] = pref_sec
    b.add_post(pref_sec, pre, "市委书记", "一把手", D(2024, 5, 6))

    for key, cpc_title, gov_title in LEADERS:
        pid = b.add_person(1966, 1978, rank="正处" if key in ("sec", "mayor") else "副处")
        b.leader[key] = pid
        start = rand_date(rng, D(2019, 1, 1), D(2022, 12, 31))
        if cpc_title:
            b.add_post(pid, cpc, cpc_title, "一把手" if key == "sec" else "班子成员", start)
        if gov_title:
            b.add_post(pid, gov, gov_title, "一把手" if key == "mayor" else "班子成员", start)
        if key in LEADER_HEADS:
            ukey, title = LEADER_HEADS[key]
            b.add_post(pid, b.ukey[ukey], title, "一把手", start)

    for key, head, vice in (
        ("npc", "主任", "副主任"),
        ("cppcc", "主席", "副主席"),
        ("cdi", None, "副书记"),
    ):
        uid = b.ukey[key]
        if head:
            b.add_post(
                b.add_person(1964, 1972, rank="正处"), uid, head, "一把手", _leader_start(rng)
            )
        for _ in range(2):
            b.add_post(
                b.add_person(1966, 1978, rank="副处"), uid, vice, "班子成员", _leader_start(rng)
            )
        _add_staff(b, uid, rng.randint(8, 14))

    heads = {"党委部门": ("部长", "副部长"), "政府部门": ("局长", "副局长"), "事业单位": ("主任", "副主任"),
             "国有企业": ("董事长", "副总经理")}  # fmt: skip
    for key, *_ in PARTY_DEPTS + [(g[0],) for g in GOV_DEPTS] + INSTITUTIONS:
        uid = b.ukey[key]
        kind = b.unit[uid]["kind"]
        head, vice = heads[kind]
        if uid not in b.top:
            b.add_post(
                b.add_person(1968, 1982, rank="正科"), uid, head, "一把手", _leader_start(rng)
            )
        vice_functions = [["财务"], ["人事"], [], ["采购"]]
        for j in range(rng.randint(2, 4)):
            b.add_post(b.add_person(1970, 1986, rank="副科"), uid, vice, "班子成员",
                       _leader_start(rng), functions=vice_functions[j])  # fmt: skip
        _add_staff(b, uid, rng.randint(10, 18))
        for sid in b.subunits.get(uid, []):
            b.add_post(b.add_person(1975, 1990, rank="其他"), sid, "负责人", "内设机构负责人",
                       rand_date(rng, D(2012, 1, 1), D(2023, 6, 30)))  # fmt: skip
            _add_staff(b, sid, rng.randint(2, 5))

    for i, uid in enumerate(b.townships):
        street = b.unit[uid]["kind"] == "街道"
        b.add_post(b.add_person(1970, 1982, rank="正科"), uid,
                   "党工委书记" if street else "党委书记", "一把手", _leader_start(rng))  # fmt: skip
        b.add_post(b.add_person(1972, 1984, rank="正科"), uid,
                   "办事处主任" if street else ("乡长" if b.unit[uid]["name"].endswith("乡") else "镇长"),
                   "班子成员", _leader_start(rng))  # fmt: skip
        for title in ("党委副书记", "纪委书记", "组织委员", "副镇长" if not street else "副主任"):
            b.add_post(
                b.add_person(1975, 1988, rank="副科"), uid, title, "班子成员", _leader_start(rng)
            )
        _add_staff(b, uid, rng.randint(18, 26))
        del i

    # duties: every department and institution is in some city leader's charge
    for key, _n, _k, _f, holder, _p in PARTY_DEPTS + INSTITUTIONS:
        if holder:
            b.depts.append(b.ukey[key])
            b.add_duty(b.leader[holder], b.ukey[key], _duty_start(rng))
    for key, _n, _f, holder in GOV_DEPTS:
        b.depts.append(b.ukey[key])
        b.add_duty(b.leader[holder], b.ukey[key], _duty_start(rng))


def _leader_start(rng: random.Random) -> dt.date:
    # rotation: no leader in the same post for ten years (PWR-2 stays clean)
    return rand_date(rng, D(2016, 3, 1), D(2023, 6, 30))


def _duty_start(rng: random.Random) -> dt.date:
    return rand_date(rng, D(2019, 1, 1), D(2023, 6, 30))


def _add_staff(b: Block, uid: str, count: int) -> None:
    rng = b.rng
    for _ in range(count):
        pid = b.add_person(1970, 1998)
        functions = ["财务"] if rng.random() < 0.08 else []
        b.add_post(pid, uid, rng.choice(["科员", "一级科员", "四级主任科员", "办事员"]), "工作人员",
                   rand_date(rng, D(2005, 1, 1), D(2023, 12, 31)), functions=functions)  # fmt: skip


def leaders_of_block(b: Block) -> list[str]:
    seen: dict[str, None] = {}
    for row in b.rows["posts"]:
        if row["role"] in ("一把手", "班子成员"):
            seen.setdefault(row["person_id"], None)
    return list(seen)
