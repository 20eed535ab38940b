"""数据导入 Import: upload registry files or a zip of them; the loaders' own validation reports
every problem row by row (file, row, column, value, expected) before anything is written;
then the load, and the history of loaded files.

A registry declared a snapshot (model/registries.yaml) is a full export: the check says what
it would add, change and end, the load shows each change (docs/snapshots.md). A partial file
is loaded with 「部分文件」 (the CLI's --no-snapshot); an export that would end most facts is
refused unless the officer confirms it (--allow-mass-end).

Uploaded names are never used as paths: each is reduced to a plain file name (no folder, no
`..`, only letters, digits, CJK and `._-()`), written into a staging folder private to the
session; a zip's members likewise, with limits on their number and total size. The loaders
read the staging folder exactly as `oversight load FOLDER` would (the file name names the
registry). The uploads hold 身份证号 in clear, so the folder lives no longer than it must: it is
made only when a check starts, removed when the check fails or the load is done, and a folder
left by a session that ended between check and load is removed by the next check after
STALE_AFTER."""

from __future__ import annotations

import re
import shutil
import tempfile
import time
import uuid
import zipfile
from pathlib import Path, PurePosixPath
from typing import TypedDict

import pandas as pd
import streamlit as st
from streamlit.runtime.uploaded_file_manager import UploadedFile

from app import audit, reads
from app.ui import cached
from app.ui.shell import lang, t, table
from app.ui.text import local_minutes
from graph.db import get_db
from graph.errors import BadInput, UsageError
from loaders.pipeline import SUPPORTED_SUFFIXES, load_path
from loaders.problems import Problem
from loaders.snapshot import KIND_ZH, SnapshotReport
from model.registry import REGISTRIES

STAGING_KEY = "import_staging"

MAX_MEMBERS = 200
MAX_UNZIPPED = 2_000_000_000  # bytes
SHOWN_CHANGES = 500  # the rest: oversight changes REGISTRY, or the 数据 page's history
_UNSAFE = re.compile(r"[^\w\u3400-\u9fff.\-()（）]+")


class LoadOptions(TypedDict):
    """The import page's boxes, as `load_path` arguments (kept with the check's report)."""

    snapshot: bool | None
    allow_mass_end: bool


def safe_name(name: str) -> str | None:
    """A plain file name from an uploaded one, or None when nothing usable is left."""
    base = PurePosixPath(name.replace("\\", "/")).name.strip()
    base = _UNSAFE.sub("_", base)[:120]
    if not base or base.startswith(".") or set(base) <= {".", "_"}:
        return None
    return base


STAGING_PREFIX = "oversight-import-"
STALE_AFTER = 12 * 3600  # seconds: a check whose load never came


def staging() -> Path:
    """This session's staging folder, made (empty, private) on first use."""
    path = st.session_state.get(STAGING_KEY)
    if path is None or not Path(path).is_dir():
        remove_stale(Path(tempfile.gettempdir()))
        path = Path(tempfile.gettempdir()) / f"{STAGING_PREFIX}{uuid.uuid4().hex}"
        path.mkdir(mode=0o700)
        st.session_state[STAGING_KEY] = str(path)
    return Path(path)


def discard_staging() -> None:
    """Remove this session's staged files and their folder."""
    path = st.session_state.pop(STAGING_KEY, None)
    if path is not None:
        shutil.rmtree(path, ignore_errors=True)


def remove_stale(
    parent: Path, now: float | None = None, older_than: float = STALE_AFTER
) -> list[Path]:
    """Remove the staging folders under `parent` not touched for `older_than` seconds (sessions
    that ended between a check and a load); the folders removed."""
    now = time.time() if now is None else now
    removed = []
    for folder in parent.glob(f"{STAGING_PREFIX}*"):
        try:
            if (
                folder.is_dir()
                and not folder.is_symlink()
                and now - folder.stat().st_mtime > older_than
            ):
                shutil.rmtree(folder, ignore_errors=True)
                removed.append(folder)
        except OSError:
            continue  # another session's folder vanished meanwhile
    return removed


def stage(files: list[UploadedFile], folder: Path) -> list[str]:
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


def _unzip(upload: UploadedFile, folder: Path) -> list[str]:
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


def problems_frame(problems: list[Problem]) -> pd.DataFrame:
    return pd.DataFrame(
        [{t("data.file"): p.file, t("flags.row"): "" if p.row is None else str(p.row),
          t("imports.column"): p.column or "", t("imports.value"): "" if p.value is None else str(p.value),
          t("imports.expected"): p.expected, t("imports.severity"): t(f"imports.{p.severity}")}
         for p in problems]
    )  # fmt: skip


def _snapshot_registries() -> str:
    names = [r.zh if lang() == "zh" else r.name for r in REGISTRIES.values() if r.snapshot.default]
    return "、".join(names) if lang() == "zh" else ", ".join(names)


