"""The rule catalogue: every canned report declared as data, checked as a whole at import.

Each rule is `queries/rules/<RULE-ID>.cypher`: a YAML front-matter block in `//` comments
(id, titles, description, severity, subject kind, parameters with types and defaults, policy
basis, summary templates, and `readings`: how the rule reads a point RULES.md could be read
two ways, each in Chinese and English), then the Cypher. Shared definitions (authority at a date,
relatives with kinship class, linked and indirectly linked companies, ...) live once in
`queries/shared/<name>.cypher` and are composed into a rule at load time by a reference
`{{ name(arg, ...) }}`. Arguments are variable names, `$parameters` or `var.property`
references (checked by pattern), never values: values always reach Cypher as parameters.

A fragment of kind `expression` is substituted inline; a fragment of kind `subquery` becomes
`CALL (<variable inputs>) { <body> }`, so its own variables stay inside and only its declared
outputs (named by the caller) come out.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from graph.cypherfiles import FrontMatterError, front_matter
from graph.errors import UsageError
from graph.schema import REGISTRY_KEYS
from graph.vocab import SANCTION_EFFECT_MONTHS

HERE = Path(__file__).resolve().parent
RULES_DIR = HERE / "rules"
SHARED_DIR = HERE / "shared"

# The catalogue RULES.md defines; the catalogue must hold exactly these.
EXPECTED_IDS: tuple[str, ...] = (
    "COI-1", "COI-2", "COI-3",
    "AVD-1", "AVD-2", "AVD-3",
    "PWR-1", "PWR-2", "PWR-3", "PWR-4", "PWR-5",
    "APT-1", "APT-2", "APT-3",
    "SUP-1", "SUP-2", "SUP-3", "SUP-4",
    "CMP-1", "INT-1", "INT-2", "TSK-1",
)  # fmt: skip

SEVERITIES: tuple[str, ...] = ("high", "medium", "low")
SUBJECT_KINDS = ("person", "unit")
PARAM_TYPES = ("int", "float", "str", "bool", "date", "list[str]", "map[str,int]")
# Evidence keys a rule may return, and the label of the node each id names.
EVIDENCE_LABELS: dict[str, str] = {
    "relatives": "Person",
    "persons": "Person",
    "companies": "Company",
    "contracts": "Contract",
    "appointments": "Appointment",
    "complaints": "Complaint",
    "problems": "Problem",
    "decisions": "Decision",
    "units": "Unit",
    "sanctions": "Sanction",
    "interventions": "Intervention",
    "events": "SupervisionEvent",
    "tasks": "Task",
}
# ... as (label, key property), the key from graph/schema.py.
EVIDENCE_KEYS: dict[str, tuple[str, str]] = {
    key: (label, REGISTRY_KEYS[label]) for key, label in EVIDENCE_LABELS.items()
}
# Parameters every rule receives from the runner, not declared per rule.
IMPLICIT_PARAMS = ("as_of",)
# Columns every rule must return.
REQUIRED_COLUMNS = ("subject_id", "subject_name", "evidence")
PRECONDITIONS = ("power_index",)


def _sanction_effect_months() -> dict[str, int]:
    """APT-2's effect periods: declared once, in graph/vocab.py (the sanctions registry's
    `kind` column names the same table)."""
    return {kind: months for kind, months in SANCTION_EFFECT_MONTHS.items() if months}


# Defaults that another declaration owns (one place only), by name.
DEFAULT_PROVIDERS = {"sanction_effect_months": _sanction_effect_months}

_LIST_SPLIT = re.compile(r"\s*[,;，；、]\s*")
_ARG = re.compile(r"^[$@]?[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z_][A-Za-z0-9_]*)?$")
_REF = re.compile(r"\{\{\s*([a-z_][a-z0-9_]*)\s*\(([^(){}]*)\)\s*\}\}")
_FORMAL = re.compile(r"@([a-z_][a-z0-9_]*)")
_PARAM_USE = re.compile(r"\$([A-Za-z_][A-Za-z0-9_]*)")
_PLACEHOLDER = re.compile(r"\{([A-Za-z_][A-Za-z0-9_]*)(?:[:!][^{}]*)?\}")


class CatalogueError(Exception):
    """The rule declarations contradict each other or the contract (a programming error)."""


# ---------------------------------------------------------------- parameters


def parse_value(ptype: str, raw: Any, where: str) -> Any:
    """A parameter value of the declared type, from YAML (typed) or the command line (text).
    Raises UsageError naming `where`, the value and what was expected."""

    def bad(expected: str) -> UsageError:
        return UsageError(f"参数 {where} 的值 {raw!r} 无效，应为 {expected} (invalid value)")

    if ptype == "int":
        if isinstance(raw, bool):
            raise bad("整数 int")
        if isinstance(raw, int):
            return raw
        try:
            return int(str(raw).strip())
        except ValueError:
            raise bad("整数 int") from None
    if ptype == "float":
        if isinstance(raw, bool):
            raise bad("数值 float")
        if isinstance(raw, int | float):
            return float(raw)
        try:
            return float(str(raw).strip().rstrip("%"))
        except ValueError:
            raise bad("数值 float") from None
    if ptype == "str":
        if isinstance(raw, str) and raw.strip():
            return raw.strip()
        raise bad("非空文本 str")
    if ptype == "bool":
        if isinstance(raw, bool):
            return raw
        text = str(raw).strip().lower()
        if text in ("true", "1", "yes", "y", "是"):
            return True
        if text in ("false", "0", "no", "n", "否"):
            return False
        raise bad("是/否 bool")
    if ptype == "date":
        if isinstance(raw, dt.date) and not isinstance(raw, dt.datetime):
            return raw
        try:
            return dt.date.fromisoformat(str(raw).strip())
        except ValueError:
            raise bad("日期 YYYY-MM-DD") from None
    if ptype == "list[str]":
        if isinstance(raw, str):
            items = [x for x in _LIST_SPLIT.split(raw.strip()) if x]
        elif isinstance(raw, list | tuple):
            items = [str(x).strip() for x in raw]
        else:
            raise bad("文本列表 list[str]（以逗号分隔）")
        if not all(items):
            raise bad("文本列表 list[str]（不含空项）")
        return items
    if ptype == "map[str,int]":
        if isinstance(raw, dict):
            pairs = list(raw.items())
        elif isinstance(raw, str):
            pairs = []
            for item in (x for x in _LIST_SPLIT.split(raw.strip()) if x):
                key, sep, value = item.replace("：", ":").partition(":")
                if not sep:
                    raise bad("键:整数 列表，如 诫勉:6,免职:12")
                pairs.append((key.strip(), value.strip()))
        else:
            raise bad("键:整数 列表，如 诫勉:6,免职:12")
        out: dict[str, int] = {}
        for key, value in pairs:
            try:
                if isinstance(value, bool):
                    raise ValueError
                out[str(key)] = int(value)
            except ValueError:
                raise bad("键:整数 列表，如 诫勉:6,免职:12") from None
        return out
    raise CatalogueError(f"{where}: unknown parameter type {ptype!r}")


@dataclass(frozen=True)
class Parameter:
    name: str
    type: str
    default: Any
    zh: str
    en: str

    def parse(self, raw: Any, rule_id: str = "") -> Any:
        where = f"{rule_id}.{self.name}" if rule_id else self.name
        return parse_value(self.type, raw, where)


# ---------------------------------------------------------------- fragments


@dataclass(frozen=True)
class Fragment:
    name: str
    kind: str  # expression | subquery
    inputs: tuple[str, ...]
    outputs: tuple[str, ...]
    description: str
    body: str
    path: Path


def _front_matter(path: Path) -> tuple[dict[str, Any], str]:
    """The file's front matter (graph/cypherfiles.py) and its body, stripped."""
    try:
        meta, body = front_matter(path.read_text(encoding="utf-8"), path.name)
    except FrontMatterError as error:
        raise CatalogueError(str(error)) from error
    return meta, body.strip() + "\n"


