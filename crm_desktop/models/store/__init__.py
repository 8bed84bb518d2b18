"""The store at the bottom of the model layer: the encrypted file, its key slots and sessions.

Nothing in this package imports a module above it; opening a file (which also
migrates and may back up first) lives above it in ``models.opening``.
"""
