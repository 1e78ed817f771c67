"""``blake2b`` for the cache's keys and file names, without loading OpenSSL.

``import hashlib`` loads ``_hashlib`` (OpenSSL, ~6 ms of a one-file run) although the
cache only uses BLAKE2, which CPython builds in as ``_blake2``; hashlib's ``blake2b`` is
that same type, so the digests are the same either way.
"""

from __future__ import annotations

try:
    from _blake2 import blake2b
except ImportError:  # an interpreter without the built-in module
    from hashlib import blake2b

__all__ = ["blake2b", "content_digest"]


def content_digest(raw: bytes) -> bytes:
    """The digest of a file's bytes by which the result cache (in hex) and the post index
    (as bytes) know its content."""
    return blake2b(raw, digest_size=16).digest()
