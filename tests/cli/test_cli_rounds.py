"""A whole measure round from the command line, with three departments on three "laptops"
(data folders), real package files in between; and the refusals the issue names: a tampered
return, a replayed return, a return for another department's measure, each leaving the
secretariat's register file byte for byte as it was."""

from __future__ import annotations

import hashlib
import json
import shutil
from pathlib import Path

import pytest

from app.exchange import container
from app.paths import resolve
from app.rounds import keys, workspace
from app.storage.register import open_register
from tests.support.project import run_imag

ROUND = "Frühjahr 2026"
DEPARTMENTS = ("SK", "SMWK", "SMWA")


def _digest(folder: Path) -> str:
    return hashlib.sha256((folder / "register.imag.sqlite").read_bytes()).hexdigest()


@pytest.fixture
def cycle(demo_dir: Path, tmp_path: Path, cli):
    """The secretariat (a copy of the demo register) has issued the round to three
    departments, and each department has opened its package in its own data folder."""
    secretariat = tmp_path / "secretariat"
    secretariat.mkdir()
    shutil.copy2(demo_dir / "register.imag.sqlite", secretariat / "register.imag.sqlite")
    result = cli(
        "--data-dir", secretariat, "round", "create", ROUND, "--deadline", "2099-06-30",
        "--departments", "SK", "SMWK,SMWA", "--period-start", "2026-01-01",
        "--period-end", "2026-06-30",
    )  # fmt: skip
    assert result.code == 0, result.err
    assert "SK, SMWK, SMWA" in result.out
    outbox = tmp_path / "outbox"
    result = cli("--data-dir", secretariat, "round", "issue", ROUND, "--out", outbox)
    assert result.code == 0, result.err
    packages = {code: outbox / f"Frühjahr-2026_{code}.imag-round" for code in DEPARTMENTS}
    assert all(path.is_file() for path in packages.values())
    laptops = {}
    for code, package in packages.items():
        laptop = tmp_path / f"laptop-{code}"
        result = cli("--data-dir", laptop, "package", "open", package)
        assert result.code == 0, result.err
        assert code in result.out
        laptops[code] = laptop
    return secretariat, packages, laptops, tmp_path


def _codes(cli, laptop: Path) -> list[str]:
    result = cli("--data-dir", laptop, "return", "status", "--format", "json")
    assert result.code == 0, result.err
    return [item["code"] for item in json.loads(result.out)["items"]]


def _measure(cli, folder: Path, code: str) -> dict[str, object]:
    result = cli("--data-dir", folder, "measures", "export", "--format", "json")
    return next(m for m in json.loads(result.out) if m["code"] == code)


def test_a_whole_round_with_three_departments(cycle, cli) -> None:
    secretariat, _packages, laptops, tmp_path = cycle
    returns = tmp_path / "inbox"
    returns.mkdir()
    answered = {}
    for index, (department, laptop) in enumerate(laptops.items()):
        codes = _codes(cli, laptop)
        assert codes, department
        first = codes[0]
        result = cli(
            "--data-dir", laptop, "return", "set", first, "--status", "in_progress",
            "--traffic-light", "amber", "--progress", str(10 + index), "--comment",
            f"Stand {department}: Zusammenarbeit mit Łódź und Ústí nad Labem",
        )  # fmt: skip
        assert result.code == 0, result.err
        for code in codes[1:]:  # the rest confirmed unchanged: a complete return
            assert cli("--data-dir", laptop, "return", "keep", code).code == 0
        answered[department] = first
        target = returns / f"{department}.imag-return"
        options = ["--unencrypted"] if department == "SMWA" else []
        result = cli("--data-dir", laptop, "return", "export", "--out", target, *options)
        assert result.code == 0, result.err

    # before the import the register still has the old values
    before = _measure(cli, secretariat, answered["SMWK"])
    assert before["progress"] != 11

    result = cli("--data-dir", secretariat, "round", "import", returns)
    assert result.code == 0, result.err
    assert result.out.count("wurde importiert") == 3

    for index, department in enumerate(DEPARTMENTS):
        measure = _measure(cli, secretariat, answered[department])
        assert measure["progress"] == 10 + index
        assert measure["status"] == "in_progress"
        assert measure["traffic_light"] == "amber"

    status = cli("--data-dir", secretariat, "round", "status", ROUND, "--format", "json")
    data = json.loads(status.out)
    assert data["status"] == "open"
    assert data["departments_returned"] == 3
    assert {d["code"]: d["state"] for d in data["departments"]} == dict.fromkeys(
        DEPARTMENTS, "complete"
    )
    assert data["measures_returned"] == data["measures_expected"] > 3

    # the audit trail names the package each change came from
    with open_register(resolve(secretariat), readonly=True) as register:
        from app.operations.measures import history

        with register.session() as session:
            events = history(session, answered["SK"])
    assert any(
        event.source.startswith("package:") and event.field == "progress" for event in events
    )

    result = cli("--data-dir", secretariat, "round", "close", ROUND)
    assert result.code == 0, result.err
    status = cli("--data-dir", secretariat, "round", "status", ROUND, "--format", "json")
    assert json.loads(status.out)["status"] == "closed"

    # a return arriving after the close is not imported, and not called damaged (exit 3)
    laptop = laptops["SK"]
    assert cli("--data-dir", laptop, "return", "set", answered["SK"], "--progress", "99").code == 0
    late = tmp_path / "late.imag-return"
    assert cli("--data-dir", laptop, "return", "export", "--out", late).code == 0
    digest = _digest(secretariat)
    result = cli("--data-dir", secretariat, "round", "import", late)
    assert result.code == 10  # refused (late), not damaged
    assert "nach dem Abschluss der Runde" in result.err
    assert _digest(secretariat) == digest


