"""The Qt widgets, dialogs, item models and workers of the desktop application.

Importing the package first applies the work-arounds for known Qt binding defects.
"""

from crm_desktop.ui.base import qt_fixes

qt_fixes.apply()
