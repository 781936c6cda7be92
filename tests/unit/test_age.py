"""Tests for the age v1 passphrase file format: round trips, sessions and strict reading."""

from __future__ import annotations

import base64
import hashlib
import hmac
import pickle
import random
import subprocess
import sys
import unicodedata
from collections.abc import Callable, Iterator
from functools import partial
from pathlib import Path
from typing import Any

import pytest
from cryptography.hazmat.primitives.ciphers.aead import ChaCha20Poly1305
from cryptography.hazmat.primitives.kdf import scrypt as scrypt_module
from hypothesis import given, settings
from hypothesis import strategies as st

from safetyplan.errors import (
    AgeError,
    BodyError,
    HeaderError,
    NotAgeFileError,
    UnsupportedAgeFileError,
    WorkFactorError,
    WrongPassphraseError,
)
from safetyplan.vault import age

CHUNK = 64 * 1024
TAG = 16
PASSPHRASE = "tulip harbour seven lantern"
LABEL = b"age-encryption.org/v1/scrypt"

# --- An independent reference, from the spec, with the standard library where it can ----


def b64(data: bytes) -> bytes:
    return base64.b64encode(data).rstrip(b"=")


def ref_hkdf(ikm: bytes, salt: bytes, info: bytes) -> bytes:
    prk = hmac.new(salt, ikm, hashlib.sha256).digest()
    return hmac.new(prk, info + b"\x01", hashlib.sha256).digest()


def ref_wrap(passphrase: str, salt: bytes, log_n: int, file_key: bytes) -> bytes:
    wrap_key = hashlib.scrypt(
        passphrase.encode(), salt=LABEL + salt, n=2**log_n, r=8, p=1, dklen=32
    )
    return ChaCha20Poly1305(wrap_key).encrypt(bytes(12), file_key, None)


def ref_header(file_key: bytes, stanzas: bytes, *, mac: bytes | None = None) -> bytes:
    """A header with the given stanza text and (unless given) a correct MAC."""
    mac_input = b"age-encryption.org/v1\n" + stanzas + b"---"
    if mac is None:
        mac = hmac.new(ref_hkdf(file_key, b"", b"header"), mac_input, hashlib.sha256).digest()
    return mac_input + b" " + b64(mac) + b"\n"


def ref_stream(file_key: bytes, nonce: bytes, chunks: list[tuple[bytes, bool]]) -> bytes:
    """A payload with exactly these chunks and last-chunk flags, right or wrong."""
    aead = ChaCha20Poly1305(ref_hkdf(file_key, nonce, b"payload"))
    out = [nonce]
    for counter, (chunk, last) in enumerate(chunks):
        out.append(aead.encrypt(counter.to_bytes(11, "big") + bytes([last]), chunk, None))
    return b"".join(out)


def ref_chunks(plaintext: bytes) -> list[tuple[bytes, bool]]:
    pieces = [plaintext[i : i + CHUNK] for i in range(0, len(plaintext), CHUNK)] or [b""]
    return [(piece, i == len(pieces) - 1) for i, piece in enumerate(pieces)]


def counting_random(start: int = 0) -> Callable[[int], bytes]:
    """Deterministic 'random' bytes 0, 1, 2, ... so tests know the salt, key and nonces."""
    state = [start]

    def randbytes(size: int) -> bytes:
        out = bytes((state[0] + i) % 256 for i in range(size))
        state[0] += size
        return out

    return randbytes


SALT = bytes(range(16))
FILE_KEY = bytes(range(16, 32))
NONCE = bytes(range(32, 48))
WF = 3
BODY = ref_wrap(PASSPHRASE, SALT, WF, FILE_KEY)
SCRYPT_STANZA = b"-> scrypt " + b64(SALT) + b" 3\n" + b64(BODY) + b"\n"


