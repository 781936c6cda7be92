"""The age v1 file format with one passphrase (scrypt) recipient, read strictly."""

from __future__ import annotations

import base64
import binascii
import os
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import NoReturn

from safetyplan.errors import (
    BodyError,
    HeaderError,
    NotAgeFileError,
    UnsupportedAgeFileError,
    WorkFactorError,
    WrongPassphraseError,
)

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

VERSION_LINE = b"age-encryption.org/v1\n"
"""The first line of every age v1 file."""
DEFAULT_WORK_FACTOR = 18
"""log2 of the scrypt N used for new files (256 MiB of memory)."""
MAX_WORK_FACTOR = 22
"""The largest log2 N we derive by default; files asking for more are refused unread."""
MAX_HEADER_SIZE = 64 * 1024
"""A header longer than this is refused: a plan's header is about 150 bytes."""
CHUNK_SIZE = 64 * 1024
"""Plaintext bytes per STREAM chunk."""

_VERSION_PREFIX = b"age-encryption.org/"
_ARMOR_BEGIN = b"-----BEGIN AGE ENCRYPTED FILE-----"
_SCRYPT_LABEL = b"age-encryption.org/v1/scrypt"
_WORK_FACTOR_LIMIT = 30  # no caller may ask for more than 2**30 * 1 KiB of memory
_KEY_SIZE = 16  # file key, scrypt salt and payload nonce are all 16 bytes
_TAG_SIZE = 16
_COLUMNS = 64
_ZERO_NONCE = bytes(12)
_ARGUMENT = re.compile(rb"[\x21-\x7e]+")
_BASE64 = re.compile(rb"[A-Za-z0-9+/]*")
_DECIMAL = re.compile(rb"[1-9][0-9]*")

_WRONG_PASSPHRASE = "This passphrase does not open the plan. Check it and try again."
_KEY_LOCKED = (
    "This file is locked with an age key, not with a passphrase, so this program cannot open it."
)
_MIXED = (
    "This file is locked for more than one passphrase or key. The age format does not "
    "allow that with a passphrase, so this program cannot open it."
)


@dataclass(frozen=True)
class _Stanza:
    args: tuple[bytes, ...]
    body: bytes


@dataclass(frozen=True)
class _Header:
    stanzas: tuple[_Stanza, ...]
    mac_input: bytes  # the header up to and including "---"
    mac: bytes
    end: int  # where the payload starts


def _damaged(detail: str) -> HeaderError:
    return HeaderError(f"This file is damaged, so the plan cannot be opened: {detail}.")


def _broken(detail: str) -> BodyError:
    return BodyError(f"This file is damaged, so the plan inside cannot be read: {detail}.")


def _b64encode(data: bytes) -> bytes:
    return base64.b64encode(data).rstrip(b"=")


def _b64decode(text: bytes, what: str) -> bytes:
    """Decode canonical base64 without padding, as the age spec requires."""
    if not _BASE64.fullmatch(text) or len(text) % 4 == 1:
        raise _damaged(f"the {what} in its header is not valid base64")
    try:
        data = base64.b64decode(text + b"=" * (-len(text) % 4), validate=True)
    except binascii.Error:
        raise _damaged(f"the {what} in its header is not valid base64") from None
    if _b64encode(data) != text:
        raise _damaged(f"the {what} in its header is not written the standard way")
    return data


def _check_version_line(data: bytes) -> None:
    if data.startswith(VERSION_LINE):
        return
    if not data:
        raise NotAgeFileError("This file is empty, so there is no plan in it.")
    if VERSION_LINE.startswith(data):
        raise _damaged("it ends in the middle of its first line")
    if data.startswith(_ARMOR_BEGIN):
        raise UnsupportedAgeFileError(
            "This file is in the text (armored) form of the age format, which this program "
            "cannot open. The age tool can still open it."
        )
    if data.startswith(_VERSION_PREFIX):
        end = data.find(b"\n", 0, 256)
        if end > 0 and _ARGUMENT.fullmatch(data[len(_VERSION_PREFIX) : end]):
            raise UnsupportedAgeFileError(
                "This file uses a different version of the age format, which this program "
                "cannot open."
            )
        raise _damaged("its first line is not the age version line")
    raise NotAgeFileError("This file is not a plan file. It may be a different kind of file.")


