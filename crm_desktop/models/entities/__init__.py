"""ORM entities, one module per aggregate; importing this registers every table."""

from crm_desktop.models.entities.audit import AuditEntry, UserKey
from crm_desktop.models.entities.base import Base
from crm_desktop.models.entities.card import Card, CardType, Tier, TierChange
from crm_desktop.models.entities.counter import DayClose, Item, Shift, Transaction
from crm_desktop.models.entities.customer import (
    Customer,
    DuplicateDismissal,
    Tag,
    customer_tags,
)
from crm_desktop.models.entities.engagement import (
    Feedback,
    FeedbackEvent,
    Interaction,
    SurveyAnswer,
)
from crm_desktop.models.entities.ledger import CountEntry, PointsEntry, ValueEntry
from crm_desktop.models.entities.purchase import Purchase, PurchaseLine
from crm_desktop.models.entities.user import Setting, User

__all__ = [
    "AuditEntry",
    "Base",
    "Card",
    "CardType",
    "CountEntry",
    "Customer",
    "DayClose",
    "DuplicateDismissal",
    "Feedback",
    "FeedbackEvent",
    "Interaction",
    "Item",
    "PointsEntry",
    "Purchase",
    "PurchaseLine",
    "Setting",
    "Shift",
    "SurveyAnswer",
    "Tag",
    "Tier",
    "TierChange",
    "Transaction",
    "User",
    "UserKey",
    "ValueEntry",
    "customer_tags",
]
