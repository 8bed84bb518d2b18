"""Where added entries go in a menu: the File menu ends with a separator and Quit.

``MainWindow.add_action`` puts every entry it adds to such a menu above the
separator that precedes Quit (``place_before_quit``); a screen that wants its
entries as a group of their own calls it again with ``group``.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QMenu

QUIT_SHORTCUT = QKeySequence("Ctrl+Q")


def quit_action(menu: QMenu) -> QAction | None:
    """The menu's Quit entry (the one on Ctrl+Q), if it has one."""
    return next(
        (a for a in menu.actions() if not a.isSeparator() and a.shortcut() == QUIT_SHORTCUT),
        None,
    )


def place_before_quit(menu: QMenu, actions: Sequence[QAction], *, group: bool = False) -> None:
    """Move ``actions`` (in order) above Quit and the separator before it.

    With ``group`` a separator also goes above the first of them. A menu without
    Quit is left as it is.
    """
    quit_entry = quit_action(menu)
    if quit_entry is None or not actions:
        return
    existing = menu.actions()
    index = existing.index(quit_entry)
    anchor = quit_entry
    if index > 0 and existing[index - 1].isSeparator():
        anchor = existing[index - 1]
    for action in actions:
        if action is anchor:
            continue
        menu.removeAction(action)
        menu.insertAction(anchor, action)
    if group:
        before = menu.actions()
        first = before.index(actions[0])
        if first > 0 and not before[first - 1].isSeparator():
            menu.insertSeparator(actions[0])
