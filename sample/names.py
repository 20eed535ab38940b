"""Chinese names, companies and places that read as real ones, drawn fast and deterministically.

Faker's zh_CN word lists are the source; drawing from them with our own `random.Random` is
many times faster than calling Faker per row, which matters at province scale.
"""

from __future__ import annotations

import random
from itertools import accumulate

from faker.providers.address.zh_CN import Provider as _Address
from faker.providers.company.zh_CN import Provider as _Company
from faker.providers.person.zh_CN import Provider as _Person

SURNAMES = list(_Person.last_names.keys())
_SURNAME_CUM = list(accumulate(_Person.last_names.values()))
# single-character surnames only for the background: compound surnames are kept for planted
# name-only matches, so that no background person can share such a name by chance
SINGLE_SURNAMES = [s for s in SURNAMES if len(s) == 1]
_SINGLE_CUM = list(accumulate(_Person.last_names[s] for s in SINGLE_SURNAMES))
COMPOUND_SURNAMES = [
    "欧阳",
    "司马",
    "上官",
    "诸葛",
    "东方",
    "皇甫",
    "尉迟",
    "公孙",
    "慕容",
    "长孙",
    "宇文",
    "司徒",
    "夏侯",
    "轩辕",
    "令狐",
    "钟离",
    "闻人",
    "澹台",
    "西门",
    "南宫",
]
MALE_GIVEN = sorted(set(_Person.first_names_male))
FEMALE_GIVEN = sorted(set(_Person.first_names_female))
GIVEN_CHARS = sorted({c for n in MALE_GIVEN + FEMALE_GIVEN for c in n})
COMPANY_WORDS = list(_Company.company_prefixes)
STREETS = [s for s in _Address.street_suffixes]
DISTRICT_WORDS = list(_Address.districts)

INDUSTRIES = [
    ("建筑业", "建筑工程", "房屋建筑工程施工；市政公用工程施工"),
    ("建筑业", "市政工程", "市政道路工程；园林绿化工程"),
    ("批发和零售业", "商贸", "日用百货、办公用品、电子产品销售"),
    ("信息传输、软件和信息技术服务业", "信息技术", "软件开发；信息系统集成服务"),
    ("租赁和商务服务业", "咨询服务", "企业管理咨询；工程造价咨询"),
    ("制造业", "机械制造", "通用设备制造；机械零部件加工"),
    ("交通运输、仓储和邮政业", "物流", "普通货物道路运输；仓储服务"),
    ("住宿和餐饮业", "餐饮管理", "餐饮服务；食堂承包经营"),
    ("农、林、牧、渔业", "农业开发", "农作物种植；农业技术推广服务"),
    ("水利、环境和公共设施管理业", "环境工程", "环境治理工程；污水处理"),
    ("卫生和社会工作", "医疗器械", "医疗器械销售；医疗设备维修"),
    ("文化、体育和娱乐业", "文化传媒", "广告设计制作；会议展览服务"),
    ("房地产业", "置业", "房地产开发经营；物业管理"),
    ("科学研究和技术服务业", "工程设计", "工程勘察设计；测绘服务"),
]
COMPANY_FORMS = ["有限公司", "有限公司", "有限公司", "有限责任公司", "股份有限公司"]
ROADS = [
    "人民",
    "建设",
    "解放",
    "中山",
    "和平",
    "友谊",
    "胜利",
    "光明",
    "振兴",
    "东风",
    "文化",
    "幸福",
    "迎宾",
    "滨河",
    "梅林",
    "桃园",
    "翠竹",
    "青山",
    "宁墩",
    "南山",
]


def person_name(rng: random.Random, male: bool) -> str:
    surname = rng.choices(SINGLE_SURNAMES, cum_weights=_SINGLE_CUM)[0]
    if rng.random() < 0.25:  # two-character given names built from common characters
        return surname + rng.choice(GIVEN_CHARS) + rng.choice(GIVEN_CHARS)
    return surname + rng.choice(MALE_GIVEN if male else FEMALE_GIVEN)


def rare_name(index: int) -> str:
    """A compound-surname name unique for each index: for planted name-only matches."""
    surname = COMPOUND_SURNAMES[index % len(COMPOUND_SURNAMES)]
    k = index // len(COMPOUND_SURNAMES)
    n = len(GIVEN_CHARS)
    return surname + GIVEN_CHARS[(k * 7) % n] + GIVEN_CHARS[(k // n * 13 + k + 3) % n]


def company_name(rng: random.Random, place: str, industry_word: str) -> str:
    word = rng.choice(COMPANY_WORDS)
    return f"{place}{word}{industry_word}{rng.choice(COMPANY_FORMS)}"


def address(rng: random.Random, place: str) -> str:
    return f"{place}{rng.choice(ROADS)}{rng.choice(STREETS)}{rng.randint(1, 399)}号"
