"""The commands of the command line: new, list, where, guides, check, passwd, export, ...

Each takes the parsed arguments, the plans folder and where its name came from
(``"--dir"``, ``"SAFETYPLAN_DIR"`` or ``"default"``), and returns the exit status (0 done,
1 a problem already explained). Any other problem is raised as a :class:`PlanError`,
which :func:`safetyplan.cli.main` shows as one kind line. Every line shown goes through
``say``, ``warn`` or ``fail``, which make names, titles and file names safe to show.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from safetyplan.cli.common import (
    PROG,
    UNLOCK_MEMORY,
    Prompter,
    check_output,
    fail,
    read_import,
    say,
    warn,
)
from safetyplan.errors import (
    AgeError,
    DocumentError,
    NewerVersionError,
    NotEnoughMemoryError,
    PlanError,
    WrongPassphraseError,
    short_of_memory,
)
from safetyplan.vault.paths import ENV_DIR, config_dir

if TYPE_CHECKING:
    from safetyplan.guides.content import Guide
    from safetyplan.plan.storage import OpenPlan
    from safetyplan.vault.folder import PlanStore

_NOT_ENCRYPTED = (
    "Note: {path} is not encrypted. Anyone who can open it can read your plan. "
    "Delete it when you no longer need it."
)


def _store(folder: Path) -> PlanStore:
    """The plans in a folder, refused first if someone else could change it."""
    from safetyplan.vault.folder import PlanStore

    store = PlanStore(folder)
    store.check_folder()  # before any passphrase is asked
    return store


def _open(store: PlanStore, name: str, prompter: Prompter) -> OpenPlan:
    return _open_keeping_passphrase(store, name, prompter)[0]


def _open_keeping_passphrase(
    store: PlanStore, name: str, prompter: Prompter
) -> tuple[OpenPlan, str]:
    """Ask for the passphrase and open the plan; the passphrase comes back too."""
    from safetyplan.plan.storage import open_plan
    from safetyplan.vault.folder import not_found

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
        return open_plan(store, name, passphrase), passphrase
    except (AgeError, DocumentError) as error:
        if short_of_memory(error):
            raise NotEnoughMemoryError(UNLOCK_MEMORY) from None
        damaged = not isinstance(error, (WrongPassphraseError, NewerVersionError))
        if damaged and store.backup_path(name).exists():
            raise PlanError(
                f"{error} An earlier version is kept: run `{PROG} check {name}` to see if it opens."
            ) from None
        raise


def _when(moment: object) -> str:
    """When a plan was saved, in local time: "on 2024-05-02 at 11:00", or "at an unknown
    time" when there is no time or it cannot be shown here."""
    from datetime import datetime

    from safetyplan.vault.folder import local_time

    local = local_time(moment) if isinstance(moment, datetime) else None
    return "at an unknown time" if local is None else f"on {local:%Y-%m-%d at %H:%M}"


def new_plan(args: argparse.Namespace, folder: Path, source: str) -> int:
    """``new NAME``: make a plan, locked with a new passphrase."""
    from safetyplan.plan.storage import create_plan
    from safetyplan.vault.folder import exists_error
    from safetyplan.vault.paths import ensure_dir

    store = _store(folder)
    name = store.validate_name(args.name)
    if store.exists(name):
        raise exists_error(name)
    ensure_dir(folder)
    prompter = Prompter()
    if prompter.interactive:
        warn(
            "A forgotten passphrase cannot be recovered, by anyone. Choose one you will "
            "remember, or write it down and keep it somewhere safe."
        )
    passphrase = prompter.new_secret()
    create_plan(store, name, passphrase, work_factor=args.work_factor)
    say(f'Made the plan "{name}" in {folder}.')
    return 0


def list_plans(args: argparse.Namespace, folder: Path, source: str) -> int:
    """``list``: the plans in the folder, most recently saved first."""
    plans = _store(folder).list()
    if not plans:
        say(f"No plans yet in {folder}.")
        return 0
    width = max(len(plan.name) for plan in plans)
    for plan in plans:
        say(f"{plan.name.ljust(width)}  last saved {_when(plan.modified)}")
    return 0


