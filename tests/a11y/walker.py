"""The AT-SPI walk: what a Linux screen reader (Orca) is told about the window. Runs with the
system's Python 3 (``pyatspi`` is Debian's python3-pyatspi, not on PyPI) inside a D-Bus session
whose AT-SPI registry the window reports to; it imports nothing of the program. It starts the
window (tests/a11y/app_driver.py, in the project's environment), has it show every page (Ctrl+1…6)
and the main dialogs, and reads the accessibility tree of each from the registry:

- an interactive control (button, field, list, table, tab bar …) without a name;
- a label whose visible text a screen reader cannot get (neither its name, its description nor
  its text): the visible texts come from the driver, what is exposed from AT-SPI;
- the focus after Ctrl+1…6 and after a dialog closes on something without a name (or nowhere);
- a Tab cycle that never reaches one of the page's main controls (fields, filters, lists and
  tables), or that does not come back to where it started.

    python3 tests/a11y/walker.py PYTHON DATA_DIR LANG

prints one JSON object: {"problems": [...], "seen": {...}}."""

from __future__ import annotations

import json
import os
import select
import subprocess
import sys
import time
from pathlib import Path
from typing import IO, Any

import pyatspi  # type: ignore[import-not-found]  # Debian: python3-pyatspi

ROOT = Path(__file__).resolve().parents[2]
PAGES = 6
DIALOGS = ("measure", "round", "criteria", "settings")
TAB_LIMIT = 40

R = pyatspi
INTERACTIVE = {
    R.ROLE_PUSH_BUTTON, R.ROLE_TOGGLE_BUTTON, R.ROLE_CHECK_BOX, R.ROLE_RADIO_BUTTON,
    R.ROLE_COMBO_BOX, R.ROLE_SPIN_BUTTON, R.ROLE_TEXT, R.ROLE_ENTRY, R.ROLE_PASSWORD_TEXT,
    R.ROLE_TABLE, R.ROLE_TREE_TABLE, R.ROLE_TREE, R.ROLE_LIST, R.ROLE_LIST_BOX,
    R.ROLE_PAGE_TAB_LIST, R.ROLE_PAGE_TAB, R.ROLE_SLIDER, R.ROLE_DATE_EDITOR,
}  # fmt: skip
MAIN = {R.ROLE_TEXT, R.ROLE_ENTRY, R.ROLE_COMBO_BOX, R.ROLE_TABLE, R.ROLE_TREE_TABLE,
        R.ROLE_TREE, R.ROLE_LIST, R.ROLE_LIST_BOX}  # fmt: skip
# Their children are the control's own parts (rows, cells, a combo box's list, a spin box's
# field): what matters is the control's name, and walking thousands of cells takes minutes.
COMPOUND = {R.ROLE_PAGE_TAB_LIST, R.ROLE_TABLE, R.ROLE_TREE_TABLE, R.ROLE_TREE, R.ROLE_LIST,
            R.ROLE_LIST_BOX, R.ROLE_COMBO_BOX, R.ROLE_SPIN_BUTTON, R.ROLE_MENU_BAR,
            R.ROLE_DATE_EDITOR, R.ROLE_SCROLL_BAR}  # fmt: skip


class Node:
    """One accessible object as read once: its role, name, description, text and states."""

    def __init__(self, acc: Any, path: str) -> None:
        self.acc = acc
        self.path = path
        self.role = acc.getRole()
        self.role_name = acc.getRoleName()
        self.name = (acc.name or "").strip()
        self.description = (acc.description or "").strip()
        self.text = ""
        try:
            text = acc.queryText()
            self.text = text.getText(0, -1).strip()
        except NotImplementedError:
            pass
        self.labelled = any(
            relation.getRelationType() == R.RELATION_LABELLED_BY
            for relation in acc.getRelationSet()
        )
        states = acc.getState()
        self.focusable = states.contains(R.STATE_FOCUSABLE)
        self.enabled = states.contains(R.STATE_ENABLED)
        self.editable = states.contains(R.STATE_EDITABLE)

    def focused(self) -> bool:
        try:
            return bool(self.acc.getState().contains(R.STATE_FOCUSED))
        except Exception:  # gone meanwhile
            return False

    def __str__(self) -> str:
        return f"{self.role_name} {self.name!r} at {self.path}"


def showing(acc: Any) -> bool:
    states = acc.getState()
    return bool(states.contains(R.STATE_SHOWING) and states.contains(R.STATE_VISIBLE))


def walk(acc: Any, path: str = "", found: list[Node] | None = None) -> list[Node]:
    found = [] if found is None else found
    for index in range(acc.childCount):
        child = acc.getChildAtIndex(index)
        if child is None or not showing(child):
            continue
        node = Node(child, f"{path}/{child.getRoleName()}[{index}]")
        found.append(node)
        if node.role not in COMPOUND:
            walk(child, node.path, found)
    return found


def plain(text: str) -> str:
    return " ".join(text.split())


