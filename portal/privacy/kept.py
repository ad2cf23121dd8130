"""Records the council must keep after a family closes its account, each under its own
retention rule, and what else removes personal data when a family's records go.

Nothing is registered yet. When approved support plans arrive, their module registers
them, for example::

    keep(KeptRecordType(
        record_type="approved_support_plan",
        why="Care Act 2014 and SEND Code of Practice: the council keeps the plan it approved",
        kept_until=plans_kept_until,    # (session, child_id) -> [date each plan may go]
        anonymise_expired=anonymise_old_plans,  # (session, today) -> how many anonymised
    ))

A child's record is then anonymised only once every kept record about them has passed
its own date (portal/privacy/rules.py, child_is_due); `flask accounts apply-retention`
also runs each type's own anonymise_expired. docs/retention.md lists what is kept.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from sqlalchemy.orm import Session


@dataclass(frozen=True)
class KeptRecordType:
    record_type: str
    why: str
    kept_until: Callable[[Session, int], list[date]]
    anonymise_expired: Callable[[Session, date], int]


KEPT_RECORD_TYPES: dict[str, KeptRecordType] = {}

# Other parts of the portal that hold personal data about a family (a young person's own
# views, draft plans) register a function that removes it: (session, family_id) -> None.
FamilyDataEraser = Callable[[Session, int], None]
FAMILY_DATA_ERASERS: list[FamilyDataEraser] = []


# And what removes personal data written from one person's own account (a young person's
# comments on their plan) when that account is anonymised: (session, user_id) -> None.
AccountDataEraser = Callable[[Session, int], None]
ACCOUNT_DATA_ERASERS: list[AccountDataEraser] = []


def keep(record_type: KeptRecordType) -> None:
    KEPT_RECORD_TYPES[record_type.record_type] = record_type


def erase_with_family(eraser: FamilyDataEraser) -> None:
    if eraser not in FAMILY_DATA_ERASERS:
        FAMILY_DATA_ERASERS.append(eraser)


def kept_until_for_child(session: Session, child_id: int) -> list[date]:
    return [
        until
        for record_type in KEPT_RECORD_TYPES.values()
        for until in record_type.kept_until(session, child_id)
    ]


def erase_with_account(eraser: AccountDataEraser) -> None:
    if eraser not in ACCOUNT_DATA_ERASERS:
        ACCOUNT_DATA_ERASERS.append(eraser)
