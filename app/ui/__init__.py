"""The Qt front end: the only package that imports PySide6."""

import builtins

PYTHON_IMPORT = builtins.__import__
"""Python's own ``__import__``, kept before PySide6 replaces it with one that checks every module
imported after it for its ``__feature__`` switches (which made importing SQLAlchemy and the
models a fifth slower): the main window's storage layer is imported with this one
(:func:`app.ui.main.main_window_class`)."""
