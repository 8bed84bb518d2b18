"""The customer profile: the form, its tabs (cards, purchases, ledgers, engagement, history)."""
