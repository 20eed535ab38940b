"""The FtM vocabulary of the import: FtM values -> the registries' Chinese terms, defaults.

docs/ftm.md explains each choice; loaders/ftm_translate.py applies them.
"""

from __future__ import annotations

SYNTHETIC_PREFIX = "FTM:"
DEFAULT_POST_ROLE = "班子成员"
DEFAULT_OFFICER_ROLE = "董事"
LEGAL_REP_ROLES = {"法定代表人", "法人代表", "法人", "legal representative", "legal rep"}
ROLES = ("一把手", "班子成员", "内设机构负责人", "工作人员")

# FtM `Family.relationship` (free text, usually English) -> 称谓. Where English does not say
# which side of the family (uncle: 伯父/叔父/舅父), one term of the same kinship class is used:
# the avoidance rules read only the class.
RELATIONSHIPS = {
    "spouse": "配偶",
    "wife": "配偶",
    "husband": "配偶",
    "married": "配偶",
    "father": "父亲",
    "mother": "母亲",
    "parent": "父母",
    "child": "子女",
    "son": "儿子",
    "daughter": "女儿",
    "sibling": "兄弟姐妹",
    "brother": "兄弟",
    "sister": "姐妹",
    "grandfather": "祖父",
    "grandmother": "祖母",
    "grandparent": "祖父母",
    "grandchild": "孙子女",
    "grandson": "孙子",
    "granddaughter": "孙女",
    "uncle": "叔父",
    "aunt": "姑母",
    "cousin": "堂兄弟姐妹",
    "nephew": "侄子",
    "niece": "侄女",
    "son-in-law": "女婿",
    "daughter-in-law": "儿媳",
    "father-in-law": "岳父",
    "mother-in-law": "岳母",
    "brother-in-law": "姐夫",
    "sister-in-law": "嫂",
    "relative": "其他",
    "partner": "其他",
    "other": "其他",
}
OFFICER_ROLES = {
    "director": "董事",
    "board member": "董事",
    "chairman": "董事长",
    "chairperson": "董事长",
    "chair": "董事长",
    "supervisor": "监事",
    "manager": "经理",
    "general manager": "经理",
    "ceo": "经理",
    "cfo": "财务负责人",
    "legal representative": "法定代表人",
}
GENDERS = {"male": "男", "female": "女"}
# FtM `Contract.type` (TED codes) -> 项目类别.
CONTRACT_TYPES = {
    "w": "工程",
    "works": "工程",
    "u": "货物",
    "supplies": "货物",
    "s": "服务",
    "services": "服务",
}
