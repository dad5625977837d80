"""The bytes a Parquet file's pages take once uncompressed, as each page's own header gives them.

A Parquet reader decompresses a page into a buffer of the size its page header gives, not the
size the file's footer gives for its column, and the two need not agree: a footer rewritten to
say each column takes no more uncompressed than compressed let 309 KB of zstd pages (25,000
texts of 100,000 characters) decompress into 2.5 GB, 3.4 GB of memory, before any bound on
the footer's sizes saw them (attack round 28, P2). Here the page headers are read (Thrift's
compact protocol, the few fields needed, the rest skipped) and added up, before any page is
decompressed. Pages stored without compression, or with Snappy, need no look: the first are
their bytes, and Snappy makes no page more than 22 times its bytes (64 bytes copied by a tag
of 3), so a column chunk of either is held to that many times its bytes (a footer that lists
the same bytes as many chunks is caught by it too). A file of a row a row group has hundreds
of thousands of pages, each a header to read here (about 10 microseconds each).
"""

from __future__ import annotations

from typing import Any

# Page header fields (parquet.thrift, PageHeader): 2 uncompressed_page_size, 3
# compressed_page_size, both i32. Compact protocol types: 1, 2 booleans (no payload in a
# struct's field, a byte in a list), 3 byte, 4-6 integers (zigzag varints), 7 double, 8
# binary, 9 list, 10 set, 11 map, 12 struct.
_UNCOMPRESSED, _COMPRESSED, _I32 = 2, 3, 5
_DEPTH = 32  # structs, lists and maps within each other: a page header nests three deep
# the most a codec's page decompresses into, a byte of it: these need no header read
_MOST = {"UNCOMPRESSED": 1, "SNAPPY": 22}


class _Broken(Exception):
    """A page header that cannot be read: the reader refuses the file itself, saying why."""


def _varint(data: Any, at: int, end: int) -> tuple[int, int]:
    value = shift = 0
    while True:
        if at >= end or shift > 63:
            raise _Broken
        byte = data[at]
        at += 1
        value |= (byte & 0x7F) << shift
        if not byte & 0x80:
            return value, at
        shift += 7


def _skip(data: Any, at: int, end: int, kind: int, depth: int) -> int:
    """Where the value of compact type `kind` that starts at `at` ends."""
    if kind in (1, 2):
        return at
    if kind == 3:
        return at + 1
    if kind in (4, 5, 6):
        return _varint(data, at, end)[1]
    if kind == 7:
        return at + 8
    if kind == 8:
        length, at = _varint(data, at, end)
        return at + length
    if kind in (9, 10, 11) and depth >= _DEPTH:  # (a list of lists of ...: review 48)
        raise _Broken
    if kind in (9, 10):
        if at >= end:
            raise _Broken
        count, item = data[at] >> 4, data[at] & 0x0F
        at += 1
        if count == 15:
            count, at = _varint(data, at, end)
        for _ in range(count):  # each item takes a byte or more: bounded by the bytes
            at = _item(data, at, end, item, depth + 1)
            if at > end:
                raise _Broken
        return at
    if kind == 11:
        count, at = _varint(data, at, end)
        if count:
            if at >= end:
                raise _Broken
            key, value = data[at] >> 4, data[at] & 0x0F
            at += 1
            for _ in range(count):
                at = _item(data, _item(data, at, end, key, depth + 1), end, value, depth + 1)
                if at > end:
                    raise _Broken
        return at
    if kind == 12:
        return _struct(data, at, end, depth + 1)[2]
    raise _Broken


def _item(data: Any, at: int, end: int, kind: int, depth: int) -> int:
    """Where an item of a list or map (of compact type `kind`) that starts at `at` ends: a
    boolean takes a byte there."""
    return at + 1 if kind in (1, 2) else _skip(data, at, end, kind, depth)


def _struct(data: Any, at: int, end: int, depth: int) -> tuple[int, int, int]:
    """A struct read from `at`: its fields 2 and 3 if they are i32s (else -1), and its end."""
    if depth > _DEPTH:
        raise _Broken
    found = {_UNCOMPRESSED: -1, _COMPRESSED: -1}
    last = 0
    while True:
        if at >= end:
            raise _Broken
        head = data[at]
        at += 1
        if head == 0:
            return found[_UNCOMPRESSED], found[_COMPRESSED], at
        kind, delta = head & 0x0F, head >> 4
        if delta:
            field = last + delta
        else:
            raw, at = _varint(data, at, end)
            field = (raw >> 1) ^ -(raw & 1)
        last = field
        if field in found and kind == _I32 and depth == 0:
            raw, at = _varint(data, at, end)
            found[field] = (raw >> 1) ^ -(raw & 1)
        else:
            at = _skip(data, at, end, kind, depth)
        if at > end:
            raise _Broken


def chunk_pages(data: Any, start: int, length: int) -> int:
    """The bytes the pages of a column chunk (its `length` bytes from `start` in `data`, the
    file) take once uncompressed, by their headers: each page's header, then its compressed
    bytes, until the chunk's end. A header that cannot be read ends the count: the reader
    refuses the file there."""
    end = min(len(data), start + max(0, length))
    at, total = max(0, start), 0
    while at < end:
        try:
            uncompressed, compressed, at = _struct(data, at, len(data), 0)
        except _Broken:
            break
        if compressed < 0:
            break
        total += max(0, uncompressed)
        at += compressed
    return total


def uncompressed_pages(data: Any, metadata: Any) -> int:
    """The bytes the compressed pages of a Parquet file (`data`, its bytes; `metadata`, its
    footer as pyarrow reads it) may take once uncompressed, by their own headers, each column
    chunk counted as the larger of that and what the footer says of it; a chunk stored
    without compression or with Snappy, as the most its bytes can decompress into."""
    total = 0
    for index in range(int(metadata.num_row_groups)):
        group = metadata.row_group(index)
        for column in range(int(group.num_columns)):
            chunk = group.column(column)
            declared = max(0, int(chunk.total_uncompressed_size))
            most = _MOST.get(str(chunk.compression))
            if most is not None:
                total += max(declared, most * max(0, int(chunk.total_compressed_size)))
                continue
            start = int(chunk.data_page_offset)  # where a reader starts: its dictionary's page
            dictionary = chunk.dictionary_page_offset  # if it has one, before its data
            if chunk.has_dictionary_page and dictionary is not None and 0 < dictionary < start:
                start = int(dictionary)
            total += max(declared, chunk_pages(data, start, int(chunk.total_compressed_size)))
    return total
