"""Each page of the app, run by Streamlit's AppTest against the real Neo4j holding the
sample city, checked against the product functions the page claims to show."""

from __future__ import annotations

import datetime as dt
import io
import json
import os
import re
import signal
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from streamlit.testing.v1 import AppTest

from app import reads, sessions
from app.adhoc import QueryRefused, run_read_only
from app.commands.serve import APP_SCRIPT
from app.roles import SESSION_KEY
from graph.db import reset_db
from graph.server import free_port
from loaders import identity
from queries.runner import run_all
from queries.stats import overview
from tests.app.conftest import APP_PASSWORD, session_of

TIMEOUT = 180
# a resident ID number in clear: region, birth date, sequence, check character
CLEAR_ID = r"\b[1-8]\d{5}(19|20)\d\d(0[1-9]|1[0-2])[0-3]\d\d{3}[\dX]\b"


def page(name: str, **params: str) -> AppTest:
    """One page as the app runs it: language switch, then the page under the guard; `params`
    are the address's query parameters (/person?id=…)."""
    script = (
        "from app.ui.shell import language_switch, run_guarded\n"
        f"from app.ui import {name}\n"
        "language_switch()\n"
        f"run_guarded({name}.render)\n"
    )
    at = AppTest.from_string(script, default_timeout=TIMEOUT)
    for key, value in params.items():
        at.query_params[key] = value
    at.session_state[SESSION_KEY] = session_of()  # logged in as the test admin
    return at


def entry_app() -> AppTest:
    """The whole app (navigation, login gate), logged in as the test admin."""
    at = AppTest.from_file(str(APP_SCRIPT), default_timeout=TIMEOUT)
    at.session_state[SESSION_KEY] = session_of()
    return at


def entries(audit_log: Path) -> list[dict]:
    if not audit_log.exists():
        return []
    return [json.loads(line) for line in audit_log.read_text(encoding="utf-8").splitlines()]


def no_errors(at: AppTest) -> None:
    assert not at.exception, [e.value for e in at.exception]
    assert not at.error, [e.value for e in at.error]


def test_overview_is_a_risk_dashboard(city: dict) -> None:
    as_of = city["truth"]["as_of"]
    at = entry_app()
    at.query_params["as_of"] = as_of
    at.run()
    no_errors(at)
    assert at.title[0].value == "总览"
    assert "数据库运行中" in at.success[0].value
    db = city["db"]
    metrics = {m.label: m.value for m in at.metric}
    flags = run_all(db, dt.date.fromisoformat(as_of))
    assert metrics["线索总数"] == f"{len(flags):,}" and flags
    assert metrics["高风险"] == f"{sum(1 for f in flags if f.severity == 'high'):,}"
    figures = overview(db)
    assert metrics["政治监督谈话"] == f"{figures['政治监督谈话']:,}"
    # the leaders most at risk link to their dossiers
    from queries.risk import risk_report

    rows, _ = risk_report(db, dt.date.fromisoformat(as_of))
    top = at.dataframe[0].value
    assert len(top) == 10
    assert f"id={rows[0].person_id}" in top.iloc[0, 1] and top.iloc[0, 1].endswith(rows[0].name)
    # data freshness: one row per registry loaded
    registries = {s["registry"] for s in reads.sources(db, 100)}
    assert len(at.dataframe[-1].value) == len(registries)
    # node counts are on the Data page now
    assert "节点" not in metrics
    # the English switch
    at.sidebar.radio[0].set_value("en").run()
    no_errors(at)
    assert at.title[0].value == "Overview"
    assert "Database up" in at.success[0].value


def _down_app(name: str) -> AppTest:
    if name == "entry":
        return entry_app().run()
    return page(name).run()


@pytest.mark.parametrize(
    "name",
    ["entry", "overview", "flags", "risk", "explore", "query", "data", "person", "unit", "company",
     "flag"],
)  # fmt: skip
def test_a_database_that_is_down_is_one_sentence(
    city: dict, monkeypatch: pytest.MonkeyPatch, name: str
) -> None:
    monkeypatch.setenv("NEO4J_URI", f"bolt://127.0.0.1:{free_port()}")
    reset_db()
    try:
        at = _down_app(name)
        assert not at.exception, [e.value for e in at.exception]
        assert len(at.error) == 1
        assert at.error[0].value.startswith("无法连接数据库")
        assert "Traceback" not in at.error[0].value
    finally:
        monkeypatch.undo()
        reset_db()


