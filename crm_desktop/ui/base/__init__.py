"""What every screen stands on: the task runner, the change bus, the frame for acting,
style, translation and the application context; no screen of its own.
"""
