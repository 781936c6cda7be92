"""Long passphrases a person can write down, and a plain-words check of how strong one is."""

from __future__ import annotations

import math
import re
import secrets
import unicodedata
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

MIN_LENGTH = 8
"""The fewest characters a passphrase may have."""

WORD_COUNT = 2048
"""How many words the list holds: each word picked at random adds 11 bits."""

WORD_BITS = 11.0
"""log2(WORD_COUNT): what one randomly picked word is worth."""

SEPARATOR = "-"
"""What `generate` puts between words: easy to type on every keyboard layout."""

TOO_SHORT = f"Too short. Use at least {MIN_LENGTH} characters."
ONLY_SPACES = "Only spaces will not work. Please add some letters or words."
CANNOT_TYPE = "Please use only letters, numbers, spaces and symbols you can type."
COMMON = "Weak. Many people use this one, so it is easy to guess."
LEVEL_WORDS = (
    TOO_SHORT,
    "Weak. Someone could guess this. Longer is better.",
    "OK. A few more words would make it stronger.",
    "Strong.",
    "Very strong.",
)
"""What `strength` says for each level, 0 to 4."""

# Bits needed for levels 2, 3 and 4. Five random words (55 bits) are "Very strong".
_LEVEL_BITS = (28.0, 42.0, 55.0)
# People do not pick characters at random, so a character that is not part of a word or
# pattern we know counts for two thirds of a random one (zxcvbn and NIST both warn that
# counting every character as random overrates what people choose).
_HUMAN_FACTOR = 2 / 3
_SEPARATORS = frozenset(" -_.,+/:;")
_SEPARATOR_BITS = 1.0
# About 30,000 words: what a word from a full dictionary is worth.
_DICTIONARY_WORD_BITS = 15.0
_SEQUENCE_BITS = 4.0
_YEAR_BITS = math.log2(200)
_MAX_BLOCK = 16
# Only the start is analysed: every character adds bits, so this is a lower bound.
_MAX_ANALYSED = 256
_LEET = str.maketrans("013457@$!", "oieastasi")
_KEYBOARD_ROWS = ("`1234567890-=", "~!@#$%^&*()_+", "qwertyuiop[]", "asdfghjkl;'", "zxcvbnm,./")
_SYMBOLS = "!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~"
_YEAR = re.compile(r"(?:19|20)\d\d")
_PHRASE_SPLIT = re.compile(r"[\s\-_.,+/:;]+")
# Very common passwords, most common first (the rank sets how few guesses each one takes).
# fmt: off
_COMMON_PASSWORDS = (
    "password", "qwerty", "iloveyou", "letmein", "welcome", "admin", "monkey", "dragon",
    "sunshine", "princess", "football", "baseball", "master", "shadow", "superman", "batman",
    "trustno1", "starwars", "whatever", "freedom", "hello", "login", "michael", "jennifer",
    "charlie", "jordan", "hunter", "ashley", "daniel", "thomas", "robert", "jessica",
    "mustang", "access", "loveme", "pokemon", "changeme", "default", "computer", "internet",
    "secret", "qazwsx", "zaq1zaq1", "1q2w3e4r", "abc123", "passpass", "mypassword", "asdfgh",
)
# fmt: on


@dataclass(frozen=True)
class Strength:
    """How hard a passphrase would be to guess, in plain, kind words."""

    level: int
    """0 too short, 1 weak, 2 OK, 3 strong, 4 very strong."""
    words: str
    """One or two short sentences to show the person. Never contains the passphrase."""


@lru_cache(maxsize=1)
def word_list() -> tuple[str, ...]:
    """Return the 2,048 words that `generate` picks from, read once from the package.

    Raises:
        RuntimeError: If the installed word list is damaged, so passphrases would be weaker.
    """
    text = Path(__file__).with_name("words.txt").read_text(encoding="ascii")
    words = tuple(text.split())
    if len(words) != WORD_COUNT or len(set(words)) != WORD_COUNT:
        raise RuntimeError("The word list that came with this program is damaged.")
    return words


@lru_cache(maxsize=1)
def _word_set() -> frozenset[str]:
    return frozenset(word_list())


@lru_cache(maxsize=1)
def _common_folded() -> frozenset[str]:
    return frozenset(plain.translate(_LEET) for plain in _COMMON_PASSWORDS)


