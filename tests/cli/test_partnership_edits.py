"""``imag partnerships show|edit|edit-partner``: a change on the revision shown goes through
and counts it up; one on an older revision is refused with exit code 16, its message naming
who changed it, and nothing is written."""

from __future__ import annotations

import json
from pathlib import Path

from app.errors import ExitCode


def test_edit_on_the_revision_shown_and_on_an_older_one(cli, data_dir: Path) -> None:
    base = ("--lang", "de", "--data-dir", data_dir, "partnerships")
    listed = cli(*base, "list", "--format", "json")
    assert listed.code == 0
    code = json.loads(listed.out)[0]["code"]
    shown = cli(*base, "show", code)
    assert shown.code == 0
    start = json.loads(shown.out)["revision"]
    saved = cli(*base, "edit", code, "status=dormant", "note_de=ruht", "--revision", start)
    assert saved.code == 0, saved.err
    assert f"(Revision {start + 1})" in saved.out
    assert json.loads(cli(*base, "show", code).out)["status"] == "dormant"
    refused = cli(*base, "edit", code, "note_de=anders", "--revision", start)
    assert refused.code == ExitCode.CONFLICT
    assert "wurde inzwischen von" in refused.err
    assert json.loads(cli(*base, "show", code).out)["note_de"] == "ruht"
    bad = cli(*base, "edit", code, "status=beendet")
    assert bad.code == ExitCode.USAGE
    assert "beendet" in bad.err
    partner = json.loads(listed.out)[0]["partner_code"]
    same = cli(*base, "edit-partner", partner, "note=")
    assert same.code == 0
    assert partner in same.out
