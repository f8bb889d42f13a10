"""Whole rounds through the window, end to end: the secretariat's and the departments' windows
on their own registers, with real package files in between."""
