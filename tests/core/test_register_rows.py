"""The register's rows: the folded search key (a translate table, same result as stripping
combining marks one by one) and the rows of some measures alone (a refresh after an edit)."""

from __future__ import annotations

import unicodedata
from pathlib import Path

from app.operations.register_view import fold, load_rows
from app.paths import resolve
from app.storage.register import open_register

SPECIAL = str.maketrans(
    {"ł": "l", "Ł": "l", "ß": "ss", "ẞ": "ss", "đ": "d", "Đ": "d", "ø": "o", "Ø": "o",
     "æ": "ae", "Æ": "ae", "œ": "oe", "Œ": "oe", "ı": "i"}
)  # fmt: skip


def slow_fold(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text.translate(SPECIAL))
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()


def test_fold_as_before() -> None:
    for text in ("Wrocław", "Ústí nad Labem", "ŁÓDŹ Straße", "ﬁ½ Ǆ", "Plain ASCII", "Ǻ̧̈", ""):
        assert fold(text) == slow_fold(text)
    assert fold("Łódź Ústí") == "lodz usti"


def test_rows_of_some_measures(fresh_register: Path) -> None:
    with open_register(resolve(fresh_register)) as register, register.session() as session:
        everything = load_rows(session)
        codes = {everything[3].code, everything[-1].code}
        some = load_rows(session, codes)
    assert some == [r for r in everything if r.code in codes]


def test_fold_drops_exactly_the_combining_marks_in_every_plane() -> None:
    """The fast fold (a regular expression over the marks of the BMP) matches the definition:
    special letters replaced, NFKD, every character with a combining class dropped, casefold."""
    import random

    special = {"ł": "l", "Ł": "l", "ß": "ss", "ẞ": "ss", "đ": "d", "Đ": "d", "ø": "o", "Ø": "o",
               "æ": "ae", "Æ": "ae", "œ": "oe", "Œ": "oe", "ı": "i"}  # fmt: skip

    def reference(text: str) -> str:
        text = "".join(special.get(char, char) for char in text)
        decomposed = unicodedata.normalize("NFKD", text)
        return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()

    pick = random.Random(18)
    texts = ["Łódź", "Ústí nad Labem", "Straße", "ǅ ﬁ Å", "e\u0301\U0001d165x", "\u0301", ""]
    texts += ["".join(chr(pick.randrange(0x20, 0x30000)) for _ in range(30)) for _ in range(3000)]
    assert [fold(text) for text in texts] == [reference(text) for text in texts]
