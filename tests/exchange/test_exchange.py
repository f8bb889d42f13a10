"""Hostile package files, made from real ones: every byte of a return changed in turn, zip
members with paths outside the package, unexpected, duplicate or missing members, oversized
files and zip bombs, and malformed JSON (deep, invalid UTF-8, lone surrogates, duplicate keys,
NaN), both before the MAC and behind it (re-MACed with the right key). Each is refused with a
message and leaves the register as it was."""

from __future__ import annotations

import contextlib
import hashlib
import json
import struct
import time
import uuid
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from app.errors import PackageRefused, UserError
from app.exchange import container
from app.models import ImportedReturn
from app.paths import resolve
from app.rounds import secretariat, workspace
from app.storage.register import open_register
from tests.support.rounds_kit import (
    DEPARTMENT,
    SECRETARIAT,
    Cycle,
    file_digest,
    manifest_bytes,
    members_of,
    raw_return,
    read_return,
    round_secret,
    table_dump,
    zip_of,
)


def the_return(cycle: Cycle) -> Path:
    (path,) = sorted((cycle.root / "inbox").iterdir())
    return path


class Importer:
    """The secretariat's register, kept open, with the import of bytes as a file."""

    def __init__(self, cycle: Cycle, session: Session) -> None:
        self.cycle = cycle
        self.session = session
        self.target = cycle.root / "attempt.imag-return"

    def attempt(self, data: bytes) -> secretariat.ImportOutcome | UserError:
        self.target.write_bytes(data)
        try:
            return secretariat.import_return(self.session, SECRETARIAT, self.target)
        except UserError as refused:
            return refused

    def refused(self, data: bytes, match: str) -> None:
        before = file_digest(self.cycle.secretariat_dir)
        result = self.attempt(data)
        assert isinstance(result, PackageRefused), result
        assert match in str(result), str(result)
        assert "Nothing was changed" in str(result) or "nothing was changed" in str(result)
        assert file_digest(self.cycle.secretariat_dir) == before


@contextlib.contextmanager
def importer(cycle: Cycle) -> Iterator[Importer]:
    with open_register(cycle.paths) as register, register.session() as session:
        yield Importer(cycle, session)


def _unzipped(data: bytes, cycle: Cycle) -> Path:
    path = cycle.root / "unzipped.imag-return"
    path.write_bytes(data)
    return path


def manifest_and_key(cycle: Cycle) -> tuple[dict[str, Any], bytes, dict[str, Any]]:
    secret = round_secret(cycle)
    manifest, content = read_return(the_return(cycle), secret)
    manifest = {key: value for key, value in manifest.items() if key != "payload"}
    return manifest, secret.signer("SMJ"), content


# -- one changed byte anywhere ----------------------------------------------------------------


def test_every_changed_byte_of_a_return_is_refused(cycle: Cycle) -> None:
    """One byte changed anywhere (the members, the zip's headers and directory, its end
    record) is refused, and the register file stays byte for byte as it was."""
    original = the_return(cycle).read_bytes()
    assert len(original) < 1500  # small enough to try every position
    pristine = file_digest(cycle.secretariat_dir)
    started = time.perf_counter()
    reasons: set[str] = set()
    with importer(cycle) as attempt:
        for position in range(len(original)):
            for flip in (0x01, 0x5A):
                data = bytearray(original)
                data[position] ^= flip
                result = attempt.attempt(bytes(data))
                assert isinstance(result, PackageRefused), (position, flip, result)
                reasons.add(str(result).split(": ", 1)[-1])
    assert file_digest(cycle.secretariat_dir) == pristine
    # found by different checks: a member's checksum, the member checks, the zip's structure
    assert any("is damaged" in reason for reason in reasons), reasons
    assert any("unexpected file" in reason for reason in reasons), reasons
    assert any("changed after it was written" in reason for reason in reasons), reasons
    assert time.perf_counter() - started < 60


def test_every_changed_byte_of_a_round_package_is_refused(cycle: Cycle) -> None:
    package = cycle.packages["SMJ"].read_bytes()
    laptop = cycle.laptops["SMJ"]
    before = file_digest(laptop)
    target = cycle.root / "attempt.imag-round"
    with open_register(resolve(laptop)) as register, register.session() as session:
        for position in range(0, len(package), 3):  # a dense sample: every third byte
            data = bytearray(package)
            data[position] ^= 0xA5
            target.write_bytes(bytes(data))
            with pytest.raises(PackageRefused):
                workspace.open_package(session, DEPARTMENT, target)
    assert file_digest(laptop) == before


