"""Audit log, locales and the serve command: no database needed."""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from app import audit
from app.cli import cli
from app.commands.serve import SERVED_SCRIPT, streamlit_command
from app.i18n import LANGUAGES, messages, translate

APP_DIR = Path(__file__).resolve().parents[2] / "app"


def test_audit_appends_json_lines_with_user_and_time(audit_log: Path) -> None:
    audit.record("view_person", target="P001", detail={"name": "张三"})
    audit.record_report("flags", as_of="2024-12-31", rules=["COI-1"])
    lines = audit_log.read_text(encoding="utf-8").splitlines()
    assert len(lines) == 2
    first, second = (json.loads(line) for line in lines)
    assert first["action"] == "view_person" and first["target"] == "P001"
    # the CLI's user is the OS account; $OVERSIGHT_USER is kept as a claim only
    assert first["user"] == audit.os_user() and first["claimed"] == "测试调查员"
    assert first["via"] == "app"
    assert first["detail"] == {"name": "张三"}
    assert re.match(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+00:00$", first["at"])
    assert second["action"] == "run_flags" and second["via"] == "cli"
    assert second["detail"] == {"as_of": "2024-12-31", "rules": ["COI-1"]}
    # newest first, and only the owner may read the log
    assert [e["action"] for e in audit.read_entries()] == ["run_flags", "view_person"]
    assert audit_log.stat().st_mode & 0o077 == 0


def test_audit_never_rewrites_earlier_entries(audit_log: Path) -> None:
    audit_log.write_text('{"action": "earlier"}\nnot json\n', encoding="utf-8")
    audit.record("adhoc_query", target="MATCH (n) RETURN n")
    text = audit_log.read_text(encoding="utf-8")
    assert text.startswith('{"action": "earlier"}\nnot json\n')
    assert [e["action"] for e in audit.read_entries()] == ["adhoc_query", "earlier"]


def test_audit_user_falls_back_to_the_os_user(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("OVERSIGHT_USER")
    assert audit.current_user()
    assert audit.make_entry("run_risk")["user"] == audit.current_user()
    with pytest.raises(ValueError):
        audit.make_entry("looked_around")


def test_default_audit_path_is_in_the_user_data_dir(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("OVERSIGHT_AUDIT_LOG")
    path = audit.log_path()
    assert path.name == "audit.jsonl" and "oversight" in str(path)


def test_locales_hold_the_same_keys_and_every_key_the_app_uses() -> None:
    zh, en = messages("zh"), messages("en")
    assert set(zh) == set(en)
    used: set[str] = set()
    for path in [*APP_DIR.glob("ui/*.py"), APP_DIR / "streamlit_app.py"]:
        source = path.read_text(encoding="utf-8")
        # every dotted lower-case literal is a locale key, except file names
        literals = re.findall(r"""["']([a-z]+\.[a-z_]+)["']""", source)
        used |= {k for k in literals if k.rsplit(".", 1)[1] not in ("md", "csv", "xlsx", "yaml")}
    assert len(used) > 100
    assert sorted(k for k in used if k not in zh) == []


def test_every_label_and_relationship_of_the_model_has_words() -> None:
    model = (APP_DIR.parent / "docs" / "model.md").read_text(encoding="utf-8")
    labels = set(re.findall(r"^\| `([A-Z][A-Za-z]+)` \| `", model, re.M))
    types = set(re.findall(r"^\| `([A-Z_]+)`(?: / `([A-Z_]+)`)? \|", model, re.M))
    names = {t for pair in types for t in pair if t}
    assert labels and names
    for lang in LANGUAGES:
        table = messages(lang)
        assert {f"label.{x}" for x in labels} <= set(table), lang
        assert {f"rel.{x}" for x in names} <= set(table), lang


def test_the_chinese_model_page_covers_the_english_one_in_the_apps_words() -> None:
    from app.ui.data import model_text

    english = (APP_DIR.parent / "docs" / "model.md").read_text(encoding="utf-8")
    chinese = (APP_DIR.parent / "docs" / "model.zh.md").read_text(encoding="utf-8")
    zh = messages("zh")
    labels = set(re.findall(r"^\| `([A-Z][A-Za-z]+)` \| `", english, re.M))
    rows = re.findall(r"^\| `([A-Z][A-Za-z_]+)`(?: / `([A-Z_]+)`)? \| ([^|]+) \|", chinese, re.M)
    named = {row[0]: row[2].strip() for row in rows}
    assert len(labels) >= 13
    for label in labels:  # every node kind, under the name the app gives it
        assert named.get(label) == zh[f"label.{label}"], label
    for pair in re.findall(r"^\| `([A-Z_]+)`(?: / `([A-Z_]+)`)? \|", english, re.M):
        first = pair[0]
        if first in labels:
            continue
        assert first in named, first
        assert named[first].split(" / ")[0] == zh[f"rel.{first}"], first
    shown = model_text("zh")
    assert shown is not None and shown.startswith("# 图谱模型")
    assert "### units 单位名录" in shown and "The graph model" not in shown
    assert model_text("en") == english


def test_translate_fills_placeholders_and_falls_back() -> None:
    assert translate(
        "flags.count", "zh", n=3, as_of="2024-12-31", high=1, medium=1, low=1
    ).startswith("截至 2024-12-31")
    assert translate("nav.overview", "en") == "Overview"
    assert translate("no.such_key", "en") == "no.such_key"


def test_serve_runs_streamlit_headless_on_the_given_port_and_address() -> None:
    command = streamlit_command(8765, "0.0.0.0")
    assert command[:4] == [sys.executable, "-m", "streamlit", "run"]
    assert command[4] == str(SERVED_SCRIPT) and SERVED_SCRIPT.exists()
    joined = " ".join(command)
    assert "--server.headless true" in joined
    assert "--server.port 8765" in joined and "--server.address 0.0.0.0" in joined


def test_serve_and_demo_are_registered() -> None:
    runner = CliRunner()
    for name in ("serve", "demo"):
        result = runner.invoke(cli, [name, "--help"])
        assert result.exit_code == 0, result.output
        assert "--port" in result.output
    assert "--address" in runner.invoke(cli, ["serve", "--help"]).output
    assert "--home" in runner.invoke(cli, ["demo", "--help"]).output


def test_uploaded_names_are_never_paths() -> None:
    from app.ui.imports import safe_name

    assert safe_name("人员名册.csv") == "人员名册.csv"
    assert safe_name("../../etc/passwd") == "passwd"
    assert safe_name("C:\\Users\\x\\单位名录.xlsx") == "单位名录.xlsx"
    assert safe_name("/abs/path/监督活动.csv") == "监督活动.csv"
    assert safe_name("..") is None and safe_name("") is None and safe_name(".hidden.csv") is None
    assert "/" not in (safe_name("a/b;rm -rf.csv") or "") and " " not in safe_name("a b.csv")


def test_registry_text_is_escaped_for_markdown() -> None:
    from app.ui.links import esc

    assert esc("![b](http://x/beacon.png)") == r"\!\[b\]\(http\:\/\/x/beacon\.png\)".replace(
        "\\/", "/"
    )
    assert esc("张三") == "张三" and esc(None) == ""
    assert "[" not in esc("[link](javascript:alert(1))").replace("\\[", "")


def test_shortest_path_sentence_and_captions() -> None:
    from app.ui import explore, viz

    rel = {"type": "SHAREHOLDER_OF", "start": "b", "end": "c",
           "properties": {"pct": 35.0, "since": "2019-03-01"}}  # fmt: skip
    assert viz.rel_caption(rel) == "持股 · 35% · 2019-03-01—"
    path = {
        "nodes": [{"id": "a", "caption": "张三"}, {"id": "b", "caption": "李四"},
                  {"id": "c", "caption": "某公司"}],
        "relationships": [{"type": "HAS_RELATIVE", "start": "a", "end": "b",
                           "properties": {"relation": "妻子"}}, rel],
    }  # fmt: skip
    text = explore.sentence(path)
    assert text.startswith("张三 —亲属 · 妻子— **李四**") and text.endswith("**某公司**")


def test_stale_staging_folders_are_removed(tmp_path: Path) -> None:
    """A session that ended between a check and a load leaves its uploads (身份证号 in clear) in
    a staging folder: the next check removes it once it is STALE_AFTER old, and nothing else."""
    import os

    from app.ui.imports import STAGING_PREFIX, STALE_AFTER, remove_stale

    old = tmp_path / f"{STAGING_PREFIX}old"
    fresh = tmp_path / f"{STAGING_PREFIX}fresh"
    other = tmp_path / "someone-else"
    for folder in (old, fresh, other):
        folder.mkdir()
        (folder / "人员名册.csv").write_text("身份证号\n", encoding="utf-8")
    link = tmp_path / f"{STAGING_PREFIX}link"
    link.symlink_to(other)
    now = 1_000_000_000.0
    for path in (old, other):
        os.utime(path, (now - STALE_AFTER - 1, now - STALE_AFTER - 1))
    os.utime(fresh, (now - 60, now - 60))
    os.utime(link, (now - STALE_AFTER - 1, now - STALE_AFTER - 1), follow_symlinks=False)
    assert remove_stale(tmp_path, now=now) == [old]
    assert not old.exists() and fresh.exists() and other.exists() and link.is_symlink()


def test_history_tables_leave_missing_values_empty() -> None:
    """The dossier's company table once showed a faint "None" (and a missing share "nan")."""
    import pandas as pd

    from app.ui.shell import HISTORY_STYLE, history_frame

    frame = pd.DataFrame([{"企业": "甲公司", "持股": 30.0, "经由": None},
                          {"企业": "乙公司", "持股": None, "经由": ["丙公司", "丁公司"]}])  # fmt: skip
    styled = history_frame(frame, [False, True])
    assert styled.data.to_dict("records") == [
        {"企业": "甲公司", "持股": "30.0", "经由": ""},
        {"企业": "乙公司", "持股": "", "经由": "丙公司、丁公司"},
    ]
    html = styled.to_html()
    assert HISTORY_STYLE in html and "None" not in html and "nan" not in html


def test_dossier_timeline_dates_are_numeric_in_chinese() -> None:
    """Vega-Lite's default axis names months in English ("January"): the timeline's axes and
    tooltips give numeric dates, in the reader's form."""
    import datetime as dt

    from app.dossier import Dossier
    from app.ui.person import timeline_chart

    post = {"start_date": dt.date(2020, 1, 1), "unit": "甲局", "title": "局长", "role": "一把手"}
    event = {"date": dt.date(2023, 3, 1), "label": "Complaint", "what": "举报", "id": "C1"}
    d = Dossier(pid="P1", as_of=dt.date(2024, 6, 30), person={}, posts=[post], duties=[],
                relatives=[], companies=[], events=[event], contracts=[], flags=[])  # fmt: skip
    chart = timeline_chart(d)
    assert chart is not None
    layers = chart.to_dict()["layer"]
    assert [layer["encoding"]["x"]["axis"]["format"] for layer in layers] == ["%Y年%-m月"] * 3
    tooltips = [tip for layer in layers[:2] for tip in layer["encoding"]["tooltip"]]
    assert [tip.get("format") for tip in tooltips if tip["type"] == "temporal"] == ["%Y-%m-%d"] * 3