def where(args: argparse.Namespace, folder: Path, source: str) -> int:
    """``where``: the folders in use, and where their names come from."""
    origin = {
        "--dir": "set with --dir",
        ENV_DIR: f"set by the {ENV_DIR} environment variable",
    }.get(source, "the default")
    if folder.is_dir():
        state = ""
    elif os.path.lexists(folder):
        state = ", which is a file, not a folder"
    else:
        state = ", not made yet"
    say(f"Plans folder:    {folder} ({origin}{state})")
    say(f"Settings folder: {config_dir()}")
    if folder.is_dir():
        from safetyplan.vault.paths import check_private_folder

        try:
            check_private_folder(folder)
        except PlanError as error:
            warn(f"Note: {error}")
    return 0


def check_guides(args: argparse.Namespace, folder: Path, source: str) -> int:
    """``guides``: check the guide files strictly and list them.

    For people who write guides: the app reads them only when a plan is opened.
    """
    from safetyplan.guides.content import guides_dir, load_guides

    guides = load_guides()  # a problem names the file and the place, on one line
    for guide in guides:
        say(f"{guide.id}: {guide.title} ({len(guide.steps)} steps)")
    say(f"The guides in {guides_dir()} are all correct.")
    return 0


def check_plan(args: argparse.Namespace, folder: Path, source: str) -> int:
    """``check NAME``: open a plan and its earlier version, and say what was found."""
    from safetyplan.plan.checkup import check

    store = _store(folder)
    name = store.validate_name(args.name)
    if not store.exists(name):
        from safetyplan.vault.folder import not_found

        raise not_found(store, name)
    passphrase = Prompter().secret(f'Passphrase for "{name}": ')
    guides = None
    try:
        from safetyplan.guides.content import load_guides

        guides = load_guides()
    except PlanError:
        warn("Note: the guides could not be read, so the plan was not compared with them.")
    report = check(store, name, passphrase, guides=guides)
    plan, backup = report.plan, report.backup
    if plan is None:
        say(f'The plan file of "{name}" is missing.')
    elif plan.opens:
        say(f'The plan "{name}" opens. It was last saved {_when(plan.updated)}.')
        for note in report.notes:
            say(note)
    else:
        say(f'The plan "{name}" does not open. {plan.problem}')
    if backup is None:
        say("There is no earlier version.")
    elif backup.opens:
        say(f"The earlier version opens. It was saved {_when(backup.updated)}.")
    else:
        say(f"The earlier version does not open. {backup.problem}")
    for damaged in report.damaged:
        say(f"A damaged copy is kept as {damaged}.")
    if report.can_restore:
        say(f"To use the earlier version, run: {PROG} restore {name}")
    if not report.ok:
        fail(plan.problem if plan else f'The plan file of "{name}" is missing.')
        return 1
    return 0


def change_passphrase(args: argparse.Namespace, folder: Path, source: str) -> int:
    """``passwd NAME``: lock a plan with a new passphrase."""
    store = _store(folder)
    prompter = Prompter()
    opened, old = _open_keeping_passphrase(store, args.name, prompter)
    try:
        passphrase = prompter.new_secret()
        had_backup = store.backup_path(opened.name).exists()
        relocked = opened.change_passphrase(
            passphrase, work_factor=args.work_factor, old_passphrase=old
        )
    finally:
        opened.close()
    say("The passphrase is changed.")
    if had_backup:
        say("The earlier version, which used the old passphrase, was removed.")
    for path in relocked:
        say(f"The damaged copy {path.name} now uses the new passphrase too.")
    for path in store.damaged_paths(opened.name):
        if path not in relocked:
            warn(
                f"Note: {path.name} is an old damaged copy that does not open. "
                "Delete it if you do not need it."
            )
    return 0


