"""Tests of the window (``app/ui/``), offscreen: screens, dialogs, keyboard and accessibility."""
