"""The Python side of `oversight load --bulk` alone, without a server (docs/BENCHMARKS.md,
"Bulk first load"): plan and validate every file as the load does (loaders.pipeline), then
shape, replay in memory and write the import CSV files (loaders.bulk._build_files). Prints the
CPU seconds of each half. The ids the database would hold are taken as none (an empty
database, as a bulk load requires) and no snapshot is planned.

Person surrogates are numbered instead of random, so that two checkouts' output folders can be
compared file for file (`diff -r`): the same import files and the same problems.

    PYTHONPATH=/path/to/checkout .venv/bin/python bench/bulk_python.py /tmp/county /tmp/out
"""

from __future__ import annotations

import datetime as dt
import itertools
import json
import sys
import time
from pathlib import Path


def main(source: Path, out: Path) -> None:
    import loaders.shape as shape

    counter = itertools.count()
    shape.new_surrogate = lambda: f"S:{next(counter):08d}"  # deterministic, for diff -r
    from loaders import bulk
    from loaders.pipeline import LoadSummary, _Progress, plan, validate_all

    out.mkdir(parents=True, exist_ok=True)
    began, wall = time.process_time(), time.monotonic()
    planned, skipped = plan(source, None)
    summary = LoadSummary(problems=list(skipped))
    known: dict[str, set[str]] = {"units": set(), "people": set(), "supervision": set()}
    prepared = validate_all(planned, None, known, False, _Progress(False), summary, None)
    validated = time.process_time()
    day = dt.date(2026, 11, 30)
    bulk._build_files(prepared, out, False, _Progress(False), day, {})
    built = time.process_time()
    problems = [
        [p.file, p.row, p.column, p.value, p.expected, p.severity] for p in summary.problems
    ]
    (out / "_problems.json").write_text(json.dumps(problems, ensure_ascii=False, indent=0))
    counts = [[f.file, f.rows_read, f.created, f.updated, f.unchanged] for f in summary.files]
    (out / "_counts.json").write_text(json.dumps(counts))
    print(
        f"validate cpu {validated - began:.1f} s, shape+replay+csv cpu {built - validated:.1f} s, "
        f"total cpu {built - began:.1f} s, wall {time.monotonic() - wall:.1f} s; "
        f"{len(summary.problems)} problems"
    )


if __name__ == "__main__":
    main(Path(sys.argv[1]), Path(sys.argv[2]))