def _load_fragment(path: Path) -> Fragment:
    meta, body = _front_matter(path)
    if not meta:
        raise CatalogueError(f"{path.name}: must start with a `// ---` front-matter block")

    def names(key: str) -> tuple[str, ...]:
        value = meta.get(key) or ""
        items = value if isinstance(value, list) else str(value).split(",")
        return tuple(str(x).strip() for x in items if str(x).strip())

    fragment = Fragment(
        name=str(meta.get("fragment", "")),
        kind=str(meta.get("kind", "")),
        inputs=names("inputs"),
        outputs=names("outputs"),
        description=str(meta.get("description", "")),
        body=body,
        path=path,
    )
    if fragment.name != path.stem:
        raise CatalogueError(f"{path.name}: fragment name {fragment.name!r} != file name")
    if fragment.kind not in ("expression", "subquery"):
        raise CatalogueError(f"{path.name}: kind must be expression or subquery")
    if fragment.kind == "expression" and fragment.outputs:
        raise CatalogueError(f"{path.name}: an expression has no outputs")
    if fragment.kind == "subquery" and not fragment.outputs:
        raise CatalogueError(f"{path.name}: a subquery must declare outputs")
    formals = set(_FORMAL.findall(body))
    declared = set(fragment.inputs) | set(fragment.outputs)
    if formals - declared:
        raise CatalogueError(f"{path.name}: undeclared @names {sorted(formals - declared)}")
    if declared - formals:
        raise CatalogueError(f"{path.name}: declared but unused {sorted(declared - formals)}")
    return fragment


