"""Status, traffic light and recommendation on the command line: the English keyword or its
label in any language of the program."""

from __future__ import annotations

import argparse

import pytest

from app.cli.common import RECOMMENDATION_CHOICES, keyword


@pytest.mark.parametrize(
    ("vocabulary", "given", "expected"),
    [
        ("app.models.labels:STATUS", "in_progress", "in_progress"),
        ("app.models.labels:STATUS", "in Umsetzung", "in_progress"),
        ("app.models.labels:STATUS", "W realizacji", "in_progress"),
        ("app.models.labels:STATUS", "v  realizaci", "in_progress"),
        ("app.models.labels:STATUS", "zaniechane", "dropped"),
        ("app.models.labels:TRAFFIC_LIGHT", "ohroženo", "red"),
        ("app.models.labels:TRAFFIC_LIGHT", "none", "none"),
        ("app.partnerships.register:RECOMMENDATION_LABELS", "ruhen lassen", "rest"),
        ("app.partnerships.register:RECOMMENDATION_LABELS", "zawiesić", "rest"),
        ("app.partnerships.register:RECOMMENDATION_LABELS", "pokračovat", "continue"),
        ("app.models.labels:STATUS", "irgendwas", "irgendwas"),  # left for choices to refuse
    ],
)
def test_a_label_in_any_language_becomes_the_keyword(
    vocabulary: str, given: str, expected: str
) -> None:
    assert keyword(vocabulary)(given) == expected


def test_argparse_takes_the_label_and_still_refuses_anything_else(
    capsys: pytest.CaptureFixture[str],
) -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument(
        "choice",
        type=keyword("app.partnerships.register:RECOMMENDATION_LABELS"),
        choices=RECOMMENDATION_CHOICES,
    )
    assert parser.parse_args(["přeorientovat na sektorovou spolupráci"]).choice == "sectoral"
    with pytest.raises(SystemExit):
        parser.parse_args(["vielleicht"])
    assert "vielleicht" in capsys.readouterr().err
