"""The model layer and reports know no Qt and no views: a scan of every import."""

from __future__ import annotations

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent.parent / "crm_desktop"
FORBIDDEN = ("PySide6", "crm_desktop.ui", "shiboken6")


def _imports(path: Path) -> list[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names: list[str] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.extend(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.append(node.module)
    return names


def test_models_and_reports_import_no_qt_and_no_views() -> None:
    offenders = []
    files = [*(PACKAGE / "models").rglob("*.py"), *(PACKAGE / "reports").rglob("*.py")]
    assert len(files) > 10, "the scan must actually see the model layer"
    for path in files:
        for name in _imports(path):
            if name.startswith(FORBIDDEN):
                offenders.append(f"{path.relative_to(PACKAGE)} imports {name}")
    assert offenders == []


def test_the_scan_would_catch_a_qt_import(tmp_path: Path) -> None:
    bad = tmp_path / "bad.py"
    bad.write_text("from PySide6.QtWidgets import QWidget\nimport crm_desktop.ui.main_window\n")
    assert [n for n in _imports(bad) if n.startswith(FORBIDDEN)] == [
        "PySide6.QtWidgets",
        "crm_desktop.ui.main_window",
    ]
