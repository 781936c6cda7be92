"""What the command line reads and writes: passphrases, messages, files to import and export.

Every line shown goes through :func:`safetyplan.safetext.safe_line`: plan names, guide
titles, file names and error messages can hold terminal escapes or bidi characters.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import stat
import sys
from pathlib import Path
from typing import NoReturn

from safetyplan.errors import NOT_ENOUGH_MEMORY, DocumentError, PlanError
from safetyplan.safetext import safe_line
from safetyplan.vault.paths import describe_os_error, inside_folder

PROG = "safetyplan"
_NO_MEMORY = f"{PROG}: {NOT_ENOUGH_MEMORY}\n".encode()
"""Made now: when memory has run out, there may be none left to build the message."""
UNLOCK_MEMORY = "Not enough free memory to unlock the plan. Close other programs and try again."
"""What a command says when memory runs out while the passphrase is checked."""


class Prompter:
    """Reads passphrases and answers: from the terminal without echo, or line by line.

    When standard input is not a terminal, each answer is one line of it, so scripts
    and tests can drive every command. Only the line ending is removed.
    """

    def __init__(self) -> None:
        """Read from this process's standard input."""
        self.interactive = sys.stdin.isatty()

    def secret(self, prompt: str) -> str:
        """A passphrase, asked once.

        Raises:
            PlanError: Standard input ended before a passphrase was given.
        """
        if self.interactive:
            import getpass

            return getpass.getpass(safe_line(prompt), stream=sys.stderr)
        return self._line("No passphrase was given on standard input.")

    def new_secret(self) -> str:
        """A new passphrase: typed twice on a terminal, and never empty.

        Raises:
            PlanError: It was empty, or typed differently three times.
        """
        if not self.interactive:
            passphrase = self._line("No new passphrase was given on standard input.")
            if not passphrase:
                raise PlanError("A passphrase cannot be empty.")
            return passphrase
        for _ in range(3):
            passphrase = self.secret("New passphrase: ")
            if not passphrase:
                warn("A passphrase cannot be empty. Please type one.")
            elif self.secret("Type it again: ") != passphrase:
                warn("The two passphrases are not the same. Please try again.")
            else:
                return passphrase
        raise PlanError("No passphrase was set. Nothing was changed.")

    def confirm(self, prompt: str, expected: str) -> bool:
        """Ask a question; True when the answer is exactly ``expected``."""
        if self.interactive:
            sys.stderr.write(safe_line(prompt))
            sys.stderr.flush()
            return sys.stdin.readline().strip() == expected
        try:
            return self._line("") == expected
        except PlanError:
            return False

    def _line(self, missing: str) -> str:
        line = sys.stdin.buffer.readline()
        if not line:
            raise PlanError(missing)
        line = line.removesuffix(b"\n").removesuffix(b"\r")
        try:
            return line.decode("utf-8")
        except UnicodeDecodeError:
            raise PlanError("What was given on standard input is not UTF-8 text.") from None


class Parser(argparse.ArgumentParser):
    """argparse, but a usage error shows the arguments it quotes safely."""

    def error(self, message: str) -> NoReturn:
        """Show the usage and the problem on stderr, and stop with status 2."""
        self.print_usage(sys.stderr)
        self.exit(2, f"{self.prog}: error: {safe_line(message)}\n")


def say(text: str) -> None:
    """One line on standard output, made safe to show."""
    print(safe_line(text))


def warn(text: str) -> None:
    """One line on standard error (a note, not a failure), made safe to show."""
    print(safe_line(text), file=sys.stderr)


def fail(text: str) -> None:
    """The one line on standard error that says why a command failed."""
    one_line = " ".join(text.splitlines())  # scripts read one line per problem
    print(f"{PROG}: {safe_line(one_line)}", file=sys.stderr)


def out_of_memory() -> int:
    """Say that memory ran out, with words made in advance; returns the exit status 1."""
    with contextlib.suppress(OSError):  # no standard error to say it on
        os.write(2, _NO_MEMORY)
    return 1


def check_output(output: Path, folder: Path, *, force: bool) -> None:
    """Refuse, before the passphrase is asked, a file that export must not write.

    An export never goes into the plans folder (nor any folder inside it), and never
    replaces a folder, a link,
    a device, a pipe or a socket, even with ``--force``.

    Args:
        output: The file named with ``-o`` (not ``-``, which means standard output).
        folder: The plans folder.
        force: Whether an existing regular file may be replaced.

    Raises:
        PlanError: The file must not be written; the message says why.
    """
    if inside_folder(output, folder):
        raise PlanError(
            "Choose a file outside the plans folder: an export is not encrypted, "
            "and the plans folder is only for plan files."
        )
    try:
        info = os.lstat(output)
    except OSError:
        return  # nothing there (or nothing we can see): writing says what is wrong
    if stat.S_ISLNK(info.st_mode):
        raise PlanError(
            f"{output} is a link to another file, so nothing is written through it. "
            "Give the name of the file itself, or use -o - for the screen."
        )
    if stat.S_ISDIR(info.st_mode):
        raise PlanError(f"{output} is a folder. Give the name of a file to write.")
    if not stat.S_ISREG(info.st_mode):
        raise PlanError(
            f"{output} is not a plain file (it is a device, a pipe or a socket), so "
            "nothing is written to it. Choose another name, or use -o - for the screen."
        )
    if not force:
        raise PlanError(f"{output} exists already. Add --force to replace it.")


def read_import(path: Path) -> bytes:
    """The bytes of a file to import: a regular file (or a link to one), at most 8 MiB.

    A pipe, a device or a folder is refused before it is opened, so a read can neither
    hang nor go on for ever, and a device is never made to do anything.

    Raises:
        PlanError: There is no such file, it cannot be read, it is not a plain file, or
            it was swapped for another file while it was being opened.
        DocumentError: It is larger than any plan.
    """
    from safetyplan.errors import FileChangedError, FileTooLargeError, StorageError
    from safetyplan.plan.document import MAX_SIZE
    from safetyplan.vault.diskio import read_file

    try:
        data = read_file(path, MAX_SIZE, strict=False)
    except FileTooLargeError:
        limit = MAX_SIZE // (1024 * 1024)
        raise DocumentError(
            f"This file is too large to be a plan (the limit is {limit} MiB)."
        ) from None
    except FileChangedError:
        raise  # its words say what happened
    except StorageError:
        raise PlanError(
            f"{path} is not a plain file (it may be a folder, a device or a pipe), "
            "so it cannot be imported."
        ) from None
    except OSError as error:
        raise PlanError(f"The file {path} cannot be read ({describe_os_error(error)}).") from None
    if data is None:
        raise PlanError(f"There is no file {path}.")
    return data
