# ruff: noqa: F811  (the browser fixtures are imported from test_app_pages and used by name)
"""The investigators' workspace in a real browser (Debian's Chromium through Playwright),
against `oversight serve` on the test server holding the sample city: an investigator's
path from the overview to a flagged leader's dossier, his flags, one flag's evidence graph,
the graph explorer (expand a node, the path to a supplier) and the export; every address
opened directly; the language switch keeping the page; registry text shown as text.

Page timings are printed (`-s` shows them) and recorded in docs/BENCHMARKS.md."""

from __future__ import annotations

import datetime as dt
import io
import re
import time
import urllib.parse
from typing import Any

import pytest

from app import reads
from app.ui import cached
from queries.runner import run_all
from tests.app.conftest import APP_PASSWORD
from tests.app.test_app_pages import (  # noqa: F401 (fixtures used by name)
    browser,
    screenshot_path,
    served,
    served_tmp,
)

pytestmark = pytest.mark.browser
LOAD = 240_000  # ms: the first render computes the flags and the power index (cold cache)
TIMINGS: dict[str, float] = {}


def open_page(browser: Any, height: int = 1600) -> Any:
    return browser.new_page(viewport={"width": 1400, "height": height}, locale="zh-CN")


def visit(page: Any, url: str, submit: bool = True) -> bool:
    """Open `url` as a user would: in a fresh browser the login form comes first (filled in
    as the test admin), later addresses in the same browser carry the login cookie; then the
    page asked for. Whether the login form was there."""
    page.goto(url, wait_until="domcontentloaded")
    form = page.get_by_label(re.compile("用户名|User name"))
    inside = page.get_by_text(re.compile("已登录|Logged in:"))
    form.or_(inside).first.wait_for(timeout=LOAD)
    if form.count() == 0:
        return False
    form.fill("测试调查员", timeout=LOAD)
    page.get_by_label(re.compile("密码|Password")).fill(APP_PASSWORD)
    if submit:
        page.get_by_role("button", name=re.compile("登录|Log in")).click()
    return True


def timed(name: str, page: Any, url: str, marker: str) -> float:
    """Open `url` and wait for `marker`; the seconds it took from the login's submission (or
    from the address, when the browser is logged in already)."""
    start = time.monotonic()
    if visit(page, url, submit=False):
        start = time.monotonic()
        page.get_by_role("button", name=re.compile("登录|Log in")).click()
    page.get_by_text(marker).first.wait_for(timeout=LOAD)
    seconds = time.monotonic() - start
    TIMINGS[name] = seconds
    print(f"\n[timing] {name}: {seconds:.2f} s")
    return seconds


def table_text(page: Any, expected: str, seconds: int = 60) -> str:
    """The accessible text of the page's first table once it holds `expected` (or whatever it
    holds after `seconds`, for the assertion to show)."""
    text = ""
    for _ in range(seconds * 2):
        text = page.locator('[data-testid="stDataFrame"]').first.text_content() or ""
        if expected in text:
            break
        page.wait_for_timeout(500)
    return text


def drawn(page: Any, least: int = 2000) -> int:
    """Coloured pixels in the graph's picture (the canvas may be WebGL, so the pixels are
    read from a screenshot of it): a blank or grey canvas has none."""
    from PIL import Image

    page.locator("canvas").first.wait_for(timeout=LOAD)
    pixels = 0
    for _ in range(30):  # the force layout draws over a few seconds
        page.wait_for_timeout(1000)
        canvases = page.locator("canvas")
        areas = [(canvases.nth(i).bounding_box() or {}) for i in range(canvases.count())]
        biggest = max(
            range(len(areas)), key=lambda i: areas[i].get("width", 0) * areas[i].get("height", 0)
        )
        canvas = canvases.nth(biggest)
        canvas.scroll_into_view_if_needed()
        picture = Image.open(io.BytesIO(canvas.screenshot())).convert("RGB")
        data = picture.tobytes()  # RGB triples
        pixels = sum(
            1 for i in range(0, len(data), 3) if max(data[i : i + 3]) - min(data[i : i + 3]) > 60
        )
        if pixels > least:
            break
    return pixels


def click_row(page: Any, table: int, row: int = 0) -> None:
    """Select a row of the table-th st.dataframe by its selection column."""
    grid = page.locator('[data-testid="stDataFrame"]').nth(table)
    grid.scroll_into_view_if_needed()
    box = grid.bounding_box()
    page.mouse.click(box["x"] + 15, box["y"] + 35 * (row + 1) + 17)


