"""Text from people and files made safe to show: no control or bidi character reaches a terminal.

A terminal acts on some characters instead of showing them: ``ESC`` starts a sequence
that can set the window title, clear the screen or move the cursor; ``BEL`` rings; the
bidi override and isolate characters reorder what is shown around them, so a sentence
can be made to read as something else. Such text can come from an imported file, a plan
made elsewhere, a guide file, or a paste. Everything shown to a person (on screen, on
standard output, in a Markdown or text export) goes through :func:`safe_text` or
:func:`safe_line` first. What is stored is never changed: only what is shown.

Each such character is shown as a visible escape, ``\\x1b`` or ``\\u202e``: plain ASCII,
so it shows on every terminal (the Linux console too) and reads aloud sensibly.
"""

from __future__ import annotations

import re

BIDI_CONTROLS = frozenset("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")
"""Embedding, override and isolate characters (LRE RLE PDF LRO RLO LRI RLI FSI PDI)."""

_CONTROLS = "\x00-\x08\x0b-\x1f\x7f-\x9f"
"""C0 controls but tab and newline, DEL, and the C1 controls."""
_BIDI = "".join(sorted(BIDI_CONTROLS))
_UNSAFE_MULTILINE = re.compile(f"[{_CONTROLS}{_BIDI}]")
_UNSAFE_LINE = re.compile(f"[\t\n{_CONTROLS}{_BIDI}]")


def _escape(match: re.Match[str]) -> str:
    code = ord(match.group())
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def safe_text(text: str) -> str:
    """Text that may hold lines, with every other control or bidi character made visible.

    Newlines and tabs are kept; a Windows line ending (``\\r\\n``) is shown as a plain
    newline; every other C0 or C1 control character, DEL, and each bidi embedding,
    override or isolate character becomes an escape such as ``\\x1b``.

    Args:
        text: Text from a person or a file.

    Returns:
        The same text, safe to write to a terminal or an export file. Unchanged (the
        same object) when there was nothing to make safe.
    """
    if "\r\n" in text:
        text = text.replace("\r\n", "\n")
    if _UNSAFE_MULTILINE.search(text) is None:
        return text
    return _UNSAFE_MULTILINE.sub(_escape, text)


def safe_line(text: str) -> str:
    """Text for one line (a name, a title, a list entry, a notification).

    As :func:`safe_text`, but newlines and tabs are escaped too, so the text cannot
    break out of its line.

    Args:
        text: Text from a person or a file.

    Returns:
        The text, safe to show on one line.
    """
    if _UNSAFE_LINE.search(text) is None:
        return text
    return _UNSAFE_LINE.sub(_escape, text)


def is_safe(text: str, *, multiline: bool = True) -> bool:
    """True when :func:`safe_text` (or :func:`safe_line`) would leave the text as it is."""
    if multiline:
        return "\r\n" not in text and _UNSAFE_MULTILINE.search(text) is None
    return _UNSAFE_LINE.search(text) is None


_TERMINAL_UNSAFE = re.compile(f"[\t\n\r{_CONTROLS}{_BIDI}]")


def drop_unsafe(text: str) -> str:
    """Text with every control and bidi character removed (the last guard before a terminal).

    Used on text that is about to be written to the terminal, after it was laid out:
    these characters take no room on screen, so removing them changes no layout.
    :func:`safe_text` and :func:`safe_line`, which show them, are what every screen uses
    first; this only catches what might slip past them.
    """
    if _TERMINAL_UNSAFE.search(text) is None:
        return text
    return _TERMINAL_UNSAFE.sub("", text)
