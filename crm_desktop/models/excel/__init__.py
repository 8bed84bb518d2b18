"""Spreadsheets in and out: reading untrusted workbooks and CSV, import, accountant's exports."""