def test_flags_page_lists_the_flags_and_a_flag_opens_its_evidence(
    city: dict, audit_log: Path
) -> None:
    from app.ui.cached import flag_id

    as_of = city["truth"]["as_of"]
    at = page("flags", as_of=as_of).run()
    no_errors(at)
    expected = run_all(city["db"], dt.date.fromisoformat(as_of))
    assert expected
    frame = at.dataframe[0].value
    assert len(frame) == len(expected)
    assert list(frame.columns[:3]) == ["规则", "规则名称", "风险等级"]
    assert list(frame["规则"]) == [f.rule for f in expected]
    assert f"共 **{len(expected)}** 条线索" in at.markdown[-1].value or any(
        f"共 **{len(expected)}** 条线索" in m.value for m in at.markdown
    )
    # each row links to its flag; a flag's page draws its evidence and names the rows
    flag = next(f for f in expected if f.rule.startswith("COI"))
    assert any(flag_id(flag) in link for link in frame["证据"])
    one = page("flag", id=flag_id(flag), as_of=as_of).run()
    no_errors(one)
    sources = one.dataframe[-1].value
    assert len(sources) >= 2
    files = {s["name"] for s in reads.sources(city["db"], 100)}
    assert set(sources["文件"]) <= files | {""}
    assert set(sources["文件"]) & files
    one.run()  # a rerun is not a second look
    logged = entries(audit_log)
    assert [(e["action"], e["target"]) for e in logged] == [("view_evidence", flag.subject_id)]
    assert logged[0]["detail"]["rule"] == flag.rule
    # running the rules again (with the config's parameters) is recorded
    at.button(key="flags_run").click().run()
    no_errors(at)
    assert entries(audit_log)[-1]["action"] == "run_flags"
    assert entries(audit_log)[-1]["detail"] == {"as_of": as_of, "flags": len(expected)}


def test_flags_page_filters_by_address(city: dict) -> None:
    as_of = city["truth"]["as_of"]
    at = page("flags", as_of=as_of, rule="APT-1").run()
    no_errors(at)
    frame = at.dataframe[0].value
    assert len(frame) > 0 and set(frame["规则"]) == {"APT-1"}
    flags = run_all(city["db"], as_of, {})
    english = [f.summary_en for f in flags if f.rule == "APT-1"]
    at.sidebar.radio[0].set_value("en").run()
    no_errors(at)
    frame = at.dataframe[0].value
    assert at.title[0].value == "Flags"
    assert list(frame.columns[:3]) == ["rule", "title", "severity"]
    assert list(frame["summary"]) == english and all(english)
    assert set(frame["severity"]) <= {"high", "medium", "low"}
    # severity and unit filters
    high = page("flags", as_of=as_of, severity="high").run()
    assert len(high.dataframe[0].value) == sum(1 for f in flags if f.severity == "high")


def test_flags_page_takes_rule_parameters(city: dict, audit_log: Path) -> None:
    from queries.catalogue import CATALOGUE

    rule_id, name = next(
        (r.id, n) for r in CATALOGUE.values() for n, p in r.parameters.items() if p.type == "int"
    )
    as_of = city["truth"]["as_of"]
    at = page("flags", as_of=as_of).run()
    at.toggle(key="flags_edit").set_value(True).run()
    # kinship classes are chosen by their meaning, not typed as codes
    kinship = at.multiselect(key="param-COI-1-kinship")
    assert "配偶" in str(kinship.format_func("SPOUSE"))
    assert kinship.placeholder == "未选择亲属类别（不计任何亲属）"
    at.text_input(key="param-AVD-1-role_order").set_value("一把手:很高")
    at.button(key="flags_run").click().run()
    assert not at.exception
    assert len(at.error) == 1 and "AVD-1.role_order" in at.error[0].value
    at.text_input(key="param-AVD-1-role_order").set_value(
        "一把手:4,班子成员:3,内设机构负责人:2,工作人员:1"
    )
    default = CATALOGUE[rule_id].defaults()[name]
    at.number_input(key=f"param-{rule_id}-{name}").set_value(default + 1000)
    at.button(key="flags_run").click().run()
    no_errors(at)
    expected = run_all(city["db"], as_of, {f"{rule_id}.{name}": str(default + 1000)})
    assert len(at.dataframe[0].value) == len(expected)
    assert entries(audit_log)[-1]["detail"]["params"] == {f"{rule_id}.{name}": str(default + 1000)}