@pytest.fixture(scope="module")
def as_of(city: dict) -> str:
    return city["truth"]["as_of"]


@pytest.fixture(scope="module")
def warm(served: str, browser: Any, as_of: str) -> str:
    """A first visit computes the flags and the power index for the date (cached after)."""
    page = open_page(browser)
    timed("overview (cold cache)", page, f"{served}/?as_of={as_of}", "数据新鲜度")
    page.close()
    return served


def test_investigator_from_overview_to_export(
    warm: str, browser: Any, city: dict, as_of: str, tmp_path: Any
) -> None:
    db = city["db"]
    day = dt.date.fromisoformat(as_of)
    page = open_page(browser, 1800)
    # 1. the overview, warm: a risk dashboard
    seconds = timed("overview", page, f"{warm}/?as_of={as_of}", "数据新鲜度")
    page.get_by_text("线索总数").first.wait_for(timeout=LOAD)
    body = page.inner_text("body")
    flags = run_all(db, day)
    assert f"{len(flags):,}" in body
    page.wait_for_timeout(2000)
    page.screenshot(path=str(screenshot_path("screenshot.png", tmp_path)), full_page=True)
    assert seconds < 30
    # 2. the leader most at risk: select his row (the first of the first leaders' table)
    start = time.monotonic()
    click_row(page, 0)
    page.wait_for_url("**/person?**", timeout=LOAD)
    page.get_by_text("相关线索").first.wait_for(timeout=LOAD)
    TIMINGS["overview → dossier"] = time.monotonic() - start
    pid = urllib.parse.parse_qs(urllib.parse.urlparse(page.url).query)["id"][0]
    gen = reads.generation(db)
    assert gen
    # his dossier lists his flags (those on him and on the units he leads)
    heading = page.get_by_text(re.compile(r"相关线索（\d+ 条")).first.inner_text()
    count = int(re.search(r"（(\d+) 条", heading).group(1))
    mine = [f for f in flags if f.subject_id == pid]
    assert count >= len(mine) > 0
    page.get_by_text("时间线").first.wait_for(timeout=LOAD)
    page.wait_for_timeout(2500)
    page.screenshot(path=str(screenshot_path("screenshot-dossier.png", tmp_path)), full_page=True)
    dossier_url = page.url
    # 3. one flag's evidence graph: select the first flag's row
    click_row(page, 1)
    page.wait_for_url("**/flag?**", timeout=LOAD)
    page.get_by_text("各节点的来源登记行").wait_for(timeout=LOAD)
    flag_id = urllib.parse.parse_qs(urllib.parse.urlparse(page.url).query)["id"][0]
    assert flag_id.split("~")[0] in {f.rule for f in flags}
    assert {cached.flag_id(f) for f in flags} >= {flag_id}
    pixels = drawn(page)
    page.screenshot(path=str(screenshot_path("screenshot-evidence.png", tmp_path)), full_page=True)
    assert pixels > 2000, pixels
    # back returns to the dossier, with its own address
    page.go_back()
    page.wait_for_url("**/person?**", timeout=LOAD)
    page.get_by_text("相关线索").first.wait_for(timeout=LOAD)
    assert f"id={pid}" in page.url
    # 4. the graph explorer from him: expand a neighbour chosen from the list
    page.get_by_text("在关系图谱中展开").first.click()
    page.wait_for_url("**/explore?**", timeout=LOAD)
    page.get_by_text(re.compile(r"图中 \d+ 个节点")).first.wait_for(timeout=LOAD)
    before = int(re.search(r"图中 (\d+) 个节点", page.inner_text("body")).group(1))
    pixels = drawn(page)
    page.screenshot(path=str(tmp_path / "explore-start.png"), full_page=True)
    assert pixels > 2000, pixels
    page.get_by_text("或从列表中选择节点").first.wait_for(timeout=LOAD)
    picker = page.locator('[data-testid="stMultiSelect"]').last
    picker.click()
    options = page.locator('[role="option"]')
    options.nth(1).wait_for(timeout=30_000)
    chosen = next(
        i for i in range(options.count()) if options.nth(i).inner_text().startswith("单位")
    )
    options.nth(chosen).click()
    page.keyboard.press("Escape")
    page.get_by_role("button", name="展开所选节点").click(timeout=60_000)
    page.wait_for_function(
        f"() => {{ const m = document.body.innerText.match(/图中 (\\d+) 个节点/);"
        f" return m && Number(m[1]) > {before}; }}",
        timeout=LOAD,
    )
    page.wait_for_timeout(3000)
    page.screenshot(path=str(screenshot_path("screenshot-explore.png", tmp_path)), full_page=True)
    # 5. the path from him to a supplier of a unit he held a post in
    supplier = db.read(
        "MATCH (p:Person {pid: $pid})-[:HOLDS_POST|IN_CHARGE_OF]->(:Unit)<-[:BUYER]-(:Contract)"
        "-[:SUPPLIER]->(c:Company) RETURN c.uscc AS uscc, c.name AS name LIMIT 1",
        {"pid": pid},
    )
    assert supplier, "the leader most at risk has no supplier in the sample"
    page.get_by_text("查找到另一人员、单位或企业的路径").first.click()
    search = page.get_by_label("按姓名或编号查找人员、单位").last
    search.fill(supplier[0]["uscc"])
    search.press("Enter")
    page.get_by_text("找到 1 个结果").first.wait_for(timeout=LOAD)
    grid = page.locator('[data-testid="stDataFrame"]').last
    grid.scroll_into_view_if_needed()
    box = grid.bounding_box()
    page.mouse.click(box["x"] + 15, box["y"] + 35 + 17)
    page.wait_for_url(re.compile(r".*to=.*"), timeout=LOAD)
    page.get_by_text(re.compile(r"找到 \d+ 条路径")).first.wait_for(timeout=LOAD)
    found = int(re.search(r"找到 (\d+) 条路径", page.inner_text("body")).group(1))
    assert found > 0
    assert supplier[0]["name"] in page.inner_text("body")
    page.wait_for_timeout(3000)
    page.screenshot(path=str(screenshot_path("screenshot-paths.png", tmp_path)), full_page=True)
    # 6. export the dossier
    visit(page, dossier_url)
    page.get_by_text("导出 Excel").first.wait_for(timeout=LOAD)
    with page.expect_download(timeout=LOAD) as download:
        page.get_by_text("导出 Excel").first.click()
    data = download.value.path().read_bytes()
    assert data[:2] == b"PK"
    openpyxl = pytest.importorskip("openpyxl")
    book = openpyxl.load_workbook(io.BytesIO(data))
    sheet = book["flags"]
    assert sheet.max_row - 1 == count
    with page.expect_download(timeout=LOAD) as download:
        page.get_by_text("导出可打印网页").first.click()
    html = download.value.path().read_text(encoding="utf-8")
    assert "<table>" in html and pid in html
    page.close()
    print("\n[timings]", {k: round(v, 2) for k, v in TIMINGS.items()})