def forge(stanzas: bytes = SCRYPT_STANZA, payload: bytes | None = None, **kw: bytes) -> bytes:
    """A file with FILE_KEY, any stanza text, a valid MAC and a valid payload by default."""
    if payload is None:
        payload = ref_stream(FILE_KEY, NONCE, [(b"plan", True)])
    return ref_header(FILE_KEY, stanzas, **kw) + payload


class ScryptCalled(AssertionError):
    pass


@pytest.fixture
def no_scrypt(monkeypatch: pytest.MonkeyPatch) -> None:
    """Any key derivation fails the test: proves a check happened before any work."""

    class Forbidden:
        def __init__(self, *args: object, **kwargs: object) -> None:
            raise ScryptCalled("scrypt must not run here")

    monkeypatch.setattr(scrypt_module, "Scrypt", Forbidden)


@pytest.fixture
def fake_scrypt(monkeypatch: pytest.MonkeyPatch) -> list[dict[str, object]]:
    """A cheap stand-in that records its parameters, to test the defaults without 256 MiB."""
    calls: list[dict[str, object]] = []

    class Recording:
        def __init__(self, **kwargs: object) -> None:
            calls.append(kwargs)
            self.kwargs = kwargs

        def derive(self, secret: bytes) -> bytes:
            return hashlib.sha256(repr(self.kwargs).encode() + secret).digest()

    monkeypatch.setattr(scrypt_module, "Scrypt", Recording)
    return calls


# --- Round trips --------------------------------------------------------------------------


@settings(max_examples=40, deadline=None)
@given(plaintext=st.binary(max_size=2000), passphrase=st.text(min_size=1, max_size=40))
def test_round_trip_any_bytes_and_passphrase(plaintext: bytes, passphrase: str) -> None:
    data = age.encrypt(plaintext, passphrase, work_factor=2)
    assert age.decrypt(data, passphrase) == plaintext