def test_risk_page_ranks_leaders_and_draws_the_top(city: dict, audit_log: Path) -> None:
    from queries.risk import risk_report

    as_of = dt.date.fromisoformat(city["truth"]["as_of"])
    at = page("risk", as_of=as_of.isoformat()).run()
    no_errors(at)
    at.button(key="risk_run").click().run()
    no_errors(at)
    rows, _ = risk_report(city["db"], as_of)
    frame = at.dataframe[0].value
    assert len(frame) == len(rows) > 10
    assert [x.rsplit("#", 1)[-1] for x in frame["姓名"][:5]] == [r.name for r in rows[:5]]
    assert "权力指数" in frame.columns
    at.selectbox(key="risk_choice").set_value(1).run()
    no_errors(at)
    assert rows[1].name in at.markdown[-1].value or any(
        rows[1].name in m.value for m in at.markdown
    )
    assert [e["action"] for e in entries(audit_log)] == ["run_risk"]


def test_dossier_shows_a_person_and_audits_the_view(city: dict, audit_log: Path) -> None:
    db = city["db"]
    leader = db.read(
        "MATCH (p:Person)-[:HOLDS_POST {role: '一把手'}]->(:Unit) "
        "WHERE EXISTS { (p)-[:HAS_RELATIVE]->() } RETURN p.pid AS pid, p.name AS name LIMIT 1"
    )[0]
    at = page("person", id=leader["pid"], as_of=city["truth"]["as_of"]).run()
    no_errors(at)
    assert at.title[0].value == f"{leader['name']} · {leader['pid']}"
    card = reads.person(db, leader["pid"])
    tables = [d.value for d in at.dataframe]
    relatives = next(t for t in tables if "身份证号（脱敏）" in t.columns)
    assert len(relatives) == len(card["relatives"]) > 0
    # 身份证号 only masked: nothing on the page looks like a clear 18-character ID
    page_text = (
        " ".join(str(t.to_dict()) for t in tables)
        + " ".join(m.value for m in at.markdown)
        + " ".join(c.value for c in at.caption)
    )
    assert "********" in page_text
    assert not re.search(CLEAR_ID, page_text)
    at.run()  # a rerun is not a second view
    logged = entries(audit_log)
    assert [(e["action"], e["target"]) for e in logged] == [("view_person", leader["pid"])]
    assert logged[0]["user"] == "测试调查员"


def test_dossier_shows_an_ended_holding_as_history(city: dict) -> None:
    """A relative's holding that ended before the date asked for stays on the dossier and on
    the company's page, after what holds, with its end date (docs/snapshots.md): history, not
    a current holding."""
    db = city["db"]
    found = db.read(
        "MATCH (p:Person)-[:HOLDS_POST {role: '一把手'}]->(:Unit) "
        "MATCH (p)-[:HAS_RELATIVE]->(:Person)-[c:SHAREHOLDER_OF]->(co:Company) "
        "WHERE c.end_date IS NULL "
        "RETURN p.pid AS pid, elementId(c) AS link, co.uscc AS uscc ORDER BY pid LIMIT 1"
    )
    assert found, "the sample city plants relatives' holdings"
    pid, link, uscc = found[0]["pid"], found[0]["link"], found[0]["uscc"]
    end = "MATCH ()-[c]->() WHERE elementId(c) = $link SET c.end_date = date('2020-01-01')"
    db.write(end, {"link": link})
    try:
        at = page("person", id=pid, as_of=city["truth"]["as_of"]).run()
        no_errors(at)
        companies = next(
            d.value for d in at.dataframe if {"统一社会信用代码", "状态"} <= set(d.value.columns)
        )
        statuses = list(companies["状态"])
        held = companies[(companies["统一社会信用代码"] == uscc) & (companies["关系"] == "持股")]
        assert "已终止（2020-01-01）" in set(held["状态"]), companies.to_dict("records")
        assert statuses == sorted(statuses, key=lambda s: s != "现行")  # history after
        # the company's page lists the same holding as ended, after the current holders
        at = page("company", uscc=uscc, as_of=city["truth"]["as_of"]).run()
        no_errors(at)
        holders = next(d.value for d in at.dataframe if {"关系", "状态"} <= set(d.value.columns))
        held = holders[holders["关系"] == "持股"]
        assert "已终止（2020-01-01）" in set(held["状态"]), holders.to_dict("records")
        listed = list(holders["状态"])
        assert listed == sorted(listed, key=lambda s: s != "现行")
    finally:
        db.write("MATCH ()-[c]->() WHERE elementId(c) = $link REMOVE c.end_date", {"link": link})


