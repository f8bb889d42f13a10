"""Exports of the register to JSON and CSV."""

from __future__ import annotations

import csv
import io
import json
from typing import Any

from app.spreadsheets.json_records import EXPORT_FIELDS


def to_json(records: list[dict[str, Any]]) -> str:
    return json.dumps(records, ensure_ascii=False, indent=2) + "\n"


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list):
        return ";".join(str(v) for v in value)
    text = str(value)
    # Keep spreadsheet programs from running a cell as a formula (CSV injection).
    if text[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + text
    return text


def to_csv(records: list[dict[str, Any]]) -> str:
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(EXPORT_FIELDS)
    for record in records:
        writer.writerow([_cell(record[field]) for field in EXPORT_FIELDS])
    return buffer.getvalue()
