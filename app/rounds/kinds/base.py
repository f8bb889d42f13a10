"""What a kind of round is: the one interface the rounds' lifecycle, import, merge, conflicts,
progress and the department's workspace call where the kinds differ.

A kind says what a round of it contains (its scope, set up when the round is created, and the
departments it asks), what goes into a department's package, the shape of its two payloads, how
a returned answer is checked, which values the merge compares and how one is applied to the
register, how the department's workspace keeps and checks an answer, and its nouns for the
messages the command line, the window and the reports show.
"""

from __future__ import annotations

import datetime as dt
from abc import ABC, abstractmethod
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any, ClassVar

from sqlalchemy.orm import Session

from app.errors import InvalidInput, PackageRefused
from app.i18n import N_, Message
from app.models import Conflict, Department, IssuedItem, Round, RoundKind
from app.operations.context import Actor

Refuse = Callable[..., PackageRefused]
"""Makes the refusal of a package: ``refuse(N_("its … {code}"), code=…)``."""


@dataclass(frozen=True)
class RoundInput:
    """A new round as the secretariat describes it."""

    name: str
    deadline: dt.date
    period_start: dt.date | None = None
    period_end: dt.date | None = None
    departments: tuple[str, ...] = ()  # empty: the kind's default departments
    instruments: tuple[str, ...] = ()  # measure rounds; empty: all instruments
    note: str | None = None
    kind: RoundKind = RoundKind.MEASURES
    partnerships: tuple[str, ...] = ()  # partnership rounds; empty: active and dormant regional
    criteria_set: str | None = None  # partnership rounds; None: the only or the default set


@dataclass
class Package:
    """What one department's round package carries besides the round's common part."""

    items: list[dict[str, Any]]  # the payload's items
    issued: list[IssuedItem]  # the register's record of them (position, code, issued values)
    extra: dict[str, Any] = field(default_factory=dict)  # more parts of the payload


class MergeTarget(ABC):
    """What one returned item is merged into: the register's current values of the item, by
    merge unit (``None``: the item no longer exists, so every change is a conflict)."""

    measure_id: int | None = None  # the measure a conflict or a return entry points to

    @property
    @abstractmethod
    def units(self) -> dict[str, Any] | None: ...

    @abstractmethod
    def apply(
        self, session: Session, actor: Actor, *, unit: str, old: Any, new: Any, now: str
    ) -> None:
        """Set one unit in the register, with its audit record."""


