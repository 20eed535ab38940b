"""`db start` without --heap/--pagecache: Neo4j's own memory recommendation for this machine,
shared with the servers already running."""

from __future__ import annotations

import re

from graph import server


def _mb(size: str) -> float:
    match = re.fullmatch(r"(\d+(?:\.\d+)?)([kmg])", size.lower())
    assert match, size
    return float(match.group(1)) * {"k": 1 / 1024, "m": 1, "g": 1024}[match.group(2)]


def test_recommendation_comes_from_neo4j_admin_and_fits_the_budget() -> None:
    memory = server.memory_recommendation(2048)
    assert _mb(memory.heap) > 0 and _mb(memory.pagecache) > 0
    assert _mb(memory.heap) + _mb(memory.pagecache) <= 2048
    # cached: the second answer is the same without a JVM
    assert server.memory_recommendation(2048) == memory


def test_choice_is_shared_with_running_servers() -> None:
    choice = server.choose_memory()
    # this session's test server is running, so at least one other instance shares the machine
    assert choice.instances >= 0
    expected = int(choice.machine_mb * (1 - server.PYTHON_SHARE)) // (choice.instances + 1)
    assert choice.budget_mb == max(512, expected // 512 * 512)
    assert _mb(choice.memory.heap) + _mb(choice.memory.pagecache) <= choice.budget_mb
    text = choice.describe()
    assert choice.memory.heap in text and "memory-recommendation" in text


def test_running_servers_counts_neo4j_processes(neo4j_server) -> None:
    assert server.running_servers() >= 1
