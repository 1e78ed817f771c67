"""Decoding a file's bytes and mapping character offsets to lines and columns."""

from __future__ import annotations

import bisect
import codecs
import re

from .record import record

_NEWLINE = re.compile(r"\r\n|\r|\n")
UTF8_BOM = codecs.BOM_UTF8


class DecodeError(ValueError):
    """The bytes are not text in the expected encoding."""

    def __init__(self, message: str, line: int, column: int) -> None:
        super().__init__(message)
        self.line = line
        self.column = column


@record(frozen=True, slots=True)
class Decoded:
    text: str
    encoding: str
    bom: bool

    def encode(self, text: str) -> bytes:
        data = text.encode(self.encoding)
        return UTF8_BOM + data if self.bom else data


def decode(raw: bytes, encoding: str = "utf-8") -> Decoded:
    """Decode ``raw`` as Jekyll would read it; raise DecodeError with a position."""
    bom = raw.startswith(UTF8_BOM) and encoding.replace("_", "-").lower() in ("utf-8", "utf8")
    data = raw[len(UTF8_BOM) :] if bom else raw
    try:
        text = data.decode(encoding)
    except UnicodeDecodeError as err:
        good = data[: err.start].decode(encoding, errors="replace")
        line = good.count("\n") + 1
        column = len(good) - (good.rfind("\n") + 1) + 1
        bad = data[err.start : err.start + 4].hex(" ")
        raise DecodeError(
            f"not valid {encoding} text: byte(s) {bad} at line {line}, column {column}"
            " (set `encoding:` in _config.yml if the site is not UTF-8)",
            line,
            column,
        ) from None
    if "\x00" in text:
        index = text.index("\x00")
        before = text[:index]
        line = before.count("\n") + 1
        raise DecodeError(
            "file holds NUL bytes: it is binary, not a post",
            line,
            index - (before.rfind("\n") + 1) + 1,
        )
    return Decoded(text, encoding, bom)


class LineIndex:
    """Map offsets in a text to 1-based (line, column), counting code points.

    Lines end at ``\\n``, ``\\r\\n`` or a lone ``\\r``, as editors count them.
    """

    __slots__ = ("_starts", "_text")

    def __init__(self, text: str) -> None:
        self._text = text
        self._starts = [0] + [m.end() for m in _NEWLINE.finditer(text)]

    def position(self, offset: int) -> tuple[int, int]:
        offset = max(0, min(offset, len(self._text)))
        line = bisect.bisect_right(self._starts, offset) - 1
        return line + 1, offset - self._starts[line] + 1

    def where(self, offset: int) -> str:
        """``line L, column C`` of ``offset``, for messages that point elsewhere."""
        line, column = self.position(offset)
        return f"line {line}, column {column}"

    def offset(self, line: int, column: int) -> int:
        """The offset of 1-based ``line`` and ``column`` (clamped to the text)."""
        if line < 1:
            return 0
        if line > len(self._starts):
            return len(self._text)
        return min(self._starts[line - 1] + column - 1, len(self._text))

    def line_start(self, line: int) -> int:
        return self.offset(line, 1)

    def line_end(self, line: int) -> int:
        """Offset of the end of ``line``, before its line break."""
        if line >= len(self._starts):
            return len(self._text)
        end = self._starts[line]
        text = self._text
        if end >= 2 and text[end - 2 : end] == "\r\n":
            return end - 2
        return end - 1

    @property
    def line_count(self) -> int:
        return len(self._starts)
