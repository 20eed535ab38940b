"""docs/rules.md, generated from the rule declarations: `python -m queries.docs > docs/rules.md`.

A test checks that the file in the repository equals what this renders, so the catalogue a
reader sees is the catalogue the runner runs.
"""

from __future__ import annotations

from typing import Any

from model.vocab import SEVERITY_ZH
from queries.catalogue import (
    CATALOGUE,
    EVIDENCE_KEYS,
    FRAGMENTS,
    IMPLICIT_PARAMS,
    PARAM_TYPES,
    PRECONDITIONS,
    REQUIRED_COLUMNS,
    SEVERITIES,
    SUBJECT_KINDS,
    Rule,
)

# The readings every rule shares (docs/rules.md, "Readings settled"); rule-specific ones are
# declared with the rule (`readings:` in its front matter).
SETTLED: tuple[tuple[str, str], ...] = (
    (
        "**as-of 日**：任职、分管等关系在 start ≤ as-of 且（无结束日期或结束日期 ≥ as-of）时有效；"
        "as-of 之后的事件（合同、信访、干预、决策、任免、问题、处分、谈话、任务）一概不计。",
        "**As of a date**: a post, duty or relationship counts when start <= as-of and (no end or "
        "end >= as-of); no event after the as-of date ever counts (contracts, complaints, "
        "interventions, decisions, appointments, problems, sanctions, talks, tasks).",
    ),
    (
        "**时间窗含两端**：“as-of 之前 N 天内”指 as-of − N ≤ 日期 ≤ as-of。",
        '**Windows include both ends**: "in the N days before as-of" means '
        "as-of − N <= date <= as-of.",
    ),
    (
        "**亲属关系不计日期**：家庭成员报告中的亲属在任何 as-of 日都算；报告年度只说明何时报告，"
        "不说明关系何时开始。",
        "**Family links are undated**: a reported relation counts at any as-of date; 报告年度 says "
        "when it was reported, not when the relation began.",
    ),
    (
        "**企业关联按事件之日判断**：持股（变更日期起，无日期视为一直持有）、法定代表人、高管关系"
        "须在事件之日成立（合同签订日、信访收件日、干预日）；事件之后才开始的关联不算，事件之后才"
        "结束的关联仍算（结束当日仍算）。",
        "**Dated company links, judged at the event**: a shareholding (from its 变更日期; none = "
        "since always), legal representation or officer post counts when it holds on the event's "
        "date (the contract's signed date, the complaint's received date, the intervention's "
        "date); one that began after the event links nothing for it, one that ended after it "
        "does not erase it (the end day still counts).",
    ),
)


def _value(value: Any) -> str:
    if isinstance(value, list):
        return ", ".join(str(v) for v in value)
    if isinstance(value, dict):
        return ", ".join(f"{k}: {v}" for k, v in value.items())
    return str(value)


def _rule(rule: Rule) -> list[str]:
    severity = f"{SEVERITY_ZH[rule.severity]} `{rule.severity}`"
    if rule.match:
        severity += "（仅姓名匹配时降一级 · one level lower for a name-only match）"
    lines = [
        f"## {rule.id} {rule.title_zh} · {rule.title_en}",
        "",
        f"- 风险等级 severity: {severity}",
        f"- 对象 subject: `{rule.subject_kind}`",
        f"- 依据 basis: {rule.basis_zh} · {rule.basis_en}",
        f"- 文件 file: `queries/rules/{rule.path.name}`",
        "",
        rule.description_zh,
        "",
        rule.description_en,
        "",
    ]
    if rule.readings:
        lines.append("判读 readings:")
        lines.append("")
        for zh, en in rule.readings:
            lines.append(f"- {zh}  ")
            lines.append(f"  {en}")
        lines.append("")
    lines += [
        "| 参数 parameter | 类型 type | 默认 default | 说明 |",
        "|---|---|---|---|",
        "| `as_of` | date | 今天 today | 截至日期 (as-of date) |",
    ]
    for p in rule.parameters.values():
        lines.append(f"| `{p.name}` | {p.type} | {_value(p.default)} | {p.zh} ({p.en}) |")
    lines += [
        "",
        f"摘要模板 summary: {rule.summary_zh}",
        "",
        f"Summary (en): {rule.summary_en}",
        "",
    ]
    return lines


