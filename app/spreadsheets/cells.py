"""Cell values in and out: what a spreadsheet cell may hold for a date, a number, an amount of
money, a yes/no or a list, read the way German, Polish and Czech users write them, and written
back the same way each time (so that an unchanged file reads back unchanged)."""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal, InvalidOperation
from typing import Any

from app.i18n import LANGUAGES, N_, SOURCE_LANGUAGE, Message, translator

LIST_SEPARATOR = ", "
"""How several values share a cell when written (read: commas, semicolons or line breaks)."""

YES, NO = N_("yes"), N_("no")


class CellError(Exception):
    """A cell's value does not fit its column; ``message`` says why."""

    def __init__(self, message: Message) -> None:
        super().__init__(str(message))
        self.message = message


def text(value: Any) -> str | None:
    """Any cell as text (numbers without a needless ``.0``), ``None`` when empty."""
    if value is None:
        return None
    if type(value) is str:  # most cells: at once
        return value.strip() or None
    if isinstance(value, bool):
        return translator(SOURCE_LANGUAGE).gettext(YES if value else NO)
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, dt.datetime):
        value = value.date() if value.time() == dt.time() else value
    if isinstance(value, dt.date):
        return value.isoformat()
    result = str(value).strip()
    return result or None


_DOTTED_DATE = re.compile(r"(\d{1,2})\.\s*(\d{1,2})\.\s*(\d{4})")


def date(value: Any) -> dt.date | None:
    """A date cell, or a text like ``2026-03-31``, ``31.03.2026`` or ``31. 3. 2026``."""
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    raw = text(value)
    if raw is None:
        return None
    try:
        return dt.date.fromisoformat(raw[:10] if len(raw) > 10 and raw[10] in " T" else raw)
    except ValueError:
        pass
    match = _DOTTED_DATE.fullmatch(raw)
    if match:
        day, month, year = (int(part) for part in match.groups())
        try:
            return dt.date(year, month, day)
        except ValueError:
            pass
    raise CellError(
        Message(N_("“{value}” is not a date (write it as 31.03.2026 or 2026-03-31)."), value=raw)
    )


def decimal(value: Any) -> Decimal | None:
    """A number cell, or a text with a decimal comma or point (``1.234,5``, ``1 234,5``,
    ``1234.5``); a percent or euro sign is allowed."""
    if isinstance(value, bool):
        raise CellError(Message(N_("“{value}” is not a number."), value=text(value)))
    if isinstance(value, int | float):
        try:
            return Decimal(repr(value)) if isinstance(value, float) else Decimal(value)
        except InvalidOperation:
            raise CellError(Message(N_("“{value}” is not a number."), value=value)) from None
    raw = text(value)
    if raw is None:
        return None
    cleaned = re.sub(r"[\s\u00a0\u202f'’€%]|EUR$", "", raw)
    if "," in cleaned:
        cleaned = cleaned.replace(".", "").replace(",", ".")
    elif cleaned.count(".") > 1:
        cleaned = cleaned.replace(".", "")
    try:
        number = Decimal(cleaned)
    except InvalidOperation:
        number = Decimal("NaN")
    if not number.is_finite():
        raise CellError(Message(N_("“{value}” is not a number."), value=raw))
    return number


def integer(value: Any, low: int, high: int) -> int | None:
    """A whole number between ``low`` and ``high``."""
    number = decimal(value)
    if number is None:
        return None
    if number != number.to_integral_value() or not low <= number <= high:
        raise CellError(
            Message(
                N_("{value} is not a whole number between {low} and {high}."),
                value=text(value),
                low=low,
                high=high,
            )
        )
    return int(number)


def cents(value: Any) -> int | None:
    """An amount in euros (at most two decimals, not negative) as cents."""
    number = decimal(value)
    if number is None:
        return None
    amount = number * 100
    if amount != amount.to_integral_value() or number < 0:
        raise CellError(
            Message(
                N_("{value} is not an amount in euros (not negative, at most two decimals)."),
                value=text(value),
            )
        )
    return int(amount)


def real(value: Any) -> float | None:
    number = decimal(value)
    return None if number is None else float(number)


_BOOLEANS: dict[str, bool] = {"true": True, "false": False, "1": True, "0": False, "x": True}
for _lang in (SOURCE_LANGUAGE, *LANGUAGES):
    _BOOLEANS[translator(_lang).gettext(YES).casefold()] = True
    _BOOLEANS[translator(_lang).gettext(NO).casefold()] = False


def boolean(value: Any) -> bool | None:
    """Yes or no in any of the languages (also true/false, 1/0); empty: ``None``."""
    if isinstance(value, bool):
        return value
    raw = text(value)
    if raw is None:
        return None
    if raw.casefold() in _BOOLEANS:
        return _BOOLEANS[raw.casefold()]
    raise CellError(Message(N_("“{value}” is neither yes nor no."), value=raw))


def lookup(value: str, table: dict[str, Any]) -> Any:
    """``value`` in ``table`` (keys casefolded), also as ``KEY – name`` from a drop-down."""
    from app.spreadsheets.register_data import key

    for candidate in (value, value.split(" – ", 1)[0], value.split(" - ", 1)[0]):
        found = table.get(key(candidate))
        if found is not None:
            return found
    return None


def several(value: Any, table: dict[str, Any], what: str) -> tuple[Any, ...]:
    """A list cell's values looked up in ``table``; a whole cell that is one name (which may
    hold commas, like a ministry's) is taken as that name."""
    raw = text(value)
    if raw is None:
        return ()
    whole = lookup(raw, table)
    if whole is not None:
        return (whole,)
    found: list[Any] = []
    unknown: list[str] = []
    for line in (part.strip() for part in re.split(r"[\n;]", raw)):
        item = lookup(line, table) if line else None
        if item is not None:
            found.append(item)
            continue
        for piece in (p.strip() for p in line.split(",") if p.strip()):
            item = lookup(piece, table)
            if item is None:
                unknown.append(piece)
            else:
                found.append(item)
    if unknown:
        raise CellError(
            Message(
                N_("Unknown {what}: {code}."), what=Message(what), code=LIST_SEPARATOR.join(unknown)
            )
        )
    return tuple(dict.fromkeys(found))


def number_text(value: float | None) -> str:
    """A number as the CSV writes it: a decimal comma, no exponent for everyday sizes."""
    if value is None:
        return ""
    if float(value).is_integer() and abs(value) < 1e15:
        return str(int(value))
    return repr(float(value)).replace(".", ",")
