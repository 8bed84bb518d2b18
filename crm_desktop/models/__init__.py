"""The single model layer: entities, the encrypted store and the services (no Qt)."""
