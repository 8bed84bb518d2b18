"""Derived knowledge about customers: segments, lifecycle, churn, tiers and care lists.

Nothing here is typed in by a user; everything is computed from purchases,
cards and interactions with SQL aggregates and vectorised numpy.
"""