def test_dossier_exports_xlsx_and_a_printable_page(city: dict) -> None:
    import openpyxl

    from app import dossier
    from app.ui.cached import flags as cached_flags

    db = city["db"]
    as_of = dt.date.fromisoformat(city["truth"]["as_of"])
    flags = run_all(db, as_of)
    pid = next(f.subject_id for f in flags if f.subject_kind == "person")
    from queries.risk import risk_report

    rows, _ = risk_report(db, as_of)
    d = dossier.gather(db, pid, as_of, flags, rows, None)
    assert d is not None and d.flags
    assert all(f.subject_id == pid for f in d.flags if f.subject_kind == "person")
    book = openpyxl.load_workbook(io.BytesIO(dossier.to_xlsx(d, "zh")))
    assert book["flags"].max_row - 1 == len(d.flags)
    assert book.sheetnames[0] == "基本情况"
    page_html = dossier.to_html(d, "en")
    assert "<table>" in page_html and "Facts" in page_html
    assert cached_flags is not None


def test_explore_starts_from_an_address_and_finds_paths(city: dict, audit_log: Path) -> None:
    db = city["db"]
    as_of = city["truth"]["as_of"]
    flag = next(f for f in run_all(db, as_of) if f.rule == "COI-1")
    company = flag.evidence["companies"][0]
    at = page("explore", **{"from": flag.subject_id, "to": company, "as_of": as_of}).run()
    no_errors(at)
    assert flag.subject_name in at.markdown[0].value
    sentences = [m.value for m in at.markdown if m.value[:2].rstrip(".").isdigit()]
    assert sentences, [m.value for m in at.markdown]
    name = db.read("MATCH (c:Company {uscc: $u}) RETURN c.name AS n", {"u": company})[0]["n"]
    assert name in sentences[0]
    # the relatives' link is on the shortest path (person -> relative -> company)
    assert "亲属" in sentences[0]
    # the type filters name the model's types, never a derived one, and say what empty means
    # in Chinese (Streamlit's own placeholder is English "Choose options")
    exclude = at.multiselect(key="ex_exclude")
    assert len(exclude.options) == 32 and "亲属" in exclude.options
    assert "亲属的企业方人员" not in exclude.options
    assert exclude.placeholder == "不排除任何关系类型"
    assert at.multiselect(key="ex_pick").placeholder == "按名称选择图中的节点"
    assert (entries(audit_log)[-1]["action"], entries(audit_log)[-1]["target"]) == (
        "view_person",
        flag.subject_id,
    )


def test_search_finds_units_and_says_when_cut(city: dict) -> None:
    unit = city["db"].read("MATCH (u:Unit) RETURN u.unit_id AS id, u.name AS name LIMIT 1")[0]
    at = page("explore").run()
    at.text_input(key="explore_find_text").set_value(unit["name"]).run()
    no_errors(at)
    hits = at.dataframe[0].value
    assert any(unit["id"] == x for x in hits.iloc[:, -1])
    at.text_input(key="explore_find_text").set_value("不存在的名字xyz").run()
    assert "没有找到" in at.warning[0].value
    at.text_input(key="explore_find_text").set_value("市").run()
    assert "结果过多" in " ".join(c.value for c in at.caption)