def load_fragments(directory: Path = SHARED_DIR) -> dict[str, Fragment]:
    return {p.stem: _load_fragment(p) for p in sorted(directory.glob("*.cypher"))}


def expand(text: str, fragments: dict[str, Fragment], where: str, depth: int = 0) -> str:
    """Replace every `{{ name(args) }}` in `text` by the fragment's Cypher, recursively."""
    if depth > 8:
        raise CatalogueError(f"{where}: fragments nest too deep (a cycle?)")

    def replace(match: re.Match[str]) -> str:
        name, arglist = match.group(1), match.group(2)
        fragment = fragments.get(name)
        if fragment is None:
            raise CatalogueError(f"{where}: unknown fragment {name!r}")
        args = [a.strip() for a in arglist.split(",")] if arglist.strip() else []
        formals = fragment.inputs + fragment.outputs
        if len(args) != len(formals):
            raise CatalogueError(
                f"{where}: {name} takes ({', '.join(formals)}), got ({', '.join(args)})"
            )
        for arg in args:
            if not _ARG.match(arg):
                raise CatalogueError(f"{where}: {name} argument {arg!r} is not a name")
        binding = dict(zip(formals, args, strict=True))
        if fragment.kind == "subquery":
            for formal in fragment.inputs:
                if "." in binding[formal]:
                    raise CatalogueError(
                        f"{where}: {name} input {formal} must be a variable or $parameter"
                    )
            for formal in fragment.outputs:
                if not re.match(r"^[A-Za-z_][A-Za-z0-9_]*$", binding[formal]):
                    raise CatalogueError(f"{where}: {name} output {formal} must be a variable")
        body = _FORMAL.sub(lambda m: binding[m.group(1)], fragment.body)
        body = expand(body, fragments, f"{where} > {name}", depth + 1).strip()
        if fragment.kind == "expression":
            return body
        imports = [binding[f] for f in fragment.inputs if not binding[f].startswith("$")]
        imports = list(dict.fromkeys(imports))
        indented = "\n".join("  " + line for line in body.splitlines())
        return f"CALL ({', '.join(imports)}) {{\n{indented}\n}}"

    return _REF.sub(replace, text)


