"""The structure tree (:class:`app.reports.tagging.Tree`) written into the saved PDF as it is
serialized, without building it as objects first.

A report of 100,000 measures has close to a million structure elements (one per table cell).
Built as pikepdf objects they took gigabytes; here each element is formatted from the tree's
flat arrays straight into compressed object streams. The rest of the file (pages, fonts,
outlines, metadata) is what qpdf saved, without object streams and with a placeholder for the
``StructTreeRoot``: its objects are copied unchanged (the placeholder left out), the tree's
objects follow, and a cross-reference stream covers them all.

Nothing here needs ReportLab or pikepdf: the saved file is read by its cross-reference table.
"""

from __future__ import annotations

import hashlib
import re
import zlib
from array import array
from collections.abc import Callable
from dataclasses import dataclass
from typing import BinaryIO

from app.reports.tagging import ROLES, Attributes, Tree

PER_STREAM = 200
"""Objects per object stream."""
_ROOT = re.compile(rb"/Root (\d+) 0 R")
_INFO = re.compile(rb"/Info (\d+) 0 R")


@dataclass(frozen=True)
class Base:
    """The file qpdf saved: its object numbers that the tree refers to."""

    data: bytes
    placeholder: int
    """The ``StructTreeRoot`` object to replace."""
    pages: list[int]
    """Each page's object number."""
    lang: str


def _offsets(data: bytes) -> tuple[list[int], int, bytes]:
    """Each object's offset (index: object number; 0 for free ones), where the cross-reference
    table starts and the trailer dictionary, from a file with one classic table."""
    start = int(data[data.rindex(b"startxref") + 9 :].split()[0])
    if data[start : start + 4] != b"xref":
        raise ValueError("the saved file has no classic cross-reference table")
    offsets: list[int] = []
    position = data.index(b"\n", start) + 1
    while not data.startswith(b"trailer", position):
        end = data.index(b"\n", position)
        first, count = map(int, data[position:end].split())
        position = end + 1
        assert first == len(offsets), "cross-reference subsections out of order"
        for index in range(count):
            entry = data[position + 20 * index : position + 20 * index + 18].split()
            offsets.append(int(entry[0]) if entry[2] == b"n" else 0)
        position += 20 * count
    trailer = data[position : data.index(b"startxref", position)]
    return offsets, start, trailer


def _text(value: str) -> bytes:
    """A PDF text string (UTF-16BE with its byte order mark, in hex)."""
    return b"<FEFF" + value.encode("utf-16-be").hex().upper().encode() + b">"


def _number(value: float) -> bytes:
    text = f"{value:.2f}".rstrip("0").rstrip(".")
    return (text if text not in ("", "-0") else "0").encode()


def _attributes(found: Attributes) -> bytes:
    out = b""
    if found.alt is not None:
        out += b" /Alt " + _text(found.alt)
    if found.lang is not None:
        out += b" /Lang " + _text(found.lang)
    if found.scope is not None:
        out += b" /A << /O /Table /Scope /" + found.scope.encode() + b" >>"
    elif found.bbox is not None:
        box = b" ".join(_number(v) for v in found.bbox)
        out += b" /A << /O /Layout /BBox [" + box + b"] >>"
    return out


def _groups(keys: array[int], size: int) -> tuple[array[int], array[int]]:
    """``keys`` grouped: for key k, ``members[start[k]:start[k + 1]]`` are the indices i with
    ``keys[i] == k``, in order (a counting sort)."""
    start = array("i", [0]) * (size + 1)
    for key in keys:
        start[key + 1] += 1
    for index in range(size):
        start[index + 1] += start[index]
    members = array("i", [0]) * len(keys)
    filled = array("i", start)
    for index, key in enumerate(keys):
        members[filled[key]] = index
        filled[key] += 1
    return start, members