def test_unit_page_shows_people_linked(city: dict, audit_log: Path) -> None:
    unit = city["db"].read(
        "MATCH (u:Unit)<-[:HOLDS_POST]-() RETURN u.unit_id AS id, u.name AS name LIMIT 1"
    )[0]
    at = page("unit", id=unit["id"]).run()
    no_errors(at)
    assert at.title[0].value == f"{unit['name']} · {unit['id']}"
    people = next(d.value for d in at.dataframe if "职务" in d.value.columns)
    assert all("./person?id=" in x for x in people.iloc[:, 0])
    assert entries(audit_log)[-1]["action"] == "view_unit"


def test_query_page_reads_and_refuses_writes(city: dict, audit_log: Path) -> None:
    db = city["db"]
    before = reads.node_counts(db)
    at = page("query").run()
    no_errors(at)
    at.text_area(key="query_text").set_value("MATCH (p:Person) RETURN p.name AS name")
    at.text_input(key="query_params").set_value("")
    at.number_input(key="query_limit").set_value(7)
    at.button(key="query_run").click().run()
    no_errors(at)
    assert len(at.dataframe[0].value) == 7
    assert "仅显示前 7 行" in at.warning[0].value
    at.text_area(key="query_text").set_value("CREATE (:Unit {unit_id: $id})")
    at.text_input(key="query_params").set_value('{"id": "INJECTED"}')
    at.button(key="query_run").click().run()
    assert not at.exception
    assert "查询被拒绝" in at.error[0].value
    assert "此查询会写入数据" in at.error[0].value
    assert reads.node_counts(db) == before
    # no rows: the count says so, and no empty table (which says "empty" in English)
    at.text_area(key="query_text").set_value("MATCH (p:Person {pid: 'nobody'}) RETURN p.name AS x")
    at.text_input(key="query_params").set_value("")
    at.button(key="query_run").click().run()
    no_errors(at)
    assert any("共 **0** 行" in m.value for m in at.markdown) and not at.dataframe
    logged = entries(audit_log)
    assert [e["action"] for e in logged] == ["adhoc_query", "adhoc_query", "adhoc_query"]
    assert logged[1]["target"].startswith("CREATE") and logged[1]["detail"]["params"] == {
        "id": "INJECTED"
    }


def test_read_only_query_function(city: dict) -> None:
    db = city["db"]
    result = run_read_only(db, "MATCH (p:Person) RETURN p LIMIT 3", limit=10)
    assert len(result.rows) == 3 and not result.truncated
    assert all("id_hash" not in row["p"] for row in result.rows)
    with pytest.raises(QueryRefused, match="id_hash"):  # tests/security/test_query_guard.py
        run_read_only(db, "MATCH (p:Person) RETURN p.id_hash LIMIT 1")
    for write in ("CREATE (n:Unit {unit_id: 'X'})", "MATCH (n:Unit) SET n.name = 'x'",
                  "MATCH (n) DETACH DELETE n"):  # fmt: skip
        with pytest.raises(QueryRefused, match="查询被拒绝"):
            run_read_only(db, write)
    assert reads.node_counts(db)["Unit"] > 0


def test_data_page_shows_model_sources_and_decides_matches(city: dict, audit_log: Path) -> None:
    db = city["db"]
    pending = identity.list_matches(db, "pending", limit=100)
    at = page("data").run()
    no_errors(at)
    assert any("Person" in m.value and "pid" in m.value for m in at.markdown)  # docs/model.md
    files = {s["name"] for s in reads.sources(db, 1000)}
    assert any(set(d.value.iloc[:, 0]) == files for d in at.dataframe)
    if not pending:
        pytest.skip("the sample city has no possible match to decide")
    first = pending[0]["match_id"]
    at.button(key=f"confirm-{first}").click().run()
    no_errors(at)
    decided = {m["match_id"]: m for m in identity.list_matches(db, None)}
    assert decided[first]["status"] == "confirmed"
    assert decided[first]["decided_by"] == "测试调查员"
    assert [e["action"] for e in entries(audit_log)][-1] == "decide_match"
    # the decision leaves the pending list, and the audit log is shown
    assert all(b.key != f"confirm-{first}" for b in at.button)