# ---------------------------------------------------------------- rules


@dataclass(frozen=True)
class Rule:
    id: str
    title_zh: str
    title_en: str
    description_zh: str
    description_en: str
    severity: str
    subject_kind: str
    match: bool
    parameters: dict[str, Parameter]
    basis: str
    summary_zh: str
    summary_en: str
    source: str  # the Cypher as written, with fragment references
    cypher: str  # the Cypher as run, fragments composed in
    path: Path
    requires: tuple[str, ...] = field(default=())
    # How the rule reads what the catalogue could be read two ways ("Readings settled"):
    # (zh, en) pairs, shown in docs/rules.md.
    readings: tuple[tuple[str, str], ...] = field(default=())

    @property
    def family(self) -> str:
        return self.id.split("-")[0]

    def defaults(self) -> dict[str, Any]:
        return {name: p.default for name, p in self.parameters.items()}


def _text(meta: dict[str, Any], key: str, where: str, sub: str | None = None) -> str:
    value = meta.get(key)
    if sub is not None:
        value = value.get(sub) if isinstance(value, dict) else None
    if not isinstance(value, str) or not value.strip():
        label = f"{key}.{sub}" if sub else key
        raise CatalogueError(f"{where}: missing text {label}")
    return value.strip()


def _readings(meta: dict[str, Any], where: str) -> tuple[tuple[str, str], ...]:
    raw = meta.get("readings") or []
    if not isinstance(raw, list):
        raise CatalogueError(f"{where}: readings must be a list of {{zh, en}}")
    out = []
    for i, item in enumerate(raw):
        if not isinstance(item, dict):
            raise CatalogueError(f"{where}: readings[{i}] must have zh and en")
        out.append((_text(item, "zh", f"{where}: readings[{i}]"),
                    _text(item, "en", f"{where}: readings[{i}]")))  # fmt: skip
    return tuple(out)