class RoundKindSpec(ABC):
    """One kind of round. The registry in :mod:`app.rounds.kinds` holds one instance each."""

    kind: RoundKind
    label: str
    """What a round of the kind is, as the new-round dialog offers it."""
    short_label: str
    """The column “Kind” in lists of rounds."""
    round_payload: str
    """Its round package's payload: a definition of the exchange format's JSON Schema."""
    return_payload: str
    """Its return's payload: a definition of the exchange format's JSON Schema."""
    reports: frozenset[str]
    """The reports (:class:`app.reports.ReportKind` values) that can be about such a round."""
    report_refusal: str
    """Why another report cannot be about such a round (``{name}``: the round)."""

    # nouns and messages; message ids are shared with the catalogs, keep them as they are
    item_state_labels: ClassVar[Mapping[str, str]]
    """An item's state in the workspace: missing, incomplete, answered."""
    item_count: tuple[str, str]
    """``{n}`` items (singular, plural)."""
    issued_line: tuple[str, str]
    """One package written: ``{department}``, ``{path}``, ``{n}`` items."""
    empty_package_note: str | None = None
    """Said of a package without items (``{department}``), if that is worth a note."""
    progress_part: tuple[str, str]
    """Items answered: ``{answered}`` of ``{n}``."""
    status_line: str
    """A round's state: ``{name}``, ``{status}``, ``{deadline}``, ``{returned}`` of ``{expected}``
    departments, ``{answered}`` of ``{measures}`` items, ``{conflicts}``."""
    department_line: str
    """A department's state: ``{code}``, ``{state}``, ``{returned}`` of ``{expected}``."""
    not_issued: str
    """A return answers for an item not issued to its department (``{code}``, ``{department}``)."""
    answered_twice: str
    """A return answers twice for one item (``{code}``)."""
    not_in_workspace: str
    """An item is not in the opened round (``{code}``, ``{round}``, ``{department}``)."""
    opened: str
    """A package opened for the first time (``{round}``, ``{department}``, ``{items}``)."""
    nothing_to_export: str
    exported: str
    """A return written (``{path}``, ``{sequence}``, ``{encryption}``, ``{answers}``,
    ``{missing}``)."""

    @property
    def value(self) -> str:
        return self.kind.value

    # -- the secretariat: creating and issuing -------------------------------------------------

    @abstractmethod
    def instruments(self, session: Session, data: RoundInput) -> list[str]:
        """The instruments (numerals) the round is limited to; empty: no limit."""

    @abstractmethod
    def set_up(self, session: Session, round_: Round, data: RoundInput) -> list[Department]:
        """Set up the new round's scope; returns the departments it asks."""

    @abstractmethod
    def department_summary(self, session: Session, round_: Round) -> list[str | Message]:
        """The departments a round asks, as the command line lists them after creating it."""

    @abstractmethod
    def packer(self, session: Session, round_: Round) -> Callable[[Department], Package]:
        """Makes each department's package (what all of them need is read once)."""

    # -- the secretariat: importing, merging, progress -----------------------------------------

    @abstractmethod
    def normalized_return(
        self, session: Session, round_: Round, raw: dict[str, Any], item: IssuedItem
    ) -> dict[str, Any]:
        """A returned answer checked (complete, valid) and normalized; else
        :class:`InvalidInput`."""

    @abstractmethod
    def units(self, values: dict[str, Any]) -> dict[str, Any]:
        """The merge units of an answer or of issued values: ``{unit: comparable value}``."""

    @abstractmethod
    def merge_targets(
        self, session: Session, round_: Round, department: Department, items: list[IssuedItem]
    ) -> dict[str, MergeTarget]:
        """Per item code, what a returned answer is merged into (read once per import)."""

    @abstractmethod
    def write_merged(self, session: Session, targets: list[MergeTarget], now: str) -> None:
        """Write what the merge applied to ``targets`` (called once the answers of a return are
        merged; a kind whose targets write each unit as it is applied does nothing)."""

    @abstractmethod
    def apply_returned(
        self,
        session: Session,
        actor: Actor,
        *,
        round_: Round,
        conflict: Conflict,
        value: Any,
        now: str,
    ) -> None:
        """Resolve ``conflict`` by taking the returned ``value``; :class:`InvalidInput` if the
        register no longer has what it is about."""

    @abstractmethod
    def unassigned(self, session: Session, round_: Round) -> list[str]:
        """The items in the round's scope that no department is asked about."""

    # -- the department's workspace ------------------------------------------------------------

    @abstractmethod
    def check_package(self, content: dict[str, Any], refuse: Refuse) -> None:
        """Check the items of an opened package (its shape is checked already)."""

    @abstractmethod
    def default_answer(self, item: dict[str, Any]) -> dict[str, Any]:
        """The answer before anything was typed: the issued values."""

    @abstractmethod
    def problem(
        self, content: dict[str, Any], item: dict[str, Any], answer: dict[str, Any]
    ) -> Message | None:
        """Why ``answer`` cannot be exported yet (``None``: it is complete and valid)."""

    @abstractmethod
    def draft(
        self, content: dict[str, Any], item: dict[str, Any], answer: dict[str, Any]
    ) -> dict[str, Any]:
        """``answer`` as the workspace keeps it while it is typed (maybe not valid yet)."""

    @abstractmethod
    def changed(
        self,
        content: dict[str, Any],
        item: dict[str, Any],
        current: dict[str, Any],
        changes: dict[str, Any],
    ) -> dict[str, Any]:
        """``current`` with ``changes``, checked (:class:`InvalidInput` if not valid)."""

    @abstractmethod
    def wire_answer(
        self, content: dict[str, Any], code: str, item: dict[str, Any], answer: dict[str, Any]
    ) -> dict[str, Any]:
        """An answer as a return carries it."""

    @abstractmethod
    def criteria(self, content: dict[str, Any]) -> dict[str, Any] | None:
        """The criteria and scale the package carries (``None``: the kind has none)."""

    def not_assessed(self, name: str) -> InvalidInput:
        """The refusal to assess in a round of a kind that has no criteria."""
        return InvalidInput(
            Message(N_("The round “{round}” is not a partnership round."), round=name)
        )


def names_of(model: Any, prefix: str) -> dict[str, Any]:
    """``{prefix}_de``, ``{prefix}_pl``, ``{prefix}_cs`` of ``model`` as a package carries them."""
    return {f"{prefix}_{lang}": getattr(model, f"{prefix}_{lang}") for lang in ("de", "pl", "cs")}
