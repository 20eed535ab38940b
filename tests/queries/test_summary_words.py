"""The English summaries give registry words in English: a 称谓 (哥哥) and the way a leader
holds authority (分管) were shown in Chinese in an English sentence. No database needed."""

from __future__ import annotations

import datetime as dt
import re

from model.registry import REGISTRIES
from model.vocab import SUMMARY_WORDS_EN
from queries.catalogue import CATALOGUE
from queries.runner import WORD_COLUMNS, in_english, row_to_flag

HAN = re.compile(r"[\u3400-\u9fff]")


def test_every_declared_relation_and_authority_word_has_english() -> None:
    relation = next(c for c in REGISTRIES["family"].columns if c.alias == "relation")
    words = [*relation.kinship, "亲属", "一把手", "班子成员", "分管"]
    missing = [w for w in words if w not in SUMMARY_WORDS_EN]
    assert not missing, f"add their English to model/vocab.py SUMMARY_WORDS_EN: {missing}"
    assert not [e for e in SUMMARY_WORDS_EN.values() if HAN.search(e)]


def test_an_english_summary_names_the_relation_and_authority_in_english() -> None:
    row = {
        "subject_id": "P1", "subject_name": "张三", "match": "id", "relation": "哥哥",
        "relative_name": "张四", "company_name": "甲公司", "company_uscc": "U1",
        "contract_id": "HT-1", "amount": 120000.0, "signed_date": dt.date(2023, 5, 1),
        "buyer_name": "乙局", "via": "分管", "evidence": {"contracts": ["HT-1"]},
    }  # fmt: skip
    flag = row_to_flag(CATALOGUE["COI-1"], row, dt.date(2024, 6, 30))
    assert "(elder brother of 张三)" in flag.summary_en, flag.summary_en
    assert "(in charge)" in flag.summary_en, flag.summary_en
    assert "哥哥" in flag.summary and "分管" in flag.summary  # the Chinese sentence as given
    assert not HAN.search(flag.summary_en.replace("张三", "").replace("张四", "")
                          .replace("甲公司", "").replace("乙局", ""))  # fmt: skip


def test_unknown_words_and_other_columns_stay_as_given() -> None:
    row = {"relation": "干亲", "via": None, "relative_name": "哥哥", "amount": 3}
    assert in_english(row) is row  # nothing to change: the same row, not a copy
    assert in_english({"relation": "配偶"})["relation"] == "spouse"
    assert set(WORD_COLUMNS) == {"relation", "via"}
