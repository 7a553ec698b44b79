"""Read a GGUF file's header (its metadata and tensor shapes) without loading the model.

The format (llama.cpp's ``gguf.md``): ``GGUF``, a version, the tensor and key-value
counts, the key-value pairs, then one record per tensor (name, shape, type, offset).
Only the header is read: a few hundred kilobytes for a model of any size. Large arrays
(the tokenizer's vocabulary) are skipped, not kept.
"""

from __future__ import annotations

import os
import struct
from collections.abc import Collection
from math import prod
from pathlib import Path
from typing import Any, BinaryIO

from pydantic import BaseModel

MAGIC = b"GGUF"
MAX_STRING = 16 * 1024 * 1024  # a longer "string" means a damaged file, not a model
MAX_DIMS = 8
MAX_NESTING = 4  # arrays of arrays: deeper means a damaged (or crafted) file, not a model
_SCALARS = {0: "<B", 1: "<b", 2: "<H", 3: "<h", 4: "<I", 5: "<i", 6: "<f", 7: "<?", 10: "<Q", 11: "<q", 12: "<d"}
_STRING, _ARRAY = 8, 9
# llama.cpp's llama_ftype: what general.file_type says about the quantization.
FILE_TYPES = {
    0: "F32", 1: "F16", 2: "Q4_0", 3: "Q4_1", 7: "Q8_0", 8: "Q5_0", 9: "Q5_1", 10: "Q2_K", 11: "Q3_K_S", 12: "Q3_K_M",
    13: "Q3_K_L", 14: "Q4_K_S", 15: "Q4_K_M", 16: "Q5_K_S", 17: "Q5_K_M", 18: "Q6_K", 19: "IQ2_XXS", 20: "IQ2_XS",
    21: "Q2_K_S", 22: "IQ3_XS", 23: "IQ3_XXS", 24: "IQ1_S", 25: "IQ4_NL", 26: "IQ3_S", 27: "IQ3_M", 28: "IQ2_S",
    29: "IQ2_M", 30: "IQ4_XS", 31: "IQ1_M", 32: "BF16", 36: "TQ1_0", 37: "TQ2_0", 38: "MXFP4_MOE",
}


class GGUFError(ValueError):
    """The file is not a GGUF file, or its header is damaged."""


class GGUFHeader(BaseModel):
    version: int
    metadata: dict[str, Any]
    n_params: int

    @property
    def name(self) -> str | None:
        return self.metadata.get("general.name")

    @property
    def size_label(self) -> str | None:
        return self.metadata.get("general.size_label")

    @property
    def architecture(self) -> str | None:
        return self.metadata.get("general.architecture")

    @property
    def quantization(self) -> str | None:
        file_type = self.metadata.get("general.file_type")
        return FILE_TYPES.get(file_type, f"type {file_type}") if file_type is not None else None

    @property
    def context_length(self) -> int | None:
        return self.metadata.get(f"{self.architecture}.context_length")


