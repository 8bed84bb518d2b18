"""Aggregations and matplotlib figures (Agg, no pyplot, no Qt) shown by the UI and exported.

Importing this package imports nothing heavy; matplotlib is loaded by the
modules that draw, when a chart is first asked for.
"""
