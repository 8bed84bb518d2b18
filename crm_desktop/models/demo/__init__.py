"""Realistic, reproducible demo data for a shop file (a car-care shop with members)."""

from crm_desktop.models.demo.generator import generate_demo

__all__ = ["generate_demo"]
