"""One preflight check's outcome and how it is printed: one line, with what to fix when it failed."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

Status = Literal["ok", "fail", "skip"]


@dataclass(frozen=True)
class CheckResult:
    """:param system: ``secrets``, ``snowflake``, ``gong``, ``airbyte``, ``cohere`` or ``slack``.
    :param name: what was checked (``login``, ``schemas``, ``scope api:users:read`` ...).
    :param status: ``ok``, ``fail`` or ``skip`` (not applicable here, or blocked by an earlier failure).
    :param detail: what was found; never a secret.
    :param fix: for a failure, what to change.
    """

    system: str
    name: str
    status: Status
    detail: str
    fix: str = ""

    @property
    def failed(self) -> bool:
        return self.status == "fail"

    def line(self) -> str:
        text = f"{self.status.upper():<4} {self.system:<9} {self.name}: {self.detail}"
        return f"{text} -> fix: {self.fix}" if self.fix else text


def ok(system: str, name: str, detail: str) -> CheckResult:
    return CheckResult(system, name, "ok", detail)


def fail(system: str, name: str, detail: str, fix: str) -> CheckResult:
    return CheckResult(system, name, "fail", detail, fix)


def skip(system: str, name: str, detail: str) -> CheckResult:
    return CheckResult(system, name, "skip", detail)