# The worked example of "Writing a new rule"; tests/queries/test_catalogue.py loads it as a
# rule, so the example keeps to the contract it documents.
EXAMPLE_RULE = """\
// ---
// id: COI-4
// title:
//   zh: '本人关联企业与职权范围内单位交易'
//   en: 'Leader''s own company trades with the leader''s units'
// description:
//   zh: '合同的采购单位在签订之日处于领导干部的职权范围内，而供应商是其本人在签订之日直接关联的企业。'
//   en: 'A contract whose buyer unit was in the leader''s authority on the signing date, and whose supplier is a company the leader was linked to on that date.'
// severity: high
// subject_kind: person
// match: true
// parameters:
//   min_amount:
//     type: int
//     default: 0
//     zh: '计入的最低合同金额（元）'
//     en: 'smallest contract amount counted (yuan)'
// readings:
//   - zh: '企业关联按合同签订之日判断。'
//     en: 'Company links are judged on the contract''s signed date.'
// basis:
//   zh: '《中国共产党纪律处分条例》'
//   en: 'Regulations of the Communist Party of China on Disciplinary Actions'
// summary:
//   zh: "{subject_name}关联的企业{company_name}于{signed_date}与{buyer_name}签订合同{contract_id}。"
//   en: "{subject_name} is linked to {company_name}, which signed contract {contract_id} with {buyer_name} on {signed_date}."
// ---
{{ leaders_any(l) }}
{{ linked_companies(l, co, m, h, lk) }}
MATCH (co)<-[:SUPPLIER]-(ct:Contract)-[:BUYER]->(b:Unit)
WHERE ct.signed_date <= $as_of AND ct.amount >= $min_amount
  AND {{ link_holds(lk, ct.signed_date) }}
WITH l, co, m, h, ct, b, ct.signed_date AS signed
{{ authority_over(l, b, signed, vu, via) }}
RETURN l.pid AS subject_id, l.name AS subject_name, m AS match,
       co.name AS company_name, ct.contract_id AS contract_id,
       ct.signed_date AS signed_date, b.name AS buyer_name,
       {persons: [h.pid], companies: [co.uscc], contracts: [ct.contract_id],
        units: [b.unit_id, vu.unit_id]} AS evidence
"""


def _code(*names: str) -> str:
    return ", ".join(f"`{n}`" for n in names)


