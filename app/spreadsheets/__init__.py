"""Spreadsheets in and out: the safe low-level reading and writing (:mod:`.workbook`) and what
the register exchanges as spreadsheets (:mod:`.measures`, ...)."""
