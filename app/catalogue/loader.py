"""Read and check a catalogue file (JSON) and the departments list (CSV).

Everything is checked before a register is touched: a file that is missing, unreadable, too
large, not UTF-8, not JSON, of an unknown format version, with a missing or mistyped field, or
whose codes do not fit together, raises :class:`~app.errors.CatalogueInvalid`.
"""

from __future__ import annotations

import csv
import io
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from app.catalogue.schema import CATALOGUE, DEPARTMENT_COLUMNS, LIST_ITEM, SchemaError, check_record
from app.errors import CatalogueInvalid, InvalidInput
from app.fileio import checked_input, os_reason
from app.i18n import N_, Message
from app.operations.departments import check_email, check_language
from app.resources import resource

FORMAT_VERSION = 1
MAX_FILE_BYTES = 16 * 1024 * 1024
DEFAULT_CATALOGUE = ("catalogue", "sachsen-2025.json")
DEFAULT_DEPARTMENTS = ("catalogue", "departments.csv")


@dataclass(frozen=True)
class Catalogue:
    """A checked catalogue: the parsed JSON document plus where it came from."""

    path: Path
    data: dict[str, Any]

    @property
    def id(self) -> str:
        return str(self.data["id"])

    @property
    def version(self) -> str:
        return str(self.data["version"])

    @property
    def measures(self) -> list[dict[str, Any]]:
        return list(self.data["measures"])


def _invalid(path: Path, problem: Message) -> CatalogueInvalid:
    return CatalogueInvalid(
        Message(
            N_("The catalogue file {path} cannot be used: {problem}. Nothing was changed."),
            path=path,
            problem=problem,
        )
    )


def _read_text(path: Path) -> str:
    try:
        size = checked_input(path)
        if size > MAX_FILE_BYTES:
            raise _invalid(
                path,
                Message(
                    N_("the file is too large ({size} bytes, at most {limit})"),
                    size=size,
                    limit=MAX_FILE_BYTES,
                ),
            )
        return path.read_bytes().decode("utf-8-sig")
    except FileNotFoundError:
        raise _invalid(path, Message(N_("the file does not exist"))) from None
    except UnicodeDecodeError as exc:
        raise _invalid(
            path, Message(N_("the file is not UTF-8 text (byte {offset})"), offset=exc.start)
        ) from None
    except OSError as exc:
        raise _invalid(
            path, Message(N_("the file cannot be read ({error})"), error=os_reason(exc))
        ) from None


def load_catalogue(path: Path | None = None) -> Catalogue:
    path = path or resource(*DEFAULT_CATALOGUE)
    try:
        data = json.loads(_read_text(path))
    except json.JSONDecodeError as exc:
        raise _invalid(
            path,
            Message(
                N_("the file is not valid JSON (line {line}, column {column})"),
                line=exc.lineno,
                column=exc.colno,
            ),
        ) from None
    except RecursionError:
        raise _invalid(path, Message(N_("the file is nested too deeply"))) from None
    if isinstance(data, dict) and data.get("format_version") not in (None, FORMAT_VERSION):
        version = data.get("format_version")
        raise _invalid(
            path,
            Message(
                N_("format version {found} is not supported (this program reads version {known})"),
                found=version,
                known=FORMAT_VERSION,
            ),
        )
    try:
        check_record(data, CATALOGUE, "")
        for key, items in data["lists"].items():
            if not isinstance(items, list):
                raise SchemaError(f"lists.{key}", Message(N_("expected a list")))
            for index, item in enumerate(items):
                check_record(item, LIST_ITEM, f"lists.{key}[{index}]")
        _check_references(data)
    except SchemaError as exc:
        raise _invalid(path, exc.message()) from None
    return Catalogue(path=path, data=data)


def _duplicate(value: object) -> Message:
    return Message(N_("“{value}” occurs more than once"), value=value)


def _unknown(value: object) -> Message:
    return Message(N_("“{value}” is not defined in the file"), value=value)


