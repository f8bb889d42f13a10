"""The fault-injection loop (:mod:`tests.faults.kill_loop`) run as its own process: at least 200
operations killed with SIGKILL at seeded random moments (half of them in the middle of a
commit; on until 20 interrupted commits were rolled back, since how many kills land in a
commit depends on the machine's speed) and at least 60 simulated power losses (on until both
kinds of dropped writes happened), each followed by a normal start. The figures are printed
(``pytest -s``) and must show 0 registers refused, 0 partial changes, 0 leftovers."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from tests.support.project import ROOT

SEED = 20261204
KILLS = 200
POWER_LOSSES = 60


def test_killed_and_powered_off_operations_leave_the_old_state_or_the_new(tmp_path: Path) -> None:
    command = [sys.executable, "-m", "tests.faults.kill_loop", "--root", str(tmp_path)]
    command += ["--seed", str(SEED), "--kills", str(KILLS), "--power", str(POWER_LOSSES)]
    process = subprocess.run(
        command,
        cwd=ROOT,
        env={**os.environ, "HOME": str(tmp_path / "home")},
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=1800,
        check=False,
    )
    assert process.returncode == 0, process.stderr[-3000:]
    figures = json.loads(process.stdout.strip().splitlines()[-1])
    print(f"\nfault injection (seed {SEED}): {json.dumps(figures, ensure_ascii=False)}")
    assert figures["kills"] >= KILLS
    assert figures["power losses"] >= POWER_LOSSES
    for operation in ("import", "import-one", "issue", "close", "restore", "backup", "edit"):
        assert figures.get(f"kills {operation}", 0) >= 10, operation
    assert figures.get("kills demo-reset", 0) >= 10
    # the crashes hit commits, and power losses dropped writes of both kinds
    assert figures.get("rolled back", 0) >= 20
    assert figures.get("journal tail dropped", 0) > 0
    assert figures.get("register writes dropped", 0) > 0
    # what must never happen
    for bad in ("refused", "partial", "leftovers", "bad backups", "no register", "failed"):
        assert figures.get(bad, 0) == 0, (bad, process.stderr[-3000:])
