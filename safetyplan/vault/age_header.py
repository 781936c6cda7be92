"""The age v1 header: canonical base64, the stanzas, the scrypt stanza and the header MAC."""

from __future__ import annotations

import base64
import binascii
import re
from dataclasses import dataclass

from safetyplan.errors import (
    HeaderError,
    NotAgeFileError,
    UnsupportedAgeFileError,
    WorkFactorError,
)

# cryptography is imported inside the functions that use it, as in safetyplan.vault.age.

VERSION_LINE = b"age-encryption.org/v1\n"
"""The first line of every age v1 file."""
MAX_HEADER_SIZE = 64 * 1024
"""A header longer than this is refused: a plan's header is about 150 bytes."""

_VERSION_PREFIX = b"age-encryption.org/"
_ARMOR_BEGIN = b"-----BEGIN AGE ENCRYPTED FILE-----"
_KEY_SIZE = 16  # file key, scrypt salt and payload nonce are all 16 bytes
_COLUMNS = 64
_ARGUMENT = re.compile(rb"[\x21-\x7e]+")
_BASE64 = re.compile(rb"[A-Za-z0-9+/]*")
_DECIMAL = re.compile(rb"[1-9][0-9]*")

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


def _hkdf(secret: bytes, salt: bytes, info: bytes) -> bytes:
    from cryptography.hazmat.primitives import hashes
    from cryptography.hazmat.primitives.kdf.hkdf import HKDF

    return HKDF(algorithm=hashes.SHA256(), length=32, salt=salt, info=info).derive(secret)


def _header_mac(file_key: bytes, mac_input: bytes) -> bytes:
    from cryptography.hazmat.primitives import hashes, hmac

    mac = hmac.HMAC(_hkdf(file_key, b"", b"header"), hashes.SHA256())
    mac.update(mac_input)
    return mac.finalize()


def _write_header(
    file_key: bytes, salt: bytes, work_factor: int, body: bytes
) -> tuple[bytes, bytes]:
    """Return the whole header and its MAC input, for one scrypt stanza with a 32-byte body."""
    stanza = b"-> scrypt %s %d\n%s\n" % (_b64encode(salt), work_factor, _b64encode(body))
    mac_input = VERSION_LINE + stanza + b"---"
    header = mac_input + b" " + _b64encode(_header_mac(file_key, mac_input)) + b"\n"
    return header, mac_input
