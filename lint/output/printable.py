"""Text from posts made safe to print: control characters shown as escapes.

Messages quote front matter values and paths as the files hold them; an ESC or BEL in a
scraped title must not reach a terminal as a command, and XML 1.0 cannot hold most C0
characters at all (a JUnit report with one is not well-formed).
"""

from __future__ import annotations

import re

#: C0 controls but tab and line feed, and DEL.
_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f]")
#: Those, and what XML 1.0 cannot hold either: lone surrogates (an undecodable file name
#: carries them; a terminal gets its bytes back through surrogateescape), U+FFFE, U+FFFF.
_NOT_XML = re.compile("[\x00-\x08\x0b-\x1f\x7f\ud800-\udfff\ufffe\uffff]")


def _escaped(match: re.Match[str]) -> str:
    code = ord(match.group(0))
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def printable(text: str) -> str:
    """``text`` with each control character written as ``\\xNN`` (for a terminal)."""
    return _CONTROL.sub(_escaped, text) if _CONTROL.search(text) else text


def xml_text(text: str) -> str:
    """``text`` with each character XML 1.0 cannot hold written as ``\\xNN``/``\\uNNNN``."""
    return _NOT_XML.sub(_escaped, text) if _NOT_XML.search(text) else text
