#!/bin/bash
# Two checkouts' `oversight load --bulk` of one folder into one local server, one after the
# other, the database emptied before each (docs/BENCHMARKS.md, "One shaping pass for a first
# export"). Prints wall, user and sys seconds and the peak RSS of each load.
#
#   oversight sample --scale county --out /tmp/county
#   oversight db start --home /tmp/h --bolt-port 17687 --heap 1g --pagecache 1g
#   bash bench/bulk_ab.sh /tmp/h /tmp/county /path/to/before-checkout /path/to/after-checkout
set -euo pipefail
home=$1 folder=$2
shift 2
here=$(cd "$(dirname "$0")/.." && pwd)
python=$here/.venv/bin/python
out=$(mktemp -d)
export OVERSIGHT_HOME=$home OVERSIGHT_AUDIT_LOG=$out/audit.log
for code in "$@"; do
  PYTHONPATH=$code "$python" - <<'PY'
from graph.db import get_db

db = get_db()
while db.write("MATCH (n) WITH n LIMIT 20000 DETACH DELETE n RETURN count(*) AS c")[0]["c"]:
    pass
PY
  (cd "$code" && /usr/bin/time -f "$code: wall %e s, user %U s, sys %S s, peak RSS %M KB" \
    env PYTHONPATH="$code" "$python" -c \
    "import sys; sys.argv = ['oversight', 'load', '--bulk', '$folder', '--no-progress']; from app.cli import main; main()" \
    > "$out/load.out" 2>&1) || { tail -5 "$out/load.out"; exit 1; }
  tail -3 "$out/load.out"
done