def _one_return(cli, laptop: Path, target: Path, progress: int = 42) -> str:
    code = _codes(cli, laptop)[0]
    assert cli("--data-dir", laptop, "return", "set", code, "--progress", str(progress)).code == 0
    assert cli("--data-dir", laptop, "return", "export", "--out", target).code == 0
    return code


def test_a_tampered_return_is_refused_and_the_register_is_unchanged(cycle, cli) -> None:
    secretariat, _packages, laptops, tmp_path = cycle
    good = tmp_path / "good.imag-return"
    _one_return(cli, laptops["SMWK"], good)
    data = bytearray(good.read_bytes())
    data[len(data) // 2] ^= 0x01  # one bit, in the middle of the payload
    tampered = tmp_path / "tampered.imag-return"
    tampered.write_bytes(bytes(data))
    digest = _digest(secretariat)
    result = run_imag("--data-dir", secretariat, "--lang", "de", "round", "import", tampered)
    assert result.code == 3, result.err
    assert "zurückgewiesen" in result.err
    assert _digest(secretariat) == digest
    # the good one still goes in
    assert cli("--data-dir", secretariat, "round", "import", good).code == 0
    assert _digest(secretariat) != digest


def test_a_replayed_return_is_refused_and_the_register_is_unchanged(cycle, cli) -> None:
    secretariat, _packages, laptops, tmp_path = cycle
    good = tmp_path / "good.imag-return"
    _one_return(cli, laptops["SK"], good)
    assert cli("--data-dir", secretariat, "round", "import", good).code == 0
    digest = _digest(secretariat)
    copy = tmp_path / "again" / "renamed.imag-return"
    copy.parent.mkdir()
    shutil.copy2(good, copy)
    result = cli("--data-dir", secretariat, "--lang", "de", "round", "import", copy)
    assert result.code == 0  # already imported identically: done
    assert "bereits importiert" in result.err
    assert _digest(secretariat) == digest


def test_a_return_for_another_departments_measure_is_refused(cycle, cli) -> None:
    """SMWA's laptop holds SMWA's key; a return made with it that answers for one of SK's
    measures, or that claims to come from SK, is refused."""
    secretariat, _packages, laptops, tmp_path = cycle
    sk_code = _codes(cli, laptops["SK"])[0]
    smwa_code = _codes(cli, laptops["SMWA"])[0]
    with open_register(resolve(laptops["SMWA"])) as register, register.session() as session:
        ws_round = workspace.find(session, None)
        key, recipient = keys.department_key(session, "SMWA"), ws_round.recipient_key
        manifest = {
            "signer_key": container.b64(keys.public_of(key)),
            "kind": "return",
            "package_uid": "5d1e1a8e-0000-4000-8000-000000000001",
            "created_at": "2026-05-01T10:00:00Z",
            "created_with": "0.1.0",
            "register_uid": ws_round.issuer_uid,
            "round_uid": ws_round.round_uid,
            "round_name": ws_round.name,
            "department": "SMWA",
            "issued_package_uid": ws_round.package_uid,
            "sequence": 1,
        }
    answer: dict[str, object] = {
        "status": "completed", "status_reason": None, "traffic_light": "green",
        "progress": 100, "comment": None, "next_steps": None, "indicators": [],
    }  # fmt: skip

    def forged(name: str, manifest_changes: dict[str, object], code: str) -> Path:
        path = tmp_path / name
        path.write_bytes(
            container.package_bytes(
                {**manifest, **manifest_changes},
                {"author": "x", "answers": [{"code": code, **answer}], "proposals": []},
                authenticate=container.signer(key),
                authentication=container.SIGNED,
                recipient=recipient,
            )
        )
        return path

    digest = _digest(secretariat)
    foreign_measure = forged("measure.imag-return", {}, sk_code)
    result = cli("--data-dir", secretariat, "--lang", "de", "round", "import", foreign_measure)
    assert result.code == 10
    assert sk_code in result.err
    assert "nicht an SMWA ausgegeben" in result.err
    assert _digest(secretariat) == digest

    as_sk = forged("as-sk.imag-return", {"department": "SK"}, smwa_code)
    result = cli("--data-dir", secretariat, "--lang", "de", "round", "import", as_sk)
    assert result.code == 10
    assert "zurückgewiesen" in result.err
    assert _digest(secretariat) == digest

    # the forgery machinery itself is sound: the same return for SMWA's own measure goes in
    honest = forged("honest.imag-return", {}, smwa_code)
    assert cli("--data-dir", secretariat, "round", "import", honest).code == 0
    assert _digest(secretariat) != digest


def test_refusals_on_the_department_side(cycle, cli) -> None:
    _secretariat, packages, laptops, tmp_path = cycle
    laptop = laptops["SK"]
    code = _codes(cli, laptop)[0]
    assert cli("--data-dir", laptop, "return", "set", code, "--progress", "40").code == 0
    digest = _digest(laptop)
    # opening the same package again changes nothing, answers are kept
    result = cli("--data-dir", laptop, "--lang", "de", "package", "open", packages["SK"])
    assert result.code == 0
    assert "nichts geändert" in result.out
    assert _digest(laptop) == digest
    # invalid values are refused with the reason
    result = cli("--data-dir", laptop, "--lang", "de", "return", "set", code, "--progress", "140")
    assert result.code == 2
    assert "zwischen 0 und 100" in result.err
    result = cli("--data-dir", laptop, "--lang", "de", "return", "set", code, "--status", "dropped")
    assert result.code == 2
    assert "Begründung" in result.err
    result = cli("--data-dir", laptop, "--lang", "de", "return", "set", "X.99", "--progress", "1")
    assert result.code == 1
    assert "X.99" in result.err
    assert _digest(laptop) == digest
    # a tampered round package is refused
    data = bytearray(packages["SMWK"].read_bytes())
    data[-200] ^= 0xFF
    broken = tmp_path / "broken.imag-round"
    broken.write_bytes(bytes(data))
    result = cli("--data-dir", laptop, "--lang", "de", "package", "open", broken)
    assert result.code == 3
    assert "zurückgewiesen" in result.err
    assert _digest(laptop) == digest


def test_a_secretariat_edit_after_issue_becomes_a_conflict(cycle, cli) -> None:
    from app.operations.context import Actor
    from app.operations.measures import measure_input, update_measure

    secretariat, _packages, laptops, tmp_path = cycle
    laptop = laptops["SMWK"]
    code = _codes(cli, laptop)[0]
    with open_register(resolve(secretariat)) as register, register.session() as session:
        data, revision = measure_input(session, code)
        from dataclasses import replace

        session.commit()
        update_measure(
            session, Actor("Sekretariat"), code, replace(data, comment="Vom Sekretariat"),
            revision=revision,
        )  # fmt: skip
    result = cli(
        "--data-dir", laptop, "return", "set", code, "--comment", "Vom Ressort", "--progress", "77"
    )
    assert result.code == 0, result.err
    target = tmp_path / "r.imag-return"
    assert cli("--data-dir", laptop, "return", "export", "--out", target).code == 0
    assert cli("--data-dir", secretariat, "round", "import", target).code == 0
    measure = _measure(cli, secretariat, code)
    assert measure["progress"] == 77  # not touched by the secretariat: applied
    result = cli("--data-dir", secretariat, "round", "conflicts", ROUND, "--format", "json")
    conflicts = json.loads(result.out)
    assert [(c["measure"], c["field"]) for c in conflicts] == [(code, "comment")]
    conflict = conflicts[0]
    assert conflict["register_value"] == "Vom Sekretariat"
    assert conflict["returned_value"] == "Vom Ressort"
    assert conflict["issued_value"] != "Vom Sekretariat"
    # closing is refused while the conflict is open
    result = cli("--data-dir", secretariat, "--lang", "de", "round", "close", ROUND)
    assert result.code == 2
    assert "offene" in result.err
    assert "Konflikt" in result.err
    result = cli(
        "--data-dir", secretariat, "round", "resolve", str(conflict["id"]), "--take", "returned"
    )
    assert result.code == 0, result.err
    with open_register(resolve(secretariat), readonly=True) as register, register.session() as s:
        data, _ = measure_input(s, code)
    assert data.comment == "Vom Ressort"
    assert cli("--data-dir", secretariat, "round", "close", ROUND).code == 0


def test_a_reminder_for_a_department_still_missing(cycle, cli) -> None:
    secretariat, _packages, laptops, tmp_path = cycle
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    _one_return(cli, laptops["SK"], inbox / "SK.imag-return")
    assert cli("--data-dir", secretariat, "round", "import", inbox).code == 0
    missing = _codes(cli, laptops["SMWK"])

    result = cli("--data-dir", secretariat, "round", "reminder", ROUND, "SMWK", "--lang", "pl")
    assert result.code == 0, result.err
    assert result.out.startswith("Przypomnienie")
    assert "SMWK" in result.out
    assert "30 czerwca 2099" in result.out  # the deadline, in Polish
    assert all(f"- {code} " in result.out for code in missing)

    # SK answered one measure only: a partial return gets a reminder naming the rest
    partial = cli("--data-dir", secretariat, "round", "reminder", ROUND, "sk", "--lang", "cs")
    assert partial.code == 0, partial.err
    sk_codes = _codes(cli, laptops["SK"])
    assert f"- {sk_codes[0]} " not in partial.out
    assert all(f"- {code} " in partial.out for code in sk_codes[1:])

    draft = tmp_path / "reminder.eml"
    digest = _digest(secretariat)
    result = cli(
        "--data-dir", secretariat, "round", "reminder", ROUND, "SMWA", "--eml", draft,
        "--sender", "Anna Nowak",
    )  # fmt: skip
    assert result.code == 0, result.err
    import email
    import email.policy

    message = email.message_from_bytes(draft.read_bytes(), policy=email.policy.default)
    assert message["X-Unsent"] == "1"
    assert "SMWA" in message["Subject"]
    assert "Anna Nowak" in message.get_content()
    assert _digest(secretariat) == digest  # a reminder changes nothing

    # a department not in the round, and one already complete, are refused with a reason
    result = cli("--data-dir", secretariat, "round", "reminder", ROUND, "SMI")
    assert result.code != 0
    assert "SMI" in result.err


def test_a_package_for_another_department_is_refused_before_anything_is_created(cycle, cli) -> None:
    from app import profile

    _secretariat, packages, laptops, tmp_path = cycle
    # a laptop set up for SK that has never opened anything: no register is created
    fresh = tmp_path / "laptop-new"
    clerk = profile.Profile(name="Jana Nováková", role="department", department="SK")
    profile.save(resolve(fresh).profile_file, clerk)
    result = cli("--data-dir", fresh, "--lang", "de", "package", "open", packages["SMWK"])
    assert result.code == 3
    assert "SMWK" in result.err
    assert "für SK" in result.err
    assert "Geschäftsstelle" in result.err
    assert not (fresh / "register.imag.sqlite").exists()
    # the SK laptop with its workspace: unchanged, its own package still opens
    laptop = laptops["SK"]
    profile.save(resolve(laptop).profile_file, clerk)
    digest = _digest(laptop)
    result = cli("--data-dir", laptop, "package", "open", packages["SMWA"])
    assert result.code == 3
    assert _digest(laptop) == digest
    assert cli("--data-dir", laptop, "package", "open", packages["SK"]).code == 0
    # a secretariat profile, or one without a department, opens any package
    other = tmp_path / "laptop-any"
    profile.save(resolve(other).profile_file, profile.Profile(name="X", role="department"))
    assert cli("--data-dir", other, "package", "open", packages["SMWK"]).code == 0


def test_a_round_opened_from_the_wrong_package_can_be_closed(cycle, cli) -> None:
    """The SMWK laptop cannot take SK's package for the same round; ``package discard`` closes
    the round (refusing while answers are not exported, unless --yes) and SK's package opens."""
    _secretariat, packages, laptops, tmp_path = cycle
    laptop = laptops["SMWK"]
    assert cli("--data-dir", laptop, "package", "open", packages["SK"]).code == 3
    code = _codes(cli, laptop)[0]
    assert cli("--data-dir", laptop, "return", "set", code, "--progress", "7").code == 0
    digest = _digest(laptop)
    result = cli("--data-dir", laptop, "--lang", "de", "package", "discard")
    assert result.code == 1
    assert "Nichts wurde geschlossen" in result.err
    assert "1 " in result.err
    assert _digest(laptop) == digest
    # exported, nothing is lost: it closes without --yes
    _one_return(cli, laptop, tmp_path / "smwk.imag-return", progress=8)
    result = cli("--data-dir", laptop, "package", "discard", "--round", ROUND)
    assert result.code == 0, result.err
    assert ROUND in result.out
    assert cli("--data-dir", laptop, "return", "status").code != 0  # no round open here
    assert cli("--data-dir", laptop, "package", "open", packages["SK"]).code == 0
    # --yes throws unsent answers away
    sk_code = _codes(cli, laptop)[0]
    assert cli("--data-dir", laptop, "return", "set", sk_code, "--progress", "9").code == 0
    assert cli("--data-dir", laptop, "package", "discard", "--yes").code == 0
    assert cli("--data-dir", laptop, "package", "open", packages["SMWK"]).code == 0