class _Objects:
    """Objects formatted in turn into object streams, written as each fills up."""

    def __init__(self, write: Callable[[bytes], int], first_stream: int) -> None:
        self.write = write
        self.pending: list[tuple[int, bytes]] = []
        self.next_stream = first_stream
        self.stream_of = array("i")
        """Object → its stream (-1: none), for the cross-reference stream: flat arrays, not a
        tuple per object (close to a million objects in a large report)."""
        self.index_of = array("H")
        """Object → its index in its stream."""
        self.streams: list[tuple[int, int]] = []
        """(object number, offset) of each object stream written."""

    def add(self, number: int, body: bytes) -> None:
        self.pending.append((number, body))
        if len(self.pending) == PER_STREAM:
            self.flush()

    def flush(self) -> None:
        if not self.pending:
            return
        stream, self.next_stream = self.next_stream, self.next_stream + 1
        header, bodies, offset = [], [], 0
        for index, (number, body) in enumerate(self.pending):
            header.append(b"%d %d" % (number, offset))
            bodies.append(body)
            offset += len(body) + 1
            if number >= len(self.stream_of):
                missing = number + 1 - len(self.stream_of)
                self.stream_of.extend(array("i", [-1]) * missing)
                self.index_of.extend(array("H", [0]) * missing)
            self.stream_of[number], self.index_of[number] = stream, index
        head = b" ".join(header) + b"\n"
        data = head + b"\n".join(bodies) + b"\n"
        encoded = zlib.compress(data)
        while encoded.endswith(b"\r"):  # read as part of the end of line before endstream
            data += b" "
            encoded = zlib.compress(data)
        self.streams.append((stream, self.write(b"")))
        self.write(
            b"%d 0 obj\n<< /Type /ObjStm /N %d /First %d /Filter /FlateDecode /Length %d >>\n"
            b"stream\n"
            % (stream, len(self.pending), len(head), len(encoded))
            + encoded
            + b"\nendstream\nendobj\n"
        )
        self.pending = []


def _elements(tree: Tree, base: Base, first: int, objects: _Objects) -> None:
    """Every element of ``tree`` as object ``first + e`` (the document's parent: the root)."""
    count = len(tree)
    kids_start, kids = _groups(tree.parent[1:], count)  # element e + 1's parent
    marks_start, marks = _groups(tree.owner, count)
    mcids = array("i", [0]) * len(tree.page)
    on_page: dict[int, int] = {}
    for index, page in enumerate(tree.page):
        mcids[index] = on_page.get(page, 0)
        on_page[page] = mcids[index] + 1
    heads = [b"<< /Type /StructElem /S /%s /P " % role.encode() for role in ROLES]
    page_refs = [b"%d 0 R" % number for number in base.pages]
    parents, roles, pages, attributes = tree.parent, tree.role, tree.page, tree.attributes
    for element in range(count):
        parent = parents[element]
        body = heads[roles[element]] + b"%d 0 R" % (
            base.placeholder if parent < 0 else first + parent
        )
        own_from, own_to = marks_start[element], marks_start[element + 1]
        kids_from, kids_to = kids_start[element], kids_start[element + 1]
        if own_to > own_from:
            if kids_to > kids_from:
                raise AssertionError("an element with both content and child elements")
            body += b" /Pg " + page_refs[pages[marks[own_from]]]
            items = b" ".join(
                b"<< /Type /MCR /Pg %s /MCID %d >>" % (page_refs[pages[m]], mcids[m])
                for m in marks[own_from:own_to]
            )
        else:
            items = b" ".join(b"%d 0 R" % (first + 1 + kid) for kid in kids[kids_from:kids_to])
        body += b" /K [" + items + b"]"
        if parent < 0:
            body += b" /Lang " + _text(base.lang)
        found = attributes.get(element)
        if found is not None:
            body += _attributes(found)
        objects.add(first + element, body + b" >>")


