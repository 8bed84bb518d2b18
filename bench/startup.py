"""Benchmark of start-up: launch to a usable main window, from source and from the bundle.

Makes two encrypted files (empty, and a demo shop of 100,000 customers built
with ``generate_demo``), then starts the GUI offscreen on each, signed in through
CRM_DESKTOP_USER / CRM_DESKTOP_PASSWORD, with CRM_DESKTOP_EXIT_WHEN_READY set so
the program prints "window ready" once its main window is shown and quits. The
time to that line is the start-up time (the sign-in's key derivation included).
Both ``python -m crm_desktop`` and the built bundle (dist/crm-desktop, made by
scripts/build_bundle.py) are measured; the bundle's size is printed too.

    python bench/startup.py [--customers N] [--runs N] [--dir DIR] [--reuse]

Target: under 2 s to a usable window.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Sequence
from pathlib import Path

from crm_desktop.models.opening import create_store

ROOT = Path(__file__).resolve().parent.parent
BUNDLE = ROOT / "dist" / "crm-desktop"
OWNER = "boss"
PASSWORD = "bench-pass-1"
TARGET_S = 2.0
READY = "window ready"
WAIT_S = 90.0


def _parse(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--customers", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=3, help="starts per program and file")
    parser.add_argument("--dir", default=str(ROOT / "bench" / "out"))
    parser.add_argument("--reuse", action="store_true", help="keep files built by an earlier run")
    return parser.parse_args(argv)


def make_file(path: Path, customers: int, reuse: bool) -> Path:
    """An encrypted shop file with ``customers`` demo customers (0: just the owner)."""
    from crm_desktop.models.demo import generate_demo

    if reuse and path.exists():
        return path
    for stale in path.parent.glob(path.name + "*"):
        stale.unlink()
    started = time.perf_counter()
    store, _recovery = create_store(path, "启动测试店", OWNER, PASSWORD)
    try:
        if customers:
            generate_demo(store, store.actor_for(OWNER), customers, seed=7)
    finally:
        store.close()
    print(f"built {path.name}: {customers:,} customers in {time.perf_counter() - started:.0f} s",
          flush=True)
    return path


def folder_size(folder: Path) -> int:
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file() and not p.is_symlink())


def time_to_window(command: list[str], db: Path) -> float:
    """Seconds from launch until the program says its main window is shown."""
    with tempfile.TemporaryDirectory(prefix="crm-startup-home-") as home:
        env = dict(
            os.environ,
            QT_QPA_PLATFORM=os.environ.get("QT_QPA_PLATFORM", "offscreen"),
            CRM_DESKTOP_HOME=home,
            CRM_DESKTOP_USER=OWNER,
            CRM_DESKTOP_PASSWORD=PASSWORD,
            CRM_DESKTOP_EXIT_WHEN_READY="1",
        )
        started = time.perf_counter()
        process = subprocess.Popen(
            [*command, "--db", str(db)], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
            text=True, env=env, cwd=home,
        )
        assert process.stdout is not None
        # A program that never says it is ready (an old build, a dialog waiting) is stopped.
        watchdog = threading.Timer(WAIT_S, process.kill)
        watchdog.start()
        ready_at = None
        try:
            for line in process.stdout:
                if line.strip() == READY:
                    ready_at = time.perf_counter()
                    break
            _out, err = process.communicate()
        finally:
            watchdog.cancel()
        if ready_at is None:
            raise RuntimeError(f"{command[0]} never showed its window: {err.strip()[-500:]}")
        return ready_at - started


def main(argv: Sequence[str] | None = None) -> int:
    args = _parse(argv)
    folder = Path(args.dir)
    folder.mkdir(parents=True, exist_ok=True)
    files = {
        "empty": make_file(folder / "startup-empty.crm", 0, args.reuse),
        f"{args.customers:,} customers": make_file(
            folder / f"startup-{args.customers}.crm", args.customers, args.reuse
        ),
    }
    programs = {"python -m crm_desktop": [sys.executable, "-m", "crm_desktop"]}
    executable = BUNDLE / ("crm-desktop.exe" if os.name == "nt" else "crm-desktop")
    if executable.exists():
        print(f"bundle size: {folder_size(BUNDLE) / 1024 / 1024:.0f} MiB ({BUNDLE})")
        programs["bundle"] = [str(executable)]
    else:
        print("no bundle in dist/ (run scripts/build_bundle.py); measuring the source only")
    print(f"{'program':<24}{'file':<22}{'median s':>9}{'best s':>8}  target {TARGET_S:.1f} s")
    slow = False
    for label, command in programs.items():
        for file_label, path in files.items():
            times = [time_to_window(command, path) for _ in range(args.runs)]
            median = statistics.median(times)
            slow = slow or median > TARGET_S
            mark = "ok" if median <= TARGET_S else "SLOW"
            print(f"{label:<24}{file_label:<22}{median:>9.2f}{min(times):>8.2f}  {mark}",
                  flush=True)
    return 1 if slow else 0


if __name__ == "__main__":
    sys.exit(main())
