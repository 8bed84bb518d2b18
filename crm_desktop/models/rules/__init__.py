"""Pure rules of the shop's domain: checks and derivations with no session."""
