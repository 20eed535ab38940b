"""Helpers for the loader tests that write to Neo4j: a small consistent city in all 17
registries (canonical Chinese headers), file writers, a full graph dump, a standard battery.
"""

from __future__ import annotations

import csv
from pathlib import Path
from typing import Any

import pytest

from graph.db import Database
from graph.errors import BadInput
from loaders.pipeline import LoadSummary, load_path
from loaders.values import id_number_check_char, uscc_check_char
from model.registry import REGISTRIES


def pid_number(first17: str) -> str:
    return first17 + id_number_check_char(first17)


def uscc(first17: str) -> str:
    return first17 + uscc_check_char(first17)


ID_P01 = pid_number("32010219700101001")
ID_P02 = pid_number("32010219720202002")
ID_P05 = pid_number("32010219800505005")
ID_LIU = pid_number("32010219730303003")  # 刘洋, P02's spouse
C1 = uscc("91320100MA1XXXX01")
C2 = uscc("91320100MA1XXXX02")
C3 = uscc("91320100MA1XXXX03")
C9 = uscc("91440300MA5YYYY09")  # registered elsewhere: only named by a contract

CITY: dict[str, list[list[Any]]] = {
    "units": [
        ["单位代码", "单位名称", "单位类型", "上级单位代码", "行政级别", "区划代码", "职能领域"],
        ["U04", "市财政局国库支付中心", "事业单位", "U02", "市", "320100", "财务"],
        ["U01", "中共某市委员会", "党委", "", "市", "320100", "组织"],
        ["U02", "市财政局", "政府部门", "U01", "市", "320100", "财务;审计"],
        ["U03", "市住房和城乡建设局", "政府部门", "U01", "市", "320100", "工程、采购"],
    ],
    "people": [
        [
            "人员编号",
            "姓名",
            "性别",
            "出生日期",
            "身份证号",
            "民族",
            "籍贯",
            "成长地区划",
            "政治面貌",
            "职级",
        ],
        [
            "P01",
            "张伟明",
            "男",
            "1970-01-01",
            ID_P01,
            "汉族",
            "江苏南京",
            "320100",
            "中共党员",
            "正厅",
        ],
        [
            "P02",
            "李秀英",
            "女",
            "1972/2/2",
            ID_P02,
            "汉族",
            "江苏苏州",
            "320500",
            "中共党员",
            "正处",
        ],
        ["P03", "王建国", "男", "1975年3月", "", "汉族", "", "", "中共党员", "正处"],
        ["P04", "张小燕", "女", "19980808", "", "汉族", "", "", "群众", "其他"],
        ["P05", "陈志强", "男", "1980.05.05", ID_P05, "汉族", "", "", "中共党员", "副处"],
    ],
    "posts": [
        ["人员编号", "单位代码", "职务", "职务类别", "岗位性质", "任职日期", "免职日期"],
        ["P01", "U01", "书记", "一把手", "", "2015-03-01", ""],
        ["P02", "U02", "局长", "一把手", "财务", "2019-01-01", ""],
        ["P03", "U03", "局长", "一把手", "工程", "2018-06-01", ""],
        ["P05", "U02", "副局长", "班子成员", "财务;审计", "2020-01-01", ""],
    ],
    "duties": [
        ["人员编号", "分管单位代码", "开始日期", "结束日期"],
        ["P05", "U04", "2020-01-01", ""],
        ["P01", "U02", "2016-01-01", "2018-12-31"],
    ],
    "family": [
        [
            "人员编号",
            "亲属编号",
            "亲属姓名",
            "称谓",
            "亲属身份证号",
            "工作单位",
            "职务",
            "报告年度",
        ],
        ["P02", "", "刘洋", "配偶", ID_LIU, "某某科技公司", "总经理", "2022"],
        ["P02", "", "刘洋", "配偶", ID_LIU, "某某科技公司", "董事长", "2023"],
        ["P03", "", "王小明", "儿子", "", "", "", "2023"],
        ["P01", "P04", "张小燕", "女儿", "", "", "", "2023"],
    ],
    "companies": [
        [
            "统一社会信用代码",
            "企业名称",
            "法定代表人",
            "法定代表人证件号",
            "成立日期",
            "注册资本",
            "企业类型",
            "经营状态",
            "行业",
            "经营范围",
            "区划代码",
            "住所",
        ],
        [
            C1,
            "南京某某科技有限公司",
            "刘洋",
            ID_LIU,
            "2016-05-01",
            "500万元",
            "有限责任公司",
            "存续",
            "软件",
            "软件开发",
            "320100",
            "南京市某路1号",
        ],
        [
            C2,
            "南京某某建设工程有限公司",
            "王小明",
            "",
            "2017-01-01",
            "1,000万元人民币",
            "有限责任公司",
            "在业",
            "建筑",
            "工程施工",
            "320100",
            "南京市某路2号",
        ],
        [
            C3,
            "南京某某物资有限公司",
            "赵六",
            "",
            "2010-01-01",
            "0.5亿元",
            "有限责任公司",
            "存续",
            "批发",
            "物资",
            "320100",
            "",
        ],
    ],
    "shareholders": [
        [
            "统一社会信用代码",
            "股东名称",
            "股东类型",
            "股东证件号",
            "持股比例",
            "认缴出资额",
            "变更日期",
        ],
        [C1, "刘洋", "自然人", ID_LIU, "60%", "300万元", "2016-05-01"],
        [C2, "南京某某科技有限公司", "企业", C1, "30", "300万元", "2017-01-01"],
        [C3, "王小明", "自然人", "", "10", "", ""],
    ],
    "officers": [
        ["统一社会信用代码", "姓名", "证件号", "职务"],
        [C3, "王小明", "", "经理"],
        [C1, "刘洋", ID_LIU, "董事长"],
    ],
    "contracts": [
        [
            "合同编号",
            "采购单位代码",
            "供应商统一社会信用代码",
            "合同名称",
            "合同金额",
            "签订日期",
            "采购方式",
            "项目类别",
        ],
        ["K1", "U02", C1, "财政系统软件", "50万元", "2021-05-01", "单一来源", "服务"],
        ["K2", "U03", C2, "办公楼维修", "1,200,000", "2022/3/5", "公开招标", "工程"],
        ["K3", "U03", C9, "物资采购", "80000元", "2022年4月1日", "询价", "货物"],
    ],
    "appointments": [
        [
            "任免编号",
            "人员编号",
            "任免类型",
            "拟任单位代码",
            "拟任职务",
            "原单位代码",
            "决定日期",
            "决定方式",
            "提名人编号",
            "档案审核日期",
            "个人事项查核日期",
            "廉政意见日期",
            "廉政意见结论",
            "信访核查日期",
        ],
        [
            "A1",
            "P05",
            "提拔",
            "U02",
            "副局长",
            "U04",
            "2020-01-01",
            "常委会",
            "P02",
            "2019-12-01",
            "2019-12-05",
            "2019-12-10",
            "无问题",
            "",
        ],
    ],
    "complaints": [
        [
            "件号",
            "收件日期",
            "来源",
            "被反映人编号",
            "被反映人姓名",
            "被反映单位代码",
            "问题类别",
            "涉及企业",
            "具体可查",
            "办理状态",
            "办结日期",
            "办理结果",
        ],
        ["Q1", "2021-03-01", "来信", "P02", "", "U02", "廉洁纪律", C1, "是", "初核", "", ""],
        [
            "Q2",
            "2022-05-01",
            "网络",
            "",
            "王建国",
            "U03",
            "廉洁纪律",
            f"{C2};南京某某物资有限公司",
            "是",
            "谈话函询",
            "",
            "",
        ],
    ],
    "supervision": [
        [
            "活动编号",
            "类型",
            "日期",
            "主体人员编号",
            "主体单位代码",
            "对象人员编号",
            "对象单位代码",
            "发现问题数",
            "评分",
        ],
        ["E1", "约谈", "2022-06-01", "P01", "U01", "P02", "U02", "2", ""],
        ["E2", "党风廉政检查", "2022-07-01", "P05", "", "", "U04", "1", ""],
    ],
    "problems": [
        [
            "问题编号",
            "来源活动编号",
            "责任单位代码",
            "责任人编号",
            "问题描述",
            "发现日期",
            "整改期限",
            "销号日期",
        ],
        ["PR1", "E1", "U02", "P02", "采购程序不规范", "2022-06-01", "2022-09-30", ""],
        ["PR2", "E2", "U04", "", "账务不清", "2022-07-01", "2022-08-31", "2022-08-20"],
    ],
    "sanctions": [
        ["编号", "人员编号", "类型", "日期", "事由"],
        ["S1", "P05", "诫勉", "2021-06-01", "违规发放津贴"],
    ],
    "interventions": [
        ["记录编号", "人员编号", "日期", "事项类型", "事项说明", "涉及企业", "涉及单位代码"],
        ["I1", "P02", "2021-04-01", "政府采购", "过问软件采购", C1, "U02"],
    ],
    "decisions": [
        ["决策编号", "单位代码", "日期", "会议形式", "事项类别", "议题", "金额", "表态顺序"],
        ["D1", "U02", "2021-04-15", "党组会", "大额资金使用", "软件采购", "50万元", "P05;P02"],
        ["D2", "U01", "2022-01-10", "书记办公会", "重要干部任免", "干部调整", "", "P01"],
    ],
    "tasks": [
        [
            "任务编号",
            "类别",
            "任务内容",
            "牵头单位代码",
            "配合单位代码",
            "责任人编号",
            "完成期限",
            "完成日期",
        ],
        ["T1", "主体责任", "完善采购制度", "U02", "U03;U04", "P05", "2022-12-31", ""],
    ],
}


