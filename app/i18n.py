"""The app's words, Chinese first, English on the switch.

Each language is app/locales/<lang>.yaml plus any app/locales/<lang>/<area>.yaml (one file
per part of the app, so parts grow their words without touching each other's); a key
declared twice is an error.

Keys are flat dotted names (`overview.title`); values may hold `{name}` placeholders filled
with str.format. A key missing from the chosen language falls back to Chinese, and a key
missing everywhere shows as itself, so a gap is visible rather than a crash; the tests check
that both files hold the same keys and every key the app uses.
"""

from __future__ import annotations

from collections.abc import Iterator
from functools import cache
from pathlib import Path
from typing import Any

import yaml

LOCALES_DIR = Path(__file__).resolve().parent / "locales"
LANGUAGES: dict[str, str] = {"zh": "中文", "en": "English"}
DEFAULT_LANGUAGE = "zh"


@cache
def messages(lang: str) -> dict[str, str]:
    """The flat key -> text table of one language."""
    if lang not in LANGUAGES:
        raise ValueError(f"unknown language {lang!r}")
    files = [LOCALES_DIR / f"{lang}.yaml", *sorted((LOCALES_DIR / lang).glob("*.yaml"))]
    table: dict[str, str] = {}
    for path in files:
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        for key, text in _flatten(data):
            if key in table:
                raise ValueError(f"{path.name}: key {key!r} is declared twice in {lang}")
            table[key] = text
    return table


def _flatten(data: dict[str, Any], prefix: str = "") -> Iterator[tuple[str, str]]:
    for key, value in data.items():
        name = f"{prefix}{key}"
        if isinstance(value, dict):
            yield from _flatten(value, f"{name}.")
        else:
            yield name, str(value)


def translate(key: str, lang: str = DEFAULT_LANGUAGE, **values: Any) -> str:
    """The text for `key` in `lang`, placeholders filled."""
    text = messages(lang).get(key) or messages(DEFAULT_LANGUAGE).get(key) or key
    return text.format(**values) if values else text