def _header_too_long(stanzas: list[_Stanza]) -> Exception:
    if stanzas and (len(stanzas) > 1 or stanzas[0].args[0] != b"scrypt"):
        return UnsupportedAgeFileError(_MIXED if len(stanzas) > 1 else _KEY_LOCKED)
    return _damaged("its header is far longer than a plan's header")


def _parse_header(data: bytes) -> _Header:
    """Split off and check the header's grammar (not its MAC, which needs the file key)."""
    _check_version_line(data)
    limit = min(len(data), MAX_HEADER_SIZE)
    stanzas: list[_Stanza] = []

    def next_line(start: int) -> tuple[bytes, int]:
        end = data.find(b"\n", start, limit)
        if end < 0:
            if limit < len(data):
                raise _header_too_long(stanzas)
            raise _damaged("it ends in the middle of its header")
        return data[start:end], end + 1

    line, pos = next_line(len(VERSION_LINE))
    while line.startswith(b"-> "):
        args = tuple(line[3:].split(b" "))
        if not all(_ARGUMENT.fullmatch(arg) for arg in args):
            raise _damaged("a line in its header has a wrong character or space")
        body_lines: list[bytes] = []
        while True:  # the body ends with its first line shorter than 64 columns
            body_line, pos = next_line(pos)
            if len(body_line) > _COLUMNS or not _BASE64.fullmatch(body_line):
                raise _damaged("a line in its header is too long or has a wrong character")
            body_lines.append(body_line)
            if len(body_line) < _COLUMNS:
                break
        stanzas.append(_Stanza(args, _b64decode(b"".join(body_lines), "lock data")))
        line, pos = next_line(pos)
    if not line.startswith(b"--- "):
        raise _damaged("a line in its header does not follow the age format")
    if not stanzas:
        raise _damaged("its header has no lock in it")
    mac = _b64decode(line[4:], "check value")
    if len(mac) != 32:
        raise _damaged("the check value in its header has the wrong length")
    mac_line_start = pos - len(line) - 1
    return _Header(tuple(stanzas), data[: mac_line_start + 3], mac, pos)


def _scrypt_stanza(header: _Header, max_work_factor: int) -> tuple[bytes, int, bytes]:
    """Return salt, log2 N and body of the one scrypt stanza, checked before any work."""
    types = [stanza.args[0] for stanza in header.stanzas]
    if b"scrypt" not in types:
        raise UnsupportedAgeFileError(_KEY_LOCKED)
    if len(types) > 1:
        raise UnsupportedAgeFileError(_MIXED)
    stanza = header.stanzas[0]
    if len(stanza.args) != 3:
        raise _damaged("the passphrase lock in its header has the wrong number of parts")
    salt = _b64decode(stanza.args[1], "salt")
    if len(salt) != _KEY_SIZE:
        raise _damaged("the salt in its header has the wrong length")
    digits = stanza.args[2]
    if not _DECIMAL.fullmatch(digits):
        raise _damaged("the work factor in its header is not a plain number")
    if len(stanza.body) != 32:
        raise _damaged("the passphrase lock in its header has the wrong length")
    if len(digits) > 2 or int(digits) > max_work_factor:
        shown = f" ({digits.decode()})" if len(digits) <= 2 else ""
        raise WorkFactorError(
            f"This file asks for more unlocking work{shown} than this program allows "
            f"({max_work_factor}). It was probably not made by this program."
        )
    return salt, int(digits), stanza.body


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


def _hkdf(secret: bytes, salt: bytes, info: bytes) -> bytes:
    from cryptography.hazmat.primitives import hashes
    from cryptography.hazmat.primitives.kdf.hkdf import HKDF

    return HKDF(algorithm=hashes.SHA256(), length=32, salt=salt, info=info).derive(secret)


def _header_mac(file_key: bytes, mac_input: bytes) -> bytes:
    from cryptography.hazmat.primitives import hashes, hmac

    mac = hmac.HMAC(_hkdf(file_key, b"", b"header"), hashes.SHA256())
    mac.update(mac_input)
    return mac.finalize()


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
        stanza = b"-> scrypt %s %d\n%s\n" % (_b64encode(salt), work_factor, _b64encode(body))
        mac_input = VERSION_LINE + stanza + b"---"
        header = mac_input + b" " + _b64encode(_header_mac(file_key, mac_input)) + b"\n"
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
