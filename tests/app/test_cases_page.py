"""线索处置 in the app: the queue and the case page (AppTest), and in Debian's Chromium the
path queue → case → status change → report download, against the real Neo4j with the city."""

from __future__ import annotations

import datetime as dt
import json
import os
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from streamlit.testing.v1 import AppTest
from test_app_pages import (
    CHROMIUM,
    CHROMIUM_ARGS,
    GLYPHS_DIFFER,
    log_in,
    start_serving,
    stop_serving,
)

from app import audit
from app.roles import SESSION_KEY
from graph.server import free_port
from queries.casework import ledger
from queries.runner import run_all
from tests.app.conftest import session_of

TIMEOUT = 180


@pytest.fixture(scope="module")
def recorded(city: dict) -> dict:
    """One recorded run of every rule on the city (the CLI's `oversight flags`)."""
    db = city["db"]
    as_of = dt.date.fromisoformat(city["truth"]["as_of"])
    run = ledger.record_run(db, run_all(db, as_of), actor="测试", as_of=as_of)
    return {**city, "run": run}


def page(render: str, query: dict[str, str] | None = None) -> AppTest:
    script = (
        "from app.ui.shell import language_switch, run_guarded\n"
        "from app.ui import cases\n"
        "language_switch()\n"
        f"run_guarded(cases.{render})\n"
    )
    at = AppTest.from_string(script, default_timeout=TIMEOUT)
    at.session_state[SESSION_KEY] = session_of()  # logged in as the test admin
    for key, value in (query or {}).items():
        at.query_params[key] = value
    return at


def no_errors(at: AppTest) -> None:
    assert not at.exception, [e.value for e in at.exception]
    assert not at.error, [e.value for e in at.error]


def test_queue_counts_and_filters(recorded: dict) -> None:
    db = recorded["db"]
    at = page("render_queue").run()
    no_errors(at)
    assert at.title[0].value == "线索处置"
    counts = ledger.case_counts_by_status(db)
    metrics = {m.label: m.value for m in at.metric}
    assert metrics["新线索"] == str(counts["new"]["active"]) and counts["new"]["active"] > 30
    assert len(at.dataframe[0].value) == sum(c["active"] for c in counts.values())
    at.selectbox(key="cases_rule").set_value("COI-1").run()
    no_errors(at)
    assert set(at.dataframe[0].value["规则"]) == {"COI-1"}
    at.sidebar.radio[0].set_value("en").run()
    no_errors(at)
    assert at.title[0].value == "Cases" and "New" in {m.label for m in at.metric}


def test_case_page_refuses_a_dismissal_without_reason_and_a_stale_version(
    recorded: dict, audit_log: Path
) -> None:
    db = recorded["db"]
    case = ledger.list_cases(db, rule="PWR-2", status="new")[0]
    at = page("render_case", {"id": case["case_id"]}).run()
    no_errors(at)
    assert case["case_id"] in at.subheader[0].value
    at.selectbox(key="case_status").set_value("dismissed")
    at.button(key="case_submit").click().run()
    assert any("reason" in e.value for e in at.error), [e.value for e in at.error]
    assert ledger.get_case(db, case["case_id"])["version"] == case["version"]
    # Someone else changes the case meanwhile: this reader's save is refused, not merged.
    ledger.set_case(db, case["case_id"], case["version"], ledger_change("别人"), "别人")
    at.selectbox(key="case_status").set_value("reviewing")
    at.button(key="case_submit").click().run()
    assert any("已被他人修改" in e.value for e in at.error), [e.value for e in at.error]
    now = ledger.get_case(db, case["case_id"])
    assert now["status"] == "new" and now["assignee"] == "别人"
    actions = [json.loads(x)["action"] for x in audit_log.read_text().splitlines()]
    assert actions == ["view_case"]


def ledger_change(who: str) -> Any:
    from queries.casework.model import Change

    return Change(assignee=who)


# ---------------------------------------------------------------- in a real browser


