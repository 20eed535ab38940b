"""The Python side of `oversight load --bulk` alone, without a server (docs/BENCHMARKS.md,
"Bulk first load"): validate every file as the load does, shape, replay in memory and write the
import CSV files (loaders.bulk.build_import_files), with the validation in a second process (as
the load runs it) or, with --serial, every file validated first. Prints the wall time and the
CPU seconds of each process. The ids the database would hold are taken as none (an empty
database, as a bulk load requires) and no snapshot is planned.

Person surrogates are numbered instead of random, so that two checkouts' output folders can be
compared file for file (`diff -r`): the same import files and the same problems.

    PYTHONPATH=/path/to/checkout .venv/bin/python bench/bulk_python.py /tmp/county /tmp/out
    PYTHONPATH=/path/to/checkout .venv/bin/python bench/bulk_python.py --serial /tmp/county /tmp/out2
"""

from __future__ import annotations

import argparse
import datetime as dt
import itertools
import json
import resource
import time
from pathlib import Path


def main(source: Path, out: Path, parallel: bool, share: float | None) -> None:
    import loaders.shape as shape

    counter = itertools.count()
    # deterministic, for diff -r (every surrogate is minted in loaders.shape, deferred or not)
    shape.new_surrogate = lambda: f"S:{next(counter):08d}"
    from loaders import bulk

    if share is not None:
        bulk.CHILD_SHAPING_SHARE = share
    from loaders.pipeline import LoadSummary, _Progress, plan

    out.mkdir(parents=True, exist_ok=True)
    began, wall = time.process_time(), time.monotonic()
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    planned, skipped = plan(source, None)
    summary = LoadSummary(problems=list(skipped))
    known: dict[str, set[str]] = {"units": set(), "people": set(), "supervision": set()}
    day = dt.date(2026, 11, 30)
    job = bulk.BulkJob(
        planned=planned,
        mapping=None,
        known=known,
        skip_bad_rows=False,
        bar=_Progress(False),
        summary=summary,
        report=None,
        folder=out,
        store_clear_ids=False,
        date=day,
        plan_snapshots=lambda groups: {},
    )
    bulk.build_import_files(job, parallel=parallel)
    built = time.process_time()
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    child_cpu = (after.ru_utime + after.ru_stime) - (children.ru_utime + children.ru_stime)
    problems = [
        [p.file, p.row, p.column, p.value, p.expected, p.severity] for p in summary.problems
    ]
    (out / "_problems.json").write_text(json.dumps(problems, ensure_ascii=False, indent=0))
    counts = [[f.file, f.rows_read, f.created, f.updated, f.unchanged] for f in summary.files]
    (out / "_counts.json").write_text(json.dumps(counts))
    print(
        f"{'parallel' if parallel else 'serial'}: wall {time.monotonic() - wall:.1f} s, "
        f"cpu {built - began:.1f} s (this process) + {child_cpu:.1f} s (validation process), "
        f"{len(summary.problems)} problems"
    )


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("source", type=Path)
    parser.add_argument("out", type=Path)
    parser.add_argument(
        "--serial",
        action="store_true",
        help="validate every file first, then shape (no second process)",
    )
    parser.add_argument(
        "--share",
        type=float,
        default=None,
        help="the share of the records the validation process shapes (default: as the load "
        "does, whenever the shaping process is behind)",
    )
    args = parser.parse_args()
    main(args.source, args.out, parallel=not args.serial, share=args.share)
