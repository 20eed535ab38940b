"""规则配置 The rules' parameters: each with its meaning, default and current value; edited with
validation (the catalogue's own parser), saved to the rules config file the runner reads
($OVERSIGHT_RULES_CONFIG, queries/runner.py load_config), each change recorded in the audit
log with its old and new value. The next run, in the app or the CLI, uses it."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import platformdirs
import streamlit as st
import yaml

from app import audit
from app.ui import cached, links
from app.ui.flags import KINSHIP, param_text, rule_basis, rule_title
from app.ui.shell import lang, t
from graph.errors import UsageError
from graph.settings import set_env
from queries.catalogue import CATALOGUE
from queries.runner import CONFIG_ENV, config_path, load_config


def target_path() -> Path:
    """The file the runner reads; without $OVERSIGHT_RULES_CONFIG, one in the user's config
    directory, which this server process names in its environment once saved (the CLI needs
    the variable exported to read it too)."""
    current = config_path()
    if current is not None:
        return current
    return Path(platformdirs.user_config_dir("oversight")) / "rules.yaml"


def save(path: Path, values: dict[str, dict[str, Any]]) -> None:
    """Write only the values that differ from the defaults, as `rules: {ID: {name: value}}`,
    atomically (a reader never sees half a file)."""
    rules: dict[str, dict[str, Any]] = {}
    for rule_id, params in values.items():
        defaults = CATALOGUE[rule_id].defaults()
        changed = {k: v for k, v in params.items() if v != defaults.get(k)}
        if changed:
            rules[rule_id] = {
                k: (list(v) if isinstance(v, tuple) else v) for k, v in changed.items()
            }
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(".tmp")
    text = "# 规则参数（由应用“规则配置”页写入）rules config written by the app\n"
    text += yaml.safe_dump({"rules": rules}, allow_unicode=True, sort_keys=True)
    tmp.write_text(text, encoding="utf-8")
    tmp.replace(path)
    # the runner reads the file $OVERSIGHT_RULES_CONFIG names: this server's next run uses it
    set_env(CONFIG_ENV, str(path))


def render() -> None:
    st.title(t("rules.title"))
    st.caption(t("rules.intro"))
    path = target_path()
    st.caption(t("rules.file", path=str(path)))
    config = load_config(path) if path.exists() else {rid: {} for rid in CATALOGUE}
    chosen = st.selectbox(
        t("flags.rule"), options=list(CATALOGUE), key="rules_rule",
        format_func=lambda r: f"{r} {rule_title(r)}",
    )  # fmt: skip
    rule = CATALOGUE[chosen]
    st.markdown(f"**{chosen} {links.esc(rule_title(chosen))}**")
    st.caption(t("flags.basis", basis=rule_basis(chosen)))
    if not rule.parameters:
        st.info(t("rules.no_params"))
        return
    defaults = rule.defaults()
    current = {**defaults, **config.get(chosen, {})}
    texts: dict[str, Any] = {}
    with st.form(key=f"rules_form_{chosen}"):
        for name, parameter in rule.parameters.items():
            meaning = parameter.zh if lang() == "zh" else parameter.en
            help_text = t("rules.default", value=param_text(defaults[name]))
            key = f"rule-{chosen}-{name}"
            if name == "kinship" and parameter.type == "list[str]":
                texts[name] = ",".join(
                    st.multiselect(
                        f"{meaning} ({name})",
                        options=list(KINSHIP),
                        default=list(current[name]),
                        key=key,
                        help=help_text,
                        format_func=lambda k: t(f"kinship.{k}"),
                        placeholder=t("rules.kinship_none"),
                    )  # fmt: skip
                )
            else:
                texts[name] = st.text_input(
                    f"{meaning} ({name})", value=param_text(current[name]), key=key, help=help_text
                ).strip()
        submitted = st.form_submit_button(t("rules.save"), type="primary")
    if not submitted:
        return
    parsed: dict[str, Any] = {}
    problems = []
    for name, parameter in rule.parameters.items():
        try:
            parsed[name] = parameter.parse(texts[name], chosen)
        except UsageError as error:
            problems.append(str(error))
    if problems:
        for problem in problems:
            st.error(problem)
        return
    changes = {
        name: {"old": param_text(current[name]), "new": param_text(value)}
        for name, value in parsed.items()
        if param_text(value) != param_text(current[name])
    }
    if not changes:
        st.info(t("rules.unchanged"))
        return
    config[chosen] = parsed
    save(path, config)
    load_config(path)  # what the runner will read: checked now, not at the next run
    for name, change in changes.items():
        audit.record("change_rule", target=f"{chosen}.{name}", detail={**change, "file": str(path)})
    cached.clear()
    st.success(t("rules.saved", n=len(changes), path=str(path)))
