"""The Neo4j driver, imported without pandas: every module takes it from here.

The driver imports pandas whenever it is installed (neo4j/_optional_deps.py), for
`Result.to_df` and DataFrame parameters, neither of which this product uses. That cost 34 MB
and about 160 ms of import in every process that connects: each command of the command line,
and both processes of a bulk load, whose memory is counted against a 2 GB budget
(docs/BENCHMARKS.md, "The Python side under 2 GB"). A process that imports pandas itself (the
app) still gets it, before or after this; only the driver's optional use is left out. `ruff`
(TID251) refuses `import neo4j` anywhere else, so that no module imports the driver first,
with pandas.
"""

from __future__ import annotations

import sys

_PANDAS_ABSENT = "pandas" not in sys.modules
if _PANDAS_ABSENT:
    sys.modules["pandas"] = None  # type: ignore[assignment]  # `import pandas` raises ImportError
try:
    import neo4j  # noqa: TID251
    from neo4j import GraphDatabase  # noqa: TID251
    from neo4j import exceptions as neo4j_errors  # noqa: TID251
finally:
    if _PANDAS_ABSENT:
        del sys.modules["pandas"]

__all__ = ["GraphDatabase", "neo4j", "neo4j_errors"]