def write_csv(path: Path, rows: list[list[Any]], encoding: str = "utf-8") -> Path:
    with path.open("w", encoding=encoding, newline="") as handle:
        csv.writer(handle).writerows(rows)
    return path


def write_xlsx(path: Path, rows: list[list[Any]]) -> Path:
    import openpyxl

    book = openpyxl.Workbook()
    sheet = book.active
    for row in rows:
        sheet.append(row)
    book.save(path)
    return path


def city_rows(registry: str) -> list[list[Any]]:
    return [list(r) for r in CITY[registry]]


def prerequisites(registry: str) -> list[str]:
    """The registries loaded before this one (its references resolve among them)."""
    order = REGISTRIES[registry].order
    return [name for name, reg in REGISTRIES.items() if reg.order < order]


def write_city(folder: Path, registries: list[str] | None = None) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for name in registries if registries is not None else list(CITY):
        write_csv(folder / f"{name}.csv", city_rows(name))
    return folder


def load(db: Database, path: Path, **options: Any) -> LoadSummary:
    return load_path(path, db=db, progress=False, **options)


def dump(db: Database) -> tuple[list[tuple], list[tuple]]:
    """Every node and relationship with all properties, in a canonical order (dates and
    datetimes as ISO text), so two dumps are equal exactly when the graphs are."""

    def canon(value: Any) -> Any:
        if isinstance(value, list):
            return tuple(canon(v) for v in value)
        if hasattr(value, "iso_format"):
            return value.iso_format()
        return value

    def props(p: dict[str, Any]) -> tuple:
        return tuple(sorted((k, canon(v)) for k, v in p.items()))

    nodes = db.read("MATCH (n) RETURN labels(n) AS labels, properties(n) AS p, elementId(n) AS id")
    ident = {n["id"]: (tuple(sorted(n["labels"])), props(n["p"])) for n in nodes}
    rels = db.read(
        "MATCH (a)-[r]->(b) RETURN elementId(a) AS a, type(r) AS t, properties(r) AS p, "
        "elementId(b) AS b"
    )
    return (
        sorted(ident.values(), key=repr),
        sorted(((ident[r["a"]], r["t"], props(r["p"]), ident[r["b"]]) for r in rels), key=repr),
    )