class Walk:
    def __init__(self, python: str, data_dir: str, lang: str) -> None:
        env = dict(os.environ, QT_LINUX_ACCESSIBILITY_ALWAYS_ON="1", QT_QPA_PLATFORM="xcb")
        self.process = subprocess.Popen(
            [python, "-m", "tests.a11y.app_driver", data_dir, lang],
            cwd=ROOT, env=env, stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True,
        )  # fmt: skip
        assert self.process.stdin is not None
        assert self.process.stdout is not None
        self.stdin: IO[str] = self.process.stdin
        self.stdout: IO[str] = self.process.stdout
        self.problems: list[str] = []
        self.seen: dict[str, int] = {}
        self.state = self._read()  # the window has loaded the register
        self.app = self._application()

    def _read(self) -> dict[str, Any]:
        ready, _w, _x = select.select([self.stdout], [], [], 60)
        if not ready:
            self.process.kill()
            raise RuntimeError("the window did not answer within a minute")
        line = self.stdout.readline()
        if not line:
            raise RuntimeError(f"the window ended (exit code {self.process.wait()})")
        answer = json.loads(line)
        if "error" in answer:
            raise RuntimeError(f"the window failed a command: {answer['error']}")
        return answer

    def send(self, command: str) -> dict[str, Any]:
        self.stdin.write(command + "\n")
        self.stdin.flush()
        self.state = self._read()
        return self.state

    def _application(self) -> Any:
        end = time.monotonic() + 30
        while time.monotonic() < end:
            desktop = pyatspi.Registry.getDesktop(0)
            for index in range(desktop.childCount):
                app = desktop.getChildAtIndex(index)
                try:
                    if app is not None and app.get_process_id() == self.process.pid:
                        return app
                except Exception:
                    continue
            time.sleep(0.5)
        raise RuntimeError("the window never appeared in the AT-SPI registry")

    def nodes(self) -> list[Node]:
        """The showing objects of the window that is active (the dialog, else the main one)."""
        windows = [self.app.getChildAtIndex(i) for i in range(self.app.childCount)]
        active = [w for w in windows if w is not None and w.getState().contains(R.STATE_ACTIVE)]
        shown = [w for w in windows if w is not None and showing(w)]
        top = (active or shown)[-1]
        return walk(top, top.getRoleName())

    # -- the checks -----------------------------------------------------------------------------
    def check(self, where: str) -> list[Node]:
        nodes = self.nodes()
        self.seen[where] = len(nodes)
        for node in nodes:
            if node.role in INTERACTIVE and not node.name:
                self.problems.append(f"{where}: unnamed {node}")
            elif node.role == R.ROLE_COMBO_BOX and not node.labelled:
                # Qt on Linux gives a combo box its current value as name and its label only
                # through the "labelled by" relation (a QLabel whose buddy it is).
                self.problems.append(f"{where}: combo box without a label {node}")
        exposed = [
            plain(t)
            for node in nodes
            if node.role in (R.ROLE_LABEL, R.ROLE_STATIC, R.ROLE_STATUS_BAR)
            for t in (node.name, node.description, node.text)
            if t
        ]
        for text in self.state["labels"]:
            if not any(text == t or text in t for t in exposed):
                self.problems.append(f"{where}: label text not exposed: {text!r}")
        return nodes

    def check_focus(self, where: str, nodes: list[Node]) -> Node | None:
        focused = [n for n in nodes if n.focused()]
        if not focused:
            self.problems.append(f"{where}: the focus is on nothing a screen reader is told of "
                                 f"(Qt: {self.state['focus']})")  # fmt: skip
            return None
        node = focused[-1]
        if not node.name:
            self.problems.append(f"{where}: the focus is on an unnamed {node}")
        return node

    def check_tab_cycle(self, where: str, nodes: list[Node]) -> None:
        """Tab from the focus: every main control is reached and the cycle comes back."""
        main = [n for n in nodes if n.role in MAIN and n.focusable and n.enabled]
        start = next((n for n in nodes if n.focused()), None)
        if start is None:
            return  # reported by check_focus
        reached = {start.path}
        order = [start]
        for _ in range(TAB_LIMIT):
            self.send("tab")  # the driver answers when the window has settled
            current = next((n for n in nodes if n.focused()), None)
            if current is None:
                self.problems.append(f"{where}: Tab moved the focus out of what is shown")
                break
            if current.path == start.path:
                break
            reached.add(current.path)
            order.append(current)
        else:
            loop = ", ".join(f"{n.role_name} {n.name!r}" for n in order[-6:])
            self.problems.append(f"{where}: Tab never comes back to {start} (a loop: {loop})")
        for node in main:
            if node.path not in reached:
                self.problems.append(f"{where}: Tab never reaches {node}")

    def run(self) -> None:
        for page in range(1, PAGES + 1):
            self.send(f"page {page}")
            where = f"page {page}"
            nodes = self.check(where)
            self.check_focus(f"{where} after Ctrl+{page}", nodes)
            self.check_tab_cycle(where, nodes)
        self.send("page 2")  # the register
        self.send("search")
        self.check("page 2 after a search without hits")
        for name in DIALOGS:
            self.send(f"dialog {name}")
            nodes = self.check(f"dialog {name}")
            self.check_focus(f"dialog {name} when opened", nodes)
            tabs = next((n for n in nodes if n.role == R.ROLE_PAGE_TAB_LIST), None)
            for tab in range(1, tabs.acc.childCount if tabs is not None else 0):
                self.send(f"tabpage {tab}")
                self.check(f"dialog {name}, tab {tab + 1}")
            if tabs is not None:
                self.send("tabpage 0")
            self.send("error")
            self.check(f"dialog {name} after a refused save")
            self.send("close")
            self.check_focus(f"after dialog {name} closed", self.nodes())

    def close(self) -> None:
        try:
            self.stdin.close()
            self.process.wait(timeout=30)
        except Exception:
            self.process.kill()


def main() -> int:
    walk_ = Walk(*sys.argv[1:4])
    try:
        walk_.run()
    finally:
        walk_.close()
    print(json.dumps({"problems": walk_.problems, "seen": walk_.seen}, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    sys.exit(main())