def _writing_rules() -> list[str]:
    """The .cypher file convention, the fragment language and a worked example."""
    evidence = ", ".join(f"`{k}` ({label}.{key})" for k, (label, key) in EVIDENCE_KEYS.items())
    return [
        "## Cypher 文件约定 · Cypher files",
        "",
        "带元数据的 .cypher 文件（规则、共用定义、`queries/casework/` 的查询）一律以 `//` 注释中的 "
        "YAML 头开始，由 `graph/cypherfiles.py` 的 `front_matter` 统一读取。",
        "",
        "Every .cypher file that carries metadata (a rule in `queries/rules/`, a fragment in "
        "`queries/shared/`, a query in `queries/casework/`) starts with YAML front matter in "
        "`//` comments, read by one parser, `front_matter(text, origin)` in "
        "`graph/cypherfiles.py`: a first line `// ---`, YAML lines each behind `// ` (the `//` "
        "and one space are removed, the indentation after them is YAML's), a closing `// ---`, "
        "then the Cypher. A malformed header is an error naming the file and line "
        "(`COI-4.cypher:5: front matter is not YAML: ...`). Files without metadata (the "
        "loaders' `loaders/cypher/`, `app/cypher/`, `graph/analytics/`) start with prose "
        "comments or the Cypher. In the loaders' files, `// step: <name>` lines divide the body "
        "into steps run in order (`loaders/write.py`); they are separators inside the body, "
        "not a header.",
        "",
        "## 共用定义语言 · The fragment language",
        "",
        "A fragment is `queries/shared/<name>.cypher` with front matter `fragment` (= the file "
        "name), `kind` (`expression` or `subquery`), `inputs` and `outputs` (formal names, "
        "comma-separated; an expression has no outputs, a subquery at least one) and "
        "`description` (a YAML block scalar, `>-`, for several lines; it is the table above). "
        "In the body each formal is written `@name`; every formal declared is used and every "
        "`@name` used is declared.",
        "",
        "A rule or another fragment calls it as `{{ name(arg, ...) }}`, one argument per formal, "
        "inputs first then outputs, in the declared order. Arguments are names, never values: a "
        "variable (`l`), a `$parameter` (`$as_of`), a property (`ct.signed_date`, expressions "
        "only) or, inside a fragment, one of its own formals (`{{ identity(@person, me) }}` in "
        "`linked_companies`). Values always reach Cypher as parameters. At load time "
        "(`queries/catalogue.py`, `expand`) each `@formal` is replaced by its argument, then:",
        "",
        "- an `expression` is substituted inline, e.g. "
        "`WHERE {{ link_holds(lk, ct.signed_date) }}`;",
        "- a `subquery` becomes `CALL (<variable inputs>) { <body> }`: its own variables stay "
        "inside and only its outputs, under the names the caller gives, come out. "
        "`{{ linked_companies(r, co, m, h, lk) }}` binds `co` (the company), `m` (`'id'` or "
        "`'name'`), `h` (the company-side person) and `lk` (the link) for each company linked "
        "to `r`.",
        "",
        "Calls nest (a fragment may call others; a cycle is an error). `oversight explain "
        "<RULE> --composed` prints a rule's Cypher as run.",
        "",
        "## 写一条新规则 · Writing a new rule",
        "",
        "1. Add the id to `EXPECTED_IDS` in `queries/catalogue.py` (the catalogue holds exactly "
        "these) and write `queries/rules/<ID>.cypher` (the file name is the id).",
        "2. The front matter: `id`; `title` and `description`, each with `zh` and `en`; "
        f"`severity` ({_code(*SEVERITIES)}); `subject_kind` ({_code(*SUBJECT_KINDS)}); "
        "`match` (`true` when the rule matches people to companies and returns a `match` "
        "column, `id` or `name`); `parameters` (each with `type`, one of "
        f"{_code(*PARAM_TYPES)}, a `default` or `default_from`, and `zh`/`en` text); "
        "`readings` (a list of `zh`/`en` pairs, how the rule reads a point that could be read "
        f"two ways); `basis` (the policy text, with `zh` and `en`: the English is the official or customary English name of what is cited); `summary` (`zh` and `en` templates, "
        "`{column}` placeholders naming returned columns, the Chinese one sentence ending in "
        f"。); optionally `requires` ({_code(*PRECONDITIONS)}).",
        "3. The Cypher: call fragments for the shared definitions rather than writing them "
        f"again; use `$name` for each declared parameter (and {_code(*IMPLICIT_PARAMS)}, given "
        "to every rule); the load fails on an undeclared or unused parameter. The final "
        f"`RETURN` has {_code(*REQUIRED_COLUMNS)} (and `match` when `match: true`), the "
        "columns the summary names, and `evidence`: a map from evidence keys to lists of "
        f"ids. The keys, with the node each id names: {evidence}.",
        "4. Regenerate this page: `python -m queries.docs > docs/rules.md`.",
        "5. Test it with a case table in `tests/queries/` (as `test_coi.py`): each `Case` "
        "builds a small graph with `tests/queries/graphkit.py` (`Graph().unit(...)."
        "person(...)`), runs the rule at an as-of date and lists the flags expected, exactly "
        "(`Expect(subject_id, {evidence key: [ids]}, severity, match)`); `check(db, case)` "
        "asserts them. Write the case that flags, the nearest case that does not (a day "
        "outside the window, a link ended before the event) and each reading. Run them with "
        "`pytest tests/queries/test_<family>.py` (a Neo4j test database, see the README); "
        "`tests/queries/test_catalogue.py` checks the declarations and this page without one.",
        "",
        "A rule in the `COI` family, the leader's own company trading with a unit in the "
        "leader's authority (`linked_companies` finds the companies, `link_holds` dates the "
        "link, `authority_over` says through which post):",
        "",
        "```cypher",
        *EXAMPLE_RULE.rstrip("\n").splitlines(),
        "```",
        "",
        "Its test, in `tests/queries/test_coi.py`:",
        "",
        "```python",
        "COI4 = [",
        "    Case(",
        '        "own company supplies the unit",',
        '        "COI-4",',
        "        lambda g: (",
        '            g.unit("U1")',
        '            .person("L")',
        '            .post("L", "U1", "一把手")',
        '            .company("C1")',
        '            .holds("L", "C1")',
        '            .contract("K1", "U1", "C1", "2025-03-01")',
        "        ),",
        '        "2025-06-30",',
        '        [Expect("L", {"companies": ["C1"], "contracts": ["K1"]})],',
        "    ),",
        "]",
        "```",
        "",
        "(the `Graph` builder's methods and their arguments are in `tests/queries/graphkit.py`).",
        "",
    ]