def standard_battery(
    db: Database,
    tmp_path: Path,
    registry: str,
    change: tuple[int, str, Any] | None,
    broken: tuple[int, str, Any],
    check_change: str = "RETURN true AS ok",
) -> None:
    """Load a registry after its prerequisites, then: a reload changes nothing; one changed
    cell updates one record; a broken copy raises BadInput and leaves the graph as it was.

    change/broken: (data row index from 1, Chinese header, new value); check_change: a read
    query returning one row with `ok` true once the change is in the graph."""
    if prerequisites(registry):
        load(db, write_city(tmp_path / "before", prerequisites(registry)))
    rows = city_rows(registry)
    path = write_csv(tmp_path / f"{registry}.csv", rows)
    first = load(db, path)
    data_rows = len(rows) - 1
    assert first.rows_read == data_rows
    written = first.files[0].rows_written
    assert first.created == written and first.updated == 0, first.files
    graph = dump(db)

    again = load(db, path)
    assert (again.created, again.updated, again.unchanged) == (0, 0, written)
    assert dump(db) == graph, "a reload must leave the graph unchanged"

    if change is not None:
        index, header, value = change
        changed = city_rows(registry)
        changed[index][changed[0].index(header)] = value
        updated = load(db, write_csv(tmp_path / f"{registry}_v2.csv", changed))
        assert (updated.created, updated.updated) == (0, 1), updated.files
        assert db.read(check_change)[0]["ok"] is True
        graph = dump(db)

    index, header, value = broken
    bad = city_rows(registry)
    bad[index][bad[0].index(header)] = value
    bad.append(list(bad[1]))  # and a duplicate key
    bad[-1][bad[0].index(header)] = bad[1][bad[0].index(header)]
    with pytest.raises(BadInput) as error:
        load(db, write_csv(tmp_path / f"{registry}_broken.csv", bad))
    assert any(p.row == index + 1 and p.is_error for p in error.value.problems), [
        str(p) for p in error.value.problems
    ]
    assert dump(db) == graph, "a file with errors must change nothing"
