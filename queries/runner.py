"""Run canned reports as of a date and turn their rows into flags with evidence.

Parameters come, in increasing precedence, from the rule's declared defaults, the rules
config file an office edits (`--config rules.yaml` or $OVERSIGHT_RULES_CONFIG), and explicit
overrides (`--param k=v`), each typed by the parameter's declaration.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
import string
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from graph.cypherfiles import read_cypher
from graph.db import Database, to_native
from graph.errors import BadInput, UsageError
from graph.settings import env_value
from model.relationships import DERIVED_TYPES
from model.vocab import DERIVED_PROPERTIES, HIDDEN_PROPERTIES, SUMMARY_WORDS_EN
from queries.catalogue import CATALOGUE, EVIDENCE_KEYS, SEVERITIES, Rule, get_rule

CONFIG_ENV = "OVERSIGHT_RULES_CONFIG"
NAME_MATCH_NOTE_ZH = "（仅按姓名匹配，身份待核实）"
NAME_MATCH_NOTE_EN = " (matched by name only; identity to be verified)"
# How many rules `run_all` runs at once (the server's cores on this 2-core machine), and the
# ones measured slowest at province scale (docs/BENCHMARKS.md), started first.
PARALLEL_RULES = 2
SLOWEST_RULES = frozenset({"COI-1", "COI-2", "APT-1", "SUP-2", "SUP-3"})


# ---------------------------------------------------------------- flags


@dataclass
class Flag:
    rule: str
    severity: str
    subject_kind: str
    subject_id: str
    subject_name: str
    summary: str
    evidence: dict[str, list[str]]
    match: str | None = None
    title: str = ""
    summary_en: str = ""
    as_of: dt.date | None = None
    has_match: bool = field(default=False, repr=False)

    def to_dict(self) -> dict[str, Any]:
        """The output contract (docs/rules.md): the keys every consumer may rely on."""
        out: dict[str, Any] = {
            "rule": self.rule,
            "title": self.title,
            "severity": self.severity,
            "subject_kind": self.subject_kind,
            "subject_id": self.subject_id,
            "subject_name": self.subject_name,
            "summary": self.summary,
            "summary_en": self.summary_en,
            "evidence": self.evidence,
            "as_of": self.as_of.isoformat() if self.as_of else None,
        }
        if self.has_match:
            out["match"] = self.match
        return out


def lower(severity: str) -> str:
    """One severity level lower (a name-only match is weaker evidence)."""
    index = SEVERITIES.index(severity)
    return SEVERITIES[min(index + 1, len(SEVERITIES) - 1)]


def _render(value: Any, english: bool) -> Any:
    """Row values as a sentence shows them; numbers stay numbers for format specs."""
    kind = type(value)
    # The common cases first, by exact type (a province's report renders ~10^6 values).
    if kind is str or kind is int:
        return value
    if value is None:
        return "未知" if not english else "unknown"
    if kind is list:
        separator = "、" if not english else ", "
        try:
            return separator.join(value)  # text only, the common case
        except TypeError:
            return separator.join(str(_render(v, english)) for v in value)
    value = to_native(value)
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, list):
        return ("、" if not english else ", ").join(str(_render(v, english)) for v in value)
    return value


@functools.lru_cache(maxsize=512)
def _template_fields(template: str) -> tuple[str, ...]:
    """The row columns a summary template names (`{amount:,.0f}` names `amount`)."""
    names = (name for _, name, _, _ in string.Formatter().parse(template) if name)
    return tuple(dict.fromkeys(re.split(r"[.\[]", name, maxsplit=1)[0] for name in names))


def _summarise_slow(template: str, row: dict[str, Any], english: bool = False) -> str:
    values = {key: _render(row[key], english) for key in _template_fields(template) if key in row}
    try:
        return template.format_map(values)
    except (KeyError, ValueError, TypeError):
        # A number came back as text (or null): show it plainly rather than fail the report.
        plain = {k: str(v) for k, v in values.items()}
        return re.sub(r"\{(\w+)[:!][^{}]*\}", r"{\1}", template).format_map(plain)


# Values `_render` returns unchanged, checked inline (~10^6 of them in a province's report).
_AS_IS = frozenset({str, int, float, bool})


@functools.lru_cache(maxsize=512)
def _compiled(template: str) -> tuple[str, tuple[str, ...]] | None:
    """A template as a positional format (`{0}`, `{1:,.0f}`) and the columns it takes, parsed
    once: a province's report renders ~10^5 sentences. None when a field is not a plain column
    name (`{a.b}`, `{0}`, `{a!r}`): those take the general path."""
    parts: list[str] = []
    names: list[str] = []
    for text, name, spec, conversion in string.Formatter().parse(template):
        parts.append(text.replace("{", "{{").replace("}", "}}"))
        if name is None:
            continue
        if not name.isidentifier() or conversion or "{" in (spec or ""):
            return None
        parts.append(f"{{{len(names)}:{spec}}}" if spec else f"{{{len(names)}}}")
        names.append(name)
    return "".join(parts), tuple(names)


def summarise(template: str, row: dict[str, Any], english: bool = False) -> str:
    """The template filled from the row, as `template.format_map` would with each column
    rendered by `_render` (only the columns the sentence uses)."""
    compiled = _compiled(template)
    if compiled is None:
        return _summarise_slow(template, row, english)
    positional, names = compiled
    try:
        return positional.format(
            *[v if type(v := row[name]) in _AS_IS else _render(v, english) for name in names]
        )
    except (KeyError, ValueError, TypeError):
        # A missing column or a spec the value cannot take: the general path decides.
        return _summarise_slow(template, row, english)


def _clean_evidence(raw: dict[str, Any] | None, rule: Rule) -> dict[str, list[str]]:
    evidence: dict[str, list[str]] = {}
    for key, values in (raw or {}).items():
        if key not in EVIDENCE_KEYS:
            raise RuntimeError(f"{rule.id}: evidence key {key!r} is not in the contract")
        ids = sorted({str(v) for v in (values or []) if v is not None})
        if ids:
            evidence[key] = ids
    return evidence


# Columns whose values are registry words (a 称谓, a way of holding authority): the English
# summary gives them in English (model/vocab.py SUMMARY_WORDS_EN), the Chinese one as given.
WORD_COLUMNS = ("relation", "via")


def in_english(row: dict[str, Any]) -> dict[str, Any]:
    """`row` with its registry words in English, for the English summary."""
    words = {
        column: SUMMARY_WORDS_EN[value]
        for column in WORD_COLUMNS
        if type(value := row.get(column)) is str and value in SUMMARY_WORDS_EN
    }
    return {**row, **words} if words else row


def row_to_flag(rule: Rule, row: dict[str, Any], as_of: dt.date) -> Flag:
    match = row.get("match") if rule.match else None
    severity = rule.severity
    summary = summarise(rule.summary_zh, row)
    summary_en = summarise(rule.summary_en, in_english(row), english=True)
    if match == "name":
        severity = lower(severity)
        summary = summary.removesuffix("。") + NAME_MATCH_NOTE_ZH + "。"
        summary_en = summary_en.removesuffix(".") + NAME_MATCH_NOTE_EN + "."
    return Flag(
        rule=rule.id,
        severity=severity,
        subject_kind=rule.subject_kind,
        subject_id=str(row["subject_id"]),
        subject_name=str(row.get("subject_name") or ""),
        summary=summary,
        evidence=_clean_evidence(row.get("evidence"), rule),
        match=match,
        title=rule.title_zh,
        summary_en=summary_en,
        as_of=as_of,
        has_match=rule.match,
    )


# ---------------------------------------------------------------- parameters


def config_path(path: str | Path | None = None) -> Path | None:
    """The rules config in use: the given path, else $OVERSIGHT_RULES_CONFIG, else none."""
    if path:
        return Path(path)
    env = env_value(CONFIG_ENV)
    return Path(env) if env else None


def load_config(path: str | Path | None = None) -> dict[str, dict[str, Any]]:
    """A rules config as {rule_id: {param: typed value}}, checked against the catalogue.

    The file (YAML)::

        all:            # every rule that declares the parameter
          days: 180
        rules:
          PWR-2:
            years: 5
          AVD-2:
            functions: [组织, 人事, 财务]

    Raises BadInput listing every problem (file, key, value, what was expected)."""
    resolved = config_path(path)
    if resolved is None:
        return {}
    where = str(resolved)
    try:
        data = yaml.safe_load(resolved.read_text(encoding="utf-8")) or {}
    except OSError as error:
        raise BadInput(f"无法读取规则配置 {where}: {error}") from error
    except yaml.YAMLError as error:
        raise BadInput(f"规则配置 {where} 不是有效的 YAML: {error}") from error
    problems: list[str] = []
    out: dict[str, dict[str, Any]] = {rid: {} for rid in CATALOGUE}
    if not isinstance(data, dict):
        raise BadInput(f"规则配置 {where} 应为映射 (a mapping with `all` and `rules`)")
    for key in data:
        if key not in ("all", "rules"):
            problems.append(f"{where}: 未知的顶层键 {key!r}，应为 all 或 rules")
    shared = data.get("all") or {}
    if not isinstance(shared, dict):
        problems.append(f"{where}: all 应为 参数: 值 的映射")
        shared = {}
    for name, raw in shared.items():
        owners = [r for r in CATALOGUE.values() if name in r.parameters]
        if not owners:
            problems.append(f"{where}: all.{name}: 没有规则声明此参数 (no rule declares it)")
        for owner in owners:
            try:
                out[owner.id][name] = owner.parameters[name].parse(raw, owner.id)
            except UsageError as error:
                problems.append(f"{where}: all.{name}: {error}")
    per_rule = data.get("rules") or {}
    if not isinstance(per_rule, dict):
        problems.append(f"{where}: rules 应为 规则编号: {{参数: 值}} 的映射")
        per_rule = {}
    for rule_id, values in per_rule.items():
        rule = CATALOGUE.get(str(rule_id).upper())
        if rule is None:
            problems.append(f"{where}: rules.{rule_id}: 未知规则 (unknown rule)")
            continue
        if not isinstance(values, dict):
            problems.append(f"{where}: rules.{rule_id}: 应为 参数: 值 的映射")
            continue
        for name, raw in values.items():
            parameter = rule.parameters.get(name)
            if parameter is None:
                known = ", ".join(rule.parameters) or "无"
                problems.append(
                    f"{where}: rules.{rule_id}.{name}: 该规则没有此参数 (known: {known})"
                )
                continue
            try:
                out[rule.id][name] = parameter.parse(raw, rule.id)
            except UsageError as error:
                problems.append(f"{where}: rules.{rule_id}.{name}: {error}")
    if problems:
        raise BadInput(f"规则配置 {where} 有 {len(problems)} 个问题", problems)
    return out


def parse_param_args(args: list[str] | tuple[str, ...]) -> dict[str, str]:
    """`k=v` (or `RULE-ID.k=v`) strings from the command line, as raw text."""
    out: dict[str, str] = {}
    for arg in args:
        key, sep, value = arg.partition("=")
        if not sep or not key.strip():
            raise UsageError(f"--param 应为 名称=值 (expected k=v): {arg!r}")
        out[key.strip()] = value
    return out


def resolve_params(
    rule: Rule,
    params: dict[str, Any] | None = None,
    config: dict[str, dict[str, Any]] | None = None,
    strict: bool = True,
) -> dict[str, Any]:
    """Declared defaults, then the config file, then explicit params (`k` or `RULE.k`).
    With `strict`, a name the rule does not declare is a UsageError."""
    values = rule.defaults()

    def put(name: str, value: Any) -> None:
        # A map (e.g. APT-2's effect periods) is amended key by key, not replaced.
        if rule.parameters[name].type.startswith("map"):
            value = {**values[name], **value}
        values[name] = value

    for name, value in (config or {}).get(rule.id, {}).items():
        put(name, value)
    for key, raw in (params or {}).items():
        target, _, name = key.rpartition(".")
        if target and target.upper() != rule.id:
            continue
        parameter = rule.parameters.get(name)
        if parameter is None:
            if strict:
                known = ", ".join(rule.parameters) or "无 (none)"
                raise UsageError(
                    f"规则 {rule.id} 没有参数 {name!r} (unknown parameter); 可用: {known}"
                )
            continue
        put(name, parameter.parse(raw, rule.id))
    return values


def check_params_known(params: dict[str, Any]) -> None:
    """For `flags`: each override must name a parameter some rule declares."""
    for key in params:
        target, _, name = key.rpartition(".")
        rules = [get_rule(target)] if target else list(CATALOGUE.values())
        if not any(name in rule.parameters for rule in rules):
            raise UsageError(f"没有规则声明参数 {key!r} (no rule declares this parameter)")


# ---------------------------------------------------------------- running


def _as_of(as_of: dt.date | str | None) -> dt.date:
    if as_of is None:
        return dt.date.today()
    if isinstance(as_of, dt.datetime):
        return as_of.date()
    if isinstance(as_of, dt.date):
        return as_of
    try:
        return dt.date.fromisoformat(str(as_of).strip())
    except ValueError:
        raise UsageError(f"--as-of 日期无效 {as_of!r}，应为 YYYY-MM-DD (invalid date)") from None


def rule_notices(db: Database, rule: Rule) -> list[str]:
    """Why a rule cannot produce flags yet (e.g. no power index computed), for stderr."""
    notices = []
    if "power_index" in rule.requires:
        rows = db.read(read_cypher("queries/support/precheck_power_index"))
        if not rows or not rows[0]["computed"]:
            notices.append(
                f"{rule.id}: 尚未计算权力指数，请先运行 `oversight analyze`，本规则无结果 "
                "(no power index yet: run `oversight analyze`)"
            )
    return notices


def collected_query(rule: Rule) -> str:
    """The rule's query with its rows gathered into one list of lists on the server.

    A province's report returns 35,000-45,000 rows; the driver's cost per record (about
    50 µs on this machine, more than the query itself) is paid once for the list instead,
    whose values the driver's Rust extension decodes. Rows come back in no particular
    order either way: `run_rule` sorts the flags."""
    return _collected(rule.cypher, rule.columns)


@functools.lru_cache(maxsize=64)
def _collected(cypher: str, columns: tuple[str, ...]) -> str:
    items = ", ".join(f"`{column}`" for column in columns)
    return f"CALL () {{\n{cypher.rstrip()}\n}}\nRETURN collect([{items}]) AS rows"


def fetch_rows(db: Database, rule: Rule, params: dict[str, Any]) -> list[dict[str, Any]]:
    """The rule's rows as {column: value} dicts (fetched as one list, `collected_query`)."""
    found = db.read_values(collected_query(rule), params)
    return [dict(zip(rule.columns, row, strict=True)) for row in found[0]["rows"]]


