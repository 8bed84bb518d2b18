"""Build the one-folder application with PyInstaller, then prove it works by its own self-test.

``python scripts/build_bundle.py`` (from the project's virtual environment, with
PyInstaller installed) writes dist/crm-desktop/, runs ``crm-desktop --self-test``
inside it offscreen and fails when either the build or the self-test fails. It
prints the time each took and the bundle's size.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BUNDLE = ROOT / "dist" / "crm-desktop"


def bundle_executable() -> Path:
    """The program inside the built folder."""
    return BUNDLE / ("crm-desktop.exe" if os.name == "nt" else "crm-desktop")


def folder_size(folder: Path) -> int:
    """Bytes of every file under ``folder``."""
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file() and not p.is_symlink())


def build() -> float:
    started = time.perf_counter()
    subprocess.run(
        [sys.executable, "-m", "PyInstaller", "build.spec", "--noconfirm", "--log-level", "WARN"],
        cwd=ROOT,
        check=True,
    )
    return time.perf_counter() - started


def self_test() -> tuple[int, float]:
    # A throwaway data folder: the self-test must not depend on, or touch, a real shop's data.
    with tempfile.TemporaryDirectory(prefix="crm-bundle-home-") as home:
        env = dict(os.environ, QT_QPA_PLATFORM="offscreen", CRM_DESKTOP_HOME=home)
        started = time.perf_counter()
        code = subprocess.call([str(bundle_executable()), "--self-test"], env=env, cwd=home)
        return code, time.perf_counter() - started


def main() -> int:
    try:
        build_seconds = build()
    except (subprocess.CalledProcessError, OSError) as error:
        print(f"bundle build failed: {error}", file=sys.stderr)
        return 1
    print(f"built {BUNDLE.relative_to(ROOT)} in {build_seconds:.0f} s", flush=True)
    code, test_seconds = self_test()
    print(f"bundle self-test {'passed' if code == 0 else 'FAILED'} in {test_seconds:.1f} s")
    print(f"bundle size: {folder_size(BUNDLE) / 1024 / 1024:.0f} MiB")
    return 0 if code == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
