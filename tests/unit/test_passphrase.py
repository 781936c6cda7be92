"""Tests for the passphrase generator, its word list and the strength check."""

from __future__ import annotations

import re
import secrets
import subprocess
import sys
from collections.abc import Sequence
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from safetyplan.vault import passphrase
from safetyplan.vault.passphrase import MIN_LENGTH, Strength, acceptable, generate, strength

WORDS_FILE = Path(passphrase.__file__).with_name("words.txt")

# Words that must never be in the list, nor start one (so "photos", "killer", "lawn").
# (Written as blocks of text: long lists of short words read better that way.)
FORBIDDEN_STEMS = """
image photo pic nude sex abuse abusi safe police law secret naked body cam kill die dead blood
gun hate hurt porn rape assault victim threat danger weapon knife sword bomb shoot murder
suicide death coffin funeral tomb fight punch bleed wound bruise jail prison court crime arrest
lawyer evidence report block delete share leak stalk track hidden private privacy password lock
escape exit help screen video film movie selfie mirror love kiss lover husband boyfriend
girlfriend marri divorce partner breast drunk alcohol vodka whiskey strangl spank
""".split()  # noqa: SIM905
# Whole words that must not be in the list (these also start harmless words, like "arm").
FORBIDDEN_WORDS = """
war cop cry sad spy lie ill hit tie fat ass bum tit bra gag hug eye lip bed arm leg hip rib toe
ear nose chin neck chest hand hands foot feet head face hair skin butt heart bone teeth tongue
belly waist thigh knee palm nail back shin calf wife son aunt mom dad baby babe dear date doll
friend mate couple sister brother girl boy man woman kid child pose model lens snap flash frame
camera picture paint draw sketch selfie post share send text chat email phone file copy print
view look see watch stare peek hide seek run flee lost alone grief tear weep pain sick fever
virus cough ache scar harm ruin fear scare afraid alarm alert warn guard shield badge key safe
vault code plan judge jury trial sue fine ticket crash smash riot rage anger cruel evil bully
trust truth drug pill needle shot beer wine rum gin cider sexy hot wet tight strip bare dress
skirt bikini bath shower towel pillow blanket sheet naked nude rope chain cuff trap hook net
cage bait hunt chase grab kick slap beat whip stab slug fire flame smoke burn ash grave ghost
skull devil demon hell curse doom night shadow dark gloom grim
""".split()  # noqa: SIM905
HOMOPHONES = [
    ("sea", "see"), ("pear", "pair"), ("flower", "flour"), ("plane", "plain"), ("sail", "sale"),
    ("bear", "bare"), ("deer", "dear"), ("peace", "piece"), ("sun", "son"), ("week", "weak"),
    ("wood", "would"), ("beach", "beech"), ("red", "read"), ("road", "rode"), ("steel", "steal"),
    ("root", "route"), ("metal", "medal"), ("petal", "pedal"), ("desert", "dessert"),
    ("tide", "tied"), ("yolk", "yoke"), ("steak", "stake"), ("horse", "hoarse"), ("hare", "hair"),
]  # fmt: skip


def words_in_file() -> list[str]:
    return WORDS_FILE.read_text(encoding="ascii").splitlines()


def first_choice(seq: Sequence[str]) -> str:
    return seq[0]


# --- The word list ------------------------------------------------------------------------


def test_word_list_has_2048_unique_simple_words() -> None:
    words = words_in_file()
    assert len(words) == 2048
    assert len(set(words)) == 2048
    bad = [word for word in words if not re.fullmatch(r"[a-z]{3,7}", word)]
    assert bad == []
    assert words == sorted(words)
    assert WORDS_FILE.read_bytes().endswith(b"\n")
    assert passphrase.word_list() == tuple(words)


def test_word_list_has_no_forbidden_words() -> None:
    words = words_in_file()
    stems = sorted(word for word in words if word.startswith(tuple(FORBIDDEN_STEMS)))
    whole = sorted(set(words) & {*FORBIDDEN_WORDS, *(w + "s" for w in FORBIDDEN_WORDS)})
    assert stems == []
    assert whole == []


