"""The cabinet report's slim measure records hold the same values as the register's objects."""

from __future__ import annotations

import dataclasses
from pathlib import Path

from app.operations.queries import load_measures
from app.paths import resolve
from app.reports.records import MeasureRecord, load_records
from app.storage.register import open_register


def test_records_match_the_measures(demo_dir: Path) -> None:
    names = [f.name for f in dataclasses.fields(MeasureRecord)]
    with open_register(resolve(demo_dir), readonly=True) as register, register.session() as s:
        measures = load_measures(s, include_archived=False)
        records = load_records(s)
        assert [r.code for r in records] == [m.code for m in measures]
        assert any(m.lead_department is not None for m in measures)
        assert any(m.traffic_light is not None for m in measures)
        for record, measure in zip(records, measures, strict=True):
            for name in names:
                assert getattr(record, name) == getattr(measure, name), (measure.code, name)
            # the shared objects of the session, not copies
            assert record.instrument is measure.instrument
            assert record.lead_department is measure.lead_department


def test_a_reports_records_keep_its_language_and_german_titles(demo_dir: Path) -> None:
    with open_register(resolve(demo_dir), readonly=True) as register, register.session() as s:
        full = load_records(s)
        polish = load_records(s, "pl")
    assert any(r.title_cs for r in full)
    assert any(r.title_pl for r in full)
    for record, slim in zip(full, polish, strict=True):
        assert (slim.title_de, slim.title_pl, slim.title_cs) == (
            record.title_de,
            record.title_pl,
            None,
        )
