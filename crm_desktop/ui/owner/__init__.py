"""The owner's screens: staff accounts, card types, tiers, shop settings, the audit log,
and the change-password dialog every user may open."""
