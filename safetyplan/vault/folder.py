"""The plans folder: which plans are there, their names, deleting and renaming them.

A plan called NAME lives in the plans folder as ``NAME.age``; its previous version is
``NAME.age.bak``; ``.NAME.lock`` is locked (flock) while a save runs; a save writes
``.NAME.<12 hex digits>.tmp`` first. A damaged file replaced by its previous version is
kept as ``NAME.age.damaged`` (then ``NAME.age.damaged-2`` and so on).

This module stays light (no cryptography, no TOML), so the start screen can list the
plans before anything heavy is imported. Opening and saving plans is in ``storage``.
"""

from __future__ import annotations

import builtins
import contextlib
import errno
import os
import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path

from safetyplan.errors import (
    BadPlanNameError,
    FolderError,
    PlanError,
    PlanExistsError,
    PlanNotFoundError,
    SaveFailedError,
    StorageError,
)
from safetyplan.vault import diskio
from safetyplan.vault.paths import check_private_folder, describe_os_error

LOCK_WAIT = 1.0
"""Seconds a save waits for another copy of the program to finish its own save."""
_NAME_EXTRA = frozenset(" -_.")


@dataclass(frozen=True)
class PlanInfo:
    """A plan found in the folder."""

    name: str
    modified: datetime | None
    """When the plan file last changed (UTC); None when its time is past what a date can
    hold (a file's time can be set to any number)."""
    has_backup: bool
    """Whether the previous version is kept."""


