"""FollowTheMoney entities -> registry rows (pure), as model/ftm_mapping.yaml maps them.

Each row is keyed by the registry's column aliases (`_row` = the entity's line), with what
the registry has no column for in `_more`/`_pid`/`_ftm_id`; loaders/ftm.py then passes the
rows through the registries' own Validator before the pipeline writes them with the
registries' Cypher. docs/ftm.md describes the mapping.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from typing import Any

from loaders.ftm_mapping import ftm_mapping
from loaders.ftm_read import CONTEXT_KEY, SUPPORTED, Entity, problem
from loaders.ftm_vocab import (
    CONTRACT_TYPES,
    DEFAULT_OFFICER_ROLE,
    DEFAULT_POST_ROLE,
    KEPT_LISTS,
    KEPT_SINGLE,
    LEGAL_REP_ROLES,
    OCCUPANCY_STATUSES,
    OFFICER_ROLES,
    POSITION_KEPT,
    POSITION_UNIT_SUFFIX,
    RELATIONSHIPS,
    SYNTHETIC_PREFIX,
)
from loaders.problems import Problem
from loaders.registry_names import get_registry
from loaders.values import check_uscc, parse_pct
from model.registry import allowed_value

WRITE_ORDER = (
    "units",
    "people",
    "posts",
    "family",
    "companies",
    "shareholders",
    "officers",
    "contracts",
)
_ID_NUMBER = re.compile(r"^\d{17}[\dXx]$")
_USCC = re.compile(r"^[0-9A-HJ-NPQRTUWXY]{18}$")
_HAS_CJK = re.compile(r"[\u4e00-\u9fff]")
_RANGE = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*%?\s*[-–~]\s*(\d+(?:\.\d+)?)\s*%?\s*$")


# --- translation -----------------------------------------------------------------------------


def ftm_date(value: str | None) -> date | None:
    """An FtM date (ISO prefix: `2024`, `2024-03`, `2024-03-05`, with a time) as a date; a
    year or a month alone means its first day, as the registries read `2024-03`."""
    if not value:
        return None
    parts = value[:10].split("-")
    year = int(parts[0])
    month = int(parts[1]) if len(parts) > 1 else 1
    day = int(parts[2]) if len(parts) > 2 else 1
    return date(year, month, day)


def uscc_of(entity: Entity) -> str | None:
    """The entity's 统一社会信用代码: the first `uscCode` or `registrationNumber` value that is a
    USCC, check character included. Any other code (a Russian INN, an LEI, a mistyped USCC)
    is not one: it is kept as the code it is, and the company keyed by its FtM id."""
    for prop in ("uscCode", "registrationNumber"):
        for value in entity.values(prop):
            code = re.sub(r"[\s-]+", "", value)
            if _USCC.match(code) and check_uscc(code) is None:
                return code
    return None


def direct(entity: Entity, registry: str) -> dict[str, Any]:
    """The registry columns model/ftm_mapping.yaml maps `direct: true`: the FtM value as
    it is (a list for a list column, a date for a date column, through the column's
    vocabulary), for the registries' Validator to check like a file's cell."""
    mapping = ftm_mapping()
    reg = get_registry(registry)
    out: dict[str, Any] = {}
    for col in mapping.registry(registry).direct:
        kind = reg.column(col.alias).type
        if kind == "list":
            out[col.alias] = entity.values(col.prop) or None
            continue
        value = entity.first(col.prop)
        if col.vocabulary is not None:
            value = mapping.translate(col.vocabulary, value)
        out[col.alias] = ftm_date(value) if kind == "date" else value
    return out


def kept(entity: Entity, registry: str) -> dict[str, Any]:
    """The FtM properties the registry has no column for, as the graph properties
    loaders/ftm_vocab.py declares (absent ones left out, so that nothing is erased)."""
    more: dict[str, Any] = {}
    for ftm, graph in KEPT_LISTS[registry]:
        values = entity.values(ftm)
        if values:
            more[graph] = values
    for ftm, graph in KEPT_SINGLE[registry]:
        value = entity.first(ftm)
        if value:
            more[graph] = value
    names = entity.values("name")
    if len(names) > 1 and registry in ("people", "companies", "units"):
        more["names"] = names  # every name; `name` holds the first
    return more


def id_number_of(entity: Entity) -> str | None:
    """A 身份证号 among the person's idNumber values (other national ids are not ours)."""
    for value in entity.values("idNumber"):
        code = re.sub(r"\s+", "", value)
        if _ID_NUMBER.match(code):
            return code.upper()
    return None


