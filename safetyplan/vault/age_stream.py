"""The age v1 payload: a 16-byte nonce, then STREAM chunks sealed with ChaCha20-Poly1305."""

from __future__ import annotations

from safetyplan.errors import BodyError
from safetyplan.vault.age_header import _KEY_SIZE, _hkdf

# cryptography is imported inside the functions that use it, as in safetyplan.vault.age.

CHUNK_SIZE = 64 * 1024
"""Plaintext bytes per STREAM chunk."""

_TAG_SIZE = 16


def _broken(detail: str) -> BodyError:
    return BodyError(f"This file is damaged, so the plan inside cannot be read: {detail}.")


def _chunk_nonce(counter: int, last: bool) -> bytes:
    return counter.to_bytes(11, "big") + (b"\x01" if last else b"\x00")


def _seal_payload(file_key: bytes, nonce: bytes, plaintext: bytes) -> bytes:
    from cryptography.hazmat.primitives.ciphers.aead import ChaCha20Poly1305

    aead = ChaCha20Poly1305(_hkdf(file_key, nonce, b"payload"))
    count = max(1, -(-len(plaintext) // CHUNK_SIZE))
    parts = [nonce]
    for index in range(count):
        chunk = plaintext[index * CHUNK_SIZE : (index + 1) * CHUNK_SIZE]
        parts.append(aead.encrypt(_chunk_nonce(index, index == count - 1), chunk, None))
    return b"".join(parts)


def _open_payload(file_key: bytes, payload: bytes) -> bytes:
    """Decrypt the STREAM payload, refusing anything cut, changed, reordered or extended."""
    from cryptography.exceptions import InvalidTag
    from cryptography.hazmat.primitives.ciphers.aead import ChaCha20Poly1305

    if len(payload) < _KEY_SIZE:
        raise _broken("it was cut short")
    aead = ChaCha20Poly1305(_hkdf(file_key, payload[:_KEY_SIZE], b"payload"))

    def opens(chunk: bytes, counter: int, last: bool) -> bool:
        try:
            aead.decrypt(_chunk_nonce(counter, last), chunk, None)
        except InvalidTag:
            return False
        return True

    full = CHUNK_SIZE + _TAG_SIZE
    parts: list[bytes] = []
    pos, counter = _KEY_SIZE, 0
    while len(payload) - pos > full:
        chunk = payload[pos : pos + full]
        try:
            parts.append(aead.decrypt(_chunk_nonce(counter, False), chunk, None))
        except InvalidTag:
            if opens(chunk, counter, True):
                raise _broken("it has extra data after its end") from None
            raise _broken("part of it was changed") from None
        pos, counter = pos + full, counter + 1
    chunk = payload[pos:]
    if len(chunk) < _TAG_SIZE:
        raise _broken("it was cut short")
    if len(chunk) == _TAG_SIZE and counter > 0:
        raise _broken("it ends with an empty part, which the format does not allow")
    try:
        parts.append(aead.decrypt(_chunk_nonce(counter, True), chunk, None))
    except InvalidTag:
        if len(chunk) == full and opens(chunk, counter, False):
            raise _broken("it was cut short") from None
        raise _broken("part of it was changed, cut off or added") from None
    return b"".join(parts)