def _parent_tree(tree: Tree, base: Base, first: int, arrays: int, objects: _Objects) -> None:
    """Per page, the element owning each MCID (object ``arrays + page``); the number tree of
    these arrays is object ``arrays - 1``."""
    pages = len(base.pages)
    start, marks = _groups(tree.page, pages)
    for page in range(pages):
        owners = (b"%d 0 R" % (first + tree.owner[m]) for m in marks[start[page] : start[page + 1]])
        objects.add(arrays + page, b"[" + b" ".join(owners) + b"]")
    numbers = b" ".join(b"%d %d 0 R" % (page, arrays + page) for page in range(pages))
    objects.add(arrays - 1, b"<< /Nums [" + numbers + b"] >>")


def write_with_tree(base: Base, tree: Tree, out: BinaryIO) -> None:
    """The saved file ``base`` with ``tree`` in it, to ``out``."""
    data = base.data
    offsets, xref_start, trailer = _offsets(data)
    root_match, info_match = _ROOT.search(trailer), _INFO.search(trailer)
    assert root_match is not None
    assert info_match is not None
    digest = hashlib.md5(usedforsecurity=False)
    written = 0

    def write(chunk: bytes | memoryview) -> int:
        nonlocal written
        at = written
        out.write(chunk)
        digest.update(chunk)
        written += len(chunk)
        return at

    # the saved objects, the placeholder left out
    placeholder_at = offsets[base.placeholder]
    after = min((o for o in offsets if o > placeholder_at), default=xref_start)
    view = memoryview(data)
    write(view[:placeholder_at])
    write(view[after:xref_start])
    removed = after - placeholder_at
    located = [o - removed if o > placeholder_at else o for o in offsets]
    located[base.placeholder] = 0

    size = len(offsets)
    first = size  # the elements, then the parent tree and its arrays, then the streams
    arrays = first + len(tree) + 1
    objects = _Objects(write, arrays + len(base.pages))
    objects.add(
        base.placeholder,
        b"<< /Type /StructTreeRoot /K [%d 0 R] /ParentTree %d 0 R /ParentTreeNextKey %d >>"
        % (first, arrays - 1, len(base.pages)),
    )
    _elements(tree, base, first, objects)
    _parent_tree(tree, base, first, arrays, objects)
    objects.flush()
    identifier = digest.hexdigest().upper().encode()
    trailer_entries = b"/Root %s 0 R /Info %s 0 R /ID [<%s> <%s>]" % (
        root_match[1],
        info_match[1],
        identifier,
        identifier,
    )
    _cross_references(write, located, objects, trailer_entries)


def _cross_references(
    write: Callable[[bytes], int], located: list[int], objects: _Objects, trailer: bytes
) -> None:
    """The cross-reference stream (with the trailer's entries) and the end of the file."""
    xref = objects.next_stream
    size = xref + 1
    streams = dict(objects.streams)

    def rows() -> bytearray:
        """The table's rows, 7 bytes an object (in one buffer: a million objects)."""
        table = bytearray()
        for number in range(size):
            if number < len(located) and located[number]:
                table += b"\x01" + located[number].to_bytes(4, "big") + b"\x00\x00"
            elif number < len(objects.stream_of) and objects.stream_of[number] >= 0:
                stream, index = objects.stream_of[number], objects.index_of[number]
                table += b"\x02" + stream.to_bytes(4, "big") + index.to_bytes(2, "big")
            elif number in streams:
                table += b"\x01" + streams[number].to_bytes(4, "big") + b"\x00\x00"
            elif number == xref:
                table += b"\x01" + written_at.to_bytes(4, "big") + b"\x00\x00"
            else:
                table += b"\x00\x00\x00\x00\x00\xff\xff"
        return table

    written_at = write(b"")
    table = rows()
    encoded = zlib.compress(table)
    filters = b"/Filter /FlateDecode "
    if encoded.endswith(b"\r"):  # the rows end in the gen bytes 0: never a CR uncompressed
        encoded, filters = bytes(table), b""
    del table
    write(
        b"%d 0 obj\n<< /Type /XRef /Size %d /W [1 4 2] %s %s/Length %d >>\nstream\n"
        % (xref, size, trailer, filters, len(encoded))
        + encoded
        + b"\nendstream\nendobj\nstartxref\n%d\n%%%%EOF\n" % written_at
    )