def snapshot_line(snap: SnapshotReport, planned: bool) -> str:
    reg = REGISTRIES[snap.registry]
    key = "imports.snapshot_planned" if planned else "imports.snapshot_done"
    return t(key, registry=reg.zh, date=str(snap.snapshot_date), appeared=snap.appeared,
             changed=snap.changed, ended=snap.ended, restarted=snap.restarted,
             unchanged=snap.unchanged, first=t("imports.first") if snap.first else "")  # fmt: skip


def changes_frame(snap: SnapshotReport) -> pd.DataFrame:
    """One row per change: what happened, the fact as a reader knows it, the values changed."""
    return pd.DataFrame(
        [{t("imports.change_kind"): KIND_ZH[c.kind] if lang() == "zh" else c.kind,
          t("imports.change_fact"): c.fact,
          t("imports.change_fields"): "; ".join(f"{k}: {v[0]} → {v[1]}" for k, v in c.fields.items())}
         for c in snap.changes[:SHOWN_CHANGES]]
    )  # fmt: skip


def _show_snapshots(reports: list[SnapshotReport], planned: bool) -> None:
    for snap in reports:
        st.info(snapshot_line(snap, planned))
        if snap.changes and not (snap.first and not planned):
            st.dataframe(changes_frame(snap), hide_index=True)
            if len(snap.changes) > SHOWN_CHANGES:
                st.caption(t("imports.more_changes", n=len(snap.changes) - SHOWN_CHANGES,
                             registry=snap.registry))  # fmt: skip


def render() -> None:
    st.title(t("imports.title"))
    st.caption(t("imports.intro"))
    uploads = st.file_uploader(
        t("imports.upload"), accept_multiple_files=True, key="import_files",
        type=[s.lstrip(".") for s in SUPPORTED_SUFFIXES] + ["zip"],
    )  # fmt: skip
    cols = st.columns(3)
    partial = st.checkbox(
        t("imports.partial"),
        key="import_partial",
        help=t("imports.partial_help", registries=_snapshot_registries()),
    )
    confirm_mass_end = st.checkbox(t("imports.mass_end"), key="import_mass_end",
                                   help=t("imports.mass_end_help"))  # fmt: skip
    options: LoadOptions = {
        "snapshot": False if partial else None,
        "allow_mass_end": confirm_mass_end,
    }
    if cols[0].button(t("imports.check"), type="primary", key="import_check", disabled=not uploads):
        discard_staging()
        folder = staging()
        st.session_state.pop("import_done", None)
        refused = stage(uploads or [], folder)
        st.session_state["import_report"] = {"refused": refused, "problems": None, "ok": False,
                                             "options": options}  # fmt: skip
        try:
            summary = load_path(folder, dry_run=True, db=get_db(), **options)
            st.session_state["import_report"].update(problems=summary.problems, ok=True,
                                                     files=[f.file for f in summary.files],
                                                     snapshots=summary.snapshots)  # fmt: skip
        except BadInput as error:
            st.session_state["import_report"].update(problems=error.problems, message=str(error))
        except UsageError as error:
            st.session_state["import_report"].update(problems=[], message=str(error))
        if not st.session_state["import_report"]["ok"]:
            discard_staging()  # nothing to load: the files need not stay
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
            _show_snapshots(report.get("snapshots", []), planned=True)
            staged = st.session_state.get(STAGING_KEY)
            if staged is None or not Path(staged).is_dir():
                st.warning(t("imports.expired"))  # removed as stale: check again
            elif cols[1].button(t("imports.load"), type="primary", key="import_load"):
                with st.status(t("imports.loading"), expanded=True) as status:
                    st.write(t("imports.writing", n=len(report.get("files", []))))
                    # loaded as checked: the options of the check, not the boxes' state now
                    summary = load_path(Path(staged), db=get_db(), by=audit.current_user(),
                                        **report["options"])  # fmt: skip
                    cached.clear()
                    status.update(label=t("imports.loaded", rows=summary.rows_read,
                                          created=summary.created, updated=summary.updated,
                                          seconds=f"{summary.seconds:.1f}"), state="complete")  # fmt: skip
                audit.record("load_files", target=",".join(f.file for f in summary.files),
                             detail={"rows": summary.rows_read, "created": summary.created,
                                     "updated": summary.updated,
                                     "snapshots": [s.snapshot_id for s in summary.snapshots]})  # fmt: skip
                st.session_state.pop("import_report", None)
                st.session_state["import_done"] = summary.snapshots
                discard_staging()
    done = st.session_state.get("import_done")
    if done:
        _show_snapshots(done, planned=False)
    st.subheader(t("imports.history"))
    # loaded_at is a UTC datetime with microseconds: shown as the local wall clock, to the minute
    history = [
        {**row, "loaded_at": local_minutes(row.get("loaded_at"))}
        for row in reads.sources(get_db(), limit=200)
    ]
    table(
        history,
        {"name": "data.file", "registry": "data.registry", "rows": "data.rows",
         "loaded_at": "data.loaded_at", "sha256": "data.sha256"},
        codes={"registry": "registry"},
    )  # fmt: skip
