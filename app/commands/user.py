"""`oversight user add|list|disable|enable|passwd`: the app's users (app/auth.py).

The password is asked twice with hidden input; when standard input is not a terminal it is
read as two lines from it (scripts, tests): `printf 'pw\\npw\\n' | oversight user add …`.
Whoever runs these holds the database password; each change is audited as the OS account.
"""

from __future__ import annotations

import sys

import click

from app import auth, roles
from graph.db import get_db
from graph.errors import BadInput


def read_password(prompt: str = "密码 (password)") -> str:
    """The new password, entered twice and compared."""
    if sys.stdin.isatty():
        first = click.prompt(prompt, hide_input=True, err=True)
        second = click.prompt("再输入一次 (repeat)", hide_input=True, err=True)
    else:
        first = sys.stdin.readline().rstrip("\r\n")
        second = sys.stdin.readline().rstrip("\r\n")
        if not first:
            raise BadInput(
                "标准输入没有密码：应为两行相同的密码 (no password on standard input: "
                "expected the password on two lines)"
            )
    if first != second:
        raise BadInput("两次输入的密码不一致 (the two passwords differ)")
    return first


@click.group()
def user() -> None:
    """应用用户与角色 (the app's users and roles)."""


@user.command()
@click.argument("name")
@click.option("--role", type=click.Choice(list(roles.ROLES)), required=True, help="角色 (role)")
def add(name: str, role: str) -> None:
    """新增用户；密码输入两次 (add a user; the password asked twice)."""
    name = auth.check_name(name)
    db = get_db()
    if auth.get_user(db, name) is not None:
        raise BadInput(f"用户 {name} 已存在 (user {name} already exists)")
    auth.check_password(name, password := read_password())
    auth.create_user(db, name, role, password)
    click.echo(f"已新增用户 (added) {name}: {roles.role_label(role)}")


@user.command(name="list")
def list_() -> None:
    """列出用户 (list users)."""
    rows = auth.list_users(get_db())
    if not rows:
        click.echo("尚无用户 (no users): oversight user add NAME --role admin")
        return
    click.echo("用户 name\t角色 role\t状态 state\t最近登录 last login")
    for row in rows:
        state = "停用 disabled" if row["disabled"] else "启用 enabled"
        if row["locked_until"] is not None:
            state += f", 锁定至 locked until {row['locked_until']:%Y-%m-%d %H:%M} UTC"
        last = f"{row['last_login']:%Y-%m-%d %H:%M}" if row["last_login"] else "-"
        click.echo(f"{row['name']}\t{roles.role_label(row['role'])}\t{state}\t{last}")


@user.command()
@click.argument("name")
def disable(name: str) -> None:
    """停用用户：不能再登录 (disable a user: no more logins)."""
    auth.set_disabled(get_db(), name, True)
    click.echo(f"已停用 (disabled) {name}")


@user.command()
@click.argument("name")
def enable(name: str) -> None:
    """启用用户，并解除锁定 (enable a user, clearing a lock-out)."""
    auth.set_disabled(get_db(), name, False)
    click.echo(f"已启用 (enabled) {name}")


@user.command()
@click.argument("name")
def passwd(name: str) -> None:
    """修改密码；输入两次 (set a new password, asked twice)."""
    db = get_db()
    if auth.get_user(db, name) is None:
        raise BadInput(f"没有用户 {name} (no user named {name})")
    auth.set_password(db, name, read_password("新密码 (new password)"))
    click.echo(f"已修改密码 (password changed) {name}")
