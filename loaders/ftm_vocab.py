"""The FtM vocabulary of the import: FtM values -> the registries' Chinese terms, defaults.

docs/ftm.md explains each choice; loaders/ftm_translate.py applies them.
"""

from __future__ import annotations

SYNTHETIC_PREFIX = "FTM:"
DEFAULT_POST_ROLE = "班子成员"
DEFAULT_OFFICER_ROLE = "董事"
LEGAL_REP_ROLES = {"法定代表人", "法人代表", "法人", "legal representative", "legal rep"}

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
    "family member": "其他",
    "family member of": "其他",
    "family": "其他",
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

# --- the FtM <-> graph mapping of the properties the registries have no column for ----------
# Declared once, read by the import (loaders/ftm_translate.py: FtM property -> graph property
# on the node or relationship the entity becomes) and by the export (loaders/ftm_export.py:
# graph property -> FtM property). Per registry the entity is written into: (FtM property,
# graph property). Values are stored as FtM gives them, cleaned: a list of strings (names,
# codes, countries, topics) or, for one-valued properties, the first value (dates stay ISO
# prefixes such as `2005` or `2005-03`, so that no precision is invented). docs/ftm.md
# lists them.
NAMES = (
    ("alias", "aliases"),
    ("weakAlias", "weak_aliases"),
    ("previousName", "previous_names"),
)
KEPT_LISTS: dict[str, tuple[tuple[str, str], ...]] = {
    "people": (
        *NAMES,
        ("topics", "topics"),
        ("nationality", "nationality"),
        ("citizenship", "citizenship"),
        ("country", "country"),
        ("position", "positions"),
    ),
    "companies": (
        *NAMES,
        ("topics", "topics"),
        ("jurisdiction", "jurisdiction"),
        ("country", "country"),
        ("registrationNumber", "registration_numbers"),
        ("taxNumber", "tax_numbers"),
        ("idNumber", "id_numbers"),
        ("innCode", "inn_codes"),
        ("ogrnCode", "ogrn_codes"),
        ("leiCode", "lei_codes"),
        ("okpoCode", "okpo_codes"),
        ("kppCode", "kpp_codes"),
        ("vatCode", "vat_codes"),
        ("swiftBic", "swift_bics"),
        ("dunsCode", "duns_codes"),
        ("bikCode", "bik_codes"),
        ("permId", "perm_ids"),
        ("wikidataId", "wikidata_ids"),
    ),
    "units": (
        *NAMES,
        ("topics", "topics"),
        ("jurisdiction", "jurisdiction"),
        ("country", "country"),
    ),
    "posts": (),
    "family": (),
    "shareholders": (),
    "officers": (),
    "contracts": (),
}
KEPT_SINGLE: dict[str, tuple[tuple[str, str], ...]] = {
    "people": (),
    "companies": (("dissolutionDate", "dissolution_date"),),
    "units": (),
    "posts": (("status", "status"),),
    "family": (("startDate", "start_date"), ("endDate", "end_date")),
    "shareholders": (
        ("endDate", "end_date"),
        ("sharesCount", "shares_count"),
        ("sharesValue", "shares_value"),
        ("sharesCurrency", "shares_currency"),
        ("role", "role"),
        ("ownershipType", "ownership_type"),
    ),
    "officers": (("startDate", "start_date"), ("endDate", "end_date")),
    "contracts": (("amountEur", "amount_eur"), ("amountUsd", "amount_usd")),
}
# Position properties kept on the HOLDS_POST of each of its occupancies (a post has no node).
POSITION_KEPT: tuple[tuple[str, str], ...] = (
    ("country", "position_country"),
    ("subnationalArea", "position_area"),
    ("topics", "position_topics"),
)
# Occupancy.status (OpenSanctions PEP data): `current` is held at the as-of date even
# without dates; `ended` without dates is not held (queries/shared/active.cypher).
OCCUPANCY_STATUSES = ("current", "ended", "unknown")
# A unit made from a Position without `organization`: `<position id>` + this suffix.
POSITION_UNIT_SUFFIX = "-unit"

# Every FtM property the import reads, per schema (inherited by the schemata that extend it):
# any other property with a value is dropped and counted as "not imported" in the report.
IMPORTED: dict[str, frozenset[str]] = {
    "Thing": frozenset({"name", "description", "address", "country", "topics", "sector"}),
    "LegalEntity": frozenset(
        {
            "alias",
            "weakAlias",
            "previousName",
            "jurisdiction",
            "legalForm",
            "status",
            "incorporationDate",
            "dissolutionDate",
            "registrationNumber",
            "taxNumber",
            "idNumber",
            "innCode",
            "ogrnCode",
            "leiCode",
            "okpoCode",
            "vatCode",
            "swiftBic",
            "dunsCode",
            "bikCode",
            "permId",
            "wikidataId",
            "parent",
        }
    ),
    "Organization": frozenset({"capital", "kppCode"}),
    "Company": frozenset({"uscCode", "capital"}),
    "Person": frozenset(
        {
            "gender",
            "birthDate",
            "ethnicity",
            "birthPlace",
            "political",
            "nationality",
            "citizenship",
            "position",
        }
    ),
    "Family": frozenset({"person", "relative", "relationship", "startDate", "endDate"}),
    "Ownership": frozenset(
        {
            "owner",
            "asset",
            "percentage",
            "startDate",
            "endDate",
            "sharesCount",
            "sharesValue",
            "sharesCurrency",
            "role",
            "ownershipType",
        }
    ),
    "Directorship": frozenset({"director", "organization", "role", "startDate", "endDate"}),
    "Occupancy": frozenset(
        {
            "holder",
            "post",
            "status",
            "startDate",
            "endDate",
            "periodStart",
            "periodEnd",
            "electionDate",
            "declarationDate",
            "date",
        }
    ),
    "Position": frozenset({"organization", "keywords", "subnationalArea"}),
    "Contract": frozenset(
        {"authority", "title", "amount", "currency", "contractDate", "method", "procedure", "type"}
    ),
    "ContractAward": frozenset({"contract", "supplier", "amount", "currency", "date", "startDate"}),
    "Payment": frozenset(
        {
            "payer",
            "beneficiary",
            "contract",
            "amount",
            "amountEur",
            "amountUsd",
            "currency",
            "date",
            "startDate",
            "purpose",
            "programme",
        }
    ),
}
