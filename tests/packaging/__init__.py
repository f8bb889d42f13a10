"""Checks of what is shipped: the translation tool (``packaging/translations.py``) and
``imag selftest``, which the built programs run (``packaging/check_build.py``)."""
