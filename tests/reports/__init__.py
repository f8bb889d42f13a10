"""Tests of the PDF reports (``app/reports/``), read back from the real files."""