class _Reader:
    """Reads the header from an in-memory window of the file, topped up as needed (so skipping
    a vocabulary of 250k strings is a loop over offsets, not 250k file reads)."""

    CHUNK = 1 << 20

    def __init__(self, handle: BinaryIO, size: int):
        self.handle = handle
        self.size = size  # of the file: nothing the header claims may reach past it
        self.buffer = b""
        self.position = 0

    def remaining(self) -> int:
        """Bytes of the file after the current position."""
        return self.size - (self.handle.tell() - len(self.buffer) + self.position)

    def _ensure(self, size: int) -> None:
        missing = self.position + size - len(self.buffer)
        if missing > 0:
            self.buffer = self.buffer[self.position :] + self.handle.read(max(missing, self.CHUNK))
            self.position = 0
            if len(self.buffer) < size:
                raise GGUFError("the header ends early (a truncated file)")

    def take(self, size: int) -> bytes:
        self._ensure(size)
        data = self.buffer[self.position : self.position + size]
        self.position += size
        return data

    def scalar(self, fmt: str) -> Any:
        size = struct.calcsize(fmt)
        self._ensure(size)
        value = struct.unpack_from(fmt, self.buffer, self.position)[0]
        self.position += size
        return value

    def skip(self, size: int) -> None:
        """Move ``size`` bytes on: within the window, or by seeking (never reading what a crafted count claims)."""
        if self.position + size <= len(self.buffer):
            self.position += size
            return
        if size > self.remaining():
            raise GGUFError("the header ends early (a truncated file)")
        self.handle.seek(size - (len(self.buffer) - self.position), 1)
        self.buffer, self.position = b"", 0

    def _skip_strings(self, count: int) -> None:
        """Skip ``count`` length-prefixed strings: the hot loop of a header (a vocabulary), kept tight."""
        unpack = struct.Struct("<Q").unpack_from
        buffer, position, end = self.buffer, self.position, len(self.buffer)
        for _ in range(count):
            if position + 8 > end:
                self.position = position
                self._ensure(8)
                buffer, position, end = self.buffer, self.position, len(self.buffer)
            length = unpack(buffer, position)[0]
            if length > MAX_STRING:
                raise GGUFError(f"a string of {length} bytes in the header (a damaged file)")
            position += 8 + length
            if position > end:
                self.position = end
                self.skip(position - end)
                buffer, position, end = self.buffer, self.position, len(self.buffer)
        self.position = position

    def string(self) -> str:
        length = self.scalar("<Q")
        if length > MAX_STRING:
            raise GGUFError(f"a string of {length} bytes in the header (a damaged file)")
        return self.take(length).decode("utf-8", "replace")

    def fits(self, count: int, item_size: int, what: str) -> None:
        """``count`` items of at least ``item_size`` bytes must fit in the rest of the file (a crafted count claims
        billions: refused here, before any loop or allocation)."""
        if count * item_size > self.remaining():
            raise GGUFError(f"the header ends early: {count} {what} claimed, more than the file holds (a truncated or damaged file)")

    def value(self, kind: int, keep: bool = True, depth: int = 0) -> Any:
        if kind in _SCALARS:
            return self.scalar(_SCALARS[kind])
        if kind == _STRING:
            return self.string()
        if kind == _ARRAY:
            if depth >= MAX_NESTING:
                raise GGUFError(f"arrays nested over {MAX_NESTING} deep in the header (a damaged file)")
            item_kind, count = self.scalar("<I"), self.scalar("<Q")
            self.fits(count, struct.calcsize(_SCALARS[item_kind]) if item_kind in _SCALARS else (8 if item_kind == _STRING else 12), "array items")
            if item_kind in _SCALARS and not keep:
                self.skip(struct.calcsize(_SCALARS[item_kind]) * count)
                return None
            if item_kind == _STRING and not keep:
                self._skip_strings(count)
                return None
            items = [self.value(item_kind, keep, depth + 1) for _ in range(count)]
            return items if keep else None
        raise GGUFError(f"unknown value type {kind} in the header (a damaged file)")


def _open(path: Path) -> BinaryIO:
    """The file, if it is a regular one: a named pipe or a device is refused before any read (draft.files)."""
    from draft.errors import DraftError
    from draft.files import open_regular

    try:
        return open_regular(path, DraftError, "a GGUF model file")
    except DraftError as error:
        raise GGUFError(error.problem) from None


def read_header(path: Path, arrays: Collection[str] = ()) -> GGUFHeader:
    """The metadata of ``path`` (arrays dropped unless named in ``arrays``) and its parameter count from the tensor shapes."""
    try:
        with _open(path) as raw:
            reader = _Reader(raw, os.fstat(raw.fileno()).st_size)
            if reader.take(4) != MAGIC:
                raise GGUFError("not a GGUF file (it does not start with 'GGUF')")
            version = reader.scalar("<I")
            if version not in (2, 3):
                raise GGUFError(f"GGUF version {version} is not supported (2 and 3 are)")
            n_tensors, n_keys = reader.scalar("<Q"), reader.scalar("<Q")
            reader.fits(n_keys, 12, "metadata keys")  # a key: its name's length (8), its type (4)
            reader.fits(n_tensors, 24, "tensors")  # a tensor: name length, dimensions, type, offset
            metadata: dict[str, Any] = {}
            for _ in range(n_keys):
                key = reader.string()
                value = reader.value(reader.scalar("<I"), keep=key in arrays)
                if value is not None:
                    metadata[key] = value
            n_params = 0
            for _ in range(n_tensors):
                reader.string()
                n_dims = reader.scalar("<I")
                if n_dims > MAX_DIMS:
                    raise GGUFError(f"a tensor with {n_dims} dimensions (a damaged file)")
                shape = [reader.scalar("<Q") for _ in range(n_dims)]
                reader.skip(12)  # type (uint32) and offset (uint64)
                n_params += prod(shape)
    except OSError as error:
        raise GGUFError(f"cannot be read ({error.strerror or error})") from None
    return GGUFHeader(version=version, metadata=metadata, n_params=n_params)
