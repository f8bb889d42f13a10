"""The exchange package file: reading it without trusting it, writing it reproducibly.

A package is a zip archive with exactly three members (see ``docs/exchange-format.md``)::

    manifest.json   what the package is: format and version, kind, round, department, the
                    payload's name, size and SHA-256, how it is authenticated and encrypted
    manifest.sig    the signature (Ed25519, round packages) or MAC (HMAC-SHA256, returns) over
                    the exact bytes of manifest.json
    payload.json    the content (UTF-8 JSON), or payload.hpke: the same, encrypted with HPKE
                    (RFC 9180, X25519 / HKDF-SHA256 / AES-256-GCM) to the secretariat's key

Because the manifest carries the payload's hash and the manifest is signed, one changed byte
anywhere is found: in the payload by its hash, in the manifest by the signature, in the zip's
own structure by the zip reader, the member checks or the comparison with the one zip file the
members make (they are stored uncompressed with fixed headers, so that file is unique). Reading
enforces limits before reading anything (size of the file, number, names, compression and sizes
of the members, JSON depth) and refuses everything else with a
:class:`~app.errors.PackageRefused` that says why.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import io
import json
import struct
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import Any

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hpke
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey, X25519PublicKey

from app import strict_json
from app.errors import PackageRefused
from app.exchange import schema
from app.exchange.schema import refused as _refused
from app.fileio import checked_input, os_reason
from app.i18n import N_, Message

FORMAT = "imag-exchange"
FORMAT_VERSION = 2  # what new rounds are issued in; 1: rounds issued before, still read
KNOWN_VERSIONS = (1, 2)
KINDS = ("round", "return", "translations", "translations-return")

MANIFEST = "manifest.json"
SIGNATURE = "manifest.sig"
PLAIN_PAYLOAD = "payload.json"
ENCRYPTED_PAYLOAD = "payload.hpke"
ENCRYPTION_SCHEME = "HPKE-X25519-HKDF-SHA256-AES256GCM"
SIGNED = "Ed25519"
MACED = "HMAC-SHA256"

MAX_FILE_BYTES = 64 * 1024 * 1024
MAX_MANIFEST_BYTES = 64 * 1024
MAX_SIGNATURE_BYTES = 256
MAX_PAYLOAD_BYTES = 128 * 1024 * 1024
MAX_JSON_DEPTH = 24
MAX_DIRECTORY_BYTES = 3 * 1024  # three central directory entries, with room to spare

_END_RECORD = b"PK\x05\x06"
_END_RECORD_SIZE = 22
_ZIP64_LOCATOR = b"PK\x06\x07"
_ZIP64_LOCATOR_SIZE = 20

_SUITE = hpke.Suite(hpke.KEM.X25519, hpke.KDF.HKDF_SHA256, hpke.AEAD.AES_256_GCM)
_ZIP_TIME = (1980, 1, 1, 0, 0, 0)  # fixed, so the same content gives the same bytes


@dataclass(frozen=True)
class Package:
    """A package file read and checked for shape and hashes, not yet authenticated."""

    name: str
    sha256: str  # of the whole file
    manifest: dict[str, Any]
    manifest_bytes: bytes
    signature: bytes
    payload: bytes  # as stored: JSON, or HPKE ciphertext

    @property
    def kind(self) -> str:
        return str(self.manifest["kind"])

    @property
    def encrypted(self) -> bool:
        return bool(self.manifest["payload"]["name"] == ENCRYPTED_PAYLOAD)

    def verify_signature(self, public_key: bytes) -> None:
        """Refuse unless ``manifest.sig`` is the Ed25519 signature of the manifest."""
        if self.manifest["authentication"] != SIGNED:
            raise _refused(
                self.name,
                N_("it is not signed by the secretariat")
                if self.kind != "return"
                else N_("it is not signed with the department's key, as this round's returns are"),
            )
        try:
            Ed25519PublicKey.from_public_bytes(public_key).verify(
                self.signature, self.manifest_bytes
            )
        except (InvalidSignature, ValueError):
            raise _refused(
                self.name,
                N_("its signature does not match: it was changed after it was issued")
                if self.kind != "return"
                else N_("its signature does not match: it was changed after it was exported"),
            ) from None

    def verify_mac(self, key: bytes) -> None:
        """Refuse unless ``manifest.sig`` is the HMAC-SHA256 of the manifest under ``key``."""
        if self.manifest["authentication"] != MACED:
            raise _refused(self.name, N_("it is not authenticated as a return"))
        expected = hmac.new(key, self.manifest_bytes, hashlib.sha256).digest()
        if not hmac.compare_digest(expected, self.signature):
            raise _refused(
                self.name,
                N_(
                    "its authentication code does not match: it was changed after it was "
                    "exported, or it was not made from the package issued to this department"
                ),
            )

    def content(self, private_key: bytes | None = None) -> Any:
        """The payload as JSON data (decrypted with the X25519 ``private_key`` if needed)."""
        data = self.payload
        if self.encrypted:
            if private_key is None:
                raise _refused(self.name, N_("it is encrypted and there is no key to read it"))
            try:
                data = _SUITE.decrypt(
                    data, X25519PrivateKey.from_private_bytes(private_key), info=self._info()
                )
            except Exception:
                raise _refused(
                    self.name,
                    N_("it cannot be decrypted: it was changed or encrypted for another round"),
                ) from None
        return parse_json(data, self.name, PLAIN_PAYLOAD)

    def _info(self) -> bytes:
        return encryption_info(self.manifest)


def encryption_info(manifest: dict[str, Any]) -> bytes:
    """HPKE's ``info``: binds the ciphertext to this package's identity."""
    version = manifest["format_version"]
    return f"{FORMAT}/{version}/{manifest['kind']}/{manifest['package_uid']}".encode()


# -- reading ----------------------------------------------------------------------------------


def read(path: Path) -> Package:
    """Read and check ``path``; raises :class:`PackageRefused` for anything not a sound package."""
    name = path.name
    try:
        size = checked_input(path)
        if size > MAX_FILE_BYTES:
            raise _refused(
                name,
                N_("it is larger than {limit} MB"),
                limit=MAX_FILE_BYTES // (1024 * 1024),
            )
        data = path.read_bytes()
    except OSError as exc:
        raise PackageRefused(
            Message(N_("Cannot read {path}: {error}"), path=path, error=os_reason(exc))
        ) from None
    return read_bytes(data, name)


def read_bytes(data: bytes, name: str) -> Package:
    if len(data) > MAX_FILE_BYTES:
        raise _refused(
            name, N_("it is larger than {limit} MB"), limit=MAX_FILE_BYTES // (1024 * 1024)
        )
    _check_directory(data, name)
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except (
        zipfile.BadZipFile,
        zipfile.LargeZipFile,
        NotImplementedError,  # a member "needs" a zip version zipfile does not know
        ValueError,
        OSError,
        EOFError,
        struct.error,
    ):
        raise _refused(
            name, N_("it is not an exchange package (not a readable zip file)")
        ) from None
    with archive:
        members = _check_members(archive, name)
        manifest_bytes = _read_member(archive, members[MANIFEST], MAX_MANIFEST_BYTES, name)
        signature = _read_member(archive, members[SIGNATURE], MAX_SIGNATURE_BYTES, name)
        manifest = parse_json(manifest_bytes, name, MANIFEST)
        _check_manifest(manifest, name)
        payload_name = manifest["payload"]["name"]
        if payload_name not in members:
            raise _refused(name, N_("the payload named in its manifest is missing"))
        if set(members) != {MANIFEST, SIGNATURE, payload_name}:
            raise _refused(name, N_("it holds files its manifest does not name"))
        payload = _read_member(archive, members[payload_name], MAX_PAYLOAD_BYTES, name)
    if len(payload) != manifest["payload"]["size"] or not hmac.compare_digest(
        hashlib.sha256(payload).hexdigest(), manifest["payload"]["sha256"]
    ):
        raise _refused(name, N_("its content does not match the hash in its manifest"))
    if _assemble(manifest_bytes, signature, payload_name, payload) != data:
        raise _refused(name, N_("it was changed after it was written (its zip structure differs)"))
    return Package(
        name=name,
        sha256=hashlib.sha256(data).hexdigest(),
        manifest=manifest,
        manifest_bytes=manifest_bytes,
        signature=signature,
        payload=payload,
    )


def _check_directory(data: bytes, name: str) -> None:
    """Refuse a zip whose directory announces more members than a package has, before
    :mod:`zipfile` reads that directory (a file of 64 MB can announce a million members, and
    reading them all would take seconds and hundreds of megabytes). Packages never use Zip64."""
    end = len(data) - _END_RECORD_SIZE
    if data[end : end + 4] != _END_RECORD:
        end = data.rfind(_END_RECORD, max(0, len(data) - _END_RECORD_SIZE - 0xFFFF))
    if end < 0 or len(data) < end + _END_RECORD_SIZE:
        return  # not a zip file: zipfile says so
    entries, directory_size = struct.unpack("<HI", data[end + 10 : end + 16])
    zip64 = data[max(0, end - _ZIP64_LOCATOR_SIZE) : end - 16] == _ZIP64_LOCATOR
    if zip64 or entries > 3 or directory_size > MAX_DIRECTORY_BYTES:
        raise _refused(name, N_("it holds more files than a package has"))


def _check_members(archive: zipfile.ZipFile, name: str) -> dict[str, zipfile.ZipInfo]:
    infos = archive.infolist()
    if len(infos) > 3:
        raise _refused(name, N_("it holds more files than a package has"))
    members: dict[str, zipfile.ZipInfo] = {}
    for info in infos:
        member = info.filename
        path = PurePosixPath(member.replace("\\", "/"))
        if (
            member.startswith(("/", "\\"))
            or (len(member) > 1 and member[1] == ":")
            or ".." in path.parts
        ):
            raise _refused(
                name,
                N_("it holds a file with a path outside the package ({member})"),
                member=member,
            )
        if member not in (MANIFEST, SIGNATURE, PLAIN_PAYLOAD, ENCRYPTED_PAYLOAD):
            raise _refused(name, N_("it holds an unexpected file ({member})"), member=member)
        if member in members:
            raise _refused(name, N_("it holds the file {member} twice"), member=member)
        if info.flag_bits & 0x1:
            raise _refused(name, N_("it uses zip passwords, which packages never do"))
        if info.compress_type != zipfile.ZIP_STORED:
            raise _refused(name, N_("it uses zip compression, which packages never do"))
        members[member] = info
    for required in (MANIFEST, SIGNATURE):
        if required not in members:
            raise _refused(name, N_("the file {member} is missing"), member=required)
    return members


def _read_member(archive: zipfile.ZipFile, info: zipfile.ZipInfo, limit: int, name: str) -> bytes:
    if info.file_size > limit:
        raise _refused(
            name,
            N_("{member} is larger than allowed ({limit} bytes)"),
            member=info.filename,
            limit=limit,
        )
    try:
        with archive.open(info) as stream:
            data = stream.read(limit + 1)  # never more, whatever the header claims
    except (zipfile.BadZipFile, OSError, EOFError, ValueError, RuntimeError):
        raise _refused(name, N_("{member} is damaged"), member=info.filename) from None
    except Exception:
        raise _refused(name, N_("{member} is damaged"), member=info.filename) from None
    if len(data) > limit:
        raise _refused(
            name,
            N_("{member} is larger than allowed ({limit} bytes)"),
            member=info.filename,
            limit=limit,
        )
    return data


def parse_json(data: bytes, name: str, member: str) -> Any:
    """Strict JSON: UTF-8, no duplicate keys, no NaN, at most :data:`MAX_JSON_DEPTH` deep."""
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        raise _refused(name, N_("{member} is not valid UTF-8 text"), member=member) from None

    if strict_json.nesting(text) > MAX_JSON_DEPTH:
        raise _refused(
            name,
            N_("{member} is nested deeper than {limit} levels"),
            member=member,
            limit=MAX_JSON_DEPTH,
        )
    try:
        value = strict_json.loads(text)
    except (ValueError, RecursionError):
        raise _refused(name, N_("{member} is not valid JSON"), member=member) from None
    # a lone surrogate can only come from a "\u" escape (the bytes were valid UTF-8)
    if "\\u" in text and not strict_json.encodable(value):
        raise _refused(name, N_("{member} is not valid UTF-8 text"), member=member)
    return value


def _check_manifest(manifest: Any, name: str) -> None:
    """The format and its version first (so that a newer program's file is named as such),
    then every field by the schema of its kind (:mod:`app.exchange.schema`)."""
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
        raise _refused(name, N_("it is not an exchange package of the IMAG register"))
    version = manifest.get("format_version")
    if type(version) is not int or version not in KNOWN_VERSIONS:  # true is no version
        raise _refused(
            name,
            N_(
                "its format version {found} is not known to this program (it reads version {known})"
            ),
            found=json.dumps(version)[:40],
            known=" & ".join(str(known) for known in KNOWN_VERSIONS),
        )
    schema.check_manifest(manifest, name)


# -- writing ----------------------------------------------------------------------------------


def write(
    path: Path,
    manifest: dict[str, Any],
    content: Any,
    *,
    authenticate: Callable[[bytes], bytes],
    authentication: str,
    recipient: bytes | None = None,
) -> str:
    """Write a package to ``path`` (the caller makes it atomic) and return its SHA-256.

    ``manifest`` holds the identity fields; the format, the payload's description and the
    authentication scheme are added here. With ``recipient`` (an X25519 public key) the payload
    is encrypted to it.
    """
    data = package_bytes(
        manifest,
        content,
        authenticate=authenticate,
        authentication=authentication,
        recipient=recipient,
    )
    path.write_bytes(data)
    return hashlib.sha256(data).hexdigest()


def package_bytes(
    manifest: dict[str, Any],
    content: Any,
    *,
    authenticate: Callable[[bytes], bytes],
    authentication: str,
    recipient: bytes | None = None,
    format_version: int = FORMAT_VERSION,
) -> bytes:
    full = {"format": FORMAT, "format_version": format_version, **manifest}
    full["authentication"] = authentication
    payload = canonical_json(content)
    payload_name = PLAIN_PAYLOAD
    if recipient is not None:
        payload = _SUITE.encrypt(
            payload, X25519PublicKey.from_public_bytes(recipient), info=encryption_info(full)
        )
        payload_name = ENCRYPTED_PAYLOAD
    full["payload"] = {
        "name": payload_name,
        "size": len(payload),
        "sha256": hashlib.sha256(payload).hexdigest(),
        "encryption": ENCRYPTION_SCHEME if recipient is not None else None,
    }
    manifest_bytes = json.dumps(full, ensure_ascii=False, indent=1, sort_keys=True).encode()
    return _assemble(manifest_bytes, authenticate(manifest_bytes), payload_name, payload)


def _assemble(manifest_bytes: bytes, signature: bytes, payload_name: str, payload: bytes) -> bytes:
    """The one zip file these members make: stored (no compression, so no encoder whose output
    differs between zlib versions), fixed times, attributes and system. Reading rebuilds it and
    compares, so that a changed byte in the zip's bookkeeping is refused too."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for member, data in (
            (MANIFEST, manifest_bytes),
            (SIGNATURE, signature),
            (payload_name, payload),
        ):
            info = zipfile.ZipInfo(member, date_time=_ZIP_TIME)
            info.compress_type = zipfile.ZIP_STORED
            info.create_system = 3  # zipfile's default depends on the platform writing
            info.create_version = info.extract_version = 20
            info.external_attr = 0o644 << 16
            archive.writestr(info, data)
    return buffer.getvalue()


