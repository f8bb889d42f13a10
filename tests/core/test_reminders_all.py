"""Reminders that go out: one unsent e-mail draft per department that needs one, addressed to
its e-mail address, in its language, with its latest round package attached (only the package
issued, checked by its SHA-256); the command line's ``round reminder NAME --all``."""

from __future__ import annotations

import datetime as dt
import email
import email.policy
from email.message import EmailMessage
from pathlib import Path

import pytest

from app.errors import InvalidInput
from app.i18n import translator
from app.operations import departments
from app.rounds import reminder_drafts, reminders, secretariat
from tests.support import shell
from tests.support.mail import attachments, message_of
from tests.support.rounds_kit import SECRETARIAT, Cycle, file_digest, session_of, start_round

ADDRESSES = {"SK": ("poststelle@sk.sachsen.de", "pl"), "SMWK": ("referat@smwk.sachsen.de", "cs")}
GREETING = {"de": "Sehr geehrte Damen und Herren,", "pl": "Szanowni Państwo,"}


@pytest.fixture(scope="module")
def issued(demo_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> Cycle:
    """A round issued to SK, SMWK and SMWA; SK and SMWK have addresses (Polish, Czech), SMWA
    none (German)."""
    root = tmp_path_factory.mktemp("reminders")
    secretariat_dir = root / "secretariat"
    secretariat_dir.mkdir()
    (secretariat_dir / "register.imag.sqlite").write_bytes(
        (demo_dir / "register.imag.sqlite").read_bytes()
    )
    with session_of(secretariat_dir) as session:
        for code, (address, lang) in ADDRESSES.items():
            departments.edit_department(
                session, SECRETARIAT, code, {"email": address, "language": lang}
            )
    return start_round(demo_dir, root, open_packages=False)


@pytest.fixture
def cycle(issued: Cycle, tmp_path: Path) -> Cycle:
    """A copy of ``issued``, its register knowing the packages in the copy's folder."""
    copy = issued.copy(tmp_path / "copy")
    connection = shell.connect(copy.secretariat_dir / "register.imag.sqlite")
    connection.execute("UPDATE issued_package SET folder = ?", (str(copy.root / "outbox"),))
    connection.commit()
    connection.close()
    return copy


def test_one_addressed_draft_per_department_with_its_package(cycle: Cycle, tmp_path: Path) -> None:
    out = tmp_path / "drafts"
    before = file_digest(cycle.secretariat_dir)
    with session_of(cycle.secretariat_dir) as session:
        drafts = reminder_drafts.write_reminders(session, cycle.name, out, sender="Erika Muster")
    assert file_digest(cycle.secretariat_dir) == before  # writing drafts changes nothing
    assert [d.department for d in drafts.written] == ["SK", "SMWK", "SMWA"]
    assert drafts.without_address == ["SMWA"]
    assert drafts.without_package == []
    assert sorted(p.name for p in out.iterdir()) == sorted(d.path.name for d in drafts.written)
    for draft in drafts.written:
        message = message_of(draft.path)
        address, lang = ADDRESSES.get(draft.department, ("", "de"))
        assert message["To"] == address
        assert message["X-Unsent"] == "1"
        assert message["Content-Language"] == lang == draft.lang
        assert draft.department in message["Subject"]
        body = message.get_body(preferencelist=("plain",))
        assert body is not None
        text = body.get_content()
        if lang in GREETING:
            assert text.startswith(GREETING[lang])
        assert "Erika Muster" in text
        package = cycle.packages[draft.department]
        assert attachments(message) == [(package.name, package.read_bytes())]
        assert draft.attached == package.name


def test_drafts_in_czech_name_the_round_in_czech(cycle: Cycle, tmp_path: Path) -> None:
    with session_of(cycle.secretariat_dir) as session:
        drafts = reminder_drafts.write_reminders(session, cycle.name, tmp_path / "d")
    smwk = next(d for d in drafts.written if d.department == "SMWK")
    body = message_of(smwk.path).get_body(preferencelist=("plain",))
    assert body is not None
    assert body.get_content().startswith("Vážené kolegyně, vážení kolegové,")
    assert "Připomenutí" in message_of(smwk.path)["Subject"]


def test_a_moved_or_changed_package_is_not_attached(cycle: Cycle, tmp_path: Path) -> None:
    moved = tmp_path / "elsewhere"
    moved.mkdir()
    for path in cycle.packages.values():
        path.rename(moved / path.name)
    (moved / cycle.packages["SMWA"].name).write_bytes(b"not the package")
    with session_of(cycle.secretariat_dir) as session:
        drafts = reminder_drafts.write_reminders(session, cycle.name, tmp_path / "a")
    assert [d.department for d in drafts.without_package] == ["SK", "SMWK", "SMWA"]
    problem = translator("en").render
    note = drafts.written[0].missing_package
    assert note is not None
    assert "is not in" in problem(note)
    assert attachments(message_of(drafts.written[0].path)) == []
    # the folder named: found there, and only the package issued is attached
    with session_of(cycle.secretariat_dir) as session:
        drafts = reminder_drafts.write_reminders(
            session, cycle.name, tmp_path / "b", packages=moved
        )
    assert [d.department for d in drafts.without_package] == ["SMWA"]
    note = drafts.without_package[0].missing_package
    assert note is not None
    assert "checksum" in problem(note)
    line = problem(reminder_drafts.draft_line(drafts.without_package[0]))
    assert line.startswith("SMWA (de): ")
    assert "no e-mail address" in line


def test_the_latest_package_is_attached(cycle: Cycle, tmp_path: Path) -> None:
    again = tmp_path / "again"
    with session_of(cycle.secretariat_dir) as session:
        [reissued] = secretariat.issue(session, SECRETARIAT, cycle.name, again, departments=("SK",))
        drafts = reminder_drafts.write_reminders(session, cycle.name, tmp_path / "d")
    sk = next(d for d in drafts.written if d.department == "SK")
    assert reissued.path.parent == again
    assert attachments(message_of(sk.path)) == [(reissued.path.name, reissued.path.read_bytes())]


def test_where_the_folder_is_unknown_it_is_asked_for(cycle: Cycle, tmp_path: Path) -> None:
    """Packages issued before the register recorded their folder: refused with nothing
    written until the folder is named."""
    connection = shell.connect(cycle.secretariat_dir / "register.imag.sqlite")
    connection.execute("UPDATE issued_package SET folder = NULL")
    connection.commit()
    connection.close()
    out = tmp_path / "drafts"
    with session_of(cycle.secretariat_dir) as session:
        with pytest.raises(reminder_drafts.PackagesFolderUnknown) as refused:
            reminder_drafts.write_reminders(session, cycle.name, out)
        assert "--packages" in translator("de").render(refused.value.message)
        assert not out.exists()
        folder = next(iter(cycle.packages.values())).parent
        drafts = reminder_drafts.write_reminders(session, cycle.name, out, packages=folder)
    assert drafts.without_package == []


def test_no_reminders_before_the_packages_are_issued(cycle: Cycle, tmp_path: Path) -> None:
    with session_of(cycle.secretariat_dir) as session:
        secretariat.create_round(
            session,
            SECRETARIAT,
            secretariat.RoundInput(
                name="Entwurf", deadline=dt.date(2099, 1, 31), departments=("SK",)
            ),
        )
        with pytest.raises(InvalidInput, match="No department needs a reminder"):
            reminder_drafts.write_reminders(session, "Entwurf", tmp_path / "d")
    assert not (tmp_path / "d").exists()


def test_a_single_reminder_is_addressed_in_the_departments_language(cycle: Cycle) -> None:
    with session_of(cycle.secretariat_dir) as session:
        polish = reminders.reminder(session, cycle.name, "SK")
        german = reminders.reminder(session, cycle.name, "SK", "de")
        smwa = reminders.reminder(session, cycle.name, "SMWA")
    assert (polish.lang, polish.to) == ("pl", "poststelle@sk.sachsen.de")
    assert polish.body.startswith(GREETING["pl"])
    assert german.body.startswith(GREETING["de"])
    assert _message_of(polish)["To"] == "poststelle@sk.sachsen.de"
    assert (smwa.lang, smwa.to, _message_of(smwa)["To"]) == ("de", None, "")


def _message_of(reminder: reminders.Reminder) -> EmailMessage:
    message = email.message_from_bytes(reminder.eml_bytes(), policy=email.policy.default)
    assert isinstance(message, EmailMessage)
    return message


def test_the_command_line_writes_every_draft(cycle: Cycle, cli, tmp_path: Path) -> None:
    out = tmp_path / "out"
    before = file_digest(cycle.secretariat_dir)
    result = cli(
        "--data-dir", cycle.secretariat_dir, "--lang", "de", "round", "reminder", cycle.name,
        "--all", "--out", out,
    )  # fmt: skip
    assert result.code == 0, result.err
    lines = result.out.splitlines()
    assert lines[0].startswith("SK (pl): ")
    assert "an poststelle@sk.sachsen.de, mit dem Paket Frühjahr-2026_SK.imag-round" in lines[0]
    assert lines[-1] == f"3 Erinnerungsentwürfe in {out} geschrieben; nichts wurde versandt."
    assert "SMWA" in result.err
    assert "keinen Empfänger" in result.err
    assert len(list(out.glob("*.eml"))) == 3
    assert file_digest(cycle.secretariat_dir) == before

    for wrong in (
        ("round", "reminder", cycle.name),
        ("round", "reminder", cycle.name, "SK", "--all"),
        ("round", "reminder", cycle.name, "--all", "--lang", "pl"),
        ("round", "reminder", cycle.name, "SK", "--out", out),
    ):
        result = cli("--data-dir", cycle.secretariat_dir, "--lang", "de", *wrong)
        assert result.code == 2, wrong
        assert "--all" in result.err