def test_truncated_and_padded_returns_are_refused(cycle: Cycle) -> None:
    original = the_return(cycle).read_bytes()
    with importer(cycle) as attempt:
        for length in (0, 1, 4, 22, 30, len(original) // 2, len(original) - 1):
            attempt.refused(original[:length], "was refused")
        attempt.refused(b"PK\x05\x06" + bytes(18), "was refused")
        attempt.refused(b"%PDF-1.7 not a package", "not a readable zip file")


# -- the zip: members and sizes ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "reason"),
    [
        ("/etc/passwd", "path outside the package"),
        ("../payload.json", "path outside the package"),
        ("a/../../payload.json", "path outside the package"),
        ("..\\payload.json", "path outside the package"),
        ("C:\\payload.json", "path outside the package"),
        ("\\payload.json", "path outside the package"),
        ("notes.txt", "unexpected file"),
        ("payload.json/", "unexpected file"),
    ],
)
def test_members_outside_the_package_or_unexpected_are_refused(
    cycle: Cycle, name: str, reason: str
) -> None:
    members = members_of(the_return(cycle))
    with importer(cycle) as attempt:
        replaced = [
            (name if member == "payload.json" else member, data) for member, data in members.items()
        ]
        attempt.refused(zip_of(replaced), reason)


def test_duplicate_missing_and_extra_members_are_refused(cycle: Cycle) -> None:
    members = list(members_of(the_return(cycle)).items())
    with importer(cycle) as attempt:
        attempt.refused(zip_of([*members, members[0]]), "more files than a package has")
        attempt.refused(zip_of([members[0], members[0], members[2]]), "twice")
        attempt.refused(zip_of(members[1:]), "manifest.json is missing")
        attempt.refused(zip_of([members[0], members[2]]), "manifest.sig is missing")
        attempt.refused(zip_of(members[:2]), "payload named in its manifest is missing")
        other = ("payload.hpke", members[2][1])
        attempt.refused(zip_of([*members[:2], other]), "payload named in its manifest is missing")
        attempt.refused(zip_of([]), "manifest.json is missing")


def test_zip_features_packages_never_use_are_refused(cycle: Cycle) -> None:
    members = list(members_of(the_return(cycle)).items())
    with importer(cycle) as attempt:
        for method in (zipfile.ZIP_DEFLATED, zipfile.ZIP_BZIP2, zipfile.ZIP_LZMA):
            attempt.refused(zip_of(members, method=method), "zip compression")
        data = bytearray(zip_of(members, method=zipfile.ZIP_STORED))
        # set the "encrypted" flag of the first member in the central directory
        directory = data.find(b"PK\x01\x02")
        data[directory + 8] |= 0x01
        attempt.refused(bytes(data), "zip passwords")


def test_a_file_larger_than_64_mb_is_refused_without_reading_it(cycle: Cycle) -> None:
    big = cycle.root / "big.imag-return"
    with big.open("wb") as handle:
        handle.truncate(container.MAX_FILE_BYTES + 1)  # sparse: nothing to write
    before = file_digest(cycle.secretariat_dir)
    started = time.perf_counter()
    with pytest.raises(PackageRefused, match="larger than 64 MB"):
        cycle.import_(big)
    assert time.perf_counter() - started < 1
    assert file_digest(cycle.secretariat_dir) == before


# (signature, offset of the uncompressed size, of the name's length, of the name)
_HEADERS = ((b"PK\x03\x04", 22, 26, 30), (b"PK\x01\x02", 24, 28, 46))


def _claiming(data: bytes, member: str, size: int) -> bytes:
    """``data`` with the uncompressed size of ``member`` set to ``size`` in both its headers."""
    result = bytearray(data)
    for signature, size_at, length_at, name_at in _HEADERS:
        start = 0
        while (start := result.find(signature, start)) >= 0:
            (length,) = struct.unpack("<H", result[start + length_at : start + length_at + 2])
            if result[start + name_at : start + name_at + length] == member.encode():
                result[start + size_at : start + size_at + 4] = struct.pack("<I", size)
            start += 4
    return bytes(result)


def test_zip_bombs_are_refused_after_reading_no_more_than_the_limit(cycle: Cycle) -> None:
    manifest, key, _content = manifest_and_key(cycle)
    bomb = b" " * (container.MAX_PAYLOAD_BYTES + 1)  # 128 MB of blanks: deflate to 130 kB
    with importer(cycle) as attempt:
        started = time.perf_counter()
        # packages store their members: a deflated one is refused before anything is inflated
        deflated = raw_return(manifest, bomb, key, method=zipfile.ZIP_DEFLATED)
        assert len(deflated) < 1024 * 1024
        attempt.refused(deflated, "zip compression")
        # a stored member larger than its limit, honestly declared: refused before reading it
        attempt.refused(
            raw_return(manifest, b"{}", key, manifest_data=b"{" + b" " * (100 * 1024) + b"}"),
            "manifest.json is larger than allowed",
        )
        # a member that claims to be small but holds more: reading stops at the claimed size
        # (then the checksum does not match)
        manifest_bomb = zip_of(
            [
                ("manifest.json", b"{" + b" " * (50 * 1024 * 1024) + b"}"),
                ("manifest.sig", bytes(32)),
                ("payload.json", b"{}"),
            ]
        )
        attempt.refused(_claiming(manifest_bomb, "manifest.json", 10), "manifest.json is damaged")
        assert time.perf_counter() - started < 20
    del bomb