ADDRESSES = [
    ("person", "id", "MATCH (p:Person)-[:HOLDS_POST]->() RETURN p.pid AS key, p.name AS name LIMIT 1"),
    ("unit", "id", "MATCH (u:Unit) RETURN u.unit_id AS key, u.name AS name LIMIT 1"),
    ("company", "uscc", "MATCH (c:Company)<-[:SUPPLIER]-() RETURN c.uscc AS key, c.name AS name LIMIT 1"),
    ("explore", "from", "MATCH (p:Person)-[:HOLDS_POST]->() RETURN p.pid AS key, p.name AS name LIMIT 1"),
]  # fmt: skip


def test_every_address_opens_directly(warm: str, browser: Any, city: dict, as_of: str) -> None:
    db = city["db"]
    day = dt.date.fromisoformat(as_of)
    page = open_page(browser)
    for path, param, query in ADDRESSES:
        row = db.read(query)[0]
        seconds = timed(
            f"/{path}?{param}=", page, f"{warm}/{path}?{param}={row['key']}&as_of={as_of}",
            row["name"],
        )  # fmt: skip
        assert seconds < 60
        assert "Traceback" not in page.inner_text("body")
    flags = run_all(db, day)
    flag = next(f for f in flags if f.rule.startswith("COI"))
    timed(
        "/flag?id=",
        page,
        f"{warm}/flag?id={cached.flag_id(flag)}&as_of={as_of}",
        "各节点的来源登记行",
    )
    assert flag.subject_name in page.inner_text("body")
    # the flags list filtered by its address
    timed("/flags?rule=", page, f"{warm}/flags?rule={flag.rule}&severity={flag.severity}&as_of={as_of}",
          "筛选后")  # fmt: skip
    shown = sum(1 for f in flags if f.rule == flag.rule and f.severity == flag.severity)
    assert f"筛选后 {shown} 条" in page.inner_text("body")
    # paths between two entities, straight from the address
    company = next(iter(flag.evidence.get("companies", [])), None)
    if company:
        timed("/explore?from=&to=", page,
              f"{warm}/explore?from={flag.subject_id}&to={company}&as_of={as_of}", "条路径")  # fmt: skip
        assert re.search(r"找到 [1-9]\d* 条路径", page.inner_text("body"))
    # a key that does not exist: one sentence
    visit(page, f"{warm}/person?id=NO-SUCH-PERSON&as_of={as_of}")
    page.get_by_text("没有找到编号为").first.wait_for(timeout=LOAD)
    # an as-of date before 1980 is kept, not replaced by today
    visit(page, f"{warm}/flags?as_of=1950-01-01")
    page.get_by_text("截至 1950-01-01").first.wait_for(timeout=LOAD)
    page.close()