@pytest.fixture(scope="module")
def served(recorded: dict, tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict]:
    if not CHROMIUM.exists():
        pytest.skip("Debian's chromium is not installed (/usr/bin/chromium)")
    pytest.importorskip("playwright")
    logs = tmp_path_factory.mktemp("serve-cases")
    env = {
        **os.environ,
        "NEO4J_URI": recorded["db"].settings.uri,
        "OVERSIGHT_AUDIT_LOG": str(logs / "audit.jsonl"),
        "OVERSIGHT_AUDIT_KEY": str(logs / "audit.key"),
    }
    port = str(free_port())
    process, url = start_serving(["serve", "--port", port], env, logs / "serve.log")
    try:
        yield {"url": url, "audit": logs / "audit.jsonl"}
    finally:
        stop_serving(process)


def _audited(log: Path, action: str, seconds: float = 60) -> None:
    """Wait until the audit log records `action`."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if any(json.loads(x)["action"] == action for x in log.read_text("utf-8").splitlines()):
            return
        time.sleep(0.25)
    raise AssertionError(f"no {action} in the audit log after {seconds} s")


def _shown(page: Any, text: str) -> None:
    """Wait for `text` (the page takes about 2 s); on failure, say what the page showed."""
    from playwright.sync_api import TimeoutError as PlaywrightTimeout

    try:
        page.get_by_text(text).first.wait_for(timeout=120_000)
    except PlaywrightTimeout:
        shown = page.inner_text("body")[:1500]
        raise AssertionError(
            f"{text!r} not shown at {page.url}; the page showed:\n{shown}"
        ) from None


@pytest.mark.browser
def test_browser_queue_case_status_report(served: dict, recorded: dict, tmp_path: Path) -> None:
    from playwright.sync_api import sync_playwright

    db = recorded["db"]
    case = next(c for c in ledger.list_cases(db, rule="COI-1", status="new"))
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            page = browser.new_page(viewport={"width": 1400, "height": 1800}, locale="zh-CN")
            log_in(page, f"{served['url']}/cases")
            page.get_by_text("批量指派").first.wait_for(timeout=120_000)
            assert page.evaluate(GLYPHS_DIFFER), "Chinese renders as boxes: no CJK font"
            body = page.inner_text("body")
            assert "线索处置" in body and "新线索" in body
            # queue → case: the page of one case, at /case?id=… (the login cookie carries over)
            case_url = f"{served['url']}/case?id={case['case_id']}"
            page.goto(case_url, wait_until="domcontentloaded")
            _shown(page, "处置历史")
            assert case["case_id"] in page.inner_text("body")
            # status change: 新线索 → 核查中, with a note
            page.get_by_role("combobox", name="处置状态").click()
            page.get_by_role("option", name="核查中").click()
            page.get_by_label("追加备注").fill("已调阅合同，待核实亲属关系")
            page.get_by_role("button", name="保存").click()
            page.get_by_text("已保存（第 2 版）").wait_for(timeout=60_000)
            now = ledger.get_case(db, case["case_id"])
            assert now["status"] == "reviewing" and now["version"] == 2
            assert [n["text"] for n in now["notes"]] == ["已调阅合同，待核实亲属关系"]
            assert now["notes"][0]["author"] == "测试调查员"
            # the printable report, downloaded
            button = page.get_by_role("button", name="下载报告（HTML，可打印）")
            with page.expect_download(timeout=60_000) as download:
                button.click()
            saved = tmp_path / "report.html"
            download.value.save_as(saved)
            html = saved.read_text(encoding="utf-8")
            assert "线索核查报告" in html and "<svg" in html and "核查中" in html
            assert "已调阅合同" in html
            # the button's record is written by the rerun its click asks the server for, which
            # the download does not wait for: the page stays open until it is in the log
            _audited(served["audit"], "case_report")
            page.close()
        finally:
            browser.close()
    logged = [json.loads(x) for x in served["audit"].read_text(encoding="utf-8").splitlines()]
    actions = [e["action"] for e in logged]
    assert "view_case" in actions and "update_case" in actions and "case_report" in actions
    assert audit.ACTIONS["update_case"][0] == "处置线索"