def _load_rule(path: Path, fragments: dict[str, Fragment]) -> Rule:
    where = path.name
    meta, body = _front_matter(path)
    if not meta:
        raise CatalogueError(f"{where}: must start with a `// ---` front-matter block")
    rule_id = str(meta.get("id", ""))
    if rule_id != path.stem:
        raise CatalogueError(f"{where}: id {rule_id!r} != file name")
    severity = meta.get("severity")
    if severity not in SEVERITIES:
        raise CatalogueError(f"{where}: severity must be one of {SEVERITIES}")
    subject_kind = meta.get("subject_kind")
    if subject_kind not in SUBJECT_KINDS:
        raise CatalogueError(f"{where}: subject_kind must be one of {SUBJECT_KINDS}")
    if not isinstance(meta.get("match"), bool):
        raise CatalogueError(f"{where}: match must be true or false")
    requires = tuple(meta.get("requires", "").split()) if meta.get("requires") else ()
    for item in requires:
        if item not in PRECONDITIONS:
            raise CatalogueError(f"{where}: unknown precondition {item!r}")
    parameters: dict[str, Parameter] = {}
    for name, spec in (meta.get("parameters") or {}).items():
        pw = f"{where}: parameter {name}"
        if name in IMPLICIT_PARAMS:
            raise CatalogueError(f"{pw}: reserved name")
        if not isinstance(spec, dict) or spec.get("type") not in PARAM_TYPES:
            raise CatalogueError(f"{pw}: type must be one of {PARAM_TYPES}")
        if "default_from" in spec:
            provider = DEFAULT_PROVIDERS.get(spec["default_from"])
            if provider is None:
                raise CatalogueError(f"{pw}: unknown default_from {spec['default_from']!r}")
            spec = {**spec, "default": provider()}
        if "default" not in spec:
            raise CatalogueError(f"{pw}: needs a default")
        try:
            default = parse_value(spec["type"], spec["default"], f"{rule_id}.{name}")
        except UsageError as error:
            raise CatalogueError(f"{pw}: default does not parse: {error}") from error
        parameters[name] = Parameter(
            name=name,
            type=spec["type"],
            default=default,
            zh=_text(spec, "zh", pw),
            en=_text(spec, "en", pw),
        )
    cypher = expand(body, fragments, where)
    if "{{" in cypher or "@" in _strip_strings(cypher):
        raise CatalogueError(f"{where}: unresolved fragment reference")
    used = set(_PARAM_USE.findall(cypher))
    declared = set(parameters) | set(IMPLICIT_PARAMS)
    if used - declared:
        raise CatalogueError(
            f"{where}: Cypher uses undeclared parameters {sorted(used - declared)}"
        )
    if set(parameters) - used:
        raise CatalogueError(
            f"{where}: declared parameters unused {sorted(set(parameters) - used)}"
        )
    final_return = cypher[cypher.rfind("RETURN") :]
    columns = set(re.findall(r"\bAS\s+([A-Za-z_][A-Za-z0-9_]*)", final_return))
    columns |= set(re.findall(r"[,\s]([A-Za-z_][A-Za-z0-9_]*)\s*(?=,|$)", final_return))
    needed = set(REQUIRED_COLUMNS) | ({"match"} if meta["match"] else set())
    if needed - columns:
        raise CatalogueError(f"{where}: final RETURN lacks {sorted(needed - columns)}")
    summary_zh = _text(meta, "summary", where, "zh")
    summary_en = _text(meta, "summary", where, "en")
    for template in (summary_zh, summary_en):
        missing = set(_PLACEHOLDER.findall(template)) - columns - {"subject_name"}
        if missing:
            raise CatalogueError(f"{where}: summary names columns not returned {sorted(missing)}")
    if not summary_zh.endswith("。"):
        raise CatalogueError(f"{where}: the Chinese summary must be one sentence ending in 。")
    return Rule(
        id=rule_id,
        title_zh=_text(meta, "title", where, "zh"),
        title_en=_text(meta, "title", where, "en"),
        description_zh=_text(meta, "description", where, "zh"),
        description_en=_text(meta, "description", where, "en"),
        severity=severity,
        subject_kind=subject_kind,
        match=meta["match"],
        parameters=parameters,
        basis=_text(meta, "basis", where),
        summary_zh=summary_zh,
        summary_en=summary_en,
        source=body,
        cypher=cypher,
        path=path,
        requires=requires,
        readings=_readings(meta, where),
    )


def _strip_strings(cypher: str) -> str:
    return re.sub(r"'[^']*'", "''", cypher)


def load_catalogue(rules_dir: Path = RULES_DIR, shared_dir: Path = SHARED_DIR) -> dict[str, Rule]:
    """Every rule, in catalogue order; raises CatalogueError naming the first bad item."""
    fragments = load_fragments(shared_dir)
    for fragment in fragments.values():
        expand(fragment.body, fragments, fragment.path.name)  # references resolve, no cycles
    rules = {p.stem: _load_rule(p, fragments) for p in rules_dir.glob("*.cypher")}
    if set(rules) != set(EXPECTED_IDS):
        missing = sorted(set(EXPECTED_IDS) - set(rules))
        extra = sorted(set(rules) - set(EXPECTED_IDS))
        raise CatalogueError(f"catalogue differs from RULES.md: missing {missing}, extra {extra}")
    return {rule_id: rules[rule_id] for rule_id in EXPECTED_IDS}


CATALOGUE: dict[str, Rule] = load_catalogue()
FRAGMENTS: dict[str, Fragment] = load_fragments()


def get_rule(rule_id: str) -> Rule:
    """The rule with this id (case-insensitive); UsageError listing the ids otherwise."""
    rule = CATALOGUE.get(rule_id.strip().upper())
    if rule is None:
        raise UsageError(
            f"未知规则 {rule_id!r} (unknown rule); 可用 (known): {', '.join(CATALOGUE)}"
        )
    return rule