def test_language_switch_keeps_the_page(warm: str, browser: Any, city: dict, as_of: str) -> None:
    row = city["db"].read(
        "MATCH (p:Person)-[:HOLDS_POST]->() RETURN p.pid AS pid, p.name AS name LIMIT 1"
    )[0]
    page = open_page(browser)
    timed("dossier", page, f"{warm}/person?id={row['pid']}&as_of={as_of}", "时间线")
    page.get_by_text("English").first.click()
    page.get_by_text("Timeline").first.wait_for(timeout=LOAD)
    assert f"id={row['pid']}" in page.url and "lang=en" in page.url
    assert row["name"] in page.inner_text("body")
    assert "相关线索" not in page.inner_text("body")
    # the English address opened afresh is English
    visit(page, f"{warm}/person?id={row['pid']}&as_of={as_of}&lang=en")
    page.get_by_text("Timeline").first.wait_for(timeout=LOAD)
    page.close()


def test_registry_text_is_shown_as_text(warm: str, browser: Any, city: dict, served: str) -> None:
    """A name that is Markdown for an image stays those characters (no request is made)."""
    db = city["db"]
    beacon = f"![b]({served}/beacon.png)"
    db.write(
        "MERGE (p:Person {pid: 'TEXT-IS-TEXT'}) SET p.name = $name, p.origin = 'people'",
        {"name": beacon},
    )
    requests: list[str] = []
    page = open_page(browser)
    page.on("request", lambda request: requests.append(request.url))
    try:
        visit(page, f"{warm}/person?id=TEXT-IS-TEXT")
        page.get_by_text("TEXT-IS-TEXT").first.wait_for(timeout=LOAD)
        page.wait_for_timeout(2000)
        assert beacon in page.inner_text("body")
        assert not any("beacon.png" in url for url in requests)
        assert page.locator('img[src*="beacon"]').count() == 0
    finally:
        page.close()
        db.write("MATCH (p:Person {pid: 'TEXT-IS-TEXT'}) DETACH DELETE p")


