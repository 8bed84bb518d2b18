"""What a brand-new shop file starts with: the owner account and default settings."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING

from crm_desktop.models import audit
from crm_desktop.models.entities import Setting, User
from crm_desktop.models.validation import check_password, check_username

if TYPE_CHECKING:
    from crm_desktop.models.db import Store

DEFAULT_SETTINGS: dict[str, object] = {
    "shop_name": "",
    "shop_address": "",
    "shop_phone": "",
    "idle_lock_minutes": 10,
    "card_number_prefix": "8",
    "card_number_length": 12,
    # Points earned per whole yuan paid, before the tier's multiplier.
    "points_per_yuan": 1,
    # How many points make one yuan when redeemed.
    "points_per_yuan_redeemed": 100,
    "backup_keep": 10,
}


def initialise_file(store: Store, shop_name: str, owner: str, password: str) -> None:
    """Create the owner and the default settings in one transaction, and the owner's slot."""
    owner = check_username(owner)
    check_password(password)
    with store.write() as session:
        settings = dict(DEFAULT_SETTINGS, shop_name=shop_name.strip())
        for key, value in settings.items():
            session.add(Setting(key=key, value=json.dumps(value, ensure_ascii=False)))
        user = User(username=owner, display_name=owner, role="owner", active=True)
        session.add(user)
        session.flush()
        audit.append(session, None, "file.create", "user", user.id, {}, {"role": "owner"})
    store.keys.set_password(owner, password, store._db_key)
