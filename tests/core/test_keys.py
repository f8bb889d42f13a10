"""The keys of the exchange as an attacker and bad luck would try them (issue 20): a re-keyed
round package with an old round identifier, a package from another register, a return forged
from a lost round package, the keys in a dump or a backup, rotation and revocation. Each refusal
names its reason and leaves the register as it was (every row compared)."""

from __future__ import annotations

import base64
import json
import shutil
import stat
import subprocess
from pathlib import Path

import pytest
from sqlalchemy import select

from app import keystore
from app.errors import PackageRefused
from app.exchange import container
from app.models import AuditEvent, Round, TrustedIssuer
from app.rounds import key_admin, keys, workspace
from app.rounds.opening import NewKeyRefused
from tests.support import shell
from tests.support.rounds_kit import (
    DEPARTMENT,
    SECRETARIAT,
    Cycle,
    file_digest,
    read_return,
    round_secret,
    session_of,
    signed_again,
    start_round,
    table_dump,
)


@pytest.fixture(scope="module")
def template(demo_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> Cycle:
    return start_round(demo_dir, tmp_path_factory.mktemp("keys") / "root", departments=("SK",))


@pytest.fixture
def cycle(template: Cycle, tmp_path: Path) -> Cycle:
    return template.copy(tmp_path / "cycle")


def _reissue(cycle: Cycle, out: Path) -> Path:
    """The round issued again to its one department, into ``out``."""
    from app.rounds import secretariat

    with session_of(cycle.secretariat_dir) as session:
        (issued,) = secretariat.issue(session, SECRETARIAT, cycle.name, out)
    return issued.path


def _audit(folder: Path, entity: str) -> list[AuditEvent]:
    with session_of(folder) as session:
        return list(session.scalars(select(AuditEvent).where(AuditEvent.entity == entity)))


# -- trust on first use -------------------------------------------------------------------------


def _rekeyed(cycle: Cycle) -> tuple[Path, str]:
    """SK's package as a new package signed with a key of someone who found it, and that
    key's fingerprint."""
    attacker = bytes(range(32))
    forged = signed_again(
        cycle.packages["SK"],
        cycle.root / "rekeyed.imag-round",
        attacker,
        package_uid="7b0c2a64-0000-4000-8000-00000000abcd",
    )
    return forged, container.fingerprint(container.public_signing_key(attacker))


def test_a_new_key_with_an_old_round_identifier_is_refused_without_confirmation(
    cycle: Cycle,
) -> None:
    laptop = cycle.laptops["SK"]
    forged, new = _rekeyed(cycle)
    before = table_dump(laptop)
    with session_of(laptop) as session, pytest.raises(NewKeyRefused) as refused:
        workspace.open_package(session, DEPARTMENT, forged)
    assert table_dump(laptop) == before
    assert refused.value.new == new
    assert f"signed with a new key (fingerprint {new})" in str(refused.value)
    assert refused.value.old in str(refused.value)
    # a wrong fingerprint confirmed is no confirmation
    with session_of(laptop) as session, pytest.raises(NewKeyRefused):
        workspace.open_package(session, DEPARTMENT, forged, trust_new_key="0000 1111")
    assert table_dump(laptop) == before
    # confirmed (spaces and case do not matter): accepted, and the change is audited
    with session_of(laptop) as session:
        opened = workspace.open_package(
            session, DEPARTMENT, forged, trust_new_key=new.replace(" ", "").lower()
        )
    assert opened.state == "updated"
    (event,) = _audit(laptop, "secretariat key")
    assert json.loads(event.new_value or "")["how"] == "confirmed"
    assert json.loads(event.old_value or "")["fingerprint"] == refused.value.old


def test_the_same_round_identifier_from_another_register_never_updates_a_round(
    cycle: Cycle,
) -> None:
    laptop = cycle.laptops["SK"]
    forged = signed_again(
        cycle.packages["SK"],
        cycle.root / "other-register.imag-round",
        bytes(range(1, 33)),
        register="00000000-0000-4000-8000-000000000099",
    )
    before = table_dump(laptop)
    with (
        session_of(laptop) as session,
        pytest.raises(PackageRefused, match="opened here from another secretariat register"),
    ):
        workspace.open_package(session, DEPARTMENT, forged)
    assert table_dump(laptop) == before


def test_a_package_from_another_register_is_flagged(
    cycle: Cycle, demo_dir: Path, tmp_path: Path
) -> None:
    folder = tmp_path / "elsewhere" / "secretariat"
    folder.mkdir(parents=True)
    shutil.copy2(demo_dir / "register.imag.sqlite", folder / "register.imag.sqlite")
    connection = shell.connect(folder / "register.imag.sqlite")
    with connection:  # another register: its own identity
        connection.execute(
            "UPDATE register_meta SET value = '11111111-2222-4333-8444-555555555555' "
            "WHERE key = 'register_id'"
        )
    connection.close()
    other = start_round(
        demo_dir,
        tmp_path / "elsewhere",
        name="Andere Runde",
        departments=("SK",),
        open_packages=False,
    )
    with session_of(cycle.laptops["SK"]) as session:
        opened = workspace.open_package(session, DEPARTMENT, other.packages["SK"])
    assert opened.warning is not None
    assert "another secretariat register" in opened.warning.text


def test_a_rotated_key_is_accepted_without_a_question(cycle: Cycle) -> None:
    laptop = cycle.laptops["SK"]
    with session_of(cycle.secretariat_dir) as session:
        old = keys.signing_public(session)
        key_admin.rotate(session, SECRETARIAT)
        new = keys.signing_public(session)
    assert old != new
    package = _reissue(cycle, cycle.root / "rotated")
    assert container.read(package).manifest["signer_key"] == container.b64(new or b"")
    with session_of(laptop) as session:
        opened = workspace.open_package(session, DEPARTMENT, package)
        issuer = session.scalars(select(TrustedIssuer)).one()
        assert issuer.public_key == new
    assert opened.state == "updated"
    (event,) = _audit(laptop, "secretariat key")
    assert json.loads(event.new_value or "")["how"] == "announced"
    assert _audit(cycle.secretariat_dir, "signing key")[0].action == "rotate"


def test_a_rotation_signed_by_another_key_is_not_believed(cycle: Cycle) -> None:
    attacker = bytes(range(32))
    link = keys.rotation_link(
        bytes(range(2, 34)), "whatever", container.public_signing_key(attacker)
    )
    forged = signed_again(
        cycle.packages["SK"], cycle.root / "f.imag-round", attacker, signer_rotations=[link]
    )
    with session_of(cycle.laptops["SK"]) as session, pytest.raises(NewKeyRefused):
        workspace.open_package(session, DEPARTMENT, forged)


def test_a_revoked_key_is_refused_once_the_department_learned_of_it(cycle: Cycle) -> None:
    laptop = cycle.laptops["SK"]
    old_package = cycle.packages["SK"]
    with session_of(cycle.secretariat_dir) as session:
        old = container.fingerprint(keys.signing_public(session) or b"")
        message = key_admin.revoke(session, SECRETARIAT, None)
        new = container.fingerprint(keys.signing_public(session) or b"")
    assert message.params["old"] == old
    package = _reissue(cycle, cycle.root / "after-revocation")
    # the new key is not announced by the revoked one: the department must confirm it
    with session_of(laptop) as session, pytest.raises(NewKeyRefused):
        workspace.open_package(session, DEPARTMENT, package)
    with session_of(laptop) as session:
        workspace.open_package(session, DEPARTMENT, package, trust_new_key=new)
    # from now on, a package signed with the revoked key is refused, even confirmed
    before = table_dump(laptop)
    with (
        session_of(laptop) as session,
        pytest.raises(PackageRefused, match=f"key the secretariat revoked \\(fingerprint {old}"),
    ):
        workspace.open_package(session, DEPARTMENT, old_package, trust_new_key=old)
    assert table_dump(laptop) == before


# -- returns only the department can write --------------------------------------------------------


def test_a_lost_round_package_does_not_suffice_to_forge_a_return(cycle: Cycle) -> None:
    package = container.read(cycle.packages["SK"])
    assert "return_key" not in package.content()  # nothing in it authenticates a return
    genuine = cycle.answer("SK", {cycle.codes("SK")[0]: {"progress": 5}})
    outcome = cycle.import_(genuine)
    assert outcome.new_key is not None
    assert outcome.new_key in outcome.message.params["fingerprint"]
    manifest, content = read_return(genuine, round_secret(cycle))
    finder = bytes(range(32))  # whoever found the USB stick
    forged_manifest = {
        **{k: v for k, v in manifest.items() if k not in {"payload", "format", "format_version"}},
        "package_uid": "7b0c2a64-0000-4000-8000-000000000001",
        "sequence": 2,
        "signer_key": container.b64(container.public_signing_key(finder)),
    }
    recipient = container.unb64(package.content()["recipient_key"], "x")
    before = table_dump(cycle.secretariat_dir)
    for authenticate, authentication, reason in (
        (container.signer(finder), container.SIGNED, "signed with another key .* registered"),
        (container.mac(bytes(32)), container.MACED, "not signed with the department's own key"),
    ):
        forged = cycle.root / "forged.imag-return"
        forged.write_bytes(
            container.package_bytes(
                forged_manifest,
                {**content, "answers": content["answers"]},
                authenticate=authenticate,
                authentication=authentication,
                recipient=recipient,
            )
        )
        with pytest.raises(PackageRefused, match=reason):
            cycle.import_(forged)
        assert table_dump(cycle.secretariat_dir) == before


# -- keys out of the register ---------------------------------------------------------------------


def _secrets(folder: Path) -> list[bytes]:
    """Every secret of the register in ``folder`` as it could appear in a file."""
    with session_of(folder) as session:
        ring = keys.ring(session)
    assert ring.signing_keys
    assert ring.round_master
    found = [*ring.signing_keys, ring.round_master, *ring.round_secrets.values()]
    return [form for key in found for form in (key, base64.b64encode(key), key.hex().encode())]


def test_the_keys_are_in_no_dump_and_no_backup(cycle: Cycle, cli) -> None:
    folder = cycle.secretariat_dir
    cycle.import_(cycle.answer("SK", {cycle.codes("SK")[0]: {"progress": 5}}))
    assert cli("--data-dir", folder, "db", "backup", "--out", cycle.root / "b.sqlite").code == 0
    secrets = _secrets(folder)
    dump = subprocess.run(
        ["sqlite3", str(folder / "register.imag.sqlite"), ".dump"],
        capture_output=True,
        check=True,
    ).stdout
    assert b"CREATE TABLE" in dump
    files = [folder / "register.imag.sqlite", cycle.root / "b.sqlite"]
    files += list((folder / "backups").glob("*.sqlite"))
    for data in [dump, *(path.read_bytes() for path in files)]:
        assert not any(secret in data for secret in secrets)
    with session_of(folder) as session:
        key_file = keystore.key_file(keys.keys_dir(session), keys.register_uid(session))
    assert stat.S_IMODE(key_file.stat().st_mode) == 0o600
    assert stat.S_IMODE(key_file.parent.stat().st_mode) == 0o700


def test_a_register_without_its_keys_can_be_read_but_not_issue_or_import(
    cycle: Cycle, cli, tmp_path: Path
) -> None:
    folder = cycle.secretariat_dir
    phrase = tmp_path / "phrase.txt"
    phrase.write_text("correct horse battery staple\n", "utf-8")
    exported = tmp_path / "keys.imag-keys"
    result = cli(
        "--data-dir", folder, "keys", "export", "--out", exported, "--passphrase-file", phrase
    )
    assert result.code == 0, result.err
    assert b"round_master" not in exported.read_bytes()  # sealed
    returned = cycle.answer("SK", {cycle.codes("SK")[0]: {"progress": 5}})
    for key_file in (folder / "config" / "keys").iterdir():
        key_file.unlink()
    digest = file_digest(folder)
    refused = cli("--data-dir", folder, "round", "import", returned)
    assert refused.code == 1
    assert "Schlüssel dieses Registers sind nicht auf diesem Computer" in refused.err
    refused = cli("--data-dir", folder, "round", "issue", cycle.name, "--out", tmp_path / "out")
    assert "imag keys import" in refused.err
    assert cli("--data-dir", folder, "keys", "status").out.count("NICHT auf diesem Computer") == 1
    assert cli("--data-dir", folder, "round", "status", cycle.name).code == 0
    assert cli("--data-dir", folder, "db", "backup", "--out", tmp_path / "b.sqlite").code == 0
    assert file_digest(folder) == digest
    wrong = tmp_path / "wrong.txt"
    wrong.write_text("not the passphrase\n", "utf-8")
    result = cli("--data-dir", folder, "keys", "import", exported, "--passphrase-file", wrong)
    assert result.code == 1
    assert "Passphrase für die Schlüsseldatei" in result.err
    result = cli("--data-dir", folder, "keys", "import", exported, "--passphrase-file", phrase)
    assert result.code == 0, result.err
    imported = cli("--data-dir", folder, "round", "import", returned)
    assert imported.code == 0, imported.err


def test_keys_of_another_register_are_refused(cycle: Cycle, cli, tmp_path: Path) -> None:
    phrase = tmp_path / "phrase.txt"
    phrase.write_text("correct horse battery staple\n", "utf-8")
    exported = tmp_path / "laptop.imag-keys"
    laptop = cycle.laptops["SK"]
    public = tmp_path / "sk.key.json"
    made = cli(
        "--data-dir", laptop, "keys", "department-export", "--department", "SK", "--out", public
    )
    assert made.code == 0, made.err
    result = cli(
        "--data-dir", laptop, "keys", "export", "--out", exported, "--passphrase-file", phrase
    )
    assert result.code == 0, result.err
    result = cli(
        "--data-dir", cycle.secretariat_dir, "keys", "import", exported, "--passphrase-file", phrase
    )
    assert result.code == 2
    assert "Schlüssel eines anderen Registers" in result.err


# -- moving the keys out of an older register ----------------------------------------------------


def test_the_upgrade_moves_the_keys_into_the_profile(data_dir: Path, tmp_path: Path) -> None:
    """Migration 0005 on a register of schema 4 that holds a signing key and a round secret:
    the program writes them into the key file first, the register and its backups lose them
    (not even the file's free pages keep them), and the round stays a format-1 round."""
    from app.paths import resolve
    from app.storage.backup import list_backups
    from app.storage.register import open_register
    from tests.support.old_registers import old_register

    path = old_register(data_dir, 4, tmp_path / "v4")
    signing, secret = bytes(range(7, 39)), bytes(range(100, 132))
    connection = shell.connect(path)
    with connection:
        connection.execute(
            "INSERT INTO register_meta (key, value) VALUES ('package_signing_key', ?)",
            (base64.b64encode(signing).decode(),),
        )
        connection.execute(
            "INSERT INTO round (uid, name, kind, status, deadline, secret, created_at, "
            "created_by) VALUES ('r-1', 'Alt', 'measures', 'open', '2026-06-30', ?, "
            "'2026-01-01T00:00:00Z', 'x')",
            (secret,),
        )
    connection.close()
    paths = resolve(data_dir)
    paths.backups_dir.mkdir(parents=True, exist_ok=True)
    older = paths.backups_dir / "register-20260101T000000000000Z-daily.imag.sqlite"
    shutil.copy2(path, older)

    with open_register(paths) as register, register.session() as session:
        ring = keys.ring(session)
        assert ring.signing_keys == [signing]
        assert ring.round_secrets == {"r-1": secret}
        assert keys.signing_public(session) == container.public_signing_key(signing)
        assert keys.has_keys(session)
        round_ = session.scalars(select(Round)).one()
        assert round_.format_version == 1
        assert keys.round_secret(session, round_) == secret
    forms = [form for key in (signing, secret) for form in (key, base64.b64encode(key))]
    backups = list_backups(paths)
    assert len(backups) == 2  # the older one and the one made before the update
    for file in [path, *backups]:
        data = file.read_bytes()
        assert not any(form in data for form in forms), file.name


def test_a_key_file_protected_by_a_passphrase(
    cycle: Cycle, cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = cycle.secretariat_dir
    phrase = tmp_path / "phrase.txt"
    phrase.write_text("correct horse battery staple\n", "utf-8")
    try:
        result = cli("--data-dir", folder, "keys", "passphrase", "--passphrase-file", phrase)
        assert result.code == 0, result.err
    finally:
        keys.set_passphrase(None)  # as a new process: nothing remembered
    (key_file,) = (folder / "config" / "keys").iterdir()
    assert b"signing_keys" not in key_file.read_bytes()
    assert stat.S_IMODE(key_file.stat().st_mode) == 0o600
    out = tmp_path / "out"
    locked = cli("--data-dir", folder, "round", "issue", cycle.name, "--out", out)
    assert locked.code == 1
    assert "durch eine Passphrase geschützt" in locked.err
    monkeypatch.setenv(keys.PASSPHRASE_FILE, str(phrase))
    try:
        issued = cli("--data-dir", folder, "round", "issue", cycle.name, "--out", out)
    finally:
        keys.set_passphrase(None)
    assert issued.code == 0, issued.err


def test_a_round_issued_before_keeps_its_mac_authenticated_returns(
    demo_dir: Path, tmp_path: Path
) -> None:
    """A round of exchange format 1 (issued before this change; its secret moved to the key
    file by the upgrade) still issues packages with the return key, and its MAC'd returns are
    imported; a signed return is refused for it."""
    import os

    cycle = start_round(demo_dir, tmp_path, departments=("SK",), open_packages=False)
    with session_of(cycle.secretariat_dir) as session:
        round_ = session.scalars(select(Round)).one()
        ring = keys.ring(session)
        ring.round_secrets[round_.uid] = os.urandom(32)
        keys.save(session, ring)
    connection = shell.connect(cycle.secretariat_dir / "register.imag.sqlite")
    with connection:
        connection.execute("UPDATE round SET format_version = 1")
    connection.close()
    package = _reissue(cycle, tmp_path / "v1")
    read = container.read(package)
    assert read.manifest["format_version"] == 1
    assert "return_key" in read.content()
    laptop = tmp_path / "laptop"
    with session_of(laptop) as session:
        workspace.open_package(session, DEPARTMENT, package)
    cycle.laptops["SK"] = laptop
    returned = cycle.answer("SK", {cycle.codes("SK")[0]: {"progress": 7}})
    manifest = container.read(returned).manifest
    assert (manifest["format_version"], manifest["authentication"]) == (1, container.MACED)
    assert "signer_key" not in manifest
    assert cycle.import_(returned).state == "imported"


def test_package_open_confirms_a_new_key_on_the_command_line(cycle: Cycle, cli) -> None:
    laptop = cycle.laptops["SK"]
    forged, new = _rekeyed(cycle)
    digest = file_digest(laptop)
    refused = cli("--data-dir", laptop, "package", "open", forged)
    assert refused.code == 3
    assert f"neuen Schlüssel (Fingerabdruck {new})" in refused.err
    assert "--trust-new-key" in refused.err
    assert file_digest(laptop) == digest
    opened = cli("--data-dir", laptop, "package", "open", forged, "--trust-new-key", new)
    assert opened.code == 0, opened.err
    assert new in opened.out


def test_a_department_key_accepted_beforehand_from_its_file(
    cycle: Cycle, cli, tmp_path: Path
) -> None:
    """The secretariat accepts SK's key from the file SK exported: a first return signed with
    another key (SMWK's laptop is not SK's) is refused; replacing the key needs --replace."""
    laptop, folder = cycle.laptops["SK"], cycle.secretariat_dir
    exported = tmp_path / "sk.imag-key"
    made = cli(
        "--data-dir", laptop, "keys", "department-export", "--department", "sk", "--out", exported
    )
    assert made.code == 0, made.err
    trusted = cli("--data-dir", folder, "departments", "trust-key", exported)
    assert trusted.code == 0, trusted.err
    fingerprint = json.loads(exported.read_text("utf-8"))["fingerprint"]
    assert fingerprint in trusted.out
    assert _audit(folder, "department key")[0].action == "create"
    again = cli("--data-dir", folder, "departments", "trust-key", exported)
    assert again.code == 0
    # a return signed on another computer (another key for SK) is refused, even as the first
    other = tmp_path / "other-laptop"
    shutil.copytree(laptop, other)
    shutil.rmtree(other / "config" / "keys")
    cycle.laptops["SK"] = other
    returned = cycle.answer("SK", {cycle.codes("SK")[0]: {"progress": 5}})
    before = table_dump(folder)
    with pytest.raises(PackageRefused, match=r"signed with another key .* registered for SK"):
        cycle.import_(returned)
    assert table_dump(folder) == before
    # the department's new computer: its key replaces the old one only with --replace
    newer = tmp_path / "sk-new.imag-key"
    cli("--data-dir", other, "keys", "department-export", "--department", "SK", "--out", newer)
    refused = cli("--data-dir", folder, "departments", "trust-key", newer)
    assert refused.code == 2
    assert "--replace" in refused.err
    assert cli("--data-dir", folder, "departments", "trust-key", newer, "--replace").code == 0
    assert cycle.import_(returned).state == "imported"
