"""数据导入 Import: upload registry files or a zip of them; the loaders' own validation reports
every problem row by row (file, row, column, value, expected) before anything is written;
then the load, and the history of loaded files.

Uploaded names are never used as paths: each is reduced to a plain file name (no folder, no
`..`, only letters, digits, CJK and `._-()`), written into a staging folder private to the
session; a zip's members likewise, with limits on their number and total size. The loaders
read the staging folder exactly as `oversight load FOLDER` would (the file name names the
registry)."""

from __future__ import annotations

import re
import shutil
import tempfile
import uuid
import zipfile
from pathlib import Path, PurePosixPath

import pandas as pd
import streamlit as st

from app import audit, reads
from app.ui import cached
from app.ui.shell import t, table
from graph.db import get_db
from graph.errors import BadInput, UsageError
from loaders.pipeline import SUPPORTED_SUFFIXES, load_path

STAGING_KEY = "import_staging"
MAX_MEMBERS = 200
MAX_UNZIPPED = 2_000_000_000  # bytes
_UNSAFE = re.compile(r"[^\w\u3400-\u9fff.\-()（）]+")


def safe_name(name: str) -> str | None:
    """A plain file name from an uploaded one, or None when nothing usable is left."""
    base = PurePosixPath(name.replace("\\", "/")).name.strip()
    base = _UNSAFE.sub("_", base)[:120]
    if not base or base.startswith(".") or set(base) <= {".", "_"}:
        return None
    return base


def staging() -> Path:
    path = st.session_state.get(STAGING_KEY)
    if path is None or not Path(path).is_dir():
        path = Path(tempfile.gettempdir()) / f"oversight-import-{uuid.uuid4().hex}"
        path.mkdir(mode=0o700)
        st.session_state[STAGING_KEY] = str(path)
    return Path(path)


def stage(files: list, folder: Path) -> list[str]:
    """Write the uploads (and the members of zips) into `folder`; the names written and
    sentences about what was refused."""
    refused: list[str] = []
    for upload in files:
        name = safe_name(upload.name)
        if name is None:
            refused.append(t("imports.bad_name", name=upload.name))
            continue
        if name.lower().endswith(".zip"):
            refused += _unzip(upload, folder)
        elif Path(name).suffix.lower() in SUPPORTED_SUFFIXES:
            (folder / name).write_bytes(upload.getvalue())
        else:
            refused.append(t("imports.bad_kind", name=name))
    return refused


def _unzip(upload, folder: Path) -> list[str]:
    refused = []
    try:
        archive = zipfile.ZipFile(upload)
    except zipfile.BadZipFile:
        return [t("imports.bad_zip", name=upload.name)]
    with archive:
        members = [m for m in archive.infolist() if not m.is_dir()]
        if len(members) > MAX_MEMBERS or sum(m.file_size for m in members) > MAX_UNZIPPED:
            return [t("imports.zip_too_big", name=upload.name)]
        for member in members:
            name = safe_name(member.filename)
            if name is None or Path(name).suffix.lower() not in SUPPORTED_SUFFIXES:
                refused.append(t("imports.bad_kind", name=member.filename))
                continue
            with archive.open(member) as source, (folder / name).open("wb") as target:
                shutil.copyfileobj(source, target)
    return refused


def problems_frame(problems: list) -> pd.DataFrame:
    return pd.DataFrame(
        [{t("data.file"): p.file, t("flags.row"): "" if p.row is None else str(p.row),
          t("imports.column"): p.column or "", t("imports.value"): "" if p.value is None else str(p.value),
          t("imports.expected"): p.expected, t("imports.severity"): t(f"imports.{p.severity}")}
         for p in problems]
    )  # fmt: skip


def render() -> None:
    st.title(t("imports.title"))
    st.caption(t("imports.intro"))
    folder = staging()
    uploads = st.file_uploader(
        t("imports.upload"), accept_multiple_files=True, key="import_files",
        type=[s.lstrip(".") for s in SUPPORTED_SUFFIXES] + ["zip"],
    )  # fmt: skip
    cols = st.columns(3)
    if cols[0].button(t("imports.check"), type="primary", key="import_check", disabled=not uploads):
        for old in folder.iterdir():
            old.unlink()
        refused = stage(uploads or [], folder)
        st.session_state["import_report"] = {"refused": refused, "problems": None, "ok": False}
        try:
            summary = load_path(folder, dry_run=True, db=get_db())
            st.session_state["import_report"].update(problems=summary.problems, ok=True,
                                                     files=[f.file for f in summary.files])  # fmt: skip
        except BadInput as error:
            st.session_state["import_report"].update(problems=error.problems, message=str(error))
        except UsageError as error:
            st.session_state["import_report"].update(problems=[], message=str(error))
    report = st.session_state.get("import_report")
    if report:
        for sentence in report["refused"]:
            st.warning(sentence)
        if report.get("message"):
            st.error(report["message"])
        if report["problems"]:
            st.markdown(t("imports.problems", n=len(report["problems"])))
            st.dataframe(problems_frame(report["problems"]), hide_index=True)
        if report["ok"]:
            st.success(t("imports.valid", files="、".join(report.get("files", []))))
            if cols[1].button(t("imports.load"), type="primary", key="import_load"):
                with st.status(t("imports.loading"), expanded=True) as status:
                    st.write(t("imports.writing", n=len(report.get("files", []))))
                    summary = load_path(folder, db=get_db())
                    cached.clear()
                    status.update(label=t("imports.loaded", rows=summary.rows_read,
                                          created=summary.created, updated=summary.updated,
                                          seconds=f"{summary.seconds:.1f}"), state="complete")  # fmt: skip
                audit.record("load_files", target=",".join(f.file for f in summary.files),
                             detail={"rows": summary.rows_read, "created": summary.created,
                                     "updated": summary.updated})  # fmt: skip
                st.session_state.pop("import_report", None)
                for old in folder.iterdir():
                    old.unlink()
    st.subheader(t("imports.history"))
    table(
        reads.sources(get_db(), limit=200),
        {"name": "data.file", "registry": "data.registry", "rows": "data.rows",
         "loaded_at": "data.loaded_at", "sha256": "data.sha256"},
        codes={"registry": "registry"},
    )  # fmt: skip