@lru_cache(maxsize=1)
def _common_by_first_letter() -> dict[str, list[tuple[str, str, float]]]:
    """Map a first character to (plain, leet-folded, bits) for each common password."""
    table: dict[str, list[tuple[str, str, float]]] = {}
    for rank, plain in enumerate(_COMMON_PASSWORDS):
        folded = plain.translate(_LEET)
        table.setdefault(folded[0], []).append((plain, folded, math.log2(rank + 2)))
    return table


def generate(words: int = 6, *, choice: Callable[[Sequence[str]], str] = secrets.choice) -> str:
    """Make a passphrase of random words from the word list, joined by "-".

    No word is used twice, so each word adds almost exactly 11 bits: six words give 66.

    Args:
        words: How many words to use.
        choice: Picks one item of a sequence. The default is cryptographically secure; tests
            pass their own. It is given the words not yet used.

    Returns:
        The passphrase, for example ``"maple-otter-quilt-brisk-sunny-hammock"``.

    Raises:
        ValueError: If ``words`` is not between 1 and 2,048, or ``choice`` returns something
            that was not in the sequence it was given.
    """
    if not 1 <= words <= WORD_COUNT:
        raise ValueError(f"A passphrase needs between 1 and {WORD_COUNT} words, not {words}.")
    remaining = list(word_list())
    picked: list[str] = []
    for _ in range(words):
        word = choice(remaining)
        if word not in remaining:
            raise ValueError("choice must return one of the words it was given.")
        remaining.remove(word)
        picked.append(word)
    return SEPARATOR.join(picked)


def acceptable(passphrase: str) -> str | None:
    """Say whether a passphrase may be used to lock a plan.

    A weak passphrase is allowed (`strength` warns about it); only ones that cannot work are not.

    Args:
        passphrase: What the person typed.

    Returns:
        None if it may be used, otherwise a kind, one-line reason.
    """
    if passphrase and not passphrase.strip():
        return ONLY_SPACES
    if len(passphrase) < MIN_LENGTH:
        return TOO_SHORT
    # Control characters cannot be typed into the age tool, and lone surrogates cannot be
    # written as UTF-8 at all.
    if any(unicodedata.category(char) in ("Cc", "Cs") for char in passphrase):
        return CANNOT_TYPE
    return None


def strength(passphrase: str) -> Strength:
    """Estimate how hard a passphrase would be to guess.

    The estimate counts the cheapest way to build it from known words, common passwords,
    repeats, sequences, keyboard rows and years, and the rest character by character by how
    varied they are. Nothing is stored, printed or logged.

    Args:
        passphrase: What the person typed.

    Returns:
        The level (0 to 4) and the words to show.
    """
    if passphrase and not passphrase.strip():
        return Strength(0, ONLY_SPACES)
    if len(passphrase) < MIN_LENGTH:
        return Strength(0, TOO_SHORT)
    text = unicodedata.normalize("NFC", passphrase)[:_MAX_ANALYSED]
    if _is_common(text):
        return Strength(1, COMMON)
    bits = max(_pattern_bits(text), _phrase_bits(text))
    level = 1 + sum(bits >= needed for needed in _LEVEL_BITS)
    return Strength(level, LEVEL_WORDS[level])


def _lower(text: str) -> str:
    """Lower-case each character, keeping one character for each one (unlike str.lower)."""
    return "".join(low if len(low := char.lower()) == 1 else char for char in text)


def _is_common(text: str) -> bool:
    """Whether the whole thing is a very common password or a trivial pattern."""
    if len(set(text)) == 1:
        return True
    low = _lower(text)
    squeezed = "".join(char for char in low if not char.isspace())
    # Also without digits and symbols at the ends, the way people pad a password ("Pass1!").
    padded = squeezed.strip("0123456789" + _SYMBOLS)
    commons = _common_folded()
    for candidate in (squeezed, padded):
        folded = "".join(char for char in candidate.translate(_LEET) if char.isalnum())
        if folded and folded in commons:
            return True
    return _run_length(squeezed, squeezed, 0) == len(squeezed)


def _run_length(text: str, low: str, start: int) -> int:
    """Length of the longest sequence (abc, 987) or keyboard run (qwer) starting here.

    Args:
        text: The text as typed.
        low: The same text from `_lower`.
        start: Where the run starts.
    """
    longest = 1
    for step in (1, -1):
        end = start + 1
        while (
            end < len(text)
            and _same_kind(text[end - 1], text[end])
            and ord(text[end]) - ord(text[end - 1]) == step
        ):
            end += 1
        longest = max(longest, end - start)
    for row in _KEYBOARD_ROWS:
        for line in (row, row[::-1]):
            length = 1
            while start + length < len(low) and low[start : start + length + 1] in line:
                length += 1
            longest = max(longest, length)
    return longest


