"""An independent reader of exchange packages, written only from ``docs/exchange-format.md``
and the JSON Schema beside it (``app/exchange/exchange-format.schema.json``, read as a file):
it imports nothing of the program (checked below). The program makes real files in separate
processes (a round issued, a department's package opened and its return exported); the reader
checks the container byte for byte, the signatures (Ed25519: the secretariat's on a round
package, the department's own on a return) with ``cryptography``, the payload's size and
hash, and validates manifests and payloads with ``jsonschema``."""

from __future__ import annotations

import base64
import hashlib
import io
import json
import re
import shutil
import zipfile
from pathlib import Path
from typing import Any

import pytest
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

from tests.support.project import ROOT, run_imag

jsonschema = pytest.importorskip("jsonschema")

SCHEMA = ROOT / "app" / "exchange" / "exchange-format.schema.json"
MEMBERS = ("manifest.json", "manifest.sig")


def read_package(data: bytes) -> tuple[dict[str, Any], bytes, bytes, bytes]:
    """The manifest (parsed), the manifest's bytes, the signature and the payload, with the
    container checked as the document says: three stored members in order, the payload the one
    the manifest names with its size and SHA-256, and the file exactly the one these members
    make with the fixed headers."""
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        infos = archive.infolist()
        names = [info.filename for info in infos]
        assert len(infos) == 3
        assert tuple(names[:2]) == MEMBERS
        assert names[2] in ("payload.json", "payload.hpke")
        for info in infos:
            assert info.compress_type == zipfile.ZIP_STORED
            assert info.date_time == (1980, 1, 1, 0, 0, 0)
            assert info.external_attr == 0o644 << 16
            assert not info.extra
        manifest_bytes, signature, payload = (archive.read(name) for name in names)
    manifest = json.loads(manifest_bytes.decode("utf-8"))
    assert manifest_bytes == json.dumps(
        manifest, ensure_ascii=False, indent=1, sort_keys=True
    ).encode("utf-8")
    assert manifest["payload"]["name"] == names[2]
    assert manifest["payload"]["size"] == len(payload)
    assert manifest["payload"]["sha256"] == hashlib.sha256(payload).hexdigest()
    assert rebuilt(names[2], manifest_bytes, signature, payload) == data
    return manifest, manifest_bytes, signature, payload


def rebuilt(payload_name: str, manifest: bytes, signature: bytes, payload: bytes) -> bytes:
    """The one file the three members make (stored, 1980-01-01 00:00:00, permissions 0644,
    made by Unix, version 2.0, no extras, no comment)."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, data in (
            ("manifest.json", manifest),
            ("manifest.sig", signature),
            (payload_name, payload),
        ):
            info = zipfile.ZipInfo(name, date_time=(1980, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_STORED
            info.create_system = 3
            info.create_version = info.extract_version = 20
            info.external_attr = 0o644 << 16
            archive.writestr(info, data)
    return buffer.getvalue()


def validator(definition: str | None = None) -> Any:
    document = json.loads(SCHEMA.read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator.check_schema(document)
    if definition is not None:
        document = {**document, "oneOf": [{"$ref": f"#/$defs/{definition}"}]}
    return jsonschema.Draft202012Validator(
        document, format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER
    )


def canonical(data: Any) -> bytes:
    return json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode()


def cli(*args: object) -> str:
    result = run_imag(*args, env={"IMAG_LANG": "de"})
    assert result.code == 0, result.err
    return result.out


@pytest.fixture(scope="module")
def packages(demo_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """A round package issued by the program for SMWK and the return SMWK's laptop made."""
    root = tmp_path_factory.mktemp("reader")
    secretariat, laptop, outbox = root / "secretariat", root / "laptop", root / "outbox"
    secretariat.mkdir()
    shutil.copy2(demo_dir / "register.imag.sqlite", secretariat / "register.imag.sqlite")
    cli("--data-dir", secretariat, "round", "create", "Lesetest", "--deadline", "2099-06-30",
        "--departments", "SMWK")  # fmt: skip
    cli("--data-dir", secretariat, "round", "issue", "Lesetest", "--out", outbox)
    (round_package,) = outbox.iterdir()
    cli("--data-dir", laptop, "package", "open", round_package)
    items = json.loads(cli("--data-dir", laptop, "return", "status", "--format", "json"))["items"]
    cli("--data-dir", laptop, "return", "set", items[0]["code"], "--status", "in_progress",
        "--progress", "45", "--comment", "Zwischenstand aus Dresden")  # fmt: skip
    returned = root / "SMWK.imag-return"
    cli("--data-dir", laptop, "return", "export", "--out", returned, "--unencrypted")
    return round_package, returned


def test_a_round_package_read_without_the_program(packages: tuple[Path, Path]) -> None:
    round_package, _returned = packages
    manifest, manifest_bytes, signature, payload = read_package(round_package.read_bytes())
    validator().validate(manifest)
    validator("round-manifest").validate(manifest)
    assert manifest["kind"] == "round"
    assert manifest["authentication"] == "Ed25519"
    public = Ed25519PublicKey.from_public_bytes(base64.b64decode(manifest["signer_key"]))
    public.verify(signature, manifest_bytes)  # raises if the signature does not match
    content = json.loads(payload)
    assert payload == canonical(content)
    validator(f"{content['round']['kind']}-round").validate(content)
    assert content["round"]["uid"] == manifest["round_uid"]
    assert content["department"]["code"] == manifest["department"] == "SMWK"
    assert content["issuer"]["register_uid"] == manifest["register_uid"]
    assert manifest["next_sequence"] == 1

    with pytest.raises(InvalidSignature):  # one changed byte of the manifest
        public.verify(signature, manifest_bytes.replace(b"SMWK", b"SMWA"))


def test_a_return_read_without_the_program(packages: tuple[Path, Path]) -> None:
    round_package, returned = packages
    issued, _bytes, _signature, issued_payload = read_package(round_package.read_bytes())
    assert issued["format_version"] == 2
    assert "return_key" not in json.loads(issued_payload)  # version 2: no key to forge with
    manifest, manifest_bytes, signature, payload = read_package(returned.read_bytes())
    validator().validate(manifest)
    validator("return-manifest").validate(manifest)
    assert manifest["format_version"] == 2
    assert manifest["authentication"] == "Ed25519"  # signed with the department's own key
    department = Ed25519PublicKey.from_public_bytes(base64.b64decode(manifest["signer_key"]))
    department.verify(signature, manifest_bytes)  # raises if the signature does not match
    assert manifest["signer_key"] != issued["signer_key"]
    assert manifest["issued_package_uid"] == issued["package_uid"]
    assert manifest["sequence"] == 1
    assert manifest["payload"]["encryption"] is None
    content = json.loads(payload)
    validator("measures-return").validate(content)
    assert any(answer["comment"] == "Zwischenstand aus Dresden" for answer in content["answers"])


def test_the_schema_refuses_what_the_document_refuses(packages: tuple[Path, Path]) -> None:
    _round_package, returned = packages
    manifest = read_package(returned.read_bytes())[0]
    check = validator("return-manifest")
    for changes in (
        {"format_version": True},
        {"created_at": "yesterday"},
        {"created_at": "2026-03-31T09:15:00"},
        {"package_uid": "not-a-uuid"},
        {"sequence": 0},
        {"sequence": "2"},
        {"unknown": 1},
    ):
        assert not check.is_valid({**manifest, **changes}), changes


def test_this_reader_uses_nothing_of_the_program() -> None:
    source = Path(__file__).read_text(encoding="utf-8")
    assert not re.search(r"^\s*(from|import)\s+app\b", source, re.MULTILINE)
