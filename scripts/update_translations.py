"""Regenerate the translation sources from the GUI code, then build the .qm catalogues.

    python scripts/update_translations.py          # lupdate + lrelease
    python scripts/update_translations.py --check  # also fail on unfinished messages

Every ``self.tr("...")`` and ``QCoreApplication.translate(ctx, "...")`` in
``crm_desktop/ui`` and ``crm_desktop/app.py`` lands in
``resources/translations/crm_desktop_zh_CN.ts``; new strings arrive marked
unfinished. Translate them (Qt Linguist: ``pyside6-linguist FILE.ts``, or by hand),
run this again, and commit both the .ts and the .qm.
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TRANSLATIONS = ROOT / "resources" / "translations"
SOURCES = [ROOT / "crm_desktop" / "ui", ROOT / "crm_desktop" / "app.py"]
CATALOGUES = {"zh_CN": TRANSLATIONS / "crm_desktop_zh_CN.ts"}


def find_tool(name: str) -> str:
    """``pyside6-<name>`` beside this interpreter, on PATH, or inside the PySide6 package."""
    candidates = [
        Path(sys.executable).parent / f"pyside6-{name}",
        Path(sys.executable).parent / f"pyside6-{name}.exe",
    ]
    for candidate in candidates:
        if candidate.exists():
            return str(candidate)
    found = shutil.which(f"pyside6-{name}")
    if found:
        return found
    try:
        import PySide6
    except ImportError as exc:
        raise SystemExit("PySide6 is not installed in this interpreter") from exc
    package = Path(PySide6.__file__).parent
    for candidate in (package / name, package / f"{name}.exe", package / "Qt" / "bin" / name):
        if candidate.exists():
            return str(candidate)
    raise SystemExit(f"cannot find the Qt tool {name} (pyside6-{name})")


def source_files() -> list[str]:
    files: list[Path] = []
    for source in SOURCES:
        files.extend(sorted(source.rglob("*.py")) if source.is_dir() else [source])
    return [str(path) for path in files]


def unfinished(ts_path: Path) -> list[str]:
    """Source texts of messages with no finished translation."""
    missing = []
    for message in ET.parse(ts_path).getroot().iter("message"):
        translation = message.find("translation")
        source = message.findtext("source") or ""
        if translation is None or translation.get("type") in ("unfinished", "vanished"):
            if translation is None or translation.get("type") != "vanished":
                missing.append(source)
        elif not (translation.text or "").strip():
            missing.append(source)
    return missing


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="fail on unfinished messages")
    args = parser.parse_args(argv)
    TRANSLATIONS.mkdir(parents=True, exist_ok=True)
    lupdate, lrelease = find_tool("lupdate"), find_tool("lrelease")
    status = 0
    for language, ts_path in CATALOGUES.items():
        subprocess.run(
            [
                lupdate,
                *source_files(),
                "-no-obsolete",
                "-locations",
                "none",
                "-source-language",
                "en",
                "-target-language",
                language,
                "-ts",
                str(ts_path),
            ],
            check=True,
        )
        subprocess.run(
            # Only reviewed (finished) translations ship; guesses stay in the .ts for review.
            [lrelease, "-nounfinished", str(ts_path), "-qm", str(ts_path.with_suffix(".qm"))],
            check=True,
        )
        missing = unfinished(ts_path)
        for text in missing:
            print(f"{ts_path.name}: unfinished: {text!r}")
        if missing and args.check:
            status = 1
    return status


if __name__ == "__main__":
    sys.exit(main())
