"""The command line: open the app, or manage plans (new, list, check, export, ...).

Heavy modules (cryptography, the storage code) are imported only by the commands
that need them, so opening the app stays fast.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Callable
from pathlib import Path

from safetyplan import __version__
from safetyplan.cli.common import (
    PROG,
    UNLOCK_MEMORY,
    Parser,
    fail,
    out_of_memory,
    warn,
)
from safetyplan.errors import PlanChangedError, PlanError, TwoWordings, short_of_memory
from safetyplan.protect import protect_process
from safetyplan.vault.paths import ENV_DIR, config_dir, data_dir, data_dir_source, describe_os_error

EXPORT_FORMATS = ("toml", "markdown", "text")
"""Formats for ``export``: the plan document itself, or the review for reading and printing."""
_CHANGED = (
    "This plan was changed by another copy of the program while this command ran, so "
    "nothing was saved. Run the command again."
)


def main(argv: list[str] | None = None) -> int:
    """Run the program.

    Args:
        argv: The arguments (without the program name); None for ``sys.argv[1:]``.

    Returns:
        The exit status: 0 done, 1 a problem explained on stderr, 2 bad usage.
    """
    protect_process()  # first: no core dump may ever hold a passphrase or a plan
    try:
        return _main(argv)
    except MemoryError:
        return out_of_memory()


def _main(argv: list[str] | None) -> int:
    args = app_options(sys.argv[1:] if argv is None else argv)
    if args is None:  # a command, --help, --version, or something to explain
        try:
            args = build_parser().parse_args(argv)
        except SystemExit as stop:  # --help, --version, or bad usage (2)
            return 0 if stop.code is None else stop.code if isinstance(stop.code, int) else 2
    try:
        folder, source = _folder(args)
    except RuntimeError:  # "~someone" for a user this computer does not know
        fail("That folder name starts with ~ and a user name this computer does not know.")
        return 1
    try:
        if args.command is None:
            from safetyplan.hygiene import scrub_environment

            scrub_environment()  # before the toolkit is imported: no logs, no screenshots
            if args.plain or os.environ.get("TERM") == "dumb":
                return _run_plain(folder)
            return _run_app(folder, mouse=not args.no_mouse, accessible=args.accessible)
        handler: Callable[[argparse.Namespace, Path, str], int] = args.handler
        return handler(args, folder, source)
    except (KeyboardInterrupt, EOFError):
        warn("Stopped.")
        return 1
    except PlanError as error:
        fail(_command_line_words(error))
        return 1
    except MemoryError:
        return out_of_memory()
    except BrokenPipeError:
        # The reader went away (e.g. `export | head`); stop quietly.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 1
    except OSError as error:
        fail(f"A file could not be used ({describe_os_error(error)}).")
        return 1
    except Exception as error:  # never a traceback: it could show what a plan holds
        if short_of_memory(error):  # a library that could not be loaded, say
            return out_of_memory()
        fail(
            f"Something went wrong inside the program ({type(error).__name__}). "
            "Your plan file is safe: saves never change it part way."
        )
        return 1


def _command_line_words(error: PlanError) -> str:
    """The words for a command, whose process ends: the app's may say changes are kept."""
    if short_of_memory(error):
        return UNLOCK_MEMORY
    if isinstance(error, TwoWordings):
        return error.command_line
    if isinstance(error, PlanChangedError):
        return _CHANGED
    return str(error)


def app_options(argv: list[str]) -> argparse.Namespace | None:
    """Read the arguments of a plain start of the app without argparse.

    Building the full parser costs a few per cent of the time to the first frame, so the
    common starts (no arguments, ``--dir DIR``, ``--no-mouse``, ``--accessible``,
    ``--plain``) are read here. They mean exactly what :func:`build_parser` makes of them.

    Returns:
        The options, or None for anything else (argparse then reads the arguments).
    """
    args = argparse.Namespace(command=None, dir=None, no_mouse=False, accessible=False, plain=False)
    rest = list(argv)
    while rest:
        arg = rest.pop(0)
        if arg == "--no-mouse":
            args.no_mouse = True
        elif arg == "--accessible":
            args.accessible = True
        elif arg == "--plain":
            args.plain = True
        elif arg.startswith("--dir=") and len(arg) > len("--dir="):
            args.dir = arg[len("--dir=") :]
        elif arg == "--dir" and rest and not rest[0].startswith("-"):
            args.dir = rest.pop(0)
        else:
            return None
    return args


def build_parser() -> argparse.ArgumentParser:
    """The argument parser, with help for every command."""
    from safetyplan.cli import commands as cli_commands

    parser = Parser(
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
    parser.add_argument(
        "--plain",
        action="store_true",
        help="open the app as plain lines, one answer per line, with no screen drawing "
        "(for screen readers and slow links; chosen by itself when TERM=dumb)",
    )
    parser.set_defaults(command=None)
    subparsers = parser.add_subparsers(title="commands", metavar="COMMAND")

    def command(name: str, handler: Callable[..., int], summary: str) -> argparse.ArgumentParser:
        sub = subparsers.add_parser(name, help=summary, description=summary)
        sub.set_defaults(command=name, handler=handler)
        return sub

    sub = command("new", cli_commands.new_plan, "Make a new plan, locked with a passphrase.")
    sub.add_argument("name", metavar="NAME", help="the new plan's name")
    _work_factor_option(sub)
    command("list", cli_commands.list_plans, "List the plans in the plans folder.")
    command("where", cli_commands.where, "Show the folders in use and where they come from.")
    command(
        "guides", cli_commands.check_guides, "Check the guide files strictly and list the guides."
    )
    sub = command(
        "check",
        cli_commands.check_plan,
        "Open a plan, check it, and report on its earlier version.",
    )
    sub.add_argument("name", metavar="NAME", help="the plan's name")
    sub = command("passwd", cli_commands.change_passphrase, "Change a plan's passphrase.")
    sub.add_argument("name", metavar="NAME", help="the plan's name")
    _work_factor_option(sub)
    sub = command(
        "export", cli_commands.export_plan, "Write a plan out as text. The text is NOT encrypted."
    )
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
    sub = command(
        "import", cli_commands.import_plan, "Make a plan, or replace its content, from a TOML file."
    )
    sub.add_argument("name", metavar="NAME", help="the plan's name (made if it does not exist)")
    sub.add_argument("file", metavar="FILE", help="a TOML plan, as written by export")
    _work_factor_option(sub)
    sub = command(
        "restore", cli_commands.restore_plan, "Use the earlier version of a damaged plan."
    )
    sub.add_argument("name", metavar="NAME", help="the plan's name")
    sub.add_argument("--yes", action="store_true", help="do not ask before restoring")
    sub = command("delete", cli_commands.delete_plan, "Delete a plan and its earlier version.")
    sub.add_argument("name", metavar="NAME", help="the plan's name")
    sub.add_argument("--yes", action="store_true", help="do not ask to type the name")
    sub = command("rename", cli_commands.rename_plan, "Give a plan another name.")
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


def _run_plain(folder: Path) -> int:
    # The plain line mode never imports the toolkit, and finds the settings folder only
    # when a plan is opened, so its first question comes quickly.
    from safetyplan.line import run_plain

    return run_plain(folder)


def _run_app(folder: Path, *, mouse: bool, accessible: bool) -> int:
    # Imports the toolkit: main() has scrubbed the environment before this.
    from safetyplan.tui.run import run_app

    return run_app(folder, mouse=mouse, accessible=accessible, config_folder=config_dir())
