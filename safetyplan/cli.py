"""The command line: open the app, or manage plans (new, list, check, export, ...).

Heavy modules (cryptography, tomlkit, the storage code) are imported only by the commands
that need them, so opening the app stays fast.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from safetyplan import __version__
from safetyplan.errors import (
    AgeError,
    DocumentError,
    NewerVersionError,
    PlanError,
    WrongPassphraseError,
)
from safetyplan.paths import ENV_DIR, config_dir, data_dir, data_dir_source, describe_os_error

if TYPE_CHECKING:
    from safetyplan.content import Guide
    from safetyplan.folder import PlanStore
    from safetyplan.storage import OpenPlan

PROG = "safetyplan"
EXPORT_FORMATS = ("toml", "markdown", "text")
"""Formats for ``export``: the plan document itself, or the review for reading and printing."""
_MAX_IMPORT = 8 * 1024 * 1024
_NOT_ENCRYPTED = (
    "Note: {path} is not encrypted. Anyone who can open it can read your plan. "
    "Delete it when you no longer need it."
)


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

            return getpass.getpass(prompt, stream=sys.stderr)
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
                _warn("A passphrase cannot be empty. Please type one.")
            elif self.secret("Type it again: ") != passphrase:
                _warn("The two passphrases are not the same. Please try again.")
            else:
                return passphrase
        raise PlanError("No passphrase was set. Nothing was changed.")

    def confirm(self, prompt: str, expected: str) -> bool:
        """Ask a question; True when the answer is exactly ``expected``."""
        if self.interactive:
            sys.stderr.write(prompt)
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


def main(argv: list[str] | None = None) -> int:
    """Run the program.

    Args:
        argv: The arguments (without the program name); None for ``sys.argv[1:]``.

    Returns:
        The exit status: 0 done, 1 a problem explained on stderr, 2 bad usage.
    """
    args = app_options(sys.argv[1:] if argv is None else argv)
    if args is None:  # a command, --help, --version, or something to explain
        try:
            args = build_parser().parse_args(argv)
        except SystemExit as stop:  # --help, --version, or bad usage (2)
            return 0 if stop.code is None else stop.code if isinstance(stop.code, int) else 2
    try:
        folder, source = _folder(args)
    except RuntimeError:  # "~someone" for a user this computer does not know
        _fail("That folder name starts with ~ and a user name this computer does not know.")
        return 1
    try:
        if args.command is None:
            from safetyplan.hygiene import scrub_environment

            scrub_environment()  # before the toolkit is imported: no logs, no screenshots
            return _run_app(folder, mouse=not args.no_mouse, accessible=args.accessible)
        handler: Callable[[argparse.Namespace, Path, str], int] = args.handler
        return handler(args, folder, source)
    except (KeyboardInterrupt, EOFError):
        _warn("Stopped.")
        return 1
    except PlanError as error:
        _fail(str(error))
        return 1
    except BrokenPipeError:
        # The reader went away (e.g. `export | head`); stop quietly.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 1
    except OSError as error:
        _fail(f"A file could not be used ({describe_os_error(error)}).")
        return 1
    except Exception as error:  # never a traceback: it could show what a plan holds
        _fail(
            f"Something went wrong inside the program ({type(error).__name__}). "
            "Your plan file is safe: saves never change it part way."
        )
        return 1


def app_options(argv: list[str]) -> argparse.Namespace | None:
    """Read the arguments of a plain start of the app without argparse.

    Building the full parser costs a few per cent of the time to the first frame, so the
    common starts (no arguments, ``--dir DIR``, ``--no-mouse``, ``--accessible``) are
    read here. They mean exactly what :func:`build_parser` makes of them.

    Returns:
        The options, or None for anything else (argparse then reads the arguments).
    """
    args = argparse.Namespace(command=None, dir=None, no_mouse=False, accessible=False)
    rest = list(argv)
    while rest:
        arg = rest.pop(0)
        if arg == "--no-mouse":
            args.no_mouse = True
        elif arg == "--accessible":
            args.accessible = True
        elif arg.startswith("--dir=") and len(arg) > len("--dir="):
            args.dir = arg[len("--dir=") :]
        elif arg == "--dir" and rest and not rest[0].startswith("-"):
            args.dir = rest.pop(0)
        else:
            return None
    return args


def build_parser() -> argparse.ArgumentParser:
    """The argument parser, with help for every command."""
    parser = argparse.ArgumentParser(
        prog=PROG,
        description="A private, offline planner kept in an encrypted file. "
        "With no command, the app opens.",
    )
    parser.add_argument("--version", action="version", version=f"{PROG} {__version__}")
    parser.add_argument(
        "--dir",
        metavar="DIR",
        help=f"the plans folder to use (instead of ${ENV_DIR} or the default)",
    )
    parser.add_argument(
        "--no-mouse",
        action="store_true",
        help="when the app opens: do not use the mouse (keys only)",
    )
    parser.add_argument(
        "--accessible",
        action="store_true",
        help="when the app opens: no animation, no blinking cursor, and one column of "
        "controls (easier with a screen reader)",
    )
    parser.set_defaults(command=None)
    commands = parser.add_subparsers(title="commands", metavar="COMMAND")

    def command(name: str, handler: Callable[..., int], summary: str) -> argparse.ArgumentParser:
        sub = commands.add_parser(name, help=summary, description=summary)
        sub.set_defaults(command=name, handler=handler)
        return sub

    sub = command("new", _new, "Make a new plan, locked with a passphrase.")
    sub.add_argument("name", metavar="NAME", help="the new plan's name")
    _work_factor_option(sub)
    command("list", _list, "List the plans in the plans folder.")
    command("where", _where, "Show the folders in use and where they come from.")
    command("guides", _guides, "Check the guide files strictly and list the guides.")
    sub = command("check", _check, "Open a plan, check it, and report on its earlier version.")
    sub.add_argument("name", metavar="NAME", help="the plan's name")
    sub = command("passwd", _passwd, "Change a plan's passphrase.")
    sub.add_argument("name", metavar="NAME", help="the plan's name")
    _work_factor_option(sub)
    sub = command("export", _export, "Write a plan out as text. The text is NOT encrypted.")
    sub.add_argument("name", metavar="NAME", help="the plan's name")
    sub.add_argument(
        "--format",
        choices=EXPORT_FORMATS,
        default="toml",
        help="toml: the plan itself, which import reads back (the default); "
        "markdown or text: the plan grouped by step, easy to read or print",
    )
    sub.add_argument(
        "-o", "--output", metavar="FILE", help="write to FILE, not the screen (- for the screen)"
    )
    sub.add_argument("--force", action="store_true", help="replace FILE if it exists")
    sub = command("import", _import, "Make a plan, or replace its content, from a TOML file.")
    sub.add_argument("name", metavar="NAME", help="the plan's name (made if it does not exist)")
    sub.add_argument("file", metavar="FILE", help="a TOML plan, as written by export")
    _work_factor_option(sub)
    sub = command("restore", _restore, "Use the earlier version of a damaged plan.")
    sub.add_argument("name", metavar="NAME", help="the plan's name")
    sub.add_argument("--yes", action="store_true", help="do not ask before restoring")
    sub = command("delete", _delete, "Delete a plan and its earlier version.")
    sub.add_argument("name", metavar="NAME", help="the plan's name")
    sub.add_argument("--yes", action="store_true", help="do not ask to type the name")
    sub = command("rename", _rename, "Give a plan another name.")
    sub.add_argument("old", metavar="OLD", help="the plan's name now")
    sub.add_argument("new", metavar="NEW", help="its new name")
    return parser


def _work_factor_option(parser: argparse.ArgumentParser) -> None:
    def work_factor(text: str) -> int:
        try:
            value = int(text)
        except ValueError:
            raise argparse.ArgumentTypeError("it must be a whole number") from None
        if not 1 <= value <= 22:
            raise argparse.ArgumentTypeError("it must be from 1 to 22")
        return value

    parser.add_argument(
        "--work-factor",
        metavar="N",
        type=work_factor,
        default=18,
        help="scrypt work factor, log2 of N (default 18). For tests and very slow "
        "machines only: a lower number makes the passphrase easier to guess.",
    )


def _folder(args: argparse.Namespace) -> tuple[Path, str]:
    if args.dir:
        return Path(args.dir).expanduser(), "--dir"
    return data_dir(), data_dir_source()


def _run_app(folder: Path, *, mouse: bool, accessible: bool) -> int:
    # Imports the toolkit: main() has scrubbed the environment before this.
    from safetyplan.app import run_app

    return run_app(folder, mouse=mouse, accessible=accessible, config_folder=config_dir())


def _say(text: str) -> None:
    print(text)


def _warn(text: str) -> None:
    print(text, file=sys.stderr)


def _fail(text: str) -> None:
    one_line = " ".join(text.splitlines())  # scripts read one line per problem
    print(f"{PROG}: {one_line}", file=sys.stderr)


def _store(folder: Path) -> PlanStore:
    from safetyplan.folder import PlanStore

    return PlanStore(folder)


def _open(store: PlanStore, name: str, prompter: Prompter) -> OpenPlan:
    from safetyplan.folder import not_found
    from safetyplan.storage import open_plan

    name = store.validate_name(name)
    if not store.path(name).exists():
        if store.backup_path(name).exists():
            raise PlanError(
                f'The file of the plan "{name}" is missing, but an earlier version is kept. '
                f"Run `{PROG} restore {name}` to use it."
            )
        raise not_found(store, name)
    passphrase = prompter.secret(f'Passphrase for "{name}": ')
    try:
        return open_plan(store, name, passphrase)
    except (AgeError, DocumentError) as error:
        damaged = not isinstance(error, (WrongPassphraseError, NewerVersionError))
        if damaged and store.backup_path(name).exists():
            raise PlanError(
                f"{error} An earlier version is kept: run `{PROG} check {name}` to see if it opens."
            ) from None
        raise


def _when(moment: object) -> str:
    from datetime import datetime

    if not isinstance(moment, datetime):
        return "at an unknown time"
    return f"on {moment.astimezone():%Y-%m-%d at %H:%M}"


# --- Commands -----------------------------------------------------------------------


def _new(args: argparse.Namespace, folder: Path, source: str) -> int:
    from safetyplan.folder import exists_error
    from safetyplan.paths import ensure_dir
    from safetyplan.storage import create_plan

    store = _store(folder)
    name = store.validate_name(args.name)
    if store.exists(name):
        raise exists_error(name)
    ensure_dir(folder)
    prompter = Prompter()
    if prompter.interactive:
        _warn(
            "A forgotten passphrase cannot be recovered, by anyone. Choose one you will "
            "remember, or write it down and keep it somewhere safe."
        )
    passphrase = prompter.new_secret()
    create_plan(store, name, passphrase, work_factor=args.work_factor)
    _say(f'Made the plan "{name}" in {folder}.')
    return 0


def _list(args: argparse.Namespace, folder: Path, source: str) -> int:
    plans = _store(folder).list()
    if not plans:
        _say(f"No plans yet in {folder}.")
        return 0
    width = max(len(plan.name) for plan in plans)
    for plan in plans:
        _say(f"{plan.name.ljust(width)}  last saved {_when(plan.modified)}")
    return 0


def _where(args: argparse.Namespace, folder: Path, source: str) -> int:
    origin = {
        "--dir": "set with --dir",
        ENV_DIR: f"set by the {ENV_DIR} environment variable",
    }.get(source, "the default")
    missing = "" if folder.is_dir() else ", not made yet"
    _say(f"Plans folder:    {folder} ({origin}{missing})")
    _say(f"Settings folder: {config_dir()}")
    return 0


def _guides(args: argparse.Namespace, folder: Path, source: str) -> int:
    """For people who write guides: the app reads them only when a plan is opened."""
    from safetyplan.content import guides_dir, load_guides

    guides = load_guides()  # a problem names the file and the place, on one line
    for guide in guides:
        _say(f"{guide.id}: {guide.title} ({len(guide.steps)} steps)")
    _say(f"The guides in {guides_dir()} are all correct.")
    return 0


def _check(args: argparse.Namespace, folder: Path, source: str) -> int:
    from safetyplan.checkup import check

    store = _store(folder)
    name = store.validate_name(args.name)
    if not store.exists(name):
        from safetyplan.folder import not_found

        raise not_found(store, name)
    passphrase = Prompter().secret(f'Passphrase for "{name}": ')
    guides = None
    try:
        from safetyplan.content import load_guides

        guides = load_guides()
    except PlanError:
        _warn("Note: the guides could not be read, so the plan was not compared with them.")
    report = check(store, name, passphrase, guides=guides)
    plan, backup = report.plan, report.backup
    if plan is None:
        _say(f'The plan file of "{name}" is missing.')
    elif plan.opens:
        _say(f'The plan "{name}" opens. It was last saved {_when(plan.updated)}.')
        for note in report.notes:
            _say(note)
    else:
        _say(f'The plan "{name}" does not open. {plan.problem}')
    if backup is None:
        _say("There is no earlier version.")
    elif backup.opens:
        _say(f"The earlier version opens. It was saved {_when(backup.updated)}.")
    else:
        _say(f"The earlier version does not open. {backup.problem}")
    for damaged in report.damaged:
        _say(f"A damaged copy is kept as {damaged}.")
    if report.can_restore:
        _say(f"To use the earlier version, run: {PROG} restore {name}")
    if not report.ok:
        _fail(plan.problem if plan else f'The plan file of "{name}" is missing.')
        return 1
    return 0


def _passwd(args: argparse.Namespace, folder: Path, source: str) -> int:
    store = _store(folder)
    prompter = Prompter()
    opened = _open(store, args.name, prompter)
    try:
        passphrase = prompter.new_secret()
        had_backup = store.backup_path(opened.name).exists()
        opened.change_passphrase(passphrase, work_factor=args.work_factor)
    finally:
        opened.close()
    _say("The passphrase is changed.")
    if had_backup:
        _say("The earlier version, which used the old passphrase, was removed.")
    for path in store.damaged_paths(opened.name):
        _warn(
            f"Note: {path.name} is an old damaged copy. It still uses the old passphrase. "
            "Delete it if you do not need it."
        )
    return 0


def _export(args: argparse.Namespace, folder: Path, source: str) -> int:
    output = Path(args.output).expanduser() if args.output not in (None, "-") else None
    if output is not None:
        _check_output(output, folder, force=args.force)
    guides = _guides_for_export() if args.format != "toml" else ()
    opened = _open(_store(folder), args.name, Prompter())
    try:
        if args.format == "toml":
            text = opened.to_toml()
        else:
            from safetyplan.export import render_markdown, render_text

            render = render_markdown if args.format == "markdown" else render_text
            text = render(opened.plan, guides).rstrip("\n") + "\n"
    finally:
        opened.close()
    if output is None:
        if sys.stdout.isatty():
            _warn(
                "Note: the plan is shown as plain text on this screen. Clear the screen and "
                "its scrollback when you are done, or use -o FILE."
            )
        sys.stdout.flush()
        sys.stdout.buffer.write(text.encode("utf-8"))
        sys.stdout.buffer.flush()
        return 0
    from safetyplan.export import write_new_file

    write_new_file(output, text, overwrite=args.force)
    _warn(_NOT_ENCRYPTED.format(path=output))
    _say(f'Wrote the plan "{opened.name}" to {output}.')
    return 0


def _check_output(output: Path, folder: Path, *, force: bool) -> None:
    """Refuse, before the passphrase is asked, a file that export must not write."""
    try:
        inside = output.resolve().parent == folder.resolve()
    except (OSError, RuntimeError):  # a symlink loop: writing will say what is wrong
        inside = False
    if inside:
        raise PlanError(
            "Choose a file outside the plans folder: an export is not encrypted, "
            "and the plans folder is only for plan files."
        )
    if os.path.lexists(output) and not force:
        raise PlanError(f"{output} exists already. Add --force to replace it.")


def _guides_for_export() -> tuple[Guide, ...]:
    """The guides, for step titles and questions; none (with a note) if they cannot be read."""
    from safetyplan.content import load_guides

    try:
        return load_guides()
    except PlanError as error:
        # The person's answers matter more than the titles: export them under their ids.
        _warn(f"Note: the guides could not be read, so steps are shown by their ids ({error})")
        return ()


def _import(args: argparse.Namespace, folder: Path, source: str) -> int:
    from safetyplan.document import parse_import
    from safetyplan.storage import create_plan

    path = Path(args.file)
    try:
        if path.stat().st_size > _MAX_IMPORT:
            raise DocumentError("This file is too large to be a plan (the limit is 8 MiB).")
        data = path.read_bytes()
    except FileNotFoundError:
        raise PlanError(f"There is no file {path}.") from None
    except OSError as error:
        raise PlanError(f"The file {path} cannot be read ({describe_os_error(error)}).") from None
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise DocumentError(f"{path} is not a TOML plan: it is not UTF-8 text.") from None
    doc = parse_import(text)
    store = _store(folder)
    name = store.validate_name(args.name)
    prompter = Prompter()
    if store.exists(name):
        opened = _open(store, name, prompter)
        try:
            opened.replace_content(doc)
            opened.save()
        finally:
            opened.close()
        _say(f'Replaced the content of "{name}" with {path}. The earlier version is kept.')
        return 0
    passphrase = prompter.new_secret()
    create_plan(store, name, passphrase, work_factor=args.work_factor, document=doc).close()
    _say(f'Made the plan "{name}" from {path}.')
    return 0


def _restore(args: argparse.Namespace, folder: Path, source: str) -> int:
    from safetyplan.storage import open_backup, open_plan

    store = _store(folder)
    name = store.validate_name(args.name)
    if not store.backup_path(name).exists():
        raise PlanError(f'There is no earlier version of "{name}", so it cannot be restored.')
    prompter = Prompter()
    passphrase = prompter.secret(f'Passphrase for "{name}": ')
    if store.path(name).exists():
        try:
            open_plan(store, name, passphrase).close()
        except NewerVersionError:
            raise
        except PlanError:
            pass  # damaged (or another passphrase): the earlier version is the way back
        else:
            raise PlanError(f'The plan "{name}" opens, so it does not need restoring.')
    try:
        backup = open_backup(store, name, passphrase)
    except PlanError as error:
        raise PlanError(f"The earlier version does not open either. {error}") from None
    try:
        _say(f"The earlier version opens. It was saved {_when(backup.plan.updated)}.")
        question = (
            f'Use it as the plan "{name}"? The damaged file is kept as {name}.age.damaged. '
            "Type yes to go on: "
        )
        if not args.yes and not prompter.confirm(question, "yes"):
            _warn("Nothing was changed.")
            return 1
        backup.save()
    finally:
        backup.close()
    kept = f" The damaged file is kept as {backup.kept_aside.name}." if backup.kept_aside else ""
    _say(f'Restored "{name}" from its earlier version.{kept}')
    return 0


def _delete(args: argparse.Namespace, folder: Path, source: str) -> int:
    store = _store(folder)
    name = store.validate_name(args.name)
    if not store.exists(name) and not store.damaged_paths(name):
        from safetyplan.folder import not_found

        raise not_found(store, name)
    if not args.yes:
        question = (
            f'This deletes the plan "{name}" and its earlier version, for good. '
            "Type the plan's name to delete it: "
        )
        if not Prompter().confirm(question, name):
            _warn("Nothing was deleted.")
            return 1
    store.delete(name)
    _say(
        f'Deleted the plan "{name}". On some disks (SSDs, USB sticks) an expert may still '
        "find pieces of the deleted files; they stay encrypted."
    )
    return 0


def _rename(args: argparse.Namespace, folder: Path, source: str) -> int:
    store = _store(folder)
    store.rename(args.old, args.new)
    _say(f'Renamed "{store.validate_name(args.old)}" to "{store.validate_name(args.new)}".')
    return 0