def render() -> str:
    lines = [
        "# 风险规则目录 · The rule catalogue",
        "",
        "<!-- Generated by `python -m queries.docs > docs/rules.md` from queries/rules/*.cypher;"
        " do not edit by hand. -->",
        "",
        "每条规则是 `queries/rules/<编号>.cypher`：注释中的 YAML 头（编号、标题、说明、风险等级、"
        "对象类型、参数及默认值、依据、摘要模板）加 Cypher。共用定义写在 `queries/shared/`，"
        "规则以 `{{ 名称(参数, …) }}` 引用，加载时组合。",
        "",
        "Each rule is `queries/rules/<ID>.cypher`: a YAML header in comments, then the Cypher. "
        "Shared definitions live once in `queries/shared/` and are composed in at load time.",
        "",
        "## 运行 · Running",
        "",
        "```",
        "oversight report --list",
        "oversight report COI-1 --as-of 2025-06-30 --format json",
        "oversight report PWR-2 --param years=5",
        "oversight flags --as-of 2025-06-30 --format xlsx --output flags.xlsx",
        "oversight explain APT-2 [--composed]",
        "```",
        "",
        "Parameters: declared default < rules config file (`--config rules.yaml` or "
        "`$OVERSIGHT_RULES_CONFIG`) < `--param k=v` (for `flags`, `k=v` sets every rule that "
        "declares `k`; `RULE-ID.k=v` one rule). A map parameter is amended key by key. "
        "The config file:",
        "",
        "```yaml",
        "all:            # every rule that declares the parameter",
        "  days: 365",
        "rules:",
        "  PWR-2:",
        "    years: 5    # stricter local rotation",
        "  AVD-2:",
        "    functions: [组织, 人事, 纪检, 监察, 审计, 财务, 采购]",
        "  APT-2:",
        "    effect_months: {诫勉: 12}",
        "```",
        "",
        "输出 (output contract): `rule`, `title`, `severity`, `subject_kind`, `subject_id`, "
        "`subject_name`, `summary`, `summary_en`, `evidence` (ids by kind: "
        "relatives, persons, companies, contracts, appointments, complaints, problems, decisions, "
        "units, sanctions, interventions, events, tasks), `as_of`, and `match` (`id`/`name`) for "
        "rules that match people to companies.",
        "",
        "## 判读约定 · Readings settled",
        "",
        "目录中可有两种理解之处，按以下约定执行；每条规则下的“判读”列出其适用的约定。",
        "",
        "Where the catalogue could be read two ways, the rules read it as follows; each rule's "
        "“readings” list the ones it applies.",
        "",
        *[f"- {zh}  \n  {en}" for zh, en in SETTLED],
        "",
        "## 共用定义 · Shared definitions",
        "",
        "| 名称 name | 类型 kind | 输入 inputs | 输出 outputs | 说明 |",
        "|---|---|---|---|---|",
    ]
    for f in FRAGMENTS.values():
        lines.append(
            f"| `{f.name}` | {f.kind} | {', '.join(f.inputs)} | {', '.join(f.outputs) or '—'} "
            f"| {f.description} |"
        )
    lines.append("")
    lines += _writing_rules()
    lines.append("## 规则一览 · Summary")
    lines.append("")
    lines.append("| 编号 | 名称 | 对象 | 风险等级 | 参数 |")
    lines.append("|---|---|---|---|---|")
    for rule in CATALOGUE.values():
        params = ", ".join(f"`{p}`" for p in rule.parameters) or "—"
        lines.append(
            f"| {rule.id} | {rule.title_zh} | {rule.subject_kind} | {rule.severity} | {params} |"
        )
    lines.append("")
    for rule in CATALOGUE.values():
        lines += _rule(rule)
    return "\n".join(lines).rstrip() + "\n"


if __name__ == "__main__":
    print(render(), end="")
