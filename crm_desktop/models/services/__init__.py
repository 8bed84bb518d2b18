"""Services: one method per user action, each one transaction and one audit entry."""
