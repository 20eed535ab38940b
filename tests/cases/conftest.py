"""tests/queries is a package named `queries` (pytest puts tests/ first on sys.path), so
`queries.<module>` would otherwise resolve past it to whatever installed copy the virtualenv
points at: the product's queries folder of this checkout is added to that package's path so
that the code under test is this checkout's."""

from __future__ import annotations

from pathlib import Path

import queries

PRODUCT_QUERIES = str(Path(__file__).resolve().parents[2] / "queries")
if PRODUCT_QUERIES not in list(queries.__path__):
    queries.__path__.append(PRODUCT_QUERIES)
