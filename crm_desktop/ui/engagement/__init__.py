"""Logging interactions and feedback from the profile, and moving complaints along."""