def run_rule(
    db: Database,
    rule_id: str,
    as_of: dt.date | str | None = None,
    params: dict[str, Any] | None = None,
    config: dict[str, dict[str, Any]] | None = None,
    strict: bool = True,
) -> list[Flag]:
    """The flags of one rule as of a date. `config` defaults to the file named by
    $OVERSIGHT_RULES_CONFIG (if any)."""
    rule = get_rule(rule_id)
    day = _as_of(as_of)
    if config is None:
        config = load_config()
    values = resolve_params(rule, params, config, strict=strict)
    rows = fetch_rows(db, rule, {**values, "as_of": day})
    flags = [row_to_flag(rule, row, day) for row in rows]
    flags.sort(key=lambda f: (SEVERITIES.index(f.severity), f.subject_id, f.summary))
    return flags


def run_all(
    db: Database,
    as_of: dt.date | str | None = None,
    params: dict[str, Any] | None = None,
    config: dict[str, dict[str, Any]] | None = None,
    workers: int = PARALLEL_RULES,
) -> list[Flag]:
    """Every rule's flags in catalogue order. A `k=v` override applies to every rule that
    declares `k`; `RULE-ID.k=v` to that rule only.

    Rules run `workers` at a time: Neo4j Community runs each query on one core, so two
    concurrent reports use a 2-core server fully while the client turns rows into flags."""
    params = params or {}
    check_params_known(params)
    if config is None:
        config = load_config()
    day = _as_of(as_of)

    def one(rule_id: str) -> list[Flag]:
        return run_rule(db, rule_id, day, params, config, strict=False)

    # The slowest rules first, so that the last one does not run alone at the end.
    order = sorted(CATALOGUE, key=lambda rule_id: rule_id not in SLOWEST_RULES)
    with ThreadPoolExecutor(max_workers=max(1, workers)) as pool:
        done = dict(zip(order, pool.map(one, order), strict=True))
    return [flag for rule_id in CATALOGUE for flag in done[rule_id]]