def test_a_directory_announcing_many_members_is_refused_before_it_is_read(cycle: Cycle) -> None:
    members = [(f"m{index}", b"") for index in range(100_000)]
    data = zip_of(members, method=zipfile.ZIP_STORED)
    with importer(cycle) as attempt:
        started = time.perf_counter()
        attempt.refused(data, "more files than a package has")
        assert time.perf_counter() - started < 0.5


# -- JSON before the MAC (the manifest) -------------------------------------------------------


def _with_manifest(cycle: Cycle, key: bytes, manifest_data: bytes) -> bytes:
    members = members_of(the_return(cycle))
    return zip_of(
        [
            ("manifest.json", manifest_data),
            ("manifest.sig", container.signer(key)(manifest_data)),
            ("payload.json", members["payload.json"]),
        ]
    )


@pytest.mark.parametrize(
    ("manifest_data", "reason"),
    [
        (b"[" * 10_000 + b"]" * 10_000, "nested deeper than 24 levels"),
        (b'{"format": "imag-exchange\xff\xfe"}', "not valid UTF-8"),
        (b'{"format": "imag-exchange", "kind": "\\ud800"}', "not valid UTF-8"),
        (b'{"format": "imag-exchange", "format": "imag-exchange"}', "not valid JSON"),
        (b'{"format": "imag-exchange", "format_version": NaN}', "not valid JSON"),
        (b'{"format": "imag-exchange", "format_version": Infinity}', "not valid JSON"),
        (b'{"format": "imag-exchange", "format_version": 1', "not valid JSON"),
        (b'"imag-exchange"', "not an exchange package of the IMAG register"),
        (b'{"format": "zip"}', "not an exchange package of the IMAG register"),
        (b'{"format": "imag-exchange", "format_version": 3}', "format version 3 is not known"),
        (b'{"format": "imag-exchange", "format_version": true}', "format version true is not"),
        (b'{"format": "imag-exchange", "format_version": "1"}', 'format version "1" is not known'),
        (b'{"format": "imag-exchange", "format_version": 1}', "incomplete or malformed"),
    ],
)
def test_malformed_manifests_are_refused(cycle: Cycle, manifest_data: bytes, reason: str) -> None:
    _manifest, key, _content = manifest_and_key(cycle)
    with importer(cycle) as attempt:
        attempt.refused(_with_manifest(cycle, key, manifest_data), reason)


def test_manifests_with_wrong_fields_are_refused(cycle: Cycle) -> None:
    manifest, key, content = manifest_and_key(cycle)
    payload = container.canonical_json(content)
    with importer(cycle) as attempt:
        for changes, reason in (
            ({"kind": "round"}, "the field “created_with” is not expected here"),
            ({"kind": "measure"}, "incomplete or malformed"),
            ({"package_uid": ""}, "incomplete or malformed"),
            ({"round_uid": 7}, "incomplete or malformed"),
            ({"authentication": "none"}, "incomplete or malformed"),
            ({"authentication": "HMAC-SHA256"}, "not signed with the department's own key"),
            ({"sequence": 0}, "incomplete or malformed"),
            ({"sequence": "2"}, "incomplete or malformed"),
            ({"sequence": True}, "incomplete or malformed"),
            ({"sequence": 2**70}, "incomplete or malformed"),
            ({"issued_package_uid": None}, "issued_package_uid: expected a value of type string"),
            ({"issued_package_uid": str(uuid.uuid4())}, "speaks for department SMJ"),
            ({"department": "SMWK"}, "speaks for department SMWK"),
            ({"department": "XX"}, "speaks for department XX"),
        ):
            attempt.refused(raw_return({**manifest, **changes}, payload, key), reason)
        # a payload that does not match the manifest's hash or size
        members = members_of(_unzipped(raw_return(manifest, payload, key), cycle))
        for other in (payload.replace(b"33", b"34"), payload + b" "):
            changed = zip_of([*list(members.items())[:2], ("payload.json", other)])
            attempt.refused(changed, "does not match the hash")


# -- JSON behind the MAC (the payload) --------------------------------------------------------


