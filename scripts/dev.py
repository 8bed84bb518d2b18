"""Set up the project's virtual environment, then start the app or run the checks.

Needs only Python 3.11+ on the machine: ``python3 scripts/dev.py run`` starts the
app, ``python3 scripts/dev.py test`` runs lint, type checks and the test suite.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import pg_cluster  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
VENV = ROOT / ".venv"
STAMP = VENV / ".installed-from"
SYSTEM_PACKAGES = [
    "fonts-noto-cjk",
    "xvfb",
    "xdotool",
    "imagemagick",
    # Qt's xcb platform plugin needs these to start under a virtual screen.
    "libxcb-icccm4",
    "libxcb-keysyms1",
    "libxcb-cursor0",
    # A private message bus: the test of the system's lock and sleep signals runs over it.
    "dbus",
    # A real PostgreSQL server for the tests of a shop on a server (started per test run).
    "postgresql",
]


def venv_python() -> Path:
    """The interpreter inside the project's virtual environment."""
    if os.name == "nt":
        return VENV / "Scripts" / "python.exe"
    return VENV / "bin" / "python"


def _requirements_hash() -> str:
    return hashlib.sha256((ROOT / "pyproject.toml").read_bytes()).hexdigest()


def ensure_venv() -> Path:
    """Create the virtual environment and install the project when pyproject changed."""
    python = venv_python()
    if not python.exists():
        print("Creating virtual environment in .venv ...", flush=True)
        subprocess.run([sys.executable, "-m", "venv", str(VENV)], check=True)
    wanted = _requirements_hash()
    if not STAMP.exists() or STAMP.read_text() != wanted:
        print("Installing crm_desktop and its dependencies ...", flush=True)
        subprocess.run(
            [str(python), "-m", "pip", "install", "-q", "--upgrade", "pip"], check=True
        )
        subprocess.run(
            [str(python), "-m", "pip", "install", "-q", "-e", f"{ROOT}[dev,bundle]"], check=True
        )
        STAMP.write_text(wanted)
    return python


def _has_cjk_font() -> bool:
    if shutil.which("fc-list") is None:
        return False
    out = subprocess.run(["fc-list", ":lang=zh"], capture_output=True, text=True).stdout
    return bool(out.strip())


def ensure_system_packages() -> None:
    """Install the CJK font and virtual screen tools the tests and screenshots use.

    Only on Debian-like systems where we are root; elsewhere it just warns.
    """
    if not sys.platform.startswith("linux") or shutil.which("apt-get") is None:
        return
    missing_font = not _has_cjk_font()
    missing_xvfb = shutil.which("xvfb-run") is None
    missing_bus = shutil.which("dbus-daemon") is None
    missing_server = pg_cluster.bin_dir() is None
    if not (missing_font or missing_xvfb or missing_bus or missing_server):
        return
    if os.geteuid() != 0:
        print("warning: install fonts-noto-cjk, xvfb and postgresql for the tests")
        return
    env = dict(os.environ, DEBIAN_FRONTEND="noninteractive")
    subprocess.run(["apt-get", "update", "-qq"], check=True, env=env)
    subprocess.run(
        ["apt-get", "install", "-y", "-qq", *SYSTEM_PACKAGES],
        check=True,
        env=env,
        stdout=subprocess.DEVNULL,
    )


def run_app(args: list[str]) -> int:
    python = ensure_venv()
    return subprocess.call([str(python), "-m", "crm_desktop", *args], cwd=ROOT)


def run_tests(args: list[str]) -> int:
    python = ensure_venv()
    ensure_system_packages()
    with tempfile.TemporaryDirectory(prefix="crm-pg-") as folder:
        url = pg_cluster.start(Path(folder))
        try:
            return _run_checks(python, args, url)
        finally:
            pg_cluster.stop(Path(folder))


def _run_checks(python: Path, args: list[str], pg_url: str) -> int:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", PYTHONDONTWRITEBYTECODE="1",
               CRM_TEST_PG_URL=pg_url)
    steps = [
        [str(python), "-m", "ruff", "check", "crm_desktop", "tests", "bench", "scripts"],
        [str(python), "-m", "mypy"],
        # One worker per processor (pytest-xdist): the suite is mostly waiting on one core.
        [str(python), "-m", "pytest", "-n", "auto", *args],
    ]
    for step in steps:
        print("$", " ".join(Path(step[0]).name if i == 0 else s for i, s in enumerate(step)),
              flush=True)
        code = subprocess.call(step, cwd=ROOT, env=env)
        if code != 0:
            return code
    return 0


def build_bundle() -> int:
    """Build the one-folder application and run its self-test inside it."""
    python = ensure_venv()
    return subprocess.call([str(python), str(ROOT / "scripts" / "build_bundle.py")], cwd=ROOT)


def main() -> int:
    verbs = {"run", "test", "setup", "bundle"}
    if len(sys.argv) < 2 or sys.argv[1] not in verbs:
        print("usage: python3 scripts/dev.py run [app args] | test [pytest args] | bundle | setup")
        return 2
    verb, rest = sys.argv[1], sys.argv[2:]
    if verb == "run":
        return run_app(rest)
    if verb == "test":
        return run_tests(rest)
    if verb == "bundle":
        return build_bundle()
    ensure_venv()
    ensure_system_packages()
    return 0


if __name__ == "__main__":
    sys.exit(main())