def _same_kind(a: str, b: str) -> bool:
    """Whether two characters are both ASCII lower-case, upper-case or digits."""
    if not (a.isascii() and b.isascii()):
        return False
    return (
        (a.islower() and b.islower())
        or (a.isupper() and b.isupper())
        or (a.isdigit() and b.isdigit())
    )


def _case_bits(token: str) -> float:
    """Extra bits for capitals in a known word: one for "Word" or "WORD", more if mixed."""
    capitals = sum(char.isupper() for char in token)
    if capitals == 0:
        return 0.0
    if token.isupper() or (capitals == 1 and token[0].isupper()):
        return 1.0
    return 1.0 + capitals


def _char_bits(text: str) -> float:
    """Bits for one character not explained by a pattern, from the variety in the text.

    Separators between words do not make the other characters more varied.
    """
    chars = [char for char in text if char not in _SEPARATORS] or list(text)
    pool = 0
    pool += 26 if any(c.isascii() and c.islower() for c in chars) else 0
    pool += 26 if any(c.isascii() and c.isupper() for c in chars) else 0
    pool += 10 if any(c.isascii() and c.isdigit() for c in chars) else 0
    pool += 33 if any(c.isascii() and not c.isalnum() for c in chars) else 0
    pool += 100 if any(not c.isascii() for c in chars) else 0
    return math.log2(max(pool, 2)) * _HUMAN_FACTOR


def _pattern_bits(text: str) -> float:
    """The fewest bits needed to build the text from pieces we know (a shortest path)."""
    low = _lower(text)
    folded = low.translate(_LEET)
    char_bits = _char_bits(text)
    best = [0.0] + [math.inf] * len(text)
    for start in range(len(text)):
        for end, cost in _pieces(text, low, folded, start, char_bits):
            best[end] = min(best[end], best[start] + cost)
    return best[-1]


def _pieces(
    text: str, low: str, folded: str, start: int, char_bits: float
) -> Iterator[tuple[int, float]]:
    """Yield (end, bits) for each known piece that could start at ``start``.

    Args:
        text: The text as typed.
        low: The same text from `_lower`.
        folded: ``low`` with look-alike digits and symbols turned into letters (p@ss -> pass).
        start: Where the piece starts.
        char_bits: What one character on its own is worth in this text.
    """
    n = len(text)
    yield start + 1, _SEPARATOR_BITS if text[start] in _SEPARATORS else char_bits
    words = _word_set()
    for length in range(3, min(7, n - start) + 1):
        if low[start : start + length] in words:
            yield start + length, WORD_BITS + _case_bits(text[start : start + length])
    # A run of letters is most likely made of words, even ones not in our list: count
    # about one word from a large dictionary for every six letters.
    if start == 0 or not low[start - 1].isalpha():
        end = start
        while end < n and low[end].isalpha():
            end += 1
        if end - start >= 4:
            yield end, _DICTIONARY_WORD_BITS * ((end - start + 3) // 6)
    for plain, common, bits in _common_by_first_letter().get(folded[start], ()):
        if folded.startswith(common, start):
            end = start + len(common)
            leet = 0.0 if low[start:end] == plain else 1.0
            yield end, bits + leet + _case_bits(text[start:end])
    # A repeat of what came just before ("abcabc", "lalala") is almost free.
    for length in range(1, min(start, _MAX_BLOCK) + 1):
        block = text[start - length : start]
        count = 0
        while text.startswith(block, start + count * length):
            count += 1
        if count:
            yield start + length, 1.0
            yield start + count * length, 1.0 + math.log2(count)
    for length in range(3, _run_length(text, low, start) + 1):
        yield start + length, _SEQUENCE_BITS + math.log2(length)
    if _YEAR.match(text, start):
        yield start + 4, _YEAR_BITS


def _phrase_bits(text: str) -> float:
    """Bits of a phrase made only of list words, like one from `generate`; else 0."""
    parts = [part for part in _PHRASE_SPLIT.split(_lower(text)) if part]
    if len(parts) < 2 or not all(part in _word_set() for part in parts):
        return 0.0
    distinct = len(set(parts))
    return WORD_BITS * distinct + (len(parts) - distinct)
