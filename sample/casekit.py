"""Shared tools of the planted cases: recording a case, handing out unused subjects."""

from __future__ import annotations

from sample.city import SENSITIVE_DUTY, Block

NON_SENSITIVE = {"财务", "人事", "组织", "纪检", "监察", "审计"} | SENSITIVE_DUTY


def case(b: Block, rule: str, subject: str, positive: bool, note: str, kind: str = "person",
         **evidence: list[str]) -> None:  # fmt: skip
    b.cases.append({"rule": rule, "subject_kind": kind, "subject_id": subject,
                    "positive": positive, "evidence": {k: v for k, v in evidence.items() if v},
                    "note": note})  # fmt: skip


class Picker:
    """Hands out subjects that no other case uses."""

    def __init__(self, b: Block) -> None:
        self.b = b
        plain = [u for u in b.depts if not (set(b.unit[u]["functions"]) & NON_SENSITIVE)]
        sensitive = [u for u in b.depts if u not in plain]
        b.rng.shuffle(plain)
        b.rng.shuffle(sensitive)
        # "plain" units have no sensitive function (the avoidance cases need that); other
        # cases take the sensitive ones first so that plain ones remain
        self.units = {
            "plain": plain,
            "plain_sub": [u for u in plain if b.subunits.get(u)],
            "dept": sensitive + plain,
            "town": list(b.townships),
        }
        b.rng.shuffle(self.units["town"])
        # finance and hr: the avoidance cases; the state companies: the power holder's
        self.taken_units: set[str] = {b.ukey[k] for k in ("finance", "hr", "urbaninv", "assets")}

    def unit(self, pool: str) -> str:
        for uid in self.units[pool]:
            if uid not in self.taken_units and self.b.top.get(uid) not in self.b.used:
                self.taken_units.add(uid)
                return uid
        raise RuntimeError(f"no free unit in {pool}")

    def top(self, pool: str = "dept") -> str:
        pid = self.b.top[self.unit(pool)]
        self.b.used.add(pid)
        return pid

    def member(self, pool: str = "dept", first: bool = False) -> str:
        """A team member (the last listed, or the first: a township's head) of any unit."""
        for uid in self.units[pool]:
            team = self.b.team[uid]
            pid = team[0] if first else team[-1]
            if team and pid not in self.b.used:
                self.b.used.add(pid)
                return pid
        raise RuntimeError(f"no free team member in {pool}")

    def staff(self, pool: str = "dept") -> str:
        for uid in self.units[pool]:
            for pid in self.b.staff[uid]:
                if pid not in self.b.used and not self.b.post_of[pid][0]["functions"]:
                    self.b.used.add(pid)
                    return pid
        raise RuntimeError(f"no free staff in {pool}")