def test_malformed_payloads_behind_a_valid_mac_are_refused(cycle: Cycle) -> None:
    manifest, key, content = manifest_and_key(cycle)
    answer = content["answers"][0]
    good = container.canonical_json(content)
    with importer(cycle) as attempt:
        for payload, reason in (
            (b"[" * 30 + b"]" * 30, "nested deeper than 24 levels"),
            (good.replace(b"Zwischenstand", b"Zwischen\xc3stand"), "not valid UTF-8"),
            (good.replace(b"Zwischenstand", b"\\udc00"), "not valid UTF-8"),
            (good.replace(b'"proposals":[]', b'"proposals":[],"proposals":[]'), "not valid JSON"),
            (good.replace(b'"progress":33', b'"progress":NaN'), "not valid JSON"),
            (good.replace(b'"progress":33', b'"progress":1e999'), "malformed"),
            (good[:-1], "not valid JSON"),
            (b"", "not valid JSON"),
            (b"[]", "malformed"),
        ):
            attempt.refused(raw_return(manifest, payload, key), reason)
        for changed, reason in (
            ({**content, "extra": 1}, "is not expected here"),
            ({**content, "answers": "all"}, "malformed"),
            ({**content, "answers": [answer, answer]}, "answers twice for"),
            ({**content, "answers": [{**answer, "progress": 101}]}, "progress: is greater than"),
            ({**content, "answers": [{**answer, "progress": True}]}, "malformed"),
            ({**content, "answers": [{**answer, "status": "done"}]}, "status: “done” is not one"),
            ({**content, "answers": [{**answer, "status": "dropped"}]}, "needs a reason"),
            ({**content, "answers": [{**answer, "traffic_light": "blue"}]}, "light: “blue” is not"),
            ({**content, "answers": [{**answer, "comment": "x" * 20_001}]}, "longer than"),
            ({**content, "answers": [{**answer, "indicators": [{"id": 999999}]}]}, "Unknown"),
            ({**content, "answers": [{**answer, "code": "IV.06"}]}, "was not issued to SMJ"),
            (
                {**content, "proposals": [{"instrument": "IX", "title_de": "Neu"}]},
                "unknown instrument IX",
            ),
            (
                {**content, "proposals": [{"instrument": "IV", "title_de": " "}]},
                "must not be empty",
            ),
        ):
            attempt.refused(raw_return(manifest, container.canonical_json(changed), key), reason)
        # and the untouched payload is accepted (the refusals above were for their reasons)
        accepted = attempt.attempt(raw_return(manifest, good, key))
        assert isinstance(accepted, secretariat.ImportOutcome), accepted


def test_an_encrypted_return_is_read_and_a_changed_ciphertext_refused(cycle: Cycle) -> None:
    _manifest, key, _content = manifest_and_key(cycle)
    code = cycle.codes("SMJ")[0]
    path = cycle.answer("SMJ", {code: {"progress": 34}}, encrypt=True)
    members = members_of(path)
    assert set(members) == {"manifest.json", "manifest.sig", "payload.hpke"}
    assert b"progress" not in members["payload.hpke"]
    manifest = json.loads(members["manifest.json"])
    assert manifest["payload"]["encryption"] == container.ENCRYPTION_SCHEME
    # a ciphertext changed and its hash put right in a re-MACed manifest: decryption fails
    ciphertext = bytearray(members["payload.hpke"])
    ciphertext[-1] ^= 1
    manifest["payload"] = {
        **manifest["payload"],
        "sha256": hashlib.sha256(bytes(ciphertext)).hexdigest(),
    }
    data = manifest_bytes(manifest)
    forged = zip_of(
        [
            ("manifest.json", data),
            ("manifest.sig", container.signer(key)(data)),
            ("payload.hpke", bytes(ciphertext)),
        ]
    )
    with importer(cycle) as attempt:
        attempt.refused(forged, "cannot be decrypted")
        # the ciphertext moved to another package uid (HPKE's info binds it): refused too
        moved = {**json.loads(members["manifest.json"]), "package_uid": str(uuid.uuid4())}
        data = manifest_bytes(moved)
        attempt.refused(
            zip_of(
                [
                    ("manifest.json", data),
                    ("manifest.sig", container.signer(key)(data)),
                    ("payload.hpke", members["payload.hpke"]),
                ]
            ),
            "cannot be decrypted",
        )
        result = attempt.attempt(path.read_bytes())
        assert isinstance(result, secretariat.ImportOutcome), result
        assert attempt.session.scalar(select(ImportedReturn.encrypted)) is True


def test_a_refused_import_leaves_every_table_as_it_was(cycle: Cycle) -> None:
    before = table_dump(cycle.secretariat_dir)
    data = bytearray(the_return(cycle).read_bytes())
    data[data.find(b"manifest.sig") + 20] ^= 1  # in the MAC
    with importer(cycle) as attempt:
        assert isinstance(attempt.attempt(bytes(data)), PackageRefused)
    assert table_dump(cycle.secretariat_dir) == before
