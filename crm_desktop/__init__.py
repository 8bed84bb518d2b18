"""crm_desktop: a shop's customer files and membership cards in one encrypted file."""

__version__ = "0.1.0"
