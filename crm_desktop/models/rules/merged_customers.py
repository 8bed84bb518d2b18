"""A customer folded into another by a merge: which customer it lives on in, and the one
sentence every service says when asked to act on it.

A merged customer stays as a row (status "merged", ``merged_into`` the survivor) only so
the merge can be undone exactly; nothing is recorded for it any more. A service that acts
on a customer by number refuses a merged one and names the customer to open instead.
"""

from __future__ import annotations

from sqlalchemy.orm import Session

from crm_desktop.models.entities import Customer
from crm_desktop.models.errors import ConflictError

MERGED = "merged"


def survivor_of(session: Session, customer: Customer) -> Customer:
    """The customer a merged one was folded into, following a chain of merges; itself when
    it is not merged (or its survivor cannot be found, which ``check`` reports)."""
    seen = {customer.id}
    current = customer
    while current.status == MERGED and current.merged_into is not None:
        into = session.get(Customer, current.merged_into)
        if into is None or into.id in seen:
            break
        seen.add(into.id)
        current = into
    return current


def merged_refusal(
    session: Session, customer: Customer, *, more_zh: str = "", more_en: str = ""
) -> ConflictError:
    """"这位客户已并入 #45 王五，请打开 #45。" — ``more_*`` adds a clause before the stop."""
    survivor = survivor_of(session, customer)
    if survivor.id == customer.id:
        return ConflictError(
            "customer.merged",
            f"客户 #{customer.id} 已合并到别的档案，但找不到合并后的档案。请运行“检查数据文件”。",
            f"Customer #{customer.id} was merged into another file, which cannot be found. "
            "Run the file check.",
        )
    return ConflictError(
        "customer.merged",
        f"这位客户已并入 #{survivor.id} {survivor.name}，请打开 #{survivor.id}{more_zh}。",
        f"This customer was merged into #{survivor.id} {survivor.name}; open "
        f"#{survivor.id}{more_en}.",
    )


def refuse_if_merged(
    session: Session, customer: Customer, *, more_zh: str = "", more_en: str = ""
) -> None:
    """Raise ``merged_refusal`` when ``customer`` was merged into another."""
    if customer.status == MERGED:
        raise merged_refusal(session, customer, more_zh=more_zh, more_en=more_en)
