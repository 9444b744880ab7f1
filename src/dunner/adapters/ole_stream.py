"""One stream read out of an OLE compound file (the container of .xls), for a second look at it.

A compound file (MS-CFB) is a header, a table (FAT) chaining its sectors, a directory of named
streams and a mini stream holding the small ones. The file may be hostile: every chain is bounded
by the sectors the file has, so a looping chain ends, and the tables take 4 bytes a sector of the
file whatever the header claims; what cannot be followed raises ``DamagedCompoundFile``.
"""

from __future__ import annotations

import struct
import sys
from array import array
from typing import BinaryIO


class DamagedCompoundFile(Exception):
    """The compound file's structure cannot be followed."""


_FREE_END = 0xFFFFFFFA  # sector numbers above this end a chain or mark special sectors


def read_stream(fh: BinaryIO, names: tuple[str, ...]) -> bytes:
    """The first stream of the file named one of ``names`` (compared in lower case)."""
    fh.seek(0)
    header = fh.read(512)
    if len(header) < 512 or header[:8] != b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1":
        raise DamagedCompoundFile("not a compound file")
    shift, mini_shift = struct.unpack_from("<HH", header, 30)
    if shift not in (9, 12) or mini_shift != 6:
        raise DamagedCompoundFile("sector size")
    size = 1 << shift
    fh.seek(0, 2)
    sectors = max(0, fh.tell() - size) // size
    fat_count, dir_start, _, cutoff, minifat_start, _, difat_start, difat_count = (
        struct.unpack_from("<8I", header, 44))
    fat = _fat(fh, header, size, sectors, (fat_count, difat_start, difat_count))
    directory = _read_chain(fh, fat, dir_start, size, sectors)
    root = _entry(directory, 0)
    for i in range(1, len(directory) // 128):
        name, kind, start, length = _entry(directory, i)
        if kind == 2 and name.lower() in names:
            if length >= cutoff:
                return _read_chain(fh, fat, start, size, sectors)[:length]
            minifat = _ints(_read_chain(fh, fat, minifat_start, size, sectors))
            container = _read_chain(fh, fat, root[2], size, sectors)
            return _mini_chain(container, minifat, start)[:length]
    raise DamagedCompoundFile("no such stream")


def _fat(fh: BinaryIO, header: bytes, size: int, sectors: int, counts: tuple[int, int, int]) -> array[int]:
    """The sector chains: 4 bytes a sector of the file, whatever the header claims."""
    fat_count, difat_start, difat_count = counts
    if fat_count > sectors:
        raise DamagedCompoundFile("FAT size")
    places = _ints(header[76:512])
    sector, seen = difat_start, 0
    while sector < _FREE_END and len(places) < fat_count and seen <= min(difat_count, sectors):
        more = _ints(_sector(fh, sector, size))
        places += more[:-1]
        sector = more[-1]
        seen += 1
    fat = array("I")
    for place in places[:fat_count]:
        fat += _ints(_sector(fh, place, size))
    return fat


def _sector(fh: BinaryIO, number: int, size: int) -> bytes:
    fh.seek((number + 1) * size)
    data = fh.read(size)
    if len(data) < size:
        raise DamagedCompoundFile("sector beyond the file")
    return data


def _read_chain(fh: BinaryIO, fat: array[int], start: int, size: int, sectors: int) -> bytes:
    """A chain of sectors read in runs: a stream whose sectors follow each other is one read."""
    parts: list[bytes] = []
    sector, steps = start, 0
    while sector < _FREE_END:
        run = 1
        while sector + run < len(fat) and fat[sector + run - 1] == sector + run:
            run += 1
        steps += run
        if steps > sectors or sector >= len(fat):
            raise DamagedCompoundFile("chain")
        fh.seek((sector + 1) * size)
        parts.append(fh.read(run * size))
        sector = fat[sector + run - 1]
    return b"".join(parts)


def _mini_chain(container: bytes, minifat: array[int], start: int) -> bytes:
    parts: list[bytes] = []
    sector = start
    while sector < _FREE_END:
        if sector >= len(minifat) or len(parts) > len(minifat):
            raise DamagedCompoundFile("mini chain")
        parts.append(container[sector * 64:(sector + 1) * 64])
        sector = minifat[sector]
    return b"".join(parts)


def _entry(directory: bytes, index: int) -> tuple[str, int, int, int]:
    at = index * 128
    length = min(struct.unpack_from("<H", directory, at + 64)[0], 64)
    name = directory[at:at + length].decode("utf-16-le", "replace").rstrip("\0")
    kind = directory[at + 66]
    start, size = struct.unpack_from("<II", directory, at + 116)
    return name, kind, start, size


def _ints(data: bytes) -> array[int]:
    """Little-endian 4-byte numbers."""
    numbers = array("I", data[:len(data) // 4 * 4])
    if sys.byteorder == "big":
        numbers.byteswap()
    return numbers