def export_plan(args: argparse.Namespace, folder: Path, source: str) -> int:
    """``export NAME``: the plan as TOML, Markdown or text, on the screen or in a file."""
    output = Path(args.output).expanduser() if args.output not in (None, "-") else None
    if output is not None:
        check_output(output, folder, force=args.force)
    guides = _guides_for_export() if args.format != "toml" else ()
    opened = _open(_store(folder), args.name, Prompter())
    try:
        if args.format == "toml":
            text = opened.to_toml()
        else:
            from safetyplan.plan.export import render_markdown, render_text

            render = render_markdown if args.format == "markdown" else render_text
            text = render(opened.plan, guides).rstrip("\n") + "\n"
    finally:
        opened.close()
    if output is None:
        if sys.stdout.isatty():
            warn(
                "Note: the plan is shown as plain text on this screen. Clear the screen and "
                "its scrollback when you are done, or use -o FILE."
            )
        sys.stdout.flush()
        sys.stdout.buffer.write(text.encode("utf-8"))
        sys.stdout.buffer.flush()
        return 0
    from safetyplan.plan.export import write_new_file

    write_new_file(output, text, overwrite=args.force)
    warn(_NOT_ENCRYPTED.format(path=output))
    say(f'Wrote the plan "{opened.name}" to {output}.')
    return 0


def _guides_for_export() -> tuple[Guide, ...]:
    """The guides, for step titles and questions; none (with a note) if they cannot be read."""
    from safetyplan.guides.content import load_guides

    try:
        return load_guides()
    except PlanError as error:
        # The person's answers matter more than the titles: export them under their ids.
        warn(f"Note: the guides could not be read, so steps are shown by their ids ({error})")
        return ()


def import_plan(args: argparse.Namespace, folder: Path, source: str) -> int:
    """``import NAME FILE``: make a plan, or replace its content, from a TOML file."""
    from safetyplan.plan.document import parse_import
    from safetyplan.plan.storage import create_plan

    path = Path(args.file)
    data = read_import(path)
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
        say(f'Replaced the content of "{name}" with {path}. The earlier version is kept.')
        return 0
    passphrase = prompter.new_secret()
    create_plan(store, name, passphrase, work_factor=args.work_factor, document=doc).close()
    say(f'Made the plan "{name}" from {path}.')
    return 0


def restore_plan(args: argparse.Namespace, folder: Path, source: str) -> int:
    """``restore NAME``: use the earlier version of a damaged plan."""
    from safetyplan.plan.storage import open_backup, open_plan

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
        except PlanError as error:
            if short_of_memory(error):
                raise NotEnoughMemoryError(UNLOCK_MEMORY) from None
            # damaged (or another passphrase): the earlier version is the way back
        else:
            raise PlanError(f'The plan "{name}" opens, so it does not need restoring.')
    try:
        backup = open_backup(store, name, passphrase)
    except PlanError as error:
        if short_of_memory(error):
            raise NotEnoughMemoryError(UNLOCK_MEMORY) from None
        raise PlanError(f"The earlier version does not open either. {error}") from None
    try:
        say(f"The earlier version opens. It was saved {_when(backup.plan.updated)}.")
        question = (
            f'Use it as the plan "{name}"? The damaged file is kept as {name}.age.damaged. '
            "Type yes to go on: "
        )
        if not args.yes and not prompter.confirm(question, "yes"):
            warn("Nothing was changed.")
            return 1
        backup.save()
    finally:
        backup.close()
    kept = f" The damaged file is kept as {backup.kept_aside.name}." if backup.kept_aside else ""
    say(f'Restored "{name}" from its earlier version.{kept}')
    return 0


def delete_plan(args: argparse.Namespace, folder: Path, source: str) -> int:
    """``delete NAME``: delete a plan and its earlier version."""
    store = _store(folder)
    name = store.validate_name(args.name)
    if not store.exists(name) and not store.damaged_paths(name):
        from safetyplan.vault.folder import not_found

        raise not_found(store, name)
    if not args.yes:
        question = (
            f'This deletes the plan "{name}" and its earlier version, for good. '
            "Type the plan's name to delete it: "
        )
        if not Prompter().confirm(question, name):
            warn("Nothing was deleted.")
            return 1
    store.delete(name)
    say(
        f'Deleted the plan "{name}". On some disks (SSDs, USB sticks) an expert may still '
        "find pieces of the deleted files; they stay encrypted."
    )
    return 0


def rename_plan(args: argparse.Namespace, folder: Path, source: str) -> int:
    """``rename OLD NEW``: give a plan another name."""
    store = _store(folder)
    store.rename(args.old, args.new)
    say(f'Renamed "{store.validate_name(args.old)}" to "{store.validate_name(args.new)}".')
    return 0
