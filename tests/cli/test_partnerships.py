"""Partnership rounds from the command line with three departments on three "laptops", real
package files in between; results, conclusions, refusals; criteria set files tried broken."""

from __future__ import annotations

import contextlib
import hashlib
import io
import json
import shutil
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from app.operations.context import Actor
from app.partnerships import rounds as partnership_rounds
from app.paths import resolve
from app.rounds import keys, secretariat
from app.storage.register import open_register
from tests.support.project import Result, isolated
from tests.support.rounds_kit import members_of, zip_of

ROUND = "Partnerschaften 2026"
DEPARTMENTS = ("SK", "SMWK", "SMWA")


def _digest(folder: Path) -> str:
    return hashlib.sha256((folder / "register.imag.sqlite").read_bytes()).hexdigest()


def _imag(*args: object) -> Result:
    """``imag`` run in-process, as the ``cli`` fixture runs it, for set-up shared by the
    module's tests (``cli`` belongs to one test)."""
    from app.cli.main import main

    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = main([str(a) for a in args])
    return Result(code, out.getvalue(), err.getvalue())


@pytest.fixture(scope="module")
def issued(demo_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The secretariat (a copy of the demo register) has created and issued the round, and each
    department opened its package on its laptop; made once per module, in the folder returned."""
    root = tmp_path_factory.mktemp("issued")
    with isolated(tmp_path_factory.mktemp("issued-home") / "home"):
        secretariat_dir = root / "secretariat"
        secretariat_dir.mkdir()
        shutil.copy2(demo_dir / "register.imag.sqlite", secretariat_dir / "register.imag.sqlite")
        result = _imag(
            "--data-dir", secretariat_dir, "round", "create", ROUND, "--kind", "partnerships",
            "--deadline", "2099-06-30", "--departments", "SK,SMWK", "SMWA",
        )  # fmt: skip
        assert result.code == 0, result.err
        outbox = root / "outbox"
        assert (
            _imag("--data-dir", secretariat_dir, "round", "issue", ROUND, "--out", outbox).code == 0
        )
        for code in DEPARTMENTS:
            package = outbox / f"Partnerschaften-2026_{code}.imag-round"
            result = _imag("--data-dir", root / f"laptop-{code}", "package", "open", package)
            assert result.code == 0, result.err
    return root


@pytest.fixture
def cycle(issued: Path, tmp_path: Path):
    """A copy of the issued round, to change: the secretariat's folder, the laptops, the root."""
    shutil.copytree(issued, tmp_path, dirs_exist_ok=True)
    laptops = {code: tmp_path / f"laptop-{code}" for code in DEPARTMENTS}
    return tmp_path / "secretariat", laptops, tmp_path


@dataclass(frozen=True)
class Returned:
    """SMWA's genuine return for the issued round, not yet imported."""

    secretariat_dir: Path  # a copy of the secretariat's folder, to change
    original: Path  # the return: every criterion 3, "continue", unencrypted
    secret: bytes  # the key SMWA signs its returns with (on its laptop)
    asked: frozenset[str]  # the partnerships SMWA was asked to assess


@pytest.fixture(scope="module")
def smwa_return(issued: Path, tmp_path_factory: pytest.TempPathFactory) -> Returned:
    """SMWA assesses every partnership and exports its return, once per module."""
    root = tmp_path_factory.mktemp("smwa-return")
    with isolated(tmp_path_factory.mktemp("smwa-return-home") / "home"):
        shutil.copytree(issued, root, dirs_exist_ok=True)
        secretariat_dir, laptop = root / "secretariat", root / "laptop-SMWA"
        _assess_all(_imag, laptop, _criteria(_imag, secretariat_dir), 3, "continue")
        original = root / "smwa.imag-return"
        result = _imag("--data-dir", laptop, "return", "export", "--out", original, "--unencrypted")
        assert result.code == 0, result.err
        asked = frozenset(_partnerships(_imag, laptop))
        with open_register(resolve(laptop)) as register, register.session() as s:
            secret = keys.department_key(s, "SMWA")
    return Returned(secretariat_dir, original, secret, asked)


@pytest.fixture
def returned(smwa_return: Returned, tmp_path: Path) -> Returned:
    """SMWA's return, with a copy of the secretariat's folder that has not imported it yet."""
    secretariat_dir = tmp_path / "secretariat"
    shutil.copytree(smwa_return.secretariat_dir, secretariat_dir)
    original = tmp_path / smwa_return.original.name
    shutil.copy2(smwa_return.original, original)
    return Returned(secretariat_dir, original, smwa_return.secret, smwa_return.asked)


def _criteria(cli, folder: Path) -> list[str]:
    result = cli("--data-dir", folder, "criteria", "list", "--format", "json")
    assert result.code == 0, result.err
    return [entry["code"] for entry in json.loads(result.out)]


def _partnerships(cli, laptop: Path) -> list[str]:
    result = cli("--data-dir", laptop, "return", "status", "--format", "json")
    assert result.code == 0, result.err
    return [item["code"] for item in json.loads(result.out)["items"]]


def _assess_all(cli, laptop: Path, criteria: list[str], score: int, choice: str) -> None:
    for code in _partnerships(cli, laptop):
        for criterion in criteria:
            result = cli("--data-dir", laptop, "return", "score", code, criterion, str(score))
            assert result.code == 0, result.err
        result = cli("--data-dir", laptop, "return", "recommend", code, choice, "--comment", "ok")
        assert result.code == 0, result.err


def test_a_partnership_round_with_three_departments(cycle, cli) -> None:
    secretariat_dir, laptops, tmp_path = cycle
    criteria = _criteria(cli, secretariat_dir)
    assert criteria[:2] == ["GOALS", "WORKING_GROUP"]
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    scores = {"SK": 4, "SMWK": 2, "SMWA": 1}
    choices = {"SK": "continue", "SMWK": "sectoral", "SMWA": "sectoral"}
    for department, laptop in laptops.items():
        _assess_all(cli, laptop, criteria, scores[department], choices[department])
        # one comment with Polish and Czech letters
        first = _partnerships(cli, laptop)[0]
        result = cli(
            "--data-dir", laptop, "return", "score", first, "GOALS", str(scores[department]),
            "--comment", "Współpraca z Łodzią i Ústím – výborně",
        )  # fmt: skip
        assert result.code == 0, result.err
        result = cli("--data-dir", laptop, "return", "export", "--out", inbox / f"{department}.r")
        assert result.code == 0, result.err
        assert "Bewertete Partnerschaften:" in result.out
        shown = cli("--data-dir", laptop, "--lang", "cs", "return", "status").out
        assert f"{first}: ohodnoceno" in shown
        assert "Maßnahme" not in result.out
    result = cli("--data-dir", secretariat_dir, "round", "import", *sorted(inbox.iterdir()))
    assert result.code == 0, result.err

    status = json.loads(
        cli("--data-dir", secretariat_dir, "round", "status", ROUND, "--format", "json").out
    )
    assert status["kind"] == "partnerships"
    assert {d["code"]: d["state"] for d in status["departments"]} == dict.fromkeys(
        DEPARTMENTS, "complete"
    )
    listed = cli("--data-dir", secretariat_dir, "--lang", "pl", "round", "list")
    assert f"{ROUND} (Partnerstwa): otwarta" in listed.out

    results = json.loads(
        cli("--data-dir", secretariat_dir, "partnerships", "results", ROUND, "--format", "json").out
    )
    by_code = {entry["code"]: entry for entry in results["partnerships"]}
    # Lower Silesia: SK, SMWK and SMWA all work with it in the demo register
    silesia = by_code["RP-PL-DS"]
    assert set(silesia["answered"]) == set(DEPARTMENTS)
    goals = next(c for c in silesia["criteria"] if c["code"] == "GOALS")
    assert goals["scores"] == {"SK": 4, "SMWK": 2, "SMWA": 1}
    assert goals["mean"] == pytest.approx(7 / 3)
    assert goals["spread"] == 3
    # every criterion has the same mean, so the weighted result is that mean
    assert silesia["weighted"] == pytest.approx(7 / 3)
    assert silesia["weighted_percent"] == pytest.approx(100 * (7 / 3) / 4)
    assert silesia["recommendation_counts"]["sectoral"] == 2
    assert silesia["recommendations"]["SK"] == {"choice": "continue", "comment": "ok"}

    result = cli(
        "--data-dir", secretariat_dir, "partnerships", "conclude", ROUND, "rp-pl-ds", "sectoral",
        "--text", "Sektoral fortführen: Wasserstoff und Mikroelektronik",
    )  # fmt: skip
    assert result.code == 0, result.err
    assert "auf sektorale Zusammenarbeit ausrichten" in result.out
    text = cli("--data-dir", secretariat_dir, "--lang", "pl", "partnerships", "results", ROUND).out
    assert (
        "Wkład w sześć celów Strategii (GOALS, waga 3): SK 4, SMWK 2, SMWA 1; średnia 2,3, "
        "rozrzut 3" in text
    )
    assert "SMWK: przestawić na współpracę sektorową – ok" in text
    assert "Wniosek IMAG: przestawić na współpracę sektorową – Sektoral fortführen" in text
    assert cli("--data-dir", secretariat_dir, "round", "close", ROUND).code == 0
    listing = json.loads(
        cli("--data-dir", secretariat_dir, "partnerships", "list", "--format", "json").out
    )
    entry = next(e for e in listing if e["code"] == "RP-PL-DS")
    assert {"code", "status", "departments", "evaluations", "history"} <= set(entry)
    evaluation = entry["evaluations"][0]
    assert evaluation["round"] == ROUND
    assert evaluation["round_status"] == "closed"
    assert evaluation["conclusion"]["recommendation"] == "sectoral"
    assert any(event["action"] == "conclude" for event in entry["history"])
    # after the close, conclusions are frozen
    result = cli("--data-dir", secretariat_dir, "partnerships", "conclude", ROUND, "RP-CZ", "end")
    assert result.code != 0
    criteria_of_round = json.loads(
        cli("--data-dir", secretariat_dir, "criteria", "list", "--round", ROUND, "--format",
            "json").out
    )  # fmt: skip
    assert [c["code"] for c in criteria_of_round] == criteria


def test_refused_assessments_change_nothing(cycle, cli) -> None:
    _secretariat_dir, laptops, _tmp_path = cycle
    laptop = laptops["SMWK"]
    code = _partnerships(cli, laptop)[0]
    # on the laptop, the round's criteria come from its package
    listed = cli("--data-dir", laptop, "criteria", "list", "--round", ROUND, "--format", "json")
    assert listed.code == 0, listed.err
    assert json.loads(listed.out)[0]["code"] == "GOALS"
    before = _digest(laptop)
    for arguments, reason in (
        (("score", code, "GOALS", "5"), "0"),  # the scale is 0–4
        (("score", code, "GOALS", "-1"), "0"),
        (("score", code, "GOALS", "drei"), "drei"),
        (("score", code, "NO_SUCH", "2"), "NO_SUCH"),
        (("score", "RP-XX", "GOALS", "2"), "RP-XX"),
    ):
        result = cli("--lang", "de", "--data-dir", laptop, "return", *arguments)
        assert result.code != 0, arguments
        assert reason in result.err, result.err
    with pytest.raises(SystemExit) as refused:  # argparse: not one of the choices
        cli("--data-dir", laptop, "return", "recommend", code, "maybe")
    assert refused.value.code == 2
    assert _digest(laptop) == before
    # a partly scored partnership cannot be exported
    assert cli("--data-dir", laptop, "return", "score", code, "GOALS", "3").code == 0
    result = cli("--data-dir", laptop, "return", "export", "--out", laptop / "r.imag-return")
    assert result.code != 0
    assert not (laptop / "r.imag-return").exists()


def test_a_return_for_a_partnership_not_asked_is_refused(
    returned: Returned, cli, tmp_path: Path
) -> None:
    """SMWA re-MACs its return (it holds its own key) so that it assesses a partnership it was
    not asked about: refused, the register unchanged."""
    secretariat_dir, original = returned.secretariat_dir, returned.original
    with (
        open_register(resolve(secretariat_dir), readonly=True) as register,
        register.session() as s,
    ):
        round_ = secretariat.find_round(s, ROUND)
        other = next(
            p.code for p, _d in partnership_rounds.scope(s, round_) if p.code not in returned.asked
        )

    def ask_another(payload: dict[str, Any]) -> None:
        payload["answers"][0]["code"] = other

    forged = _forged_return(tmp_path, original, returned.secret, ask_another)
    before = _digest(secretariat_dir)
    result = cli("--lang", "de", "--data-dir", secretariat_dir, "round", "import", forged)
    assert result.code == 10, result.err
    assert other in result.err
    assert _digest(secretariat_dir) == before
    # the honest return is imported
    assert cli("--data-dir", secretariat_dir, "round", "import", original).code == 0


def test_a_secretariat_entry_after_issue_becomes_a_conflict(cycle, cli) -> None:
    secretariat_dir, laptops, tmp_path = cycle
    laptop = laptops["SK"]
    criteria = _criteria(cli, secretariat_dir)
    code = _partnerships(cli, laptop)[0]
    with open_register(resolve(secretariat_dir)) as register, register.session() as session:
        partnership_rounds.record_assessment(
            session, Actor("Sekretariat", "test"), ROUND, "SK", code, criterion="GOALS", score=1,
            comment="telefonisch",
        )  # fmt: skip
    _assess_all(cli, laptop, criteria, 3, "continue")
    target = tmp_path / "sk.imag-return"
    assert cli("--data-dir", laptop, "return", "export", "--out", target).code == 0
    result = cli("--data-dir", secretariat_dir, "round", "import", target)
    assert result.code == 0, result.err
    conflicts = json.loads(
        cli("--data-dir", secretariat_dir, "round", "conflicts", ROUND, "--format", "json").out
    )
    assert [(c["measure"], c["field"]) for c in conflicts] == [(code, "score:GOALS")]
    assert conflicts[0]["register_value"] == {"score": 1, "comment": "telefonisch"}
    assert conflicts[0]["returned_value"]["score"] == 3
    assert cli("--data-dir", secretariat_dir, "round", "close", ROUND).code != 0
    result = cli(
        "--data-dir", secretariat_dir, "round", "resolve", str(conflicts[0]["id"]), "--take",
        "returned",
    )  # fmt: skip
    assert result.code == 0, result.err
    results = json.loads(
        cli("--data-dir", secretariat_dir, "partnerships", "results", ROUND, "--format", "json").out
    )
    entry = next(p for p in results["partnerships"] if p["code"] == code)
    goals = next(c for c in entry["criteria"] if c["code"] == "GOALS")
    assert goals["scores"]["SK"] == 3


# -- criteria set files -----------------------------------------------------------------------


def _default() -> dict[str, Any]:
    from app.partnerships import criteria

    return criteria.default_document()


@pytest.mark.parametrize(
    ("change", "reason"),
    [
        (lambda d: d.update(format_version=2), "format version"),
        (lambda d: d["criteria"][1].update(code="GOALS"), "twice"),
        (lambda d: d["criteria"][0].update(weight=0), "weight"),
        (lambda d: d["criteria"][0].update(weight=True), "weight"),
        (lambda d: d.update(scale={"min": 3, "max": 3}), "scale"),
        (lambda d: d.update(scale={"min": 0, "max": 50}), "scale"),
        (lambda d: d.update(criteria=[]), "no criteria"),
        (lambda d: d["criteria"][0].update(code="goals lower"), "criterion code"),
        (lambda d: d["criteria"][0].update(extra=1), "extra"),
        (lambda d: d["scale_labels"].append({"value": 9, "de": "x"}), "scale label"),
    ],
)
def test_broken_criteria_files_are_refused_and_change_nothing(
    fresh_register: Path, cli, tmp_path: Path, change, reason: str
) -> None:
    document = _default()
    change(document)
    path = tmp_path / "criteria.json"
    path.write_text(json.dumps(document, ensure_ascii=False), encoding="utf-8")
    before = cli("--data-dir", fresh_register, "criteria", "list", "--format", "json").out
    from app.errors import CatalogueInvalid
    from app.partnerships import criteria

    with pytest.raises(CatalogueInvalid) as refused:
        criteria.read(path)
    assert reason in str(refused.value), str(refused.value)
    result = cli("--data-dir", fresh_register, "criteria", "import", path)
    assert result.code != 0
    assert "criteria.json" in result.err
    assert cli("--data-dir", fresh_register, "criteria", "list", "--format", "json").out == before


@pytest.mark.parametrize(
    "data",
    [
        b"",
        b"{",
        b"\xff\xfe not utf-8",
        b'{"format": "imag-criteria", "format": "imag-criteria"}',
        b"[" * 100_000,
        b"{" + b" " * (2 * 1024 * 1024) + b"}",
    ],
)
def test_unreadable_criteria_files_are_refused(
    fresh_register: Path, cli, tmp_path: Path, data: bytes
) -> None:
    path = tmp_path / "criteria.json"
    path.write_bytes(data)
    result = cli("--data-dir", fresh_register, "criteria", "import", path)
    assert result.code != 0
    assert "criteria.json" in result.err


def test_a_criteria_set_round_trips_and_an_edited_copy_is_a_new_set(
    fresh_register: Path, cli, tmp_path: Path
) -> None:
    exported = tmp_path / "set.json"
    assert cli("--data-dir", fresh_register, "criteria", "export", "--out", exported).code == 0
    document = json.loads(exported.read_text(encoding="utf-8"))
    assert document == _default() | {"proposal": True} or document["code"] == "IMAG-2026"
    document["code"] = "IMAG-2027"
    document["proposal"] = False
    document["criteria"][0]["weight"] = 5
    exported.write_text(json.dumps(document, ensure_ascii=False), encoding="utf-8")
    assert cli("--data-dir", fresh_register, "criteria", "import", exported).code == 0
    listed = json.loads(
        cli("--data-dir", fresh_register, "criteria", "list", "--set", "IMAG-2027", "--format",
            "json").out
    )  # fmt: skip
    assert listed[0]["weight"] == 5
    # with two sets, the default one is taken unless another is named
    default = json.loads(
        cli("--data-dir", fresh_register, "criteria", "list", "--format", "json").out
    )
    assert default[0]["set"] == "IMAG-2026"


def test_named_departments_are_never_left_out(tmp_path: Path, cli) -> None:
    """On the embedded default register no measure names a partner, so nobody "works with" a
    partnership: every named department then assesses every partnership in the round."""
    folder = tmp_path / "fresh"
    result = cli(
        "--data-dir", folder, "round", "create", ROUND, "--kind", "partnerships",
        "--deadline", "2099-06-30", "--departments", "SK", "SMWK", "SMWA",
    )  # fmt: skip
    assert result.code == 0, result.err
    listed = json.loads(cli("--data-dir", folder, "partnerships", "list", "--format", "json").out)
    default = [
        p["code"]
        for p in listed
        if p["kind"] == "regional" and p["status"] in {"active", "dormant"}
    ]
    n = len(default)
    assert n >= 10
    assert f"3 Ressorts: SK ({n} Partnerschaften), SMWK ({n} Partnerschaften), SMWA" in result.out
    with open_register(resolve(data_dir=folder)) as register, register.session() as session:
        round_ = secretariat.find_round(session, ROUND)
        pairs = {(p.code, d.code) for p, d in partnership_rounds.scope(session, round_)}
    assert pairs == {(code, d) for code in default for d in DEPARTMENTS}


def test_the_rule_who_assesses_what() -> None:
    working = {"A": ["SMWK"], "B": ["SMWK", "SMWA"], "C": []}
    # without named departments: those working with each, the coordinator where nobody does
    assert partnership_rounds.assign(["A", "B", "C"], working, [], "SK") == [
        ("A", "SMWK"), ("B", "SMWK"), ("B", "SMWA"), ("C", "SK"),
    ]  # fmt: skip
    # named: each assesses those it works with; C (nobody named works with it) goes to all
    assert partnership_rounds.assign(["A", "B", "C"], working, ["SMWA", "SMWK"], "SK") == [
        ("A", "SMWK"), ("B", "SMWA"), ("B", "SMWK"), ("C", "SMWA"), ("C", "SMWK"),
    ]  # fmt: skip
    # a named department working with none of them (SMI) assesses every one
    assert partnership_rounds.assign(["A", "C"], working, ["SMWK", "SMI"], "SK") == [
        ("A", "SMWK"), ("A", "SMI"), ("C", "SMWK"), ("C", "SMI"),
    ]  # fmt: skip


@pytest.mark.parametrize(
    ("change", "reason"),
    [
        (lambda d: d.update(name_de="  "), "the set needs a German name"),
        (lambda d: d.update(code=""), "the set needs a code"),
        (lambda d: d["criteria"][2].update(name_de=""), "the criterion SECTOR_RESULTS needs a"),
        (lambda d: d["criteria"][1].update(code=" "), "criterion 2 needs a code"),
    ],
)
def test_a_blank_name_or_code_is_said_in_words(change, reason: str) -> None:
    """Not as the place in the file (``criteria[2].name_de: must not be empty``): the editor
    shows these messages to people who never saw the file format."""
    from app.errors import CatalogueInvalid
    from app.partnerships import criteria

    document = _default()
    change(document)
    with pytest.raises(CatalogueInvalid) as refused:
        criteria.check(document, "X")
    assert reason in str(refused.value), str(refused.value)
    assert "must not be empty" not in str(refused.value)


def test_a_new_set_does_not_replace_one_with_its_code(fresh_register: Path) -> None:
    from app.errors import InvalidInput
    from app.partnerships import criteria

    actor = Actor("Sekretariat", "test")
    document = _default() | {"code": "imag-2026", "name_de": "Kopie"}
    with open_register(resolve(fresh_register)) as register, register.session() as session:
        before = [criteria.as_document(s) for s in criteria.list_sets(session)]
        with pytest.raises(InvalidInput) as refused:
            criteria.save_set(session, actor, document, new=True)
        assert "IMAG-2026" in str(refused.value)
        assert [criteria.as_document(s) for s in criteria.list_sets(session)] == before
        criteria.save_set(session, actor, document | {"code": "IMAG-2027"}, new=True)
        assert [s.code for s in criteria.list_sets(session)] == ["IMAG-2026", "IMAG-2027"]


def test_the_rounds_that_froze_a_set(cycle) -> None:
    from app.partnerships import criteria

    secretariat_dir, _laptops, _tmp_path = cycle
    with open_register(resolve(secretariat_dir)) as register, register.session() as session:
        assert criteria.rounds_using(session) == {"IMAG-2026": [(ROUND, "open")]}


def _forged_return(tmp_path: Path, original: Path, secret: bytes, change) -> Path:
    """``original`` with its payload changed by ``change`` and authenticated again with the
    department's own key (as a department could): only the importer's checks stand between."""
    import hashlib as hashing

    from app.exchange import container

    members = members_of(original)
    payload = json.loads(members["payload.json"])
    change(payload)
    data = json.dumps(payload, ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode()
    manifest = json.loads(members["manifest.json"])
    manifest["payload"]["size"] = len(data)
    manifest["payload"]["sha256"] = hashing.sha256(data).hexdigest()
    manifest_bytes = json.dumps(manifest, ensure_ascii=False, indent=1, sort_keys=True).encode()
    forged = tmp_path / "forged.imag-return"
    forged.write_bytes(
        zip_of(
            [
                ("manifest.json", manifest_bytes),
                ("manifest.sig", container.signer(secret)(manifest_bytes)),
                ("payload.json", data),
            ]
        )
    )
    return forged


def _goals(payload: dict[str, Any]) -> dict[str, Any]:
    return next(e for e in payload["answers"][0]["scores"] if e["criterion"] == "GOALS")


def _set_score(value: Any):
    def change(payload: dict[str, Any]) -> None:
        _goals(payload)["score"] = value

    return change


def _rename_criterion(payload: dict[str, Any]) -> None:
    _goals(payload)["criterion"] = "GOALZ"


def _add_criterion(payload: dict[str, Any]) -> None:
    payload["answers"][0]["scores"].append({"criterion": "EXTRA", "score": 2, "comment": None})


def _twice(payload: dict[str, Any]) -> None:
    payload["answers"][0]["scores"].append(dict(_goals(payload)))


def _bad_choice(payload: dict[str, Any]) -> None:
    payload["answers"][0]["recommendation"] = "annex"


def _huge_comment(payload: dict[str, Any]) -> None:
    _goals(payload)["comment"] = "x" * 200_000


def _unknown_partnership(payload: dict[str, Any]) -> None:
    payload["answers"][0]["code"] = "RP-XX-NOWHERE"


def _no_scores(payload: dict[str, Any]) -> None:
    del payload["answers"][0]["scores"]


@pytest.mark.parametrize(
    "change",
    [
        _set_score(9), _set_score(-1), _set_score(2.5), _set_score("3"), _set_score(True),
        _rename_criterion, _add_criterion, _twice, _bad_choice, _huge_comment,
        _unknown_partnership, _no_scores,
    ],
    ids=[
        "score-9", "score-negative", "score-fraction", "score-text", "score-bool",
        "unknown-criterion", "extra-criterion", "criterion-twice", "unknown-recommendation",
        "comment-200k", "unknown-partnership", "no-scores",
    ],
)  # fmt: skip
def test_a_forged_return_with_impossible_content_is_refused(
    returned: Returned, cli, tmp_path: Path, change
) -> None:
    secretariat_dir, original = returned.secretariat_dir, returned.original
    forged = _forged_return(tmp_path, original, returned.secret, change)
    before = _digest(secretariat_dir)
    result = cli("--lang", "pl", "--data-dir", secretariat_dir, "round", "import", forged)
    assert result.code == 10, (result.out, result.err)
    assert "odrzuc" in (result.out + result.err).lower(), result.err  # said in Polish
    assert _digest(secretariat_dir) == before
    assert cli("--data-dir", secretariat_dir, "round", "import", original).code == 0
