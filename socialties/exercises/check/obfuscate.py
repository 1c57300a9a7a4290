"""Hide answer keys from a casual look at a page's source. This deters peeking; it is NOT secrecy.

A static page must check answers in the browser, so the key is in the page: anyone who reads ``quiz.js`` can decode
it. What this prevents is reading the answer by accident, or at a glance in the HTML or the notebook JSON.

Scheme (mirrored in ``socialties/static/quiz.js``, function ``decodeKey``): the payload is JSON, encoded as UTF-8,
XOR-ed with a keystream, then base64-encoded. The keystream is one byte per step of the mulberry32 generator, seeded
with the 32-bit FNV-1a hash of ``"socialties|<assignment>|<qid>"``. Plain integer arithmetic, so the browser needs no
crypto API (which insecure ``http://`` pages lack).
"""

from __future__ import annotations

import base64
import json
from collections.abc import Iterator
from typing import Any

_MASK = 0xFFFFFFFF


def key_string(assignment: str, qid: str) -> str:
    return f"socialties|{assignment}|{qid}"


def fnv1a32(text: str) -> int:
    """32-bit FNV-1a hash of the UTF-8 bytes of ``text``."""
    h = 0x811C9DC5
    for byte in text.encode("utf-8"):
        h ^= byte
        h = (h * 0x01000193) & _MASK
    return h


def _imul(a: int, b: int) -> int:
    return (a * b) & _MASK


def keystream(seed: int) -> Iterator[int]:
    """Bytes from mulberry32 seeded with ``seed`` (the low byte of each 32-bit output)."""
    a = seed & _MASK
    while True:
        a = (a + 0x6D2B79F5) & _MASK
        t = _imul(a ^ (a >> 15), a | 1)
        t = ((t + _imul(t ^ (t >> 7), t | 61)) & _MASK) ^ t
        yield ((t ^ (t >> 14)) & _MASK) & 0xFF


def _xor(data: bytes, assignment: str, qid: str) -> bytes:
    stream = keystream(fnv1a32(key_string(assignment, qid)))
    return bytes(b ^ next(stream) for b in data)


def encode(payload: Any, assignment: str, qid: str) -> str:
    """The obfuscated form of a JSON-serialisable ``payload`` for question ``qid`` of ``assignment``."""
    data = json.dumps(payload, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode("utf-8")
    return base64.b64encode(_xor(data, assignment, qid)).decode("ascii")


def decode(token: str, assignment: str, qid: str) -> Any:
    """Inverse of :func:`encode` (raises ``ValueError`` on a token that is not one)."""
    try:
        data = _xor(base64.b64decode(token.encode("ascii"), validate=True), assignment, qid)
        return json.loads(data.decode("utf-8"))
    except (ValueError, UnicodeError) as exc:
        raise ValueError(f"not an answer key for {assignment}/{qid}") from exc
