"""Entry point of the bundled program: the same as ``python -m crm_desktop``."""

from __future__ import annotations

import multiprocessing
import sys

from crm_desktop.__main__ import main

if __name__ == "__main__":
    # The demo's helper process starts this same executable in a bundle; let it act as the child.
    multiprocessing.freeze_support()
    sys.exit(main())