# ---------------------------------------------------------------- evidence graph


def _plain(value: Any) -> Any:
    value = to_native(value)
    if isinstance(value, dt.date | dt.datetime):
        return value.isoformat()
    if isinstance(value, list):
        return [_plain(v) for v in value]
    return value


def evidence_graph(
    db: Database, flag: Flag | dict[str, Any]
) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """The nodes and relationships of a flag's evidence path, for the app to draw.

    Nodes: the subject and every node the evidence names, each as {id, labels, key,
    caption, properties}; relationships: every relationship between two of them, as
    {id, type, start, end, properties}. Identity hashes are left out."""
    data = flag.to_dict() if isinstance(flag, Flag) else flag
    refs = [
        {"label": "Unit" if data["subject_kind"] == "unit" else "Person",
         "key": "unit_id" if data["subject_kind"] == "unit" else "pid",
         "id": data["subject_id"]}
    ]  # fmt: skip
    for key, ids in (data.get("evidence") or {}).items():
        label, prop = EVIDENCE_KEYS[key]
        refs += [{"label": label, "key": prop, "id": i} for i in ids]
    rows = db.read(
        read_cypher("queries/support/evidence_graph"),
        {"refs": refs, "derived": list(DERIVED_TYPES)},
    )
    nodes: dict[str, dict[str, Any]] = {}
    relationships: dict[str, dict[str, Any]] = {}
    for row in rows:
        for node in row["nodes"]:
            nodes[node["id"]] = {
                "id": node["id"],
                "labels": node["labels"],
                "key": node["key"],
                "caption": node["caption"],
                "properties": {
                    k: _plain(v)
                    for k, v in node["properties"].items()
                    if k not in HIDDEN_PROPERTIES and k not in DERIVED_PROPERTIES
                },
            }
        for rel in row["relationships"]:
            relationships[rel["id"]] = {
                "id": rel["id"],
                "type": rel["type"],
                "start": rel["start"],
                "end": rel["end"],
                "properties": {k: _plain(v) for k, v in rel["properties"].items()},
            }
    return list(nodes.values()), list(relationships.values())
