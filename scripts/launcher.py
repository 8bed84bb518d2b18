"""Entry point of the bundled program: the same as ``python -m crm_desktop``."""

from __future__ import annotations

import sys

from crm_desktop.__main__ import main

if __name__ == "__main__":
    sys.exit(main())