class PlanStore:
    """The plans in one folder. Nothing is read or made until a method needs it."""

    def __init__(self, folder: Path) -> None:
        """Use the plans in a folder (it is made, 0700, when the first plan is saved).

        Args:
            folder: The plans folder.
        """
        self.folder = folder

    def path(self, name: str) -> Path:
        """The plan file of a plan."""
        return self.folder / f"{name}.age"

    def backup_path(self, name: str) -> Path:
        """The file that keeps a plan's previous version."""
        return self.folder / f"{name}.age.bak"

    def lock_path(self, name: str) -> Path:
        """The file locked while a plan is being saved."""
        return self.folder / f".{name}.lock"

    def check_folder(self) -> None:
        """Refuse a folder that someone else could change (a missing one is fine).

        Listing, locking (every save, delete and rename) and reading a plan file check
        it; call it before asking for a passphrase, so a refusal comes first.

        Raises:
            FolderError: It belongs to another user, or others can write in it; the
                message says how to fix it.
        """
        check_private_folder(self.folder)

    def exists(self, name: str) -> bool:
        """Whether a plan with this name exists (its file, or only its previous version)."""
        return self.path(name).exists() or self.backup_path(name).exists()

    def damaged_paths(self, name: str) -> builtins.list[Path]:
        """Damaged files of this plan that a restore kept aside."""
        pattern = re.compile(re.escape(f"{name}.age.damaged") + r"(-[0-9]+)?")
        return sorted(p for p in self._entries() if pattern.fullmatch(p.name))

    def list(self) -> builtins.list[PlanInfo]:
        """The plans in the folder, most recently changed first (none if it is missing).

        Raises:
            FolderError: The folder exists but cannot be read.
        """
        found: builtins.list[PlanInfo] = []
        for path in self._entries():
            name = path.name[: -len(".age")]
            if not path.name.endswith(".age") or not _valid(name):
                continue
            try:
                mtime = path.stat().st_mtime
            except OSError:
                continue
            found.append(PlanInfo(name, _file_time(mtime), self.backup_path(name).exists()))
        # Unknown times last: a file's time says nothing when it is out of range.
        found.sort(key=lambda plan: (_newest_first(plan.modified), plan.name))
        return found

    @staticmethod
    def validate_name(name: str) -> str:
        """Check a plan name, and return it in its normal Unicode form (NFC).

        Args:
            name: The name a person typed.

        Returns:
            The name to use.

        Raises:
            BadPlanNameError: The name cannot be used; the message says why.
        """
        name = unicodedata.normalize("NFC", name)
        if not 1 <= len(name) <= 40:
            raise BadPlanNameError("A plan name needs 1 to 40 characters.")
        if name[0] in ". ":
            raise BadPlanNameError("A plan name cannot start with a dot or a space.")
        if name[-1] == " ":
            raise BadPlanNameError("A plan name cannot end with a space.")
        if not _valid(name):
            raise BadPlanNameError(
                "A plan name can only use letters, numbers, spaces, and the signs - _ and ."
            )
        return name

    def suggest_name(self) -> str:
        """A neutral name not used yet, like ``notes-3``.

        Never raises: when the folder cannot be read or is not safe, the first name is
        suggested, and saving says what is wrong.
        """
        number = 1
        try:
            while self.exists(f"notes-{number}") or self.damaged_paths(f"notes-{number}"):
                number += 1
        except (StorageError, OSError):
            return "notes-1"
        return f"notes-{number}"

    def delete(self, name: str) -> None:
        """Remove a plan: its file, previous version, damaged copies, lock and temp files.

        Raises:
            PlanNotFoundError: There is no such plan.
            PlanBusyError: Another copy of the program is saving it right now.
            StorageError: A file could not be removed.
        """
        name = self.validate_name(name)
        if not self.exists(name) and not self.damaged_paths(name):
            raise not_found(self, name)
        with self.locked(name, "deleted"):
            for path in [self.path(name), self.backup_path(name), *self.damaged_paths(name)]:
                _remove(path, "deleted")
            self.clean_temp(name)
            _remove(self.lock_path(name), "deleted")
            diskio.sync_folder(self.folder)

    def rename(self, old: str, new: str) -> None:
        """Give a plan another name (its previous version and damaged copies too).

        Raises:
            PlanNotFoundError: There is no plan called ``old``.
            PlanExistsError: A plan called ``new`` exists already.
            BadPlanNameError: ``new`` cannot be used.
            PlanBusyError: Another copy of the program is saving it right now.
            StorageError: A file could not be renamed.
        """
        old, new = self.validate_name(old), self.validate_name(new)
        if not self.exists(old):
            raise not_found(self, old)
        if self.exists(new) or self.damaged_paths(new):
            raise exists_error(new)
        with self.locked(old, "renamed"):
            moves = [(self.path(old), self.path(new))]
            moves.append((self.backup_path(old), self.backup_path(new)))
            for path in self.damaged_paths(old):
                moves.append((path, self.folder / (new + path.name[len(old) :])))
            for source, target in moves:
                if not source.exists():
                    continue
                try:
                    diskio.move_new(source, target)
                except FileExistsError:
                    raise exists_error(new) from None
                except OSError as error:
                    reason = describe_os_error(error)
                    raise StorageError(f"The plan could not be renamed ({reason}).") from None
            _remove(self.lock_path(old), "renamed")
            diskio.sync_folder(self.folder)

    @contextlib.contextmanager
    def locked(self, name: str, action: str, wait: float | None = None) -> Iterator[None]:
        """Hold the plan's lock file while changing its files.

        Args:
            name: The plan's name.
            action: What is being done, for the message if the lock cannot be made
                ("saved", "deleted", ...).
            wait: Seconds to wait for another copy of the program; default
                :data:`LOCK_WAIT`.

        Raises:
            PlanBusyError: Another copy of the program held the lock all that time.
            SaveError: The lock file cannot be made (read-only or full disk).
            FolderError: Someone else could change the folder.
            StorageError: The lock file is a link, or not a plain file of this user's.
        """
        self.check_folder()
        stack = contextlib.ExitStack()
        try:
            stack.enter_context(
                diskio.locked(self.lock_path(name), LOCK_WAIT if wait is None else wait)
            )
        except OSError as error:
            raise save_error(error, action) from None
        with stack:
            yield

    def clean_temp(self, name: str) -> None:
        """Remove leftover temp files of a plan (call with its lock held)."""
        pattern = diskio.temp_pattern(name)
        for path in self._entries():
            if pattern.fullmatch(path.name):
                with contextlib.suppress(OSError):
                    path.unlink()

    def clean_if_idle(self, name: str) -> None:
        """Remove leftover temp files of a plan, unless one of its saves is running now."""
        if any(diskio.temp_pattern(name).fullmatch(p.name) for p in self._entries()):
            with contextlib.suppress(PlanError, OSError), self.locked(name, "", wait=0):
                self.clean_temp(name)

    def _entries(self) -> builtins.list[Path]:
        self.check_folder()
        try:
            with os.scandir(self.folder) as entries:
                return [Path(entry.path) for entry in entries]
        except FileNotFoundError:
            return []
        except OSError as error:
            reason = describe_os_error(error)
            raise FolderError(
                f"The plans folder {self.folder} cannot be read ({reason})."
            ) from None