def relation_of(relationship: str | None) -> tuple[str, bool]:
    """称谓 for an FtM relationship, and whether it was recognised."""
    if not relationship:
        return "其他", False
    text = relationship.strip()
    if _HAS_CJK.search(text):
        return text, True
    key = re.sub(r"\s+", " ", text.lower().replace("_", " ")).strip()
    if key in RELATIONSHIPS:
        return RELATIONSHIPS[key], True
    return text, False


def _post_role(keyword: str) -> str | None:
    """The 职务类别 a Position keyword names (一把手, or 主要负责人 etc. as the registry's
    `canonical` maps them), checked as a registry file's cell would be; else None."""
    value, ok = allowed_value(get_registry("posts").column("role"), keyword)
    return value if ok else None


@dataclass
class Translation:
    """Registry records (in WRITE_ORDER), every problem, and counts for the summary."""

    records: dict[str, list[dict[str, Any]]]
    problems: list[Problem]
    schemata: Counter[str]
    skipped: set[str]  # ids of entities not written (unsupported, out of model, or bad)
    # (schema, "") -> entities not imported; (schema, property) -> values not imported
    not_imported: Counter[tuple[str, str]]

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.is_error]


class _Translator:
    """One pass over the entities: classify nodes, then emit the registry records."""

    def __init__(self, entities: dict[str, Entity], file: str, bad: set[str]) -> None:
        self.entities = entities
        self.file = file
        self.bad = bad  # ids dropped by --skip-bad-rows: dependents are dropped too
        self.problems: list[Problem] = []
        self.records: dict[str, list[dict[str, Any]]] = {name: [] for name in WRITE_ORDER}
        self.skipped: set[str] = set()
        self.errored: set[str] = set()
        self.kind: dict[str, str] = {}  # id -> person | company | unit | position
        self.key: dict[str, str] = {}  # id -> uscc (companies) / unit_id / person_id
        self.not_imported: Counter[tuple[str, str]] = Counter()
        self.legal_reps: dict[str, list[Entity]] = {}
        self.awards: Counter[str] = Counter()  # contract id -> number of awards

    # -- problems --

    def error(self, entity: Entity, prop: str | None, value: Any, expected: str) -> None:
        column = f"{entity.schema.name}.{prop}" if prop else entity.schema.name
        self.problems.append(problem(self.file, entity.line, column, value, expected))
        self.errored.add(entity.id)

    def warn(self, entity: Entity, prop: str | None, value: Any, expected: str) -> None:
        column = f"{entity.schema.name}.{prop}" if prop else entity.schema.name
        self.problems.append(problem(self.file, entity.line, column, value, expected, warn=True))

    def skip(self, entity: Entity, prop: str | None, value: Any, why: str) -> None:
        self.warn(entity, prop, value, f"未导入 (not imported): {why}")
        self.skipped.add(entity.id)
        self.not_imported[(entity.schema.name, "")] += 1

    # -- helpers --

    def ref(self, entity: Entity, prop: str) -> Entity | None:
        ref = entity.first(prop)
        return self.entities.get(ref) if ref else None

    def live(self, entity: Entity, *refs: Entity | None) -> bool:
        """False (the entity is dropped) when it or an entity it needs was dropped as bad."""
        for other in (entity, *refs):
            if other is not None and other.id in self.bad:
                if other is not entity:
                    self.skip(
                        entity,
                        None,
                        other.id,
                        "引用的实体有错误已跳过 (refers to a skipped entity)",
                    )
                else:
                    self.skipped.add(entity.id)
                return False
        return True

    def context(self, entity: Entity, registry: str, record: dict[str, Any]) -> None:
        """Apply the entity's `oversight` fields (registry aliases) to its record."""
        if not entity.context:
            return
        reg = get_registry(registry)
        for alias, raw in entity.context.items():
            if alias not in reg.aliases:
                self.warn(
                    entity,
                    f"{CONTEXT_KEY}.{alias}",
                    raw,
                    f"{reg.zh}登记表无此字段，已忽略 (no such column in {registry}; ignored)",
                )
                continue
            # as a file's cell: typed, normalised and checked against the allowed values
            # by the registries' Validator (loaders/ftm.py validate_records)
            record[alias] = None if raw is None or raw == "" or raw == [] else raw

    # -- classification --

    def classify(self) -> None:
        company_side: set[str] = set()
        unit_side: set[str] = set()
        for entity in self.entities.values():
            name = entity.schema.name
            if name == "Ownership":
                company_side.update(entity.values("owner") + entity.values("asset"))
            elif name == "Directorship":
                company_side.update(entity.values("organization"))
                director = self.ref(entity, "director")
                role = (entity.first("role") or "").strip().lower()
                if director is not None and role in LEGAL_REP_ROLES:
                    for org in entity.values("organization"):
                        self.legal_reps.setdefault(org, []).append(entity)
            elif name == "ContractAward":
                company_side.update(entity.values("supplier"))
                self.awards.update(entity.values("contract"))
            elif name == "Payment":
                company_side.update(entity.values("beneficiary"))
                # only a public body paying makes a unit: a company or a party paying is not
                # a subsidy (such payments are not imported)
                for payer in entity.values("payer"):
                    target = self.entities.get(payer)
                    if target is not None and target.schema.is_a("PublicBody"):
                        unit_side.add(payer)
                    else:
                        company_side.add(payer)
            elif name == "Contract":
                unit_side.update(entity.values("authority"))
            elif name == "Position":
                unit_side.update(entity.values("organization"))
        for entity in self.entities.values():
            name = entity.schema.name
            if name == "Person":
                # Within one FtM file an entity id is an identity: every Person is a person
                # node keyed by its id, and owners, directors and relatives named by that id
                # are joined to it (not matched by name).
                self.kind[entity.id] = "person"
                self.key[entity.id] = entity.id
            elif name == "Company" or (
                name == "Organization"
                and (
                    uscc_of(entity) is not None
                    or (entity.id in company_side and entity.id not in unit_side)
                )
            ):
                self.kind[entity.id] = "company"
                self.key[entity.id] = uscc_of(entity) or SYNTHETIC_PREFIX + entity.id
            elif name in ("Organization", "PublicBody"):
                self.kind[entity.id] = "unit"
                self.key[entity.id] = entity.id
            elif name == "Position":
                self.kind[entity.id] = "position"

    # -- nodes --

    def unit(self, entity: Entity) -> None:
        record: dict[str, Any] = {
            "_row": entity.line,
            "unit_id": entity.id,
            "name": entity.first("name"),
            **direct(entity, "units"),
            "parent_id": None,
            "_more": {**kept(entity, "units"), "ftm_schema": entity.schema.name},
        }
        parent = self.ref(entity, "parent")
        if parent is not None and parent.id not in self.bad:
            if self.kind.get(parent.id) == "unit":
                record["parent_id"] = parent.id
            else:
                self.warn(
                    entity,
                    "parent",
                    parent.id,
                    "上级不是单位，已忽略 (the parent is not a unit; ignored)",
                )
        self.context(entity, "units", record)
        self.records["units"].append(record)

    def person(self, entity: Entity) -> None:
        record: dict[str, Any] = {
            "_row": entity.line,
            "person_id": entity.id,
            "name": entity.first("name"),
            **direct(entity, "people"),
            "birth_date": ftm_date(entity.first("birthDate")),
            "id_number": id_number_of(entity),
            "_more": kept(entity, "people"),
        }
        self.context(entity, "people", record)
        self.records["people"].append(record)

    def company(self, entity: Entity) -> None:
        uscc = self.key[entity.id]
        record: dict[str, Any] = {
            "_row": entity.line,
            "uscc": uscc,
            "name": entity.first("name"),
            "legal_rep": None,
            "legal_rep_id_number": None,
            **direct(entity, "companies"),
            "_more": {
                **kept(entity, "companies"),
                "ftm_id": entity.id,
                "ftm_schema": entity.schema.name,
            },
        }
        reps = [d for d in self.legal_reps.get(entity.id, []) if d.id not in self.bad]
        # one with an end date was replaced (an export of an ended LEGAL_REP_OF): only a
        # current one is the company's, a former one is not made current again
        reps = [d for d in reps if not d.first("endDate")]
        if reps:
            director = self.ref(reps[0], "director")
            if director is not None and director.schema.is_a("Person"):
                record["legal_rep"] = director.first("name")
                record["legal_rep_id_number"] = id_number_of(director)
                record["_rep_pid"] = director.id
            if len(reps) > 1:
                self.warn(
                    reps[1],
                    "role",
                    reps[1].first("role"),
                    "多个法定代表人，仅取第一个 (several legal representatives; the first is kept)",
                )
        self.context(entity, "companies", record)
        self.records["companies"].append(record)

    # -- relationships --

    def family(self, entity: Entity) -> None:
        person, relative = self.ref(entity, "person"), self.ref(entity, "relative")
        if not self.live(entity, person, relative) or person is None or relative is None:
            return
        relation, known = relation_of(entity.first("relationship"))
        if not entity.first("relationship"):
            self.warn(
                entity,
                "relationship",
                None,
                "未注明关系，记为「其他」 (no relationship given: recorded as 其他)",
            )
        elif not known:
            self.warn(
                entity,
                "relationship",
                relation,
                "未识别的关系，原样保存，归为 OTHER (unrecognised relationship: kept as given, kinship OTHER)",
            )
        record: dict[str, Any] = {
            "_row": entity.line,
            "person_id": person.id,
            "relative_id": relative.id,
            "relative_name": relative.first("name"),
            "relation": relation,
            "relative_id_number": id_number_of(relative),
            "report_year": None,
            "_more": {**kept(entity, "family"), "ftm_id": entity.id},
        }
        self.context(entity, "family", record)
        self.records["family"].append(record)

    def ownership(self, entity: Entity) -> None:
        owner, asset = self.ref(entity, "owner"), self.ref(entity, "asset")
        if not self.live(entity, owner, asset) or owner is None or asset is None:
            return
        if self.kind.get(asset.id) != "company":
            self.skip(
                entity,
                "asset",
                asset.id,
                f"资产不是企业 (the asset is a {asset.schema.name}, not a company)",
            )
            return
        owner_kind = self.kind.get(owner.id)
        if owner_kind not in ("person", "company"):
            self.skip(
                entity,
                "owner",
                owner.id,
                f"持有人不是自然人或企业 (the owner is a {owner.schema.name}, neither a person nor a company)",
            )
            return
        record: dict[str, Any] = {
            "_row": entity.line,
            "uscc": self.key[asset.id],
            "holder_name": owner.first("name"),
            "holder_type": "自然人" if owner_kind == "person" else "企业",
            "holder_id": id_number_of(owner) if owner_kind == "person" else self.key[owner.id],
            "pct": self._pct(entity),
            **direct(entity, "shareholders"),
            "_pid": owner.id if owner_kind == "person" else None,
            "_ftm_id": entity.id,
            "_more": {**kept(entity, "shareholders"), "ftm_id": entity.id},
        }
        if record["pct"] is None and entity.first("percentage"):
            record["_more"]["percentage_text"] = entity.first("percentage")
        self.context(entity, "shareholders", record)
        self.records["shareholders"].append(record)

    def _pct(self, entity: Entity) -> float | None:
        raw = entity.first("percentage")
        if raw is None:
            return None
        try:
            return parse_pct(raw)
        except ValueError as why:
            m = _RANGE.match(raw)
            if m and float(m[1]) <= float(m[2]) <= 100:
                self.warn(
                    entity,
                    "percentage",
                    raw,
                    "持股比例为区间，取下限 (a range: its lower bound is kept)",
                )
                return float(m[1])
            self.warn(entity, "percentage", raw, f"{why}；原文保留 (kept as text)")
            return None

    def directorship(self, entity: Entity) -> None:
        director, org = self.ref(entity, "director"), self.ref(entity, "organization")
        if not self.live(entity, director, org) or director is None or org is None:
            return
        if self.kind.get(org.id) != "company":
            self.skip(
                entity,
                "organization",
                org.id,
                f"任职机构不是企业 (the organization is a {org.schema.name} kept as a unit; use Occupancy for posts in units)",
            )
            return
        if not director.schema.is_a("Person"):
            self.skip(
                entity,
                "director",
                director.id,
                "企业主要人员应为自然人 (a company officer must be a person)",
            )
            return
        raw_role = (entity.first("role") or "").strip()
        if raw_role.lower() in LEGAL_REP_ROLES:
            return  # written as the company's 法定代表人
        role = OFFICER_ROLES.get(raw_role.lower(), raw_role) or DEFAULT_OFFICER_ROLE
        if not raw_role:
            self.warn(
                entity,
                "role",
                None,
                f"未注明职务，记为「{DEFAULT_OFFICER_ROLE}」 (no role: recorded as {DEFAULT_OFFICER_ROLE})",
            )
        record: dict[str, Any] = {
            "_row": entity.line,
            "uscc": self.key[org.id],
            "name": director.first("name"),
            "id_number": id_number_of(director),
            "role": role,
            "_pid": director.id,
            "_more": {**kept(entity, "officers"), "ftm_id": entity.id},
        }
        self.context(entity, "officers", record)
        self.records["officers"].append(record)

    def occupancy(self, entity: Entity) -> None:
        holder, post = self.ref(entity, "holder"), self.ref(entity, "post")
        org = self.ref(post, "organization") if post is not None else None
        if not self.live(entity, holder, post, org) or holder is None or post is None:
            return
        unit_id = org.id if org is not None else post.id + POSITION_UNIT_SUFFIX
        if org is not None and self.kind.get(org.id) != "unit":
            self.skip(
                entity,
                "post",
                post.id,
                "职位所在机构是企业 (the position's organization is a company; use Directorship)",
            )
            return
        start_prop, start = self._first_of(
            entity, ("startDate", "periodStart", "electionDate", "declarationDate", "date")
        )
        _end_prop, end = self._first_of(entity, ("endDate", "periodEnd"))
        status = entity.first("status")
        if status is not None and status not in OCCUPANCY_STATUSES:
            self.warn(
                entity,
                "status",
                status,
                f"任职状态应为 {'/'.join(OCCUPANCY_STATUSES)}，原样保存 (kept as given)",
            )
        if start is None and end is None and status is None:
            self.warn(
                entity,
                "startDate",
                None,
                "任职日期与状态均未知，规则不视为在任 (no dates and no status: the rules do "
                "not count the post as held)",
            )
        role, functions = self._role(post)
        more = {**kept(entity, "posts"), "ftm_id": entity.id, "position_id": post.id}
        for ftm, graph in POSITION_KEPT:
            values = post.values(ftm)
            if values:
                more[graph] = values
        record: dict[str, Any] = {
            "_row": entity.line,
            "person_id": holder.id,
            "unit_id": unit_id,
            "title": post.first("name"),
            "role": role,
            "functions": functions or None,
            "start_date": ftm_date(start),
            "end_date": ftm_date(end),
            "_ftm_id": entity.id,
            "_more": more,
        }
        self.context(entity, "posts", record)
        if (
            "role" not in entity.context
            and role == DEFAULT_POST_ROLE
            and not self._role_given(post)
        ):
            self.warn(
                entity,
                "post",
                post.first("name"),
                f"职务类别未注明，记为「{DEFAULT_POST_ROLE}」 (role not given: recorded as {DEFAULT_POST_ROLE})",
            )
        self.records["posts"].append(record)

    def _first_of(self, entity: Entity, props: tuple[str, ...]) -> tuple[str | None, str | None]:
        for prop in props:
            value = entity.first(prop)
            if value:
                return prop, value
        return None, None

    def _role_given(self, post: Entity) -> bool:
        return any(_post_role(k) for k in post.values("keywords")) or "gov.head" in post.values(
            "topics"
        )

    def _role(self, post: Entity) -> tuple[str, list[str]]:
        """职务类别 from the Position's keywords (one of the four roles), else `gov.head` topic
        (一把手), else the default; the other keywords are the post's 岗位性质."""
        keywords = post.values("keywords")
        roles = [r for k in keywords if (r := _post_role(k))]
        functions = [k for k in keywords if not _post_role(k)]
        if roles:
            return roles[0], functions
        if "gov.head" in post.values("topics"):
            return "一把手", functions
        return DEFAULT_POST_ROLE, functions

    def award(self, entity: Entity, used_contracts: set[str]) -> None:
        contract, supplier = self.ref(entity, "contract"), self.ref(entity, "supplier")
        authority = self.ref(contract, "authority") if contract is not None else None
        if (
            not self.live(entity, contract, supplier, authority)
            or contract is None
            or supplier is None
        ):
            return
        if self.kind.get(supplier.id) != "company":
            self.skip(
                entity,
                "supplier",
                supplier.id,
                f"供应商不是企业 (the supplier is a {supplier.schema.name}, not a company)",
            )
            return
        if authority is None or self.kind.get(authority.id) != "unit":
            value = authority.id if authority is not None else None
            self.error(
                entity,
                "contract",
                contract.id,
                f"合同须有采购单位 authority（单位）(the contract needs an authority that is a unit; found {value})",
            )
            return
        # one award: the contract's own id; several lots: one record per award
        single = self.awards[contract.id] == 1
        contract_id = contract.id if single else f"{contract.id}-{entity.id}"
        amount = entity.first("amount") or contract.first("amount")
        signed = contract.first("contractDate") or entity.first("date") or entity.first("startDate")
        if amount is None:
            self.error(
                entity,
                "amount",
                None,
                "合同须有金额 (a contract needs an amount: ContractAward.amount or Contract.amount)",
            )
            return
        if signed is None:
            self.error(
                entity,
                "contract",
                contract.id,
                "合同须有签订日期 (a contract needs its date: Contract.contractDate or ContractAward.date)",
            )
            return
        self._currency(entity, contract)
        kind = contract.first("type")
        record: dict[str, Any] = {
            "_row": entity.line,
            "contract_id": contract_id,
            "buyer_unit_id": authority.id,
            "supplier_uscc": self.key[supplier.id],
            "title": contract.first("title"),
            "amount": float(amount),
            "signed_date": ftm_date(signed),
            **direct(contract, "contracts"),
            "method": contract.first("method") or contract.first("procedure"),
            "category": CONTRACT_TYPES.get((kind or "").strip().lower(), kind),
            "_more": {
                "ftm_id": contract.id,
                "ftm_schema": "Contract",
                "currency": entity.first("currency") or contract.first("currency"),
            },
        }
        self.context(contract, "contracts", record)
        self.context(entity, "contracts", record)
        used_contracts.add(contract.id)
        self.records["contracts"].append(record)

    def _currency(self, entity: Entity, contract: Entity) -> None:
        currency = entity.first("currency") or contract.first("currency")
        if currency and currency.upper() not in ("CNY", "RMB", "人民币", "元"):
            self.warn(
                entity,
                "currency",
                currency,
                "金额按原币种保存，未换算为人民币 (amount kept in its own currency, not converted to yuan)",
            )

    def payment(self, entity: Entity, used_contracts: set[str]) -> None:
        payer, beneficiary = self.ref(entity, "payer"), self.ref(entity, "beneficiary")
        if not self.live(entity, payer, beneficiary) or payer is None or beneficiary is None:
            return
        contract = self.ref(entity, "contract")
        if contract is not None and contract.id in used_contracts:
            self.skipped.add(entity.id)  # a payment under a contract already imported
            return
        if (
            not payer.schema.is_a("PublicBody")
            or self.kind.get(payer.id) != "unit"
            or self.kind.get(beneficiary.id) != "company"
        ):
            self.skip(
                entity,
                "payer",
                payer.id,
                f"仅导入公共机构向企业的付款（补贴）；捐赠等其他付款模型中没有 (only payments from a public body to a company, i.e. subsidies, are imported; the model has no place for a {payer.schema.name} -> {beneficiary.schema.name} payment)",
            )
            return
        # FtM has three amount properties: `amount` in `currency`, and the converted
        # `amountEur` / `amountUsd`; the first given is the contract amount.
        amount, currency = entity.first("amount"), entity.first("currency")
        if amount is None and entity.first("amountEur") is not None:
            amount, currency = entity.first("amountEur"), "EUR"
        elif amount is None and entity.first("amountUsd") is not None:
            amount, currency = entity.first("amountUsd"), "USD"
        _prop, when = self._first_of(entity, ("date", "startDate"))
        if amount is None:
            self.error(
                entity,
                "amount",
                None,
                "付款须有金额 (a payment needs an amount: amount, amountEur or amountUsd)",
            )
            return
        if when is None:
            self.error(entity, "date", None, "付款须有日期 (a payment needs a date)")
            return
        if currency and currency.upper() not in ("CNY", "RMB", "人民币", "元"):
            self.warn(
                entity,
                "currency",
                currency,
                "金额按原币种保存，未换算为人民币 (amount kept in its own currency, not converted to yuan)",
            )
        record: dict[str, Any] = {
            "_row": entity.line,
            "contract_id": entity.id,
            "buyer_unit_id": payer.id,
            "supplier_uscc": self.key[beneficiary.id],
            "title": entity.first("purpose") or entity.first("programme"),
            "amount": float(amount),
            "signed_date": ftm_date(when),
            "method": None,
            "category": "补贴",
            "_more": {
                **kept(entity, "contracts"),
                "ftm_id": entity.id,
                "ftm_schema": "Payment",
                "currency": currency,
            },
        }
        self.context(entity, "contracts", record)
        self.records["contracts"].append(record)

    # -- the pass --

    def run(self) -> None:
        self.classify()
        used_contracts: set[str] = set()
        order = ("PublicBody", "Organization", "Person", "Company")
        nodes = sorted(
            (e for e in self.entities.values() if e.schema.name in order),
            key=lambda e: e.line,
        )
        for entity in nodes:
            if entity.id in self.bad:
                self.skipped.add(entity.id)
                continue
            kind = self.kind.get(entity.id)
            if kind == "unit":
                self.unit(entity)
            elif kind == "company":
                self.company(entity)
            elif kind == "person":
                self.person(entity)
        self._position_units()
        handlers = {
            "Family": self.family,
            "Ownership": self.ownership,
            "Directorship": self.directorship,
            "Occupancy": self.occupancy,
        }
        for entity in sorted(self.entities.values(), key=lambda e: e.line):
            name = entity.schema.name
            if name not in SUPPORTED:
                # counted once per schema in the report, not one warning per entity
                self.skipped.add(entity.id)
                self.not_imported[(name, "")] += 1
            elif name in handlers:
                handlers[name](entity)
            elif name == "ContractAward":
                self.award(entity, used_contracts)
        for entity in sorted(self.entities.values(), key=lambda e: e.line):
            if entity.schema.name == "Payment":
                self.payment(entity, used_contracts)
        self._dedupe()

    def _position_units(self) -> None:
        """A unit for each Position without `organization` that someone occupies (PEP data:
        "Member of the Uttar Pradesh Legislative Assembly"): named as the Position, with its
        country, so that the occupancy is a post held in a unit."""
        occupied = {
            post
            for e in self.entities.values()
            if e.schema.name == "Occupancy" and e.id not in self.bad
            for post in e.values("post")
        }
        for entity in sorted(self.entities.values(), key=lambda e: e.line):
            if entity.schema.name != "Position" or entity.first("organization"):
                continue
            if entity.id not in occupied or entity.id in self.bad:
                continue
            more: dict[str, Any] = {"ftm_schema": "Position"}
            if entity.values("country"):
                more["country"] = entity.values("country")
            record: dict[str, Any] = {
                "_row": entity.line,
                "unit_id": entity.id + POSITION_UNIT_SUFFIX,
                "name": entity.first("name"),
                "kind": None,
                "parent_id": None,
                "functions": None,
                "_more": more,
            }
            self.records["units"].append(record)

    def _dedupe(self) -> None:
        """A registry key asserted twice (two FtM entities stating the same fact): the first
        is kept, as one registry row would be."""
        # An Ownership is its own fact (keyed by its id): none is merged. A post without a
        # start date is keyed by its Occupancy id.
        keys = {
            "officers": ("uscc", "_pid", "role"),
            "posts": ("person_id", "unit_id", "title", "start_date", "_undated"),
            "family": ("person_id", "relative_id", "relation"),
        }
        for record in self.records["posts"]:
            record["_undated"] = record["_ftm_id"] if record["start_date"] is None else None
        for registry, fields in keys.items():
            seen: dict[tuple[Any, ...], int] = {}
            kept = []
            for record in self.records[registry]:
                key = tuple(record.get(f) for f in fields)
                if key in seen:
                    self.problems.append(
                        problem(
                            self.file,
                            record["_row"],
                            None,
                            None,
                            f"与第{seen[key]}行陈述同一事实，已合并 (states the same fact as line {seen[key]}; merged)",
                            warn=True,
                        )
                    )
                    continue
                seen[key] = record["_row"]
                kept.append(record)
            self.records[registry] = kept


def translate(
    entities: dict[str, Entity], file: str, skip_bad: bool = False, bad: Iterable[str] = ()
) -> Translation:
    """Registry records for the entities (pure). With skip_bad, entities with an error and
    everything that needs them are left out (their problems are still reported)."""
    dropped = set(bad)
    first: list[Problem] | None = None
    while True:
        run = _Translator(entities, file, dropped)
        run.run()
        if first is None:
            first = [p for p in run.problems if p.is_error]
        if not skip_bad or not run.errored - dropped:
            break
        dropped |= run.errored
    problems = run.problems
    if skip_bad:
        # errors from earlier passes stay reported; this pass's warnings are the final ones
        problems = first + [p for p in run.problems if not p.is_error]
    schemata = Counter(e.schema.name for e in entities.values())
    return Translation(
        run.records,
        problems,
        schemata,
        run.skipped | (dropped & set(entities)),
        run.not_imported,
    )