def canonical_json(content: Any) -> bytes:
    return json.dumps(content, ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode()


def signer(private_key: bytes) -> Callable[[bytes], bytes]:
    key = Ed25519PrivateKey.from_private_bytes(private_key)
    return key.sign


def mac(key: bytes) -> Callable[[bytes], bytes]:
    return lambda data: hmac.new(key, data, hashlib.sha256).digest()


def public_signing_key(private_key: bytes) -> bytes:
    from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat

    return (
        Ed25519PrivateKey.from_private_bytes(private_key)
        .public_key()
        .public_bytes(Encoding.Raw, PublicFormat.Raw)
    )


def public_encryption_key(private_key: bytes) -> bytes:
    from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat

    return (
        X25519PrivateKey.from_private_bytes(private_key)
        .public_key()
        .public_bytes(Encoding.Raw, PublicFormat.Raw)
    )


def fingerprint(public_key: bytes) -> str:
    """A short, readable fingerprint of a public key, to compare on the phone."""
    digest = hashlib.sha256(public_key).hexdigest()[:20].upper()
    return " ".join(digest[index : index + 4] for index in range(0, 20, 4))


def b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def unb64(text: Any, name: str) -> bytes:
    try:
        if not isinstance(text, str):
            raise ValueError
        return base64.b64decode(text.encode("ascii"), validate=True)
    except ValueError:
        raise _refused(name, N_("it holds a malformed key")) from None
