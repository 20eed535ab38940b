"""Where the memory of `oversight load --bulk`'s Python side goes (docs/BENCHMARKS.md, "Memory
of the bulk load's Python side"): bench/bulk_python.py's run, printing at the end of each
registry (before `BulkGraph.flush`) the size of what the in-memory graph holds — the open
nodes per label, the relationships in memory and spilled, the lookups kept of what was
written out — walked object by object (each object counted once), and the process's RSS.
Slow (the walk); for where, not for how fast.

    PYTHONPATH=/path/to/checkout .venv/bin/python bench/bulk_graph_sizes.py /tmp/county /tmp/out
"""

from __future__ import annotations

import datetime as dt
import itertools
import sys
from pathlib import Path
from typing import Any

MB = 2**20


def deep(obj: Any, seen: set[int]) -> int:
    """Bytes of obj and of what it holds, each object counted once across calls."""
    if id(obj) in seen:
        return 0
    seen.add(id(obj))
    size = sys.getsizeof(obj)
    if isinstance(obj, dict):
        size += sum(deep(k, seen) + deep(v, seen) for k, v in obj.items())
    elif isinstance(obj, list | tuple | set | frozenset):
        size += sum(deep(v, seen) for v in obj)
    return size


def rss_kb() -> int:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1])
    return 0


def main(source: Path, out: Path) -> None:
    import loaders.shape as shape

    counter = itertools.count()
    shape.new_surrogate = lambda: f"S:{next(counter):08d}"
    from loaders import bulk, bulk_graph
    from loaders.pipeline import LoadSummary, _Progress, plan, validate_all

    flush = bulk_graph.BulkGraph.flush

    def measured(graph: Any, final: bool = False) -> Any:
        seen: set[int] = set()
        sizes = {
            label: f"{len(nodes)} / {deep(nodes, seen) // MB} MB"
            for label, nodes in graph.nodes.items()
            if nodes
        }
        sizes["rels"] = f"{len(graph.rels)} / {deep(graph.rels, seen) // MB} MB"
        for name in ("_spill", "_by_node", "_by_hash", "_written", "_hash_best", "_owned"):
            value = getattr(graph, name, None)
            if name == "_spill":
                if value is not None:
                    sizes[name] = f"{value.count} / index {deep(value._index, seen) // MB} MB"
            elif value is not None:
                sizes[name] = f"{deep(value, seen) // MB} MB"
        print(f"{getattr(graph, 'registry', '?')}: {sizes}; RSS {rss_kb() // 1024} MB", flush=True)
        return flush(graph, final)

    bulk_graph.BulkGraph.flush = measured
    out.mkdir(parents=True, exist_ok=True)
    planned, skipped = plan(source, None)
    summary = LoadSummary(problems=list(skipped))
    known: dict[str, set[str]] = {"units": set(), "people": set(), "supervision": set()}
    prepared = validate_all(planned, None, known, False, _Progress(False), summary, None)
    print(f"validated: RSS {rss_kb() // 1024} MB", flush=True)
    bulk._build_files(prepared, out, False, _Progress(False), dt.date(2026, 11, 30), {})


if __name__ == "__main__":
    main(Path(sys.argv[1]), Path(sys.argv[2]))
