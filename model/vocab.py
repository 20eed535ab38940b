"""Vocabularies and tables every part reads: declared once here, at the bottom, so that the
loaders, the rules, the sample generator and the app share them without importing each other.

- `SANCTION_EFFECT_MONTHS`: months after a sanction's date during which the person may not be
  promoted (docs/rules.md, APT-2), by sanction kind; None = no effect period. The sanctions
  registry's `kind` column names this table (model/registries.yaml, `effect_months`), and
  APT-2 takes its default from it.
- kinship classes, leader roles, sensitive functions and non-collective meeting forms: words
  the code compares registry values with, each checked against the declaration's allowed
  values (`NAMED_VALUES`).
- `DISCIPLINE_KINDS`: the kinds that are 党纪处分 or 政务处分 (批评教育, 诫勉, ... are not),
  counted by the overview figure 处分 (queries/stats.py) and by the sample's truth.
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType

SANCTION_EFFECT_MONTHS: Mapping[str, int | None] = MappingProxyType(
    {
        "批评教育": None,
        "提醒谈话": None,
        "问责": None,
        "诫勉": 6,
        "调离岗位": 12,
        "免职": 12,
        "责令辞职": 12,
        "降职": 24,
        "党内警告": 12,
        "党内严重警告": 18,
        "撤销党内职务": 24,
        "留党察看": 24,
        "开除党籍": 60,
        "政务警告": 6,
        "记过": 12,
        "记大过": 18,
        "降级": 24,
        "撤职": 24,
        "开除": 60,
    }
)

DISCIPLINE_KINDS: tuple[str, ...] = (
    "党内警告", "党内严重警告", "撤销党内职务", "留党察看", "开除党籍",
    "政务警告", "记过", "记大过", "降级", "撤职", "开除",
)  # fmt: skip

# The kinship classes a 称谓 falls into (model/registries.yaml, family.relation `kinship:`):
# SPOUSE, LINEAL (parents, children), COLL3 (collateral within three generations), AFFINAL
# (in-laws), OTHER. The avoidance rules read them (docs/rules.md, AVD-1, AVD-2).
KINSHIP_CLASSES: tuple[str, ...] = ("SPOUSE", "LINEAL", "COLL3", "AFFINAL", "OTHER")

# Post roles the analytics and composite risk single out (posts.role).
TOP_ROLE = "一把手"
TEAM_ROLE = "班子成员"
LEADER_ROLES: tuple[str, ...] = (TOP_ROLE, TEAM_ROLE)
# Unit functions that make a post sensitive for the power index (units.functions).
SENSITIVE_FUNCTIONS: tuple[str, ...] = ("财务", "人事", "工程", "审批", "采购")
# Meeting forms that are not a collective decision (decisions.meeting, appointments.decided_by).
NON_COLLECTIVE_MEETINGS: tuple[str, ...] = ("书记办公会", "圈阅", "临时动议")

# Words above that code compares registry values with: each must be a value the registry
# column allows (or lists as an example), or the comparison would silently never match.
# model/registry.py checks this when it reads the declaration.
NAMED_VALUES: Mapping[tuple[str, str], tuple[str, ...]] = MappingProxyType(
    {
        ("posts", "role"): LEADER_ROLES,
        ("decisions", "meeting"): NON_COLLECTIVE_MEETINGS,
        ("appointments", "decided_by"): NON_COLLECTIVE_MEETINGS,
        ("units", "functions"): SENSITIVE_FUNCTIONS,
    }
)

# The tables a declaration may name (registries.yaml: `effect_months: <name>`).
VOCABULARIES: Mapping[str, Mapping[str, int | None]] = MappingProxyType(
    {"sanction_effect_months": SANCTION_EFFECT_MONTHS}
)

# The rules' severities and their Chinese words, as every report and page shows them.
SEVERITY_ZH = {"high": "高", "medium": "中", "low": "低"}

# Node properties never shown to a reader: identity material (docs/model.md: 身份证号 only
# as id_masked). The app hides more (its users' secrets, app/reads.py and app/adhoc.py).
HIDDEN_PROPERTIES = frozenset({"id_hash", "id_number"})
# Written by the identity step for the rules (loaders/cypher/identity.cypher, "derived
# links"), not a fact of a registry: the views leave them out, as they leave out RELATIVE_HOLDER.
DERIVED_PROPERTIES = frozenset({"supplier_hops"})

# One colour per node label, for the pictures of the app (app/ui/viz.py) and of the case
# report (queries/casework/report.py); DEFAULT_COLOR for any other label.
LABEL_COLORS = {
    "Person": "#4C8EDA",
    "Unit": "#F79767",
    "Company": "#57C7E3",
    "Contract": "#D9C8AE",
    "Appointment": "#8DCC93",
    "Complaint": "#ECB5C9",
    "SupervisionEvent": "#C990C0",
    "Problem": "#F16667",
    "Sanction": "#DA7194",
    "Intervention": "#FFC454",
    "Decision": "#569480",
    "Task": "#A5ABB6",
    "Source": "#DDDDDD",
}
DEFAULT_COLOR = "#A5ABB6"


def primary_label(labels: list[str]) -> str:
    """The label a node is drawn and named by: its first with a colour, else its first."""
    return next((label for label in labels if label in LABEL_COLORS), labels[0] if labels else "")


# English for the registry words a rule's English summary carries as they were given: each
# 称谓 of the family registry (model/registries.yaml, family.relation `kinship:`; a test checks
# that every one has its English) and the ways a leader holds authority (queries/shared/
# authority_over.cypher). A word not listed stays as given.
SUMMARY_WORDS_EN: Mapping[str, str] = MappingProxyType(
    {
        "配偶": "spouse", "妻子": "wife", "丈夫": "husband",
        "父亲": "father", "母亲": "mother", "父母": "parent",
        "子女": "child", "儿子": "son", "女儿": "daughter",
        "长子": "eldest son", "次子": "second son", "长女": "eldest daughter",
        "次女": "second daughter",
        "孙子女": "grandchild", "孙子": "grandson", "孙女": "granddaughter",
        "外孙子女": "daughter's child", "外孙": "daughter's son", "外孙女": "daughter's daughter",
        "祖父母": "paternal grandparent", "祖父": "paternal grandfather",
        "祖母": "paternal grandmother",
        "外祖父母": "maternal grandparent", "外祖父": "maternal grandfather",
        "外祖母": "maternal grandmother",
        "兄弟姐妹": "sibling", "兄弟": "brother", "姐妹": "sister",
        "哥哥": "elder brother", "弟弟": "younger brother",
        "姐姐": "elder sister", "妹妹": "younger sister",
        "伯父": "uncle (father's elder brother)", "叔父": "uncle (father's younger brother)",
        "叔叔": "uncle (father's younger brother)", "姑母": "aunt (father's sister)",
        "姑姑": "aunt (father's sister)", "舅父": "uncle (mother's brother)",
        "舅舅": "uncle (mother's brother)", "姨母": "aunt (mother's sister)",
        "姨妈": "aunt (mother's sister)",
        "堂兄弟姐妹": "cousin (father's brother's child)", "表兄弟姐妹": "cousin",
        "侄子女": "nephew or niece (brother's child)", "侄子": "nephew (brother's son)",
        "侄女": "niece (brother's daughter)",
        "外甥子女": "nephew or niece (sister's child)", "外甥": "nephew (sister's son)",
        "外甥女": "niece (sister's daughter)",
        "儿媳": "daughter-in-law", "女婿": "son-in-law", "子女配偶": "child's spouse",
        "岳父": "father-in-law (wife's father)", "岳母": "mother-in-law (wife's mother)",
        "公公": "father-in-law (husband's father)", "婆婆": "mother-in-law (husband's mother)",
        "嫂": "sister-in-law (elder brother's wife)", "嫂子": "sister-in-law (elder brother's wife)",
        "弟媳": "sister-in-law (younger brother's wife)",
        "姐夫": "brother-in-law (elder sister's husband)",
        "妹夫": "brother-in-law (younger sister's husband)",
        "其他": "other relative", "亲属": "relative",
        TOP_ROLE: "top leader", TEAM_ROLE: "team member", "分管": "in charge",
    }
)  # fmt: skip
