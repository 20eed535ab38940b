"""The bulk load's import cells alone (docs/BENCHMARKS.md, "Bulk first load"): microseconds
per row of `ImportFiles._fast` (loaders/bulk_csv.py) on a company node's properties, as the
province writes 7.9 M such rows. The checkout on PYTHONPATH is the one measured: run it with
each to compare.

    PYTHONPATH=/path/to/checkout .venv/bin/python bench/import_cells.py
"""

from __future__ import annotations

import argparse
import datetime as dt
import statistics
import tempfile
import time
from pathlib import Path

from loaders.bulk_csv import ImportFiles

COMPANY = {
    "uscc": "91340000MA2X0000X1",
    "name": "某某科技有限公司",
    "legal_rep": "张三",
    "reg_capital": 500.0,
    "founded": dt.date(2015, 3, 4),
    "status": "存续",
    "industry": "软件",
    "address": "安徽省合肥市",
    "id_invalid": False,
    "row_hash": "abcdef0123456789abcdef01",
    "row_key": "0123456789abcdef01234567",
    "sources": ["abc:12"],
    "created_in": "abc",
    "last_change": "abc",
    "division": "340100",
    "scope": None,
}


def main(rows: int, runs: int) -> None:
    with tempfile.TemporaryDirectory() as folder:
        files = ImportFiles(Path(folder))
        times = []
        for _ in range(runs):
            began = time.perf_counter()
            for _ in range(rows):
                files._fast(COMPANY, "uscc")
            times.append((time.perf_counter() - began) / rows * 1e6)
        files.close()
    print(f"{statistics.median(times):.2f} µs per row (median of {runs} × {rows:,} rows)")


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=200_000)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    main(args.rows, args.runs)