def test_word_list_has_no_homophone_pairs() -> None:
    words = set(words_in_file())
    both = [pair for pair in HOMOPHONES if set(pair) <= words]
    assert both == []


def test_word_list_has_no_very_common_password() -> None:
    # Otherwise a generated passphrase would contain a piece that is cheap to guess.
    assert set(words_in_file()).isdisjoint(passphrase._COMMON_PASSWORDS)


def test_import_reads_no_file_and_no_heavy_module() -> None:
    code = (
        "import sys\n"
        "from safetyplan.vault import passphrase\n"
        "assert passphrase.word_list.cache_info().currsize == 0\n"
        "heavy = {'textual', 'tomlkit', 'cryptography'} & set(sys.modules)\n"
        "assert not heavy, heavy\n"
        "passphrase.generate()\n"
        "assert passphrase.word_list.cache_info().currsize == 1\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr


def test_damaged_word_list_is_refused(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    fake = tmp_path / "passphrase.py"
    (tmp_path / "words.txt").write_text("apple\nriver\n", encoding="ascii")
    monkeypatch.setattr(passphrase, "__file__", str(fake))
    passphrase.word_list.cache_clear()
    try:
        with pytest.raises(RuntimeError, match="damaged"):
            passphrase.word_list()
    finally:
        passphrase.word_list.cache_clear()


# --- generate -----------------------------------------------------------------------------


def test_generate_uses_the_injected_choice() -> None:
    words = words_in_file()
    assert generate(choice=first_choice) == "-".join(words[:6])
    assert generate(3, choice=lambda seq: seq[-1]) == "-".join(reversed(words[-3:]))


def test_generate_offers_only_unused_words() -> None:
    seen: list[Sequence[str]] = []

    def record(seq: Sequence[str]) -> str:
        seen.append(list(seq))
        return seq[len(seq) // 2]

    phrase = generate(4, choice=record)
    parts = phrase.split("-")
    assert [len(seq) for seq in seen] == [2048, 2047, 2046, 2045]
    for index, part in enumerate(parts):
        assert all(part not in later for later in seen[index + 1 :])


def test_generate_default_is_six_distinct_list_words() -> None:
    words = set(words_in_file())
    for _ in range(20):
        parts = generate().split("-")
        assert len(parts) == 6
        assert len(set(parts)) == 6
        assert set(parts) <= words


@pytest.mark.parametrize("count", [0, -1, 2049])
def test_generate_refuses_impossible_counts(count: int) -> None:
    with pytest.raises(ValueError):
        generate(count)


def test_generate_refuses_a_choice_outside_the_list() -> None:
    with pytest.raises(ValueError):
        generate(2, choice=lambda seq: "notaword")


def test_generate_defaults_to_secrets_choice() -> None:
    assert generate.__kwdefaults__ == {"choice": secrets.choice}


# --- strength -----------------------------------------------------------------------------

MESSAGES = {
    "Too short. Use at least 8 characters.",
    "Only spaces will not work. Please add some letters or words.",
    "Weak. Many people use this one, so it is easy to guess.",
    "Weak. Someone could guess this. Longer is better.",
    "OK. A few more words would make it stronger.",
    "Strong.",
    "Very strong.",
}


@pytest.mark.parametrize("text", ["", "a", "abc", "Ab1!xyz"])
def test_strength_too_short(text: str) -> None:
    assert strength(text) == Strength(0, "Too short. Use at least 8 characters.")


def test_strength_only_spaces() -> None:
    assert strength(" " * 12).level == 0
    assert "spaces" in strength(" " * 12).words


@pytest.mark.parametrize(
    "text",
    [
        "password", "Password1!", "p@ssw0rd", "PASSWORD2024", "iloveyou", "letmein123",
        "qwerty123456", "12345678", "87654321", "qwertyuiop", "abcdefgh", "ABCDEFGHIJ",
        "!@#$%^&*()", "aaaaaaaaaaaa", "11111111", "abababab", "xkcdxkcdxkcd",
        "passwordpassword", "19901231", "Summer2024!",
    ],
)  # fmt: skip
def test_strength_common_passwords_and_patterns_are_weak(text: str) -> None:
    assert strength(text).level == 1


@pytest.mark.parametrize(
    ("text", "level"),
    [
        ("river-stone", 1),
        ("river-stone-apple", 2),
        ("river stone apple tiger", 3),
        ("River-Stone-Apple-Tiger-Maple", 4),
        ("river-river-river-river-river", 1),
        ("kq8#Lm2x", 2),
        ("kq8#Lm2xP4!zR7$w", 4),
    ],
)
def test_strength_levels_for_typical_input(text: str, level: int) -> None:
    assert strength(text).level == level


@pytest.mark.parametrize("text", ["password", "P@ssw0rd!", "12345678", "qwertyuiop", "zzzzzzzz"])
def test_strength_names_common_passwords(text: str) -> None:
    assert strength(text) == Strength(1, "Weak. Many people use this one, so it is easy to guess.")


def test_five_short_list_words_are_very_strong() -> None:
    # Typed letter by letter, three-letter words look cheaper than a word from the list; a
    # phrase of list words is still worth 11 bits a word.
    short = [word for word in passphrase.word_list() if len(word) == 3][:5]
    assert strength("-".join(short)).level == 4
    assert strength(" ".join(short)).level == 4


def test_strength_grows_with_more_generated_words() -> None:
    levels = [strength(generate(count)).level for count in (2, 3, 4, 5, 6, 8)]
    assert levels == sorted(levels)
    assert levels[-3:] == [4, 4, 4]


@settings(max_examples=200, deadline=None)
@given(st.lists(st.integers(0, 2047), min_size=5, max_size=8, unique=True))
def test_any_generated_passphrase_of_five_words_is_very_strong(indexes: list[int]) -> None:
    words = passphrase.word_list()
    picks = iter([words[index] for index in indexes])
    phrase = generate(len(indexes), choice=lambda seq: next(picks))
    assert strength(phrase) == Strength(4, "Very strong.")


def test_every_word_in_a_five_word_phrase_is_very_strong() -> None:
    words = passphrase.word_list()
    for start in range(0, len(words), 5):
        phrase = "-".join((words[start : start + 5] + words[:5])[:5])
        assert strength(phrase).level == 4, start


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=300))
def test_strength_always_answers_in_fixed_kind_words(text: str) -> None:
    result = strength(text)
    assert 0 <= result.level <= 4
    assert result.words in MESSAGES
    if len(text) < MIN_LENGTH:
        assert result.level == 0


def test_strength_of_a_very_long_passphrase_returns() -> None:
    assert strength("x" * 100_000 + "y").level == 1
    assert strength("kq8#Lm2xP4!zR7$w" * 1000).level >= 1


# --- acceptable ---------------------------------------------------------------------------


@pytest.mark.parametrize("text", ["", "a", "seven77"])
def test_acceptable_refuses_short(text: str) -> None:
    assert acceptable(text) == "Too short. Use at least 8 characters."


@pytest.mark.parametrize("text", [" ", " " * 20, " \t \u3000 "])
def test_acceptable_refuses_only_spaces(text: str) -> None:
    reason = acceptable(text)
    assert reason is not None
    assert "spaces" in reason


@pytest.mark.parametrize("text", ["abcd\x00efgh", "line one\nline two", "ok \ud800 passphrase"])
def test_acceptable_refuses_characters_that_cannot_be_typed(text: str) -> None:
    reason = acceptable(text)
    assert reason is not None
    assert "\n" not in reason
    assert text not in reason


@pytest.mark.parametrize(
    "text",
    ["password", "12345678", "  lead and trail  ", "Mïnä salasana on pitkä", "🌻🌻🌻🌻🌻🌻🌻🌻"],
)
def test_acceptable_allows_weak_but_usable(text: str) -> None:
    assert acceptable(text) is None


def test_acceptable_allows_generated() -> None:
    assert acceptable(generate()) is None