def local_time(moment: datetime | None) -> datetime | None:
    """A moment in this computer's time zone, or None when it cannot be shown there.

    Near the ends of the calendar a time in UTC can fall outside it once moved to the
    local zone (9999-12-31 23:00 UTC is already year 10000 in UTC+14), and a time
    without a zone may be one the system cannot place. Such a time is unknown.

    Args:
        moment: The moment, or None for an unknown one.

    Returns:
        The same moment in local time, or None.
    """
    if moment is None:
        return None
    try:
        return moment.astimezone()
    except (OverflowError, ValueError, OSError):
        return None


def _file_time(mtime: float) -> datetime | None:
    """A file's time in UTC; None when it is outside the years 1 to 9999."""
    try:
        return datetime.fromtimestamp(mtime, timezone.utc)
    except (OverflowError, ValueError, OSError):
        return None


def _newest_first(moment: datetime | None) -> tuple[bool, float]:
    return (True, 0.0) if moment is None else (False, -moment.timestamp())


def _valid(name: str) -> bool:
    return (
        0 < len(name) <= 40
        and name[0] not in ". "
        and all(c.isalnum() or c in _NAME_EXTRA for c in name)
    )


def not_found(store: PlanStore, name: str) -> PlanNotFoundError:
    """The error for a plan name with no file."""
    return PlanNotFoundError(f'There is no plan called "{name}" in {store.folder}.')


def exists_error(name: str) -> PlanExistsError:
    """The error for a plan name that is taken."""
    return PlanExistsError(f'A plan called "{name}" exists already. Choose another name.')


def save_error(error: OSError, action: str = "saved") -> SaveFailedError:
    """A kind message for a failed save (or delete, rename), saying what is kept.

    Args:
        error: What the system said.
        action: What was being done: "saved" (the default), "deleted", "renamed".

    Returns:
        The error. Its message is the app's, which says the changes are still there;
        its ``command_line`` says only that nothing was changed.
    """
    reason = describe_os_error(error)
    if error.errno == errno.ENOENT:
        reason = "the plans folder cannot be found (was a disk removed?)"
    if action not in ("saved", ""):
        message = f"The plan could not be {action} ({reason})."
        return SaveFailedError(message, f"{message} Nothing was changed.")
    advice = {
        errno.ENOSPC: " Free some space on the disk, then try again.",
        errno.EDQUOT: " Free some space on the disk, then try again.",
        errno.EROFS: " Use another folder or disk.",
    }.get(error.errno or 0, "")
    start = f"The plan could not be saved because {reason}."
    return SaveFailedError(
        f"{start} The file on disk has not been changed, and your changes are still here.{advice}",
        f"{start} Nothing was changed.{advice}",
    )


def _remove(path: Path, action: str) -> None:
    try:
        path.unlink()
    except FileNotFoundError:
        pass
    except OSError as error:
        reason = describe_os_error(error)
        raise StorageError(f"The file {path} could not be {action} ({reason}).") from None
