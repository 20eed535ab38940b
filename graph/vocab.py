"""Vocabularies every part reads: declared once here, at the bottom, so that the loaders, the
rules, the sample generator and the app share them without importing each other.

- `SANCTION_EFFECT_MONTHS`: months after a sanction's date during which the person may not be
  promoted (RULES.md, APT-2), by sanction kind; None = no effect period. The sanctions
  registry's `kind` column names this table (loaders/registries.yaml, `effect_months`), and
  APT-2 takes its default from it.
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

# The tables a declaration may name (registries.yaml: `effect_months: <name>`).
VOCABULARIES: Mapping[str, Mapping[str, int | None]] = MappingProxyType(
    {"sanction_effect_months": SANCTION_EFFECT_MONTHS}
)
