"""The summary of changes since the previous round, on plain data: which traffic lights turned
red or amber (worse, not better), which measures were completed, dropped, are new or left the
register, and which changed otherwise; each measure once per kind."""

from __future__ import annotations

from typing import Any

from app.reports import round_changes as rc


def state(code: str, **values: Any) -> dict[str, Any]:
    base: dict[str, Any] = {
        "titles": {"de": f"Titel {code}", "pl": None, "cs": None},
        "status": "in_progress",
        "traffic_light": "green",
        "progress": 10,
        "comment": None,
    }
    return base | values


def codes(summary: rc.ChangeSummary, kind: str) -> list[str]:
    return [item.code for item in summary.groups[kind]]


def test_each_kind_of_change_is_counted_once_in_the_registers_order() -> None:
    before = {
        "A": state("A"),
        "B": state("B", traffic_light="red"),
        "C": state("C", traffic_light=None),
        "D": state("D", traffic_light="red"),
        "E": state("E"),
        "F": state("F"),
        "G": state("G"),
        "H": state("H", status="completed"),
    }
    now = {
        "E": state("E", status="completed", progress=100, traffic_light="red"),
        "A": state("A", traffic_light="red"),
        "B": state("B", traffic_light="red", progress=50),  # red before: not "turned"
        "C": state("C", traffic_light="amber"),
        "D": state("D", traffic_light="amber"),  # better, not worse: no "turned amber"
        "F": state("F", status="dropped"),
        "H": state("H", status="completed"),  # unchanged
        "N": state("N"),
    }
    summary = rc.summarize(before, now)
    assert codes(summary, rc.TURNED_RED) == ["E", "A"]
    assert codes(summary, rc.TURNED_AMBER) == ["C"]
    assert codes(summary, rc.COMPLETED) == ["E"]
    assert codes(summary, rc.DROPPED) == ["F"]
    assert codes(summary, rc.NEW) == ["N"]
    assert codes(summary, rc.GONE) == ["G"]
    assert [item.code for item in summary.otherwise] == ["B", "D"]
    assert summary.changed == 8  # E counts once although it is in two kinds
    assert summary.groups[rc.NEW][0].titles["de"] == "Titel N"
    assert list(summary.groups) == list(rc.KINDS)


def test_nothing_changed() -> None:
    before = {"A": state("A"), "B": state("B", traffic_light="red")}
    summary = rc.summarize(before, dict(before))
    assert summary.changed == 0
    assert all(not items for items in summary.groups.values())
    assert summary.otherwise == ()


def test_a_title_change_alone_is_not_a_change() -> None:
    before = {"A": state("A")}
    now = {"A": state("A", titles={"de": "Neuer Titel"})}
    assert rc.summarize(before, now).changed == 0