# ---------------------------------------------------------------- in a real browser

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
DOCS = Path(__file__).resolve().parents[2] / "docs"
# The README's pictures are rewritten only on request, so a test run leaves the tree clean.
SCREENSHOTS_ENV = "OVERSIGHT_UPDATE_SCREENSHOTS"


def screenshot_path(name: str, tmp_path: Path) -> Path:
    return (DOCS if os.environ.get(SCREENSHOTS_ENV) else tmp_path) / name


# Two different Chinese characters drawn on a canvas: without a CJK font both are the same
# "missing glyph" box, so identical pixels mean the Chinese does not render.
GLYPHS_DIFFER = """() => {
  const draw = (ch) => {
    const c = document.createElement('canvas'); c.width = 64; c.height = 64;
    const g = c.getContext('2d'); g.font = '48px sans-serif'; g.fillText(ch, 4, 52);
    return Array.from(g.getImageData(0, 0, 64, 64).data).join(',');
  };
  return draw('监') !== draw('督') && draw('监') !== draw(' ');
}"""


def start_serving(args: list[str], env: dict[str, str], log_path: Path) -> tuple[Any, str]:
    """Run `oversight ARGS` (its own process group) and wait until Streamlit is healthy."""
    port = args[args.index("--port") + 1]
    oversight = Path(sys.executable).with_name("oversight")
    with log_path.open("wb") as log:
        process = subprocess.Popen(
            [str(oversight), *args],
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 90
    while True:
        try:
            with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as answer:
                if answer.read().strip() == b"ok":
                    return process, url
        except OSError:
            pass
        if process.poll() is not None or time.monotonic() > deadline:
            stop_serving(process)
            raise AssertionError(log_path.read_text(errors="replace"))
        time.sleep(0.5)


def stop_serving(process: Any) -> None:
    if process.poll() is None:
        os.killpg(process.pid, signal.SIGTERM)
    process.wait(timeout=30)


def test_demo_serves_a_loaded_graph_without_reloading(city: dict, tmp_path: Path) -> None:
    db = city["db"]
    before = reads.node_counts(db)
    env = {**os.environ, "NEO4J_URI": db.settings.uri, "OVERSIGHT_AUDIT_LOG": str(tmp_path / "a")}
    port = str(free_port())
    process, url = start_serving(["demo", "--port", port], env, tmp_path / "demo.log")
    try:
        with urllib.request.urlopen(url, timeout=10) as answer:
            assert answer.status == 200
    finally:
        stop_serving(process)
    assert reads.node_counts(db) == before
    log = (tmp_path / "demo.log").read_text(encoding="utf-8", errors="replace")
    assert f"http://127.0.0.1:{port}" in log
    assert "加载模拟数据" not in log


def served_tmp(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The temporary folder of the app `served` runs."""
    folder = tmp_path_factory.getbasetemp() / "served-tmp"
    folder.mkdir(exist_ok=True)
    return folder


@pytest.fixture(scope="module")
def served(city: dict, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """`oversight serve` on a free port, against the test server holding the city."""
    if not CHROMIUM.exists():
        pytest.skip(
            "Debian's chromium is not installed (/usr/bin/chromium): apt-get install chromium"
        )
    pytest.importorskip("playwright")
    port = free_port()
    logs = tmp_path_factory.mktemp("serve")
    env = {
        **os.environ,
        "NEO4J_URI": city["db"].settings.uri,
        "OVERSIGHT_AUDIT_LOG": str(logs / "audit.jsonl"),
        "OVERSIGHT_AUDIT_KEY": str(logs / "audit.key"),
        # the import page's staging folders, where a test can see them come and go
        "TMPDIR": str(served_tmp(tmp_path_factory)),
    }
    process, url = start_serving(["serve", "--port", str(port)], env, logs / "serve.log")
    try:
        yield url
    finally:
        stop_serving(process)


def session_cookie(context: Any) -> dict[str, Any] | None:
    return next((c for c in context.cookies() if c["name"] == sessions.COOKIE), None)


def wait_for_cookie(context: Any, present: bool, seconds: float = 60) -> dict[str, Any] | None:
    deadline = time.monotonic() + seconds
    while True:
        cookie = session_cookie(context)
        if (cookie is not None) == present or time.monotonic() > deadline:
            return cookie
        time.sleep(0.5)


def wait_until_logged_in(page: Any) -> None:
    """The login is done when the page says so and the browser holds the session cookie.
    The cookie comes a moment after the page (a script in a component's frame trades a
    one-time code for it, app/ui/login.py): a page opened before then in the same browser
    shows the login form. In the CI run of 2026-11-30 a busy machine did just that."""
    page.get_by_text(re.compile("已登录|Logged in:")).first.wait_for(timeout=60_000)
    assert wait_for_cookie(page.context, present=True) is not None, (
        "no session cookie after the login"
    )


def log_in(page: Any, url: str, name: str = "测试调查员", password: str = APP_PASSWORD) -> None:
    """Open `url` in a fresh tab: the login form comes first; fill it in as a user would."""
    page.goto(url, wait_until="domcontentloaded")
    page.get_by_label("用户名").fill(name, timeout=90_000)
    page.get_by_label("密码").fill(password)
    page.get_by_role("button", name="登录").click()
    wait_until_logged_in(page)


@pytest.fixture(scope="module")
def browser(served: str) -> Iterator[Any]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.mark.browser
def test_browser_overview_renders_chinese(
    served: str, browser: Any, city: dict, tmp_path: Path
) -> None:
    page = browser.new_page(viewport={"width": 1400, "height": 1100}, locale="zh-CN")
    log_in(page, f"{served}/?as_of={city['truth']['as_of']}")
    page.get_by_text("数据新鲜度").wait_for(timeout=240_000)
    page.get_by_text("线索总数").wait_for(timeout=240_000)
    page.wait_for_timeout(1500)
    assert page.evaluate(GLYPHS_DIFFER), "Chinese characters render as boxes: no CJK font"
    body = page.inner_text("body")
    assert "总览" in body and "风险线索" in body and "关系图谱" in body
    flags = run_all(city["db"], city["truth"]["as_of"])
    assert f"{len(flags):,}" in body
    page.close()


@pytest.mark.browser
def test_browser_flags_open_a_flag_by_its_row(served: str, browser: Any, city: dict) -> None:
    from tests.app.test_workspace_browser import click_row, drawn

    page = browser.new_page(viewport={"width": 1400, "height": 2000}, locale="zh-CN")
    log_in(page, f"{served}/flags?as_of={city['truth']['as_of']}")
    page.get_by_text("条线索").first.wait_for(timeout=240_000)
    click_row(page, 0)
    page.wait_for_url("**/flag?**", timeout=240_000)
    page.get_by_text("各节点的来源登记行").wait_for(timeout=120_000)
    assert drawn(page) > 2000
    page.close()


@pytest.mark.parametrize(
    ("name", "title"),
    [
        ("overview", "Overview"),
        ("flags", "Flags"),
        ("risk", "Power & risk"),
        ("explore", "Graph explorer"),
        ("person", "Leader dossier"),
        ("query", "Ad-hoc query"),
        ("data", "Data & model"),
    ],
)
def test_every_page_speaks_english_on_the_switch(city: dict, name: str, title: str) -> None:
    at = page(name).run()
    no_errors(at)
    assert re.search(r"[\u4e00-\u9fff]", at.title[0].value)  # Chinese first
    at.sidebar.radio[0].set_value("en").run()
    no_errors(at)
    assert at.title[0].value == title
    assert not re.search(r"[\u4e00-\u9fff]", at.title[0].value)


PAGE_PATHS = ("overview", "flags", "risk", "explore", "query", "data", "audit")


@pytest.mark.browser
@pytest.mark.parametrize("path", PAGE_PATHS)
def test_browser_every_page_asks_for_a_login_first(served: str, browser: Any, path: str) -> None:
    context = browser.new_context(locale="zh-CN")  # a fresh browser: no session
    page = context.new_page()
    page.goto(f"{served}/{path}?pid=P0001", wait_until="domcontentloaded")
    page.get_by_label("密码").wait_for(timeout=90_000)
    page.wait_for_timeout(1000)
    assert page.locator("h1").all_inner_texts() == ["登录"]
    body = page.inner_text("body")
    # nothing of the page: no menu, no figures, no table, no query box
    for word in ("总览", "风险线索", "运行规则", "数据库运行中", "审计日志", "自定义查询"):
        assert word not in body, (path, word)
    assert page.locator("[data-testid='stDataFrame']").count() == 0
    assert page.locator("textarea").count() == 0
    context.close()


@pytest.mark.browser
def test_browser_login_goes_to_the_page_asked_for_and_a_viewer_is_refused(
    served: str, browser: Any
) -> None:
    context = browser.new_context(locale="zh-CN")
    page = context.new_page()
    log_in(page, f"{served}/flags?as_of=2024-12-31")
    page.get_by_role("button", name="运行规则").wait_for(timeout=60_000)
    assert "/flags?" in page.url and "as_of=2024-12-31" in page.url  # (and lang=zh)
    context.close()
    # a viewer: the menu offers only the viewer's pages; the query box by URL is refused
    context = browser.new_context(locale="zh-CN")
    page = context.new_page()
    log_in(page, f"{served}/query", name="viewer1")
    page.get_by_text("无权限").wait_for(timeout=60_000)
    assert page.locator("textarea").count() == 0
    menu = page.locator("[data-testid='stSidebarNav']").inner_text()
    assert "总览" in menu and "风险线索" in menu
    assert "查询" not in menu and "审计" not in menu and "人员/单位" not in menu
    # logging out ends the session: the page asks for the login again
    page.get_by_role("button", name="退出登录").click()
    page.get_by_label("密码").wait_for(timeout=60_000)
    context.close()


@pytest.mark.browser
def test_browser_wrong_passwords_lock_the_account(served: str, browser: Any) -> None:
    context = browser.new_context(locale="zh-CN")
    page = context.new_page()
    page.goto(served, wait_until="domcontentloaded")
    for attempt in range(5):
        page.get_by_label("用户名").fill("officer1", timeout=90_000)
        page.get_by_label("密码").fill(f"not the password {attempt}")
        page.get_by_role("button", name="登录").click()
        # each answer replaces the last: wait for this one before the next try
        page.wait_for_timeout(2500)
        page.get_by_text("用户名或密码错误" if attempt < 4 else "已锁定").wait_for(timeout=60_000)
    page.get_by_label("用户名").fill("officer1")
    page.get_by_label("密码").fill(APP_PASSWORD)
    page.get_by_role("button", name="登录").click()
    page.get_by_text("已锁定").wait_for(timeout=60_000)
    assert "已登录" not in page.inner_text("body")
    context.close()


def test_the_english_flag_page_shows_the_english_basis(city: dict) -> None:
    """Issue 10 item 8: one language at a time; the rule's policy basis follows the switch."""
    from app.ui.cached import flag_id
    from queries.catalogue import CATALOGUE

    as_of = city["truth"]["as_of"]
    flag = next(f for f in run_all(city["db"], dt.date.fromisoformat(as_of)) if f.rule == "COI-1")
    rule = CATALOGUE[flag.rule]
    at = page("flag", id=flag_id(flag), as_of=as_of).run()
    no_errors(at)
    captions = " ".join(c.value for c in at.caption)
    assert rule.basis_zh in captions and rule.basis_en not in captions
    at.sidebar.radio[0].set_value("en").run()
    no_errors(at)
    captions = " ".join(c.value for c in at.caption)
    assert rule.basis_en in captions
    assert rule.basis_zh not in captions and "《" not in captions


def test_the_rules_page_shows_the_basis_in_the_chosen_language(city: dict) -> None:
    from queries.catalogue import CATALOGUE

    at = page("rules").run()
    no_errors(at)
    rule = CATALOGUE[at.selectbox(key="rules_rule").value]
    assert any(rule.basis_zh in c.value for c in at.caption)
    at.sidebar.radio[0].set_value("en").run()
    no_errors(at)
    captions = " ".join(c.value for c in at.caption)
    assert rule.basis_en in captions and rule.basis_zh not in captions


def test_the_rules_page_says_what_no_kinship_class_means(city: dict) -> None:
    at = page("rules").run()
    at.selectbox(key="rules_rule").set_value("COI-1").run()
    no_errors(at)
    kinship = at.multiselect(key="rule-COI-1-kinship")
    assert kinship.placeholder == "未选择亲属类别（不计任何亲属）"
