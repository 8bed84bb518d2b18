"""What a brand-new shop file starts with: the owner account and default settings."""

from __future__ import annotations

import json

from crm_desktop.models import account_keys
from crm_desktop.models.changes import Entity
from crm_desktop.models.entities import Setting, User
from crm_desktop.models.operation import perform
from crm_desktop.models.rules.validation import check_password, check_username
from crm_desktop.models.store.store import Store

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
    """Create the owner, its key certificate and the default settings in one transaction.

    The owner's slot and keys are made by the caller first (``account_keys``), so the
    file's first entry is already signed by the owner.
    """
    owner = check_username(owner)
    check_password(password)
    # The file's first entry: there is no signed-in user yet, so no role to check.
    with perform(store, None, "file.create", Entity.USER, None, signed_by=owner) as op:
        settings = dict(DEFAULT_SETTINGS, shop_name=shop_name.strip())
        for key, value in settings.items():
            op.session.add(Setting(key=key, value=json.dumps(value, ensure_ascii=False)))
        user = User(username=owner, display_name=owner, role="owner", active=True)
        op.session.add(user)
        op.session.flush()
        op.entity_id = user.id
        op.after = {"role": "owner"}
        account_keys.certify(store, op.session, owner)