def _unique(items: list[dict[str, Any]], key: str, where: str) -> set[str]:
    seen: set[str] = set()
    for index, item in enumerate(items):
        value = str(item[key])
        if value in seen:
            raise SchemaError(f"{where}[{index}].{key}", _duplicate(value))
        seen.add(value)
    return seen


def _check_references(data: dict[str, Any]) -> None:
    numerals = _unique(data["instruments"], "numeral", "instruments")
    sections = {
        (instrument["numeral"], section["code"])
        for instrument in data["instruments"]
        for section in instrument["sections"]
    }
    _unique(data["goals"], "number", "goals")
    _unique(data["measures"], "code", "measures")
    for index, measure in enumerate(data["measures"]):
        where = f"measures[{index}]"
        if measure["instrument"] not in numerals:
            raise SchemaError(f"{where}.instrument", _unknown(measure["instrument"]))
        section = measure["section"]
        if section is not None and (measure["instrument"], section) not in sections:
            raise SchemaError(f"{where}.section", _unknown(section))
        _check_lines(measure["lines"], f"{where}.lines")
    partners = _unique(data["partners"], "code", "partners")
    _unique(data["partnerships"], "code", "partnerships")
    for index, partnership in enumerate(data["partnerships"]):
        if partnership["partner"] not in partners:
            raise SchemaError(f"partnerships[{index}].partner", _unknown(partnership["partner"]))
    codes: set[str] = set()
    for key, items in data["lists"].items():
        for index, item in enumerate(items):
            if item["code"] in codes:
                raise SchemaError(f"lists.{key}[{index}].code", _duplicate(item["code"]))
            codes.add(item["code"])


def _check_lines(lines: list[int], where: str) -> None:
    if len(lines) != 2 or lines[0] < 1 or lines[1] < lines[0]:
        raise SchemaError(where, Message(N_("expected [first line, last line]")))


OPTIONAL_DEPARTMENT_COLUMNS = ("email", "language")
"""Columns a departments file may have: the e-mail address and the language of reminders."""


def load_departments(path: Path | None = None) -> list[dict[str, str | None]]:
    """The default departments (code, kind, German/Polish/Czech names, note and, where the file
    has these columns, e-mail address and language) from a CSV file."""
    path = path or resource(*DEFAULT_DEPARTMENTS)
    reader = csv.DictReader(io.StringIO(_read_text(path), newline=""))
    missing = [column for column in DEPARTMENT_COLUMNS if column not in (reader.fieldnames or [])]
    if missing:
        raise _invalid(path, Message(N_("columns missing: {columns}"), columns=", ".join(missing)))
    rows: list[dict[str, str | None]] = []
    seen: set[str] = set()
    try:
        for number, row in enumerate(reader, start=2):
            code = (row.get("code") or "").strip()
            name = (row.get("name_de") or "").strip()
            if not code or not name:
                raise _invalid(
                    path, Message(N_("line {line}: code and name_de are required"), line=number)
                )
            if code in seen:
                raise _invalid(
                    path,
                    Message(N_("line {line}: {problem}"), line=number, problem=_duplicate(code)),
                )
            seen.add(code)
            rows.append(_department_row(path, number, row))
    except csv.Error as exc:
        raise _invalid(
            path, Message(N_("the file is not valid CSV ({error})"), error=str(exc))
        ) from None
    if not rows:
        raise _invalid(path, Message(N_("the file lists no departments")))
    return rows


def _department_row(path: Path, number: int, row: dict[str, str | None]) -> dict[str, str | None]:
    """One line of a departments file as the seeder takes it; the optional columns checked."""
    found = {
        column: ((row.get(column) or "").strip() or None)
        for column in (*DEPARTMENT_COLUMNS, *OPTIONAL_DEPARTMENT_COLUMNS)
    }
    try:
        found["email"] = check_email(found["email"])
        found["language"] = check_language(found["language"])
    except InvalidInput as error:
        raise _invalid(
            path, Message(N_("line {line}: {problem}"), line=number, problem=error.message)
        ) from None
    return found
