"""docs/registries.md, generated from the declarations: `python -m model.docs > docs/registries.md`.

The registries' reference (names, keys, columns, aliases, types, required columns, allowed
values, checks) and the relationship types are rendered from the same objects the loaders
use, so the page cannot drift from what a load accepts; tests/test_model.py checks that
the committed page equals this output.
"""

from __future__ import annotations

from model.registry import REGISTRIES, TYPES, describe_markdown
from model.relationships import RELATIONSHIPS

# The worked example of "Adding a column" (tests/loaders/test_add_column.py does each step).
PROPERTY_COLUMN = "      - {header: 核定编制数, alias: staffing, type: int, synonyms: [编制数]}"
LINK_COLUMN = (
    "      - {header: 决定单位代码, alias: decided_by_unit_id, type: str, ref: units,\n"
    "         synonyms: [处分决定单位代码]}"
)
LINK_FEEDS = '      decided_by_unit_id: "(:Sanction)-[:DECIDED_BY]->(:Unit {unit_id})"'
LINK_RELATIONSHIP = "  DECIDED_BY:         {from: Sanction, to: Unit, by: sanctions}"
LINK_STEP = """  CALL (n, row) {
    WITH * WHERE row.decided_by_unit_id IS NOT NULL
    MATCH (u:Unit {unit_id: row.decided_by_unit_id})
    MERGE (n)-[r:DECIDED_BY]->(u)
    WITH r, row, coalesce(r.sources, []) AS rk
    SET r.sources = rk + [s IN row.srcs WHERE NOT s IN rk]
  }"""


def _adding_a_column() -> list[str]:
    plain = [n for n in REGISTRIES if n not in _shaped_by_hand()]
    return [
        "## 添加一列 · Adding a column",
        "",
        "一列只在声明中写一次：`model/registries.yaml`。普通属性列只改这一个文件；"
        "引用其他对象的列，再改写入该关系的那一个 Cypher 步骤。",
        "",
        "A column is declared once, in `model/registries.yaml`. A column stored as a property",
        "is a one-file change; a column that links the row to another node is the declaration",
        "plus the one Cypher step that writes the link. `tests/loaders/test_add_column.py` makes",
        "both changes below on a copy and loads a file with the new column into Neo4j.",
        "",
        "### A property: 单位名录 gets 核定编制数",
        "",
        "In `model/registries.yaml`, under `units:` → `columns:`, add one line:",
        "",
        "```yaml",
        PROPERTY_COLUMN,
        "```",
        "",
        "That is all. The reader now matches the header `核定编制数` (or `编制数`, or `staffing`),",
        "validation parses it as a whole number (a bad cell is an error naming the file, row,",
        "column and value), and, because `feeds:` does not send it elsewhere, it is one of the",
        "registry's properties: `units.cypher` stores every property with `SET n += row.props`,",
        "so the file's value lands on `Unit.staffing` as an integer. Before the line, the same",
        "file loads too, with a warning, and the column is kept as text in `extra_核定编制数`.",
        "",
        "### A link: 问责处分 gets 决定单位代码",
        "",
        "In `model/registries.yaml`, under `sanctions:`, the column and, under `feeds:`, what",
        "it becomes (shown in docs/model.md). `ref: units` makes an unknown unit code an error",
        "naming the row:",
        "",
        "```yaml",
        "    feeds:",
        LINK_FEEDS,
        "    columns:",
        LINK_COLUMN,
        "```",
        "",
        "A new relationship type is also declared, with its ends, in the model's other file,",
        "`model/relationships.yaml` (`tests/test_model.py` fails until it is):",
        "",
        "```yaml",
        LINK_RELATIONSHIP,
        "```",
        "",
        "In `loaders/cypher/sanctions.cypher`, the `nodes` step: one more `CALL` beside the one",
        "that writes `SANCTIONED`, and `DECIDED_BY` added to the `old:` list a changed row",
        "re-states (`MATCH (n)-[old:SANCTIONED|DECIDED_BY]->()`):",
        "",
        "```cypher",
        LINK_STEP,
        "```",
        "",
        "The Cypher receives `row.decided_by_unit_id` without a Python edit: registries without",
        "their own shaper in `loaders/shape.py` pass their key and every column `feeds:` sends",
        "elsewhere by name ("
        + ", ".join(f"`{n}`" for n in plain)
        + "). The others ("
        + ", ".join(f"`{n}`" for n in _shaped_by_hand())
        + ") hash 身份证号, build fallback person ids or split lists in their shaper, so a"
        " linking column there is also passed on in that function.",
        "",
        "Then regenerate the two generated pages (`make docs` does both, and docs/rules.md):",
        "",
        "```",
        "python -m model.docs > docs/registries.md",
        "python docs/gen_model_columns.py",
        "```",
        "",
    ]


def _shaped_by_hand() -> list[str]:
    """Registries that name their own shaper (`shaper:`, loaders/shape.py SHAPERS)."""
    return [name for name, reg in REGISTRIES.items() if reg.shaper is not None]


def _relationships() -> list[str]:
    lines = [
        "## 关系类型 · Relationship types",
        "",
        "Declared in `model/relationships.yaml`: every relationship type the loaders write,",
        "its ends, and what writes it (a registry's Cypher, the identity step after every",
        "load, or the snapshot history). docs/model.md describes their properties.",
        "",
        "| type | from | to | written by |",
        "|---|---|---|---|",
    ]
    for rel in RELATIONSHIPS.values():
        lines.append(
            f"| `{rel.name}` | {', '.join(rel.start)} | {', '.join(rel.end)} | "
            f"{', '.join(rel.by)} |"
        )
    lines.append("")
    return lines


def render() -> str:
    body = describe_markdown().split("\n", 2)[2]  # without its title
    lines = [
        "# 登记表格式 · Registry formats",
        "",
        "<!-- Generated by `python -m model.docs > docs/registries.md` from"
        " model/registries.yaml and model/relationships.yaml; do not edit by hand. -->",
        "",
        f"{len(REGISTRIES)} 张登记表，按下列顺序加载（引用的表先于引用它的表）。"
        "文件名中的表名（中文或英文）选择登记表；表头可用中文名、英文别名或任一同义词，"
        "忽略大小写、空格、`*` 和“(必填)”。",
        "",
        f"The {len(REGISTRIES)} registries, in load order (a registry comes after those it"
        " refers to). A file's stem selects its registry by any of its names; a header may be",
        "the Chinese header, the English alias or any synonym (case, spaces, `*` and `(必填)`",
        f"ignored). Types: {', '.join(f'`{t}`' for t in TYPES)}. `*` marks a required column.",
        "An allowed value list says whether another value is an error (the row is rejected) or",
        "a warning (kept, flagged). Unknown columns are kept as `extra_<header>` properties.",
        "A reference (`引用 refers to`) to units, people or supervision must name an id loaded",
        "before or in the same load (else the row is an error); a company reference may name a",
        "company registered elsewhere, which is then created known only by its code.",
        "What each column becomes in the graph: docs/model.md.",
        "",
        *_adding_a_column(),
        *_relationships(),
        body.rstrip("\n"),
        "",
    ]
    return "\n".join(lines)


if __name__ == "__main__":
    print(render(), end="")