def test_import_refuses_a_broken_file_and_loads_a_good_one(
    warm: str, browser: Any, city: dict, tmp_path: Any, tmp_path_factory: Any
) -> None:
    db = city["db"]
    good = city["dir"] / "监督活动.csv"
    lines = good.read_text(encoding="utf-8-sig").splitlines()
    row = lines[1].split(",")
    row[2] = "不是日期"
    broken = tmp_path / "bad" / "监督活动.csv"
    broken.parent.mkdir()
    broken.write_text("\n".join([lines[0], ",".join(row)]) + "\n", encoding="utf-8")
    before = reads.node_counts(db)
    page = open_page(browser)
    timed("/import", page, f"{warm}/import", "已加载文件")
    page.locator('input[type="file"]').set_input_files(str(broken))
    page.get_by_text("监督活动.csv").first.wait_for(timeout=LOAD)
    page.get_by_role("button", name="校验").click()
    page.get_by_text(re.compile(r"发现 \d+ 个问题")).first.wait_for(timeout=LOAD)
    # the table's cells are drawn on a canvas; its accessible copy holds the text, filled a
    # moment after the table appears (longer on a busy machine)
    cells = table_text(page, "不是日期")
    assert "不是日期" in cells and "监督活动.csv" in cells, cells
    assert reads.node_counts(db) == before  # nothing written
    assert staged(tmp_path_factory) == []  # a failed check keeps no uploaded file
    page.screenshot(path=str(screenshot_path("screenshot-import.png", tmp_path)), full_page=True)
    page.close()
    # the good file, in a fresh session: checked, then written (the same rows: nothing new)
    page = open_page(browser)
    timed("/import", page, f"{warm}/import", "已加载文件")
    page.locator('input[type="file"]').set_input_files(str(good))
    page.get_by_text("监督活动.csv").first.wait_for(timeout=LOAD)
    page.get_by_role("button", name="校验").click()
    page.get_by_text("校验通过：").first.wait_for(timeout=LOAD)  # not the intro's 校验通过后
    assert len(staged(tmp_path_factory)) == 1  # held between the check and the load
    page.get_by_role("button", name="写入数据库").click()
    page.get_by_text("已写入").first.wait_for(timeout=LOAD)
    assert reads.node_counts(db) == before
    assert staged(tmp_path_factory) == []  # and removed once loaded
    page.close()


def staged(tmp_path_factory: Any) -> list[Any]:
    """The import page's staging folders in the served app's temporary folder."""
    return sorted(served_tmp(tmp_path_factory).glob("oversight-import-*"))


def _upload_and_check(page: Any, url: str, file: Any) -> None:
    visit(page, f"{url}/import")
    page.get_by_text("已加载文件").first.wait_for(timeout=LOAD)
    page.locator('input[type="file"]').set_input_files(str(file))
    page.get_by_text(file.name).first.wait_for(timeout=LOAD)
    page.get_by_role("button", name="校验").click()
    page.get_by_text("校验通过：").first.wait_for(timeout=LOAD)  # not the intro's 校验通过后


def test_import_of_a_full_export_shows_what_it_ends_and_keeps_history(
    warm: str, browser: Any, city: dict, tmp_path: Any
) -> None:
    """posts is declared a snapshot: an export missing a post in force ends it (kept as
    history), the page says so before and after writing; the full export restores it."""
    import csv

    db = city["db"]
    full = city["dir"] / "posts.csv"
    rows = list(csv.reader(io.StringIO(full.read_text(encoding="utf-8-sig"))))
    header, body = rows[0], rows[1:]
    end = header.index("end_date")
    gone = next(r for r in reversed(body) if not r[end])
    short = tmp_path / "export" / "posts.csv"
    short.parent.mkdir()
    with short.open("w", encoding="utf-8", newline="") as out:
        csv.writer(out).writerows([header] + [r for r in body if r is not gone])
    held = "MATCH (:Person {pid: $p})-[h:HOLDS_POST]->(:Unit {unit_id: $u}) RETURN h.ended_by AS by"
    person, unit = gone[header.index("person_id")], gone[header.index("unit_id")]
    assert [r["by"] for r in db.read(held, {"p": person, "u": unit})] == [None]

    page = open_page(browser)
    try:
        _upload_and_check(page, warm, short)
        planned = page.get_by_text(re.compile("作为快照.*任职记录")).first
        planned.wait_for(timeout=LOAD)
        assert "终止 1" in planned.inner_text() and "新增 0" in planned.inner_text()
        assert [r["by"] for r in db.read(held, {"p": person, "u": unit})] == [
            None
        ]  # a check writes nothing
        page.get_by_role("button", name="写入数据库").click()
        done = page.get_by_text(re.compile("快照「任职记录」")).first
        done.wait_for(timeout=LOAD)
        assert "终止 1" in done.inner_text()
        cells = table_text(page, "终止")
        assert "终止" in cells, cells
        ended = [r["by"] for r in db.read(held, {"p": person, "u": unit})]
        assert len(ended) == 1 and ended[0].startswith("posts-")  # ended, not deleted
    finally:
        page.close()
    page = open_page(browser)
    try:
        _upload_and_check(page, warm, full)
        page.get_by_role("button", name="写入数据库").click()
        done = page.get_by_text(re.compile("快照「任职记录」")).first
        done.wait_for(timeout=LOAD)
        assert "恢复 1" in done.inner_text()
        assert [r["by"] for r in db.read(held, {"p": person, "u": unit})] == [None]
    finally:
        page.close()