@pytest.mark.parametrize(
    "size", [0, 1, CHUNK - 1, CHUNK, CHUNK + 1, 2 * CHUNK, 2 * CHUNK + 1, 3 * CHUNK + 17]
)
def test_round_trip_on_chunk_boundaries(size: int) -> None:
    plaintext = random.Random(size).randbytes(size)
    data = age.encrypt(plaintext, "pässwörd 🔐 密码", work_factor=3)
    chunks = max(1, -(-size // CHUNK))
    header_end = data.index(b"\n", data.index(b"\n--- ") + 1) + 1
    assert len(data) == header_end + 16 + size + TAG * chunks
    assert age.decrypt(data, "pässwörd 🔐 密码") == plaintext


@settings(max_examples=25, deadline=None)
@given(size=st.integers(min_value=0, max_value=3 * CHUNK + 5), seed=st.integers(0, 2**32))
def test_session_round_trip_large(size: int, seed: int) -> None:
    session = age.AgeSession.create(PASSPHRASE, work_factor=2)
    plaintext = random.Random(seed).randbytes(size)
    assert session.decrypt(session.encrypt(plaintext)) == plaintext


def test_output_matches_an_independent_implementation_of_the_spec() -> None:
    session = age.AgeSession.create(PASSPHRASE, work_factor=WF, randbytes=counting_random())
    assert session.header == ref_header(FILE_KEY, SCRYPT_STANZA)
    plaintext = random.Random(1).randbytes(CHUNK + 100)
    assert session.encrypt(plaintext) == session.header + ref_stream(
        FILE_KEY, NONCE, ref_chunks(plaintext)
    )


def test_reads_a_file_built_by_the_independent_reference() -> None:
    plaintext = random.Random(2).randbytes(2 * CHUNK)  # the last chunk is a full one
    data = forge(payload=ref_stream(FILE_KEY, NONCE, ref_chunks(plaintext)))
    assert age.decrypt(data, PASSPHRASE) == plaintext


def test_passphrase_is_used_as_typed_without_normalization() -> None:
    composed = unicodedata.normalize("NFC", "café")
    decomposed = unicodedata.normalize("NFD", "café")
    data = age.encrypt(b"x", composed, work_factor=2)
    assert age.decrypt(data, composed) == b"x"
    with pytest.raises(WrongPassphraseError):
        age.decrypt(data, decomposed)


def test_defaults_work_factor_18_and_scrypt_parameters(
    fake_scrypt: list[dict[str, object]],
) -> None:
    data = age.encrypt(b"plan", PASSPHRASE)
    assert data.split(b"\n")[1].endswith(b" 18")
    (call,) = fake_scrypt
    salt = base64.b64decode(data.split(b"\n")[1].split(b" ")[2] + b"==")
    assert call == {"salt": LABEL + salt, "length": 32, "n": 2**18, "r": 8, "p": 1}
    assert age.decrypt(data, PASSPHRASE) == b"plan"
    assert age.AgeSession.create(PASSPHRASE).work_factor == 18


def test_default_cap_is_22(fake_scrypt: list[dict[str, object]]) -> None:
    at_cap = forge(SCRYPT_STANZA.replace(b" 3\n", b" 22\n"))
    with pytest.raises(WrongPassphraseError):  # derived (with the fake), did not open
        age.decrypt(at_cap, PASSPHRASE)
    assert fake_scrypt[-1]["n"] == 2**22
    calls = len(fake_scrypt)
    with pytest.raises(WorkFactorError):
        age.decrypt(forge(SCRYPT_STANZA.replace(b" 3\n", b" 23\n")), PASSPHRASE)
    assert len(fake_scrypt) == calls


# --- Sessions -----------------------------------------------------------------------------


def test_session_saves_differ_but_share_the_header() -> None:
    session = age.AgeSession.create(PASSPHRASE, work_factor=3)
    first, second = session.encrypt(b"same plan"), session.encrypt(b"same plan")
    assert first != second
    assert first.startswith(session.header) and second.startswith(session.header)
    nonce = slice(len(session.header), len(session.header) + 16)
    assert first[nonce] != second[nonce]
    assert session.decrypt(first) == session.decrypt(second) == b"same plan"
    assert age.decrypt(second, PASSPHRASE) == b"same plan"


def test_session_encrypt_and_decrypt_never_derive(no_scrypt: None) -> None:
    session = age.AgeSession(
        file_key=FILE_KEY,
        header=ref_header(FILE_KEY, SCRYPT_STANZA),
        mac_input=ref_header(FILE_KEY, SCRYPT_STANZA).rsplit(b" ", 1)[0],
        work_factor=WF,
        randbytes=counting_random(32),
    )
    data = session.encrypt(b"saved quickly")
    assert session.decrypt(data) == b"saved quickly"
    assert data == forge(payload=ref_stream(FILE_KEY, NONCE, [(b"saved quickly", True)]))


def test_session_encrypt_after_create_does_not_derive(monkeypatch: pytest.MonkeyPatch) -> None:
    session = age.AgeSession.create(PASSPHRASE, work_factor=3)

    def forbidden(*args: object, **kwargs: object) -> None:
        raise ScryptCalled

    monkeypatch.setattr(scrypt_module, "Scrypt", forbidden)
    assert session.decrypt(session.encrypt(b"x" * 100_000)) == b"x" * 100_000


def test_unlock_keeps_the_file_header_and_key() -> None:
    original = age.encrypt(b"version 1", PASSPHRASE, work_factor=4)
    session, plaintext = age.AgeSession.unlock(original, PASSPHRASE)
    assert plaintext == b"version 1"
    assert session.work_factor == 4
    assert original.startswith(session.header)
    saved = session.encrypt(b"version 2")
    assert saved.startswith(session.header)
    assert age.decrypt(saved, PASSPHRASE) == b"version 2"


def test_passphrase_change_makes_new_salt_and_key() -> None:
    old = age.AgeSession.create(PASSPHRASE, work_factor=3)
    new = age.AgeSession.create("a new passphrase", work_factor=3)
    assert old.header.split(b"\n")[1] != new.header.split(b"\n")[1]
    changed = new.encrypt(b"plan")
    with pytest.raises(WrongPassphraseError):
        age.decrypt(changed, PASSPHRASE)
    with pytest.raises(WrongPassphraseError, match="different passphrase"):
        old.decrypt(changed)
    assert new.decrypt(changed) == b"plan"


def test_session_decrypt_reports_a_changed_mac_as_header_damage() -> None:
    session = age.AgeSession.create(PASSPHRASE, work_factor=3)
    data = session.encrypt(b"plan")
    other_mac = b"--- " + b64(bytes(32)) + b"\n"
    start = data.index(b"--- ")
    tampered = data[:start] + other_mac + data[start + len(other_mac) :]
    with pytest.raises(HeaderError):
        session.decrypt(tampered)
    with pytest.raises(HeaderError):
        age.decrypt(tampered, PASSPHRASE)
    with pytest.raises(NotAgeFileError):
        session.decrypt(b"PK\x03\x04 a zip file")


def test_session_holds_no_passphrase_and_cannot_be_pickled() -> None:
    session = age.AgeSession.create(PASSPHRASE, work_factor=2)
    assert repr(session) == "AgeSession(work_factor=2)"
    assert not hasattr(session, "__dict__")
    for slot in type(session).__slots__:
        assert PASSPHRASE.encode() not in repr(getattr(session, slot)).encode()
    with pytest.raises(TypeError):
        pickle.dumps(session)


@pytest.mark.parametrize("work_factor", [0, -1, 23, 40, True])
def test_create_rejects_work_factor_out_of_range(work_factor: int) -> None:
    with pytest.raises(ValueError, match="work_factor"):
        age.AgeSession.create(PASSPHRASE, work_factor=work_factor)


def test_create_rejects_empty_passphrase_and_bad_randomness() -> None:
    with pytest.raises(ValueError, match="empty"):
        age.encrypt(b"x", "", work_factor=2)
    with pytest.raises(ValueError, match="randbytes"):
        age.AgeSession.create(PASSPHRASE, work_factor=2, randbytes=lambda n: bytes(n - 1))


def test_importing_the_module_does_not_load_cryptography() -> None:
    code = (
        "import sys, safetyplan.vault.age; "
        "print(any(m.startswith('cryptography') for m in sys.modules))"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.stdout.strip() == "False", result.stderr


# --- Not an age file, or not one we open --------------------------------------------------


@pytest.mark.parametrize(
    "data", [b"", b"hello\n", b"[plan]\ntitle = 'x'\n", b"\xef\xbb\xbfage-encryption.org/v1\n"]
)
def test_not_an_age_file(data: bytes) -> None:
    with pytest.raises(NotAgeFileError):
        age.decrypt(data, PASSPHRASE)


X25519 = b"-> X25519 " + b64(bytes(32)) + b"\n" + b64(bytes(32)) + b"\n"


@pytest.mark.parametrize(
    "data",
    [
        forge(X25519),
        forge(SCRYPT_STANZA + X25519),
        forge(X25519 + SCRYPT_STANZA),
        forge(SCRYPT_STANZA + SCRYPT_STANZA),
        forge(SCRYPT_STANZA.replace(b"scrypt", b"Scrypt")),
        b"age-encryption.org/v2\n-> scrypt x 18\n\n--- x\n",
        b"-----BEGIN AGE ENCRYPTED FILE-----\nYWdlLWVuY3J5cHRpb24ub3JnL3YxCg==\n",
        forge(X25519 * 700),  # more than MAX_HEADER_SIZE of key recipients
    ],
    ids=["x25519", "scrypt+x25519", "x25519+scrypt", "two-scrypt", "Scrypt", "v2", "armor", "many"],
)
def test_unsupported_files(data: bytes, no_scrypt: None) -> None:
    with pytest.raises(UnsupportedAgeFileError):
        age.decrypt(data, PASSPHRASE)


# --- Strict header grammar: each rule on its own ------------------------------------------


def _last_char_plus_one(text: bytes) -> bytes:
    """Same length, same decoded prefix, but non-zero unused trailing bits: non-canonical."""
    alphabet = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"
    return text[:-1] + alphabet[alphabet.index(text[-1]) + 1 :][:1]


S, B = b64(SALT), b64(BODY)
LONG_X25519_BODY = b64(bytes(48))  # exactly 64 columns
HEADER_CASES = {
    "salt padding": b"-> scrypt " + S + b"== 3\n" + B + b"\n",
    "salt not canonical": b"-> scrypt " + _last_char_plus_one(S) + b" 3\n" + B + b"\n",
    "salt bad character": b"-> scrypt " + S[:-1] + b"* 3\n" + B + b"\n",
    "salt 15 bytes": b"-> scrypt " + b64(SALT[:15]) + b" 3\n" + B + b"\n",
    "salt 17 bytes": b"-> scrypt " + b64(SALT + b"x") + b" 3\n" + B + b"\n",
    "work factor leading zero": b"-> scrypt " + S + b" 03\n" + B + b"\n",
    "work factor plus": b"-> scrypt " + S + b" +3\n" + B + b"\n",
    "work factor minus": b"-> scrypt " + S + b" -3\n" + B + b"\n",
    "work factor zero": b"-> scrypt " + S + b" 0\n" + B + b"\n",
    "work factor hex": b"-> scrypt " + S + b" 0x3\n" + B + b"\n",
    "work factor decimal point": b"-> scrypt " + S + b" 3.0\n" + B + b"\n",
    "work factor non-ascii digit": b"-> scrypt " + S + " ٣\n".encode() + B + b"\n",
    "work factor missing": b"-> scrypt " + S + b"\n" + B + b"\n",
    "extra argument": b"-> scrypt " + S + b" 3 x\n" + B + b"\n",
    "double space": b"-> scrypt  " + S + b" 3\n" + B + b"\n",
    "trailing space": b"-> scrypt " + S + b" 3 \n" + B + b"\n",
    "tab": b"-> scrypt\t" + S + b" 3\n" + B + b"\n",
    "no space after arrow": b"->scrypt " + S + b" 3\n" + B + b"\n",
    "no arguments": b"-> \n" + B + b"\n",
    "body padding": b"-> scrypt " + S + b" 3\n" + b64(BODY) + b"=\n",
    "body not canonical": b"-> scrypt " + S + b" 3\n" + _last_char_plus_one(B) + b"\n",
    "body 31 bytes": b"-> scrypt " + S + b" 3\n" + b64(BODY[:31]) + b"\n",
    "body 33 bytes": b"-> scrypt " + S + b" 3\n" + b64(BODY + b"x") + b"\n",
    "body missing": b"-> scrypt " + S + b" 3\n",
    "body empty": b"-> scrypt " + S + b" 3\n\n",
    "body line over 64": b"-> X25519 x\n" + b64(bytes(50)) + b"\n",
    "64-column last line without empty line": b"-> X25519 x\n" + LONG_X25519_BODY + b"\n",
    "body split over short lines": b"-> scrypt " + S + b" 3\n" + B[:20] + b"\n" + B[20:] + b"\n",
    "carriage return": b"-> scrypt " + S + b" 3\r\n" + B + b"\n",
    "foreign line": b"# a comment\n" + SCRYPT_STANZA,
    "no stanza": b"",
}


@pytest.mark.parametrize("stanzas", HEADER_CASES.values(), ids=HEADER_CASES.keys())
def test_header_grammar_violations(stanzas: bytes, no_scrypt: None) -> None:
    with pytest.raises(HeaderError) as caught:
        age.decrypt(forge(stanzas), PASSPHRASE)
    assert str(caught.value).startswith("This file is damaged")


def test_64_column_last_line_with_empty_line_is_valid_grammar(no_scrypt: None) -> None:
    """The same stanza as the case above, ended properly: parsed, then refused as a key."""
    with pytest.raises(UnsupportedAgeFileError):
        age.decrypt(forge(b"-> X25519 x\n" + LONG_X25519_BODY + b"\n\n"), PASSPHRASE)


MAC = b64(bytes(32))
GOOD = forge()
MAC_LINE = GOOD[GOOD.index(b"--- ") : GOOD.index(b"\n", GOOD.index(b"--- ")) + 1]
MAC_CASES = {
    "no space": b"---" + MAC + b"\n",
    "two spaces": b"---  " + MAC + b"\n",
    "trailing space": b"--- " + MAC + b" \n",
    "padding": b"--- " + MAC + b"=\n",
    "not canonical": b"--- " + _last_char_plus_one(MAC) + b"\n",
    "short": b"--- " + b64(bytes(31)) + b"\n",
    "missing": b"--- \n",
    "crlf": b"--- " + MAC + b"\r\n",
    "no newline at end of file": b"--- " + MAC,
}


@pytest.mark.parametrize("mac_line", MAC_CASES.values(), ids=MAC_CASES.keys())
def test_mac_line_violations(mac_line: bytes, no_scrypt: None) -> None:
    data = GOOD.replace(MAC_LINE, mac_line)
    if not mac_line.endswith(b"\n"):
        data = data[: data.index(mac_line) + len(mac_line)]
    with pytest.raises(HeaderError):
        age.decrypt(data, PASSPHRASE)


@pytest.mark.parametrize(
    "data",
    [
        b"age-encryption.org/v1",
        b"age-encryption.org/v1\r\n" + GOOD[22:],
        b"age-encryption.org/v1\n",
        GOOD[: GOOD.index(b"--- ")],
    ],
    ids=["version cut", "version crlf", "only version", "no mac line"],
)
def test_version_and_cut_headers(data: bytes, no_scrypt: None) -> None:
    with pytest.raises(HeaderError):
        age.decrypt(data, PASSPHRASE)


def test_header_longer_than_the_cap_is_refused_without_work(no_scrypt: None) -> None:
    huge_body = (b"A" * 64 + b"\n") * 2000  # a 130 KB stanza body that never ends
    with pytest.raises(HeaderError, match="far longer"):
        age.decrypt(b"age-encryption.org/v1\n-> scrypt x 3\n" + huge_body, PASSPHRASE)
    with pytest.raises(HeaderError):
        age.decrypt(b"age-encryption.org/v1\n" + b"x" * 10_000_000, PASSPHRASE)


def test_mac_mismatch_after_unwrap_is_header_damage(monkeypatch: pytest.MonkeyPatch) -> None:
    derived: list[int] = []
    real = scrypt_module.Scrypt

    def counting(**kwargs: object) -> object:
        derived.append(1)
        return real(**kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(scrypt_module, "Scrypt", counting)
    with pytest.raises(HeaderError, match="changed"):
        age.decrypt(forge(mac=bytes(32)), PASSPHRASE)
    assert derived == [1]  # the passphrase was right: the header is what changed


# --- Work factor cap: refused before any derivation ---------------------------------------


@pytest.mark.parametrize("digits", [b"23", b"30", b"99", b"18446744073709551626", b"9" * 5000])
def test_work_factor_over_cap_is_refused_before_work(digits: bytes, no_scrypt: None) -> None:
    with pytest.raises(WorkFactorError):
        age.decrypt(forge(SCRYPT_STANZA.replace(b" 3\n", b" " + digits + b"\n")), PASSPHRASE)


def test_lower_cap_refuses_a_file_above_it(no_scrypt: None) -> None:
    with pytest.raises(WorkFactorError, match=r"\(3\).*\(2\)"):
        age.decrypt(forge(), PASSPHRASE, max_work_factor=2)
    with pytest.raises(ValueError):
        age.decrypt(forge(), PASSPHRASE, max_work_factor=0)


def test_out_of_memory_is_a_work_factor_error(monkeypatch: pytest.MonkeyPatch) -> None:
    class NoMemory:
        def __init__(self, **kwargs: object) -> None:
            pass

        def derive(self, secret: bytes) -> bytes:
            raise MemoryError

    monkeypatch.setattr(scrypt_module, "Scrypt", NoMemory)
    with pytest.raises(WorkFactorError, match="memory"):
        age.decrypt(forge(), PASSPHRASE)


# --- Wrong passphrase ---------------------------------------------------------------------


def test_wrong_passphrase() -> None:
    with pytest.raises(WrongPassphraseError) as caught:
        age.decrypt(forge(), "tulip harbour seven lanterns")
    assert str(caught.value) == "This passphrase does not open the plan. Check it and try again."


@pytest.mark.parametrize(
    "stanzas",
    [
        b"-> scrypt " + b64(bytes(16)) + b" 3\n" + B + b"\n",
        b"-> scrypt " + S + b" 4\n" + B + b"\n",
        b"-> scrypt " + S + b" 3\n" + b64(bytes(32)) + b"\n",
    ],
    ids=["other salt", "other work factor", "other body"],
)
def test_changed_lock_reads_as_wrong_passphrase(stanzas: bytes) -> None:
    with pytest.raises(WrongPassphraseError):
        age.decrypt(forge(stanzas), PASSPHRASE)


def test_passphrase_that_cannot_be_encoded_is_just_wrong(no_scrypt: None) -> None:
    with pytest.raises(WrongPassphraseError):
        age.decrypt(forge(), "\udcff")


# --- Payload (STREAM) rules ---------------------------------------------------------------

HEADER = ref_header(FILE_KEY, SCRYPT_STANZA)
FULL = random.Random(3).randbytes(CHUNK)
TWO = ref_stream(FILE_KEY, NONCE, [(FULL, False), (b"end", True)])
THREE = ref_stream(FILE_KEY, NONCE, [(FULL, False), (FULL[::-1], False), (b"end", True)])
C = CHUNK + TAG
BODY_CASES = {
    "no nonce": b"",
    "short nonce": NONCE[:8],
    "nonce without chunk": NONCE,
    "chunk shorter than a tag": NONCE + b"x" * 15,
    "cut in the last chunk": TWO[:-1],
    "last chunk dropped": TWO[: 16 + CHUNK + TAG],
    "flipped byte": TWO[:100] + bytes([TWO[100] ^ 1]) + TWO[101:],
    "one extra byte": TWO + b"\x00",
    "extra chunk of data": TWO + bytes(CHUNK + TAG + 1),
    "extra after full last chunk": ref_stream(FILE_KEY, NONCE, [(FULL, True)]) + b"extra",
    "empty last chunk": ref_stream(FILE_KEY, NONCE, [(FULL, False), (b"", True)]),
    "last flag missing": ref_stream(FILE_KEY, NONCE, [(b"plan", False)]),
    "two final chunks": ref_stream(FILE_KEY, NONCE, [(FULL, True), (b"end", True)]),
    "chunks swapped": THREE[:16]
    + THREE[16 + C : 16 + 2 * C]
    + THREE[16 : 16 + C]
    + THREE[16 + 2 * C :],
    "other nonce": NONCE[::-1] + TWO[16:],
}


@pytest.mark.parametrize("payload", BODY_CASES.values(), ids=BODY_CASES.keys())
def test_payload_violations(payload: bytes) -> None:
    session = age.AgeSession.create(PASSPHRASE, work_factor=WF, randbytes=counting_random())
    assert session.header == HEADER
    with pytest.raises(BodyError) as caught:
        age.decrypt(HEADER + payload, PASSPHRASE)
    assert str(caught.value).startswith("This file is damaged")
    with pytest.raises(BodyError):
        session.decrypt(HEADER + payload)


def test_payload_messages_say_what_happened() -> None:
    cases = {
        BODY_CASES["last chunk dropped"]: "cut short",
        BODY_CASES["extra after full last chunk"]: "extra data",
        BODY_CASES["empty last chunk"]: "empty part",
        BODY_CASES["flipped byte"]: "changed",
    }
    for payload, words in cases.items():
        with pytest.raises(BodyError, match=words):
            age.decrypt(HEADER + payload, PASSPHRASE)


def test_empty_plaintext_is_one_empty_final_chunk() -> None:
    data = forge(payload=ref_stream(FILE_KEY, NONCE, [(b"", True)]))
    assert age.decrypt(data, PASSPHRASE) == b""


# --- Every byte flipped, every length cut: always a kind AgeError --------------------------


def _header_length(data: bytes) -> int:
    return data.index(b"\n", data.index(b"\n--- ") + 1) + 1


HEADER_KINDS = (
    NotAgeFileError,
    HeaderError,
    UnsupportedAgeFileError,
    WrongPassphraseError,
    WorkFactorError,
)


def _flips(data: bytes) -> Iterator[tuple[int, bytes]]:
    for position in range(len(data)):
        for mask in (0x01, 0x80, 0xFF):
            yield position, data[:position] + bytes([data[position] ^ mask]) + data[position + 1 :]


def test_every_flipped_byte_is_rejected_with_a_fitting_error() -> None:
    session = age.AgeSession.create(PASSPHRASE, work_factor=4)
    data = session.encrypt(b"a small plan, 27 bytes long")
    header_length = _header_length(data)
    for position, flipped in _flips(data):
        attempts = (partial(age.decrypt, flipped, PASSPHRASE), partial(session.decrypt, flipped))
        for attempt in attempts:
            with pytest.raises(AgeError) as caught:
                attempt()
            error = caught.value
            kinds = HEADER_KINDS if position < header_length else (BodyError,)
            assert isinstance(error, kinds), (position, error)
            message = str(error)
            assert PASSPHRASE not in message and message.endswith(".") and message[0].isupper()


def test_every_truncation_is_rejected() -> None:
    data = age.encrypt(b"a small plan", PASSPHRASE, work_factor=4)
    header_length = _header_length(data)
    for length in range(len(data)):
        with pytest.raises(AgeError) as caught:
            age.decrypt(data[:length], PASSPHRASE)
        if length >= header_length:
            assert isinstance(caught.value, BodyError)
        else:
            assert isinstance(caught.value, (NotAgeFileError, HeaderError))


# --- docs/FORMAT.md stays true -------------------------------------------------------------


def _fenced_blocks(text: str, language: str) -> list[str]:
    blocks = text.split("```" + language + "\n")[1:]
    return [block.split("```", 1)[0] for block in blocks]


def test_format_doc_vector_and_reader_sketch() -> None:
    doc = (Path(__file__).resolve().parents[2] / "docs" / "FORMAT.md").read_text("utf-8")
    vector = doc[doc.index("## Test vector") :]
    header, payload_hex = _fenced_blocks(vector, "text")[:2]
    data = header.encode() + bytes.fromhex(payload_hex.strip())
    assert age.decrypt(data, "example passphrase") == b'title = "example"\n'
    assert "age -d -o - PLANFILE" in doc
    (sketch,) = _fenced_blocks(doc, "python")
    namespace: dict[str, Any] = {}
    exec(compile(sketch, "FORMAT.md", "exec"), namespace)
    plaintext = random.Random(5).randbytes(2 * CHUNK + 9)
    ours = age.encrypt(plaintext, PASSPHRASE, work_factor=3)
    assert namespace["read_plan"](data, "example passphrase") == b'title = "example"\n'
    assert namespace["read_plan"](ours, PASSPHRASE) == plaintext
