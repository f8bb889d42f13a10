"""The declarative base, its naming convention and the column types the models share."""

from __future__ import annotations

import enum
from typing import Any

from sqlalchemy import Enum, Integer, MetaData
from sqlalchemy.engine import Dialect
from sqlalchemy.orm import DeclarativeBase
from sqlalchemy.types import TypeDecorator

from app.errors import RegisterValuesInvalid
from app.i18n import N_, Message

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)


def invalid_value(field: str, value: object) -> RegisterValuesInvalid:
    """A value read from the register that its field cannot hold (written past the checks)."""
    return RegisterValuesInvalid(
        Message(
            N_(
                "The register holds a value the program cannot use: “{value}” in the field "
                "{field}. Run “imag db check” to find where, then correct it or restore a backup."
            ),
            value=value,
            field=field,
        )
    )


class CheckedEnum(Enum):
    """An enum column that reports a value it does not know as :class:`RegisterValuesInvalid`
    where the row is read, not as an internal ``LookupError``."""

    cache_ok = True

    def _object_value_for_elem(self, elem: Any) -> Any:
        try:
            return super()._object_value_for_elem(elem)
        except LookupError:
            raise invalid_value(str(self.name), elem) from None


class Percent(TypeDecorator[int]):
    """An integer 0–100 (a progress); a value outside is reported where the row is read."""

    impl = Integer
    cache_ok = True

    def process_result_value(self, value: int | None, dialect: Dialect) -> int | None:  # noqa: ARG002 - an override
        if value is not None and not 0 <= value <= 100:
            raise invalid_value("progress", value)
        return value


def str_enum(enum_cls: type[enum.StrEnum], name: str) -> Enum:
    """A string column restricted to an enum's values by a CHECK constraint (no native enum)."""
    return CheckedEnum(
        enum_cls,
        name=name,
        native_enum=False,
        create_constraint=True,
        length=24,
        values_callable=lambda cls: [member.value for member in cls],
        validate_strings=True,
    )


def enum_values(enum_cls: type[enum.StrEnum]) -> list[Any]:
    return [member.value for member in enum_cls]
