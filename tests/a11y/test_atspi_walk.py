"""What a screen reader is told: the real window under Xvfb, in a D-Bus session with the AT-SPI
registry, walked with pyatspi by tests/a11y/walker.py (see there what it fails on).

Needs Debian's xvfb, dbus (dbus-run-session), at-spi2-core and python3-pyatspi; ``.ci/run``
installs them and runs this as its own step ("accessibility walk"). Without them the test is
skipped, except under CI=true, where it fails."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SYSTEM_PYTHON = "/usr/bin/python3"


def missing() -> list[str]:
    """What the walk needs and this machine lacks."""
    lacking = [tool for tool in ("Xvfb", "dbus-run-session") if shutil.which(tool) is None]
    if not Path("/usr/libexec/at-spi-bus-launcher").exists():
        lacking.append("at-spi2-core")
    check = [SYSTEM_PYTHON, "-c", "import pyatspi"]
    if (
        not Path(SYSTEM_PYTHON).exists()
        or subprocess.run(check, check=False, capture_output=True).returncode
    ):
        lacking.append("python3-pyatspi")
    return lacking


@pytest.fixture(scope="module")
def display() -> Iterator[str]:
    """A fresh Xvfb at 1366×768 (the display number chosen by Xvfb itself)."""
    if os.environ.get("IMAG_SKIP_ATSPI_WALK") == "1":
        pytest.skip("run by .ci/run in its own step")
    lacking = missing()
    if lacking:
        if os.environ.get("CI") == "true":
            pytest.fail(f"the accessibility walk needs {', '.join(lacking)}")
        pytest.skip(f"the accessibility walk needs {', '.join(lacking)}")
    read, write = os.pipe()
    server = subprocess.Popen(
        ["Xvfb", "-displayfd", str(write), "-screen", "0", "1366x768x24", "-nolisten", "tcp"],
        pass_fds=(write,),
        stderr=subprocess.DEVNULL,
    )
    os.close(write)
    with os.fdopen(read) as answer:
        number = answer.readline().strip()
    try:
        yield f":{number}"
    finally:
        server.terminate()
        server.wait(timeout=10)


@pytest.mark.parametrize("lang", ["de", "pl"])
def test_screen_reader_walk(display: str, tmp_path: Path, lang: str) -> None:
    from app.demo import create_demo
    from app.paths import resolve

    create_demo(resolve(tmp_path / "data")).close()
    env = dict(os.environ, DISPLAY=display)
    env.pop("QT_QPA_PLATFORM", None)
    walk = subprocess.run(
        ["dbus-run-session", "--", SYSTEM_PYTHON, str(ROOT / "tests" / "a11y" / "walker.py"),
         sys.executable, str(tmp_path / "data"), lang],
        check=False, env=env, cwd=ROOT, capture_output=True, text=True, timeout=900,
    )  # fmt: skip
    lines = walk.stdout.strip().splitlines()
    assert walk.returncode == 0, walk.stderr[-4000:]
    assert lines, walk.stderr[-4000:]
    report = json.loads(lines[-1])  # the registry daemon says hello on stdout first
    assert len(report["seen"]) >= 5 + 4, report["seen"]  # every page and main dialog walked
    assert report["problems"] == []
