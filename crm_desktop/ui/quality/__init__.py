"""Keeping the customer file true: duplicates, completeness, periodic checks, the sweep."""
