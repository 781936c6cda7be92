"""The age v1 file format with one passphrase (scrypt) recipient, read strictly.

The header grammar and its MAC are in :mod:`safetyplan.vault.age_header`, the STREAM
payload in :mod:`safetyplan.vault.age_stream`; this module is the door to both.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from typing import NoReturn

from safetyplan.errors import WorkFactorError, WrongPassphraseError
from safetyplan.vault.age_header import (
    _KEY_SIZE,
    MAX_HEADER_SIZE,
    VERSION_LINE,
    _damaged,
    _header_mac,
    _parse_header,
    _scrypt_stanza,
    _write_header,
)
from safetyplan.vault.age_stream import CHUNK_SIZE, _open_payload, _seal_payload

# cryptography is imported inside the functions that use it: its AEAD module alone
# costs tens of milliseconds, and nothing here is needed before the first unlock.

__all__ = [
    "CHUNK_SIZE",
    "DEFAULT_WORK_FACTOR",
    "MAX_HEADER_SIZE",
    "MAX_WORK_FACTOR",
    "VERSION_LINE",
    "AgeSession",
    "decrypt",
    "encrypt",
]

DEFAULT_WORK_FACTOR = 18
"""log2 of the scrypt N used for new files (256 MiB of memory)."""
MAX_WORK_FACTOR = 22
"""The largest log2 N we derive by default; files asking for more are refused unread."""

_SCRYPT_LABEL = b"age-encryption.org/v1/scrypt"
_WORK_FACTOR_LIMIT = 30  # no caller may ask for more than 2**30 * 1 KiB of memory
_ZERO_NONCE = bytes(12)

_WRONG_PASSPHRASE = "This passphrase does not open the plan. Check it and try again."


def _check_work_factor(value: int, name: str, highest: int) -> None:
    if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= highest:
        raise ValueError(f"{name} must be a whole number from 1 to {highest}.")


def _random(randbytes: Callable[[int], bytes], size: int) -> bytes:
    value = randbytes(size)
    if not isinstance(value, bytes) or len(value) != size:
        raise ValueError(f"randbytes({size}) must return {size} bytes.")
    return value


def _scrypt(passphrase: bytes, salt: bytes, work_factor: int) -> bytes:
    from cryptography.hazmat.primitives.kdf.scrypt import Scrypt

    kdf = Scrypt(salt=_SCRYPT_LABEL + salt, length=32, n=1 << work_factor, r=8, p=1)
    return kdf.derive(passphrase)


class AgeSession:
    """An unlocked plan file: its file key and header, kept in memory for fast saves.

    Make one with :meth:`create` (a new file) or :meth:`unlock` (an existing file). Saving
    with :meth:`encrypt` reuses the file key and header and draws a fresh 16-byte payload
    nonce, so no key derivation happens. The passphrase is never stored.
    """

    __slots__ = ("_file_key", "_header", "_mac_input", "_randbytes", "_work_factor")

    def __init__(
        self,
        *,
        file_key: bytes,
        header: bytes,
        mac_input: bytes,
        work_factor: int,
        randbytes: Callable[[int], bytes],
    ) -> None:
        """Internal: use :meth:`create` or :meth:`unlock`."""
        self._file_key = file_key
        self._header = header
        self._mac_input = mac_input
        self._work_factor = work_factor
        self._randbytes = randbytes

    @classmethod
    def create(
        cls,
        passphrase: str,
        *,
        work_factor: int = DEFAULT_WORK_FACTOR,
        randbytes: Callable[[int], bytes] = os.urandom,
    ) -> AgeSession:
        """Start a new file: new salt, new file key, header built once. Runs scrypt once.

        Args:
            passphrase: The passphrase, used as its UTF-8 bytes (not normalized, like age).
            work_factor: log2 of the scrypt N, from 1 to ``MAX_WORK_FACTOR``.
            randbytes: Source of random bytes (a test seam): the salt, the file key, then
                one payload nonce per :meth:`encrypt`.

        Returns:
            A session that can encrypt and decrypt files with this header.

        Raises:
            ValueError: The passphrase is empty or not encodable, or the work factor is
                out of range.
        """
        from cryptography.hazmat.primitives.ciphers.aead import ChaCha20Poly1305

        _check_work_factor(work_factor, "work_factor", MAX_WORK_FACTOR)
        if not passphrase:
            raise ValueError("The passphrase must not be empty.")
        secret = passphrase.encode("utf-8")
        salt = _random(randbytes, _KEY_SIZE)
        file_key = _random(randbytes, _KEY_SIZE)
        wrap_key = _scrypt(secret, salt, work_factor)
        body = ChaCha20Poly1305(wrap_key).encrypt(_ZERO_NONCE, file_key, None)
        header, mac_input = _write_header(file_key, salt, work_factor, body)
        return cls(
            file_key=file_key,
            header=header,
            mac_input=mac_input,
            work_factor=work_factor,
            randbytes=randbytes,
        )

    @classmethod
    def unlock(
        cls,
        data: bytes,
        passphrase: str,
        *,
        max_work_factor: int = MAX_WORK_FACTOR,
        randbytes: Callable[[int], bytes] = os.urandom,
    ) -> tuple[AgeSession, bytes]:
        """Open a file: check its header, derive the key once, decrypt and verify all.

        Args:
            data: The whole file.
            passphrase: The passphrase as typed.
            max_work_factor: The largest log2 N to accept; checked before any derivation.
            randbytes: Source of payload nonces for later :meth:`encrypt` calls.

        Returns:
            The session (with the file's own header) and the plaintext.

        Raises:
            NotAgeFileError: The data is not an age file.
            UnsupportedAgeFileError: Another age version, armor, or a key recipient.
            HeaderError: The header breaks the format, or its MAC does not match.
            WorkFactorError: The file asks for more work than allowed, or memory ran out.
            WrongPassphraseError: The passphrase does not unwrap the file key.
            BodyError: The payload is cut, changed or extended.
            ValueError: ``max_work_factor`` is out of range.
        """
        from cryptography.exceptions import InvalidTag
        from cryptography.hazmat.primitives import constant_time
        from cryptography.hazmat.primitives.ciphers.aead import ChaCha20Poly1305

        _check_work_factor(max_work_factor, "max_work_factor", _WORK_FACTOR_LIMIT)
        header = _parse_header(data)
        salt, work_factor, body = _scrypt_stanza(header, max_work_factor)
        try:
            secret = passphrase.encode("utf-8")
        except UnicodeEncodeError:  # no file can have been locked with it
            raise WrongPassphraseError(_WRONG_PASSPHRASE) from None
        try:
            wrap_key = _scrypt(secret, salt, work_factor)
        except MemoryError:
            raise WorkFactorError(
                "This computer does not have enough free memory to open this file. "
                "Close other programs and try again."
            ) from None
        try:
            file_key = ChaCha20Poly1305(wrap_key).decrypt(_ZERO_NONCE, body, None)
        except InvalidTag:
            raise WrongPassphraseError(_WRONG_PASSPHRASE) from None
        if not constant_time.bytes_eq(_header_mac(file_key, header.mac_input), header.mac):
            # The passphrase unwrapped the file key, so the header itself was altered.
            raise _damaged("its header was changed after it was written")
        session = cls(
            file_key=file_key,
            header=bytes(data[: header.end]),
            mac_input=bytes(header.mac_input),
            work_factor=work_factor,
            randbytes=randbytes,
        )
        return session, _open_payload(file_key, data[header.end :])

    @property
    def work_factor(self) -> int:
        """log2 of the scrypt N in this session's header."""
        return self._work_factor

    @property
    def header(self) -> bytes:
        """The header written in front of every file this session encrypts (not secret)."""
        return self._header

    def encrypt(self, plaintext: bytes) -> bytes:
        """Encrypt a new version of the file. Fast: no key derivation.

        Args:
            plaintext: The bytes to protect.

        Returns:
            The whole age file: this session's header, a fresh nonce, the STREAM chunks.
        """
        nonce = _random(self._randbytes, _KEY_SIZE)
        return self._header + _seal_payload(self._file_key, nonce, plaintext)

    def decrypt(self, data: bytes) -> bytes:
        """Decrypt a file written with this session's header (e.g. to verify a save).

        Args:
            data: The whole file.

        Returns:
            The plaintext.

        Raises:
            NotAgeFileError, UnsupportedAgeFileError, HeaderError, WorkFactorError:
                As in :meth:`unlock`.
            WrongPassphraseError: The file is locked with another passphrase or salt.
            BodyError: The payload is cut, changed or extended.
        """
        if not data.startswith(self._header):
            header = _parse_header(data)
            _scrypt_stanza(header, _WORK_FACTOR_LIMIT)
            if header.mac_input == self._mac_input:
                raise _damaged("its header was changed after it was written")
            raise WrongPassphraseError(
                "This file is now locked with a different passphrase from the one used "
                "to open it. Open it again with its current passphrase."
            )
        return _open_payload(self._file_key, data[len(self._header) :])

    def __repr__(self) -> str:
        return f"AgeSession(work_factor={self._work_factor})"

    def __reduce__(self) -> NoReturn:
        raise TypeError("An AgeSession holds a secret key and cannot be copied or saved.")


def encrypt(plaintext: bytes, passphrase: str, *, work_factor: int = DEFAULT_WORK_FACTOR) -> bytes:
    """Encrypt bytes to a new age file with a passphrase (new salt and file key).

    Args:
        plaintext: The bytes to protect.
        passphrase: The passphrase, used as its UTF-8 bytes.
        work_factor: log2 of the scrypt N, from 1 to ``MAX_WORK_FACTOR``.

    Returns:
        The whole age file.

    Raises:
        ValueError: The passphrase is empty or the work factor is out of range.
    """
    return AgeSession.create(passphrase, work_factor=work_factor).encrypt(plaintext)


def decrypt(data: bytes, passphrase: str, *, max_work_factor: int = MAX_WORK_FACTOR) -> bytes:
    """Decrypt an age file locked with one passphrase, strictly as the age spec says.

    Args:
        data: The whole file.
        passphrase: The passphrase as typed.
        max_work_factor: The largest log2 N to accept; checked before any derivation.

    Returns:
        The plaintext.

    Raises:
        AgeError: A subclass saying what is wrong; see :meth:`AgeSession.unlock`.
    """
    return AgeSession.unlock(data, passphrase, max_work_factor=max_work_factor)[1]
