"""One plan's file on disk: read it, and replace it atomically, keeping the previous version.

Bytes only: what the file means is the plan layer's. A save is: take the plan's lock,
check that the file is still the one read (else refuse, for good), write a temp file,
flush it, keep the previous version as ``NAME.age.bak``, rename the temp file over the
plan, flush the folder.
"""

from __future__ import annotations

import contextlib
import os
from pathlib import Path

from safetyplan.errors import PlanChangedError, PlanError, StorageError
from safetyplan.vault import diskio
from safetyplan.vault.age import MAX_WORK_FACTOR, AgeSession
from safetyplan.vault.folder import PlanStore, exists_error, save_error
from safetyplan.vault.paths import describe_os_error, ensure_dir

MAX_FILE_SIZE = 9 * 1024 * 1024
"""The largest plan file we read: the largest plaintext (8 MiB) plus room for encryption."""
CHANGED = (
    "This plan was changed elsewhere since you opened it (another copy of the program "
    "saved it, or its passphrase was changed, or it was deleted or restored), so it was "
    "not saved here."
)
"""Why a save was refused. The open copy never writes the plan again after this."""


def read_plan_file(path: Path) -> bytes | None:
    """A plan file's bytes, or None if there is none.

    Raises:
        StorageError: It cannot be read, is not a regular file, or is far too large.
    """
    try:
        return diskio.read_file(path, MAX_FILE_SIZE)
    except OSError as error:
        reason = describe_os_error(error)
        raise StorageError(f"The file {path} cannot be read ({reason}).") from None


class PlanFile:
    """The file of one plan, as this program last read or wrote it."""

    def __init__(
        self,
        store: PlanStore,
        name: str,
        expected: bytes | None,
        *,
        new: bool = False,
        from_backup: bool = False,
    ) -> None:
        """Follow one plan's file.

        Args:
            store: The plans folder.
            name: The plan's name (its file is ``NAME.age``).
            expected: SHA-256 of the file as read (None: no file yet).
            new: The plan has no file yet; the first commit makes it, never over another.
            from_backup: The content came from the previous version; the first commit
                keeps the damaged file aside instead of making it the previous version.
        """
        self.store = store
        self.name = name
        self._expected = expected
        self._new = new
        self._from_backup = from_backup
        self._changed_elsewhere = False
        self.kept_aside: Path | None = None
        """Where the first commit of a plan opened from its previous version put the
        damaged file (``NAME.age.damaged``...), or None."""

    @property
    def from_backup(self) -> bool:
        """True until the first commit of a plan opened from its previous version."""
        return self._from_backup

    @property
    def changed_elsewhere(self) -> bool:
        """True once the file was found changed on disk since it was read here.

        From then on nothing is written for this plan again: the file may have a new
        passphrase because someone learned the old one, or have been deleted so that it
        is gone. Every commit raises :class:`PlanChangedError` at once.
        """
        return self._changed_elsewhere

    def renamed(self, name: str) -> PlanFile:
        """The same content as a new plan with another name (its first commit makes it)."""
        return PlanFile(self.store, name, None, new=True)

    def commit(self, data: bytes, *, drop_backup: bool = False) -> None:
        """Lock, check the file, temp file, fsync, keep the previous one, replace, fsync.

        With ``drop_backup`` the previous version is removed instead of kept, before
        the new file is put in place.

        Raises:
            PlanChangedError: The file changed since it was read here (this copy then
                never writes the plan again).
        """
        store, name = self.store, self.name
        main = store.path(name)
        if self._changed_elsewhere:
            raise PlanChangedError(CHANGED)
        if self._new:
            ensure_dir(store.folder)
        elif not os.path.lexists(main) and os.path.isdir(store.folder):
            # Deleted (a missing folder is more likely a disk taken out, which may come
            # back): do not make even its lock file again.
            self._changed_elsewhere = True
            raise PlanChangedError(CHANGED)
        try:
            with store.locked(name, "saved"):
                try:
                    self._write_locked(main, data, drop_backup=drop_backup)
                except BaseException:
                    if self._new and not os.path.lexists(main):
                        # A new plan that could not be made (a full disk) leaves no
                        # lock file behind.
                        with contextlib.suppress(OSError):
                            store.lock_path(name).unlink()
                    raise
        except FileExistsError:
            raise exists_error(name) from None  # made by another program meanwhile
        except OSError as error:
            raise save_error(error) from None

    def _write_locked(self, main: Path, data: bytes, *, drop_backup: bool) -> None:
        """The part of :meth:`commit` done with the plan's lock held."""
        store, name = self.store, self.name
        current = diskio.read_file(main, MAX_FILE_SIZE)
        if self._new and (current is not None or store.exists(name)):
            raise exists_error(name)
        if not self._new and diskio.digest(current) != self._expected:
            self._changed_elsewhere = True
            if current is None:  # deleted meanwhile: leave no lock file behind
                with contextlib.suppress(OSError):
                    store.lock_path(name).unlink()
            raise PlanChangedError(CHANGED)
        # The new file is written and flushed first; only then, with a passphrase
        # change, is the previous version (under the old passphrase) removed, and then
        # the new file takes the plan's place. A stop at any point leaves a plan that
        # opens with one of the two passphrases, and never both beside each other.
        temp = diskio.write_temp(store.folder, name, data)
        try:
            if drop_backup:
                _drop_backup(store, name)
            if self._new:
                diskio.move_new(temp, main)
            else:
                if current is not None and self._from_backup:
                    if self.kept_aside is None:  # not already, by a failed save
                        self.kept_aside = _keep_aside(store, name, current)
                elif current is not None and not drop_backup:
                    diskio.replace_with_copy(main, store.backup_path(name), current, name)
                os.replace(temp, main)
        except BaseException:
            with contextlib.suppress(OSError):
                temp.unlink()
            raise
        self._expected = diskio.digest(data)
        self._new = self._from_backup = False
        diskio.sync_folder(store.folder)


def _drop_backup(store: PlanStore, name: str) -> None:
    """Remove the previous version, which uses the old passphrase, and make that durable.

    Raises:
        StorageError: It could not be removed; nothing else was changed.
    """
    try:
        store.backup_path(name).unlink(missing_ok=True)
    except OSError as error:
        raise StorageError(
            "The passphrase was not changed: the earlier version, which uses the old "
            f"passphrase, could not be removed ({describe_os_error(error)}). "
            f"Please delete the file {store.backup_path(name)}, then try again."
        ) from None
    diskio.sync_folder(store.folder)


def _keep_aside(store: PlanStore, name: str, data: bytes) -> Path:
    """Keep a damaged plan file as ``NAME.age.damaged`` (never over an older one)."""
    number = 1
    while True:
        suffix = "" if number == 1 else f"-{number}"
        try:
            target = store.folder / f"{name}.age.damaged{suffix}"
            diskio.link_new(store.path(name), target, data, name)
            return target
        except FileExistsError:
            number += 1


def relock_damaged(
    file: PlanFile, old: AgeSession, new: AgeSession, old_passphrase: str | None
) -> list[Path]:
    """Lock the damaged copies of a plan that the old passphrase opens with the new one.

    Args:
        file: The plan's file.
        old: The session of the old passphrase (reused for copies with its header).
        new: The session of the new passphrase.
        old_passphrase: The old passphrase, for copies made under another salt.

    Returns:
        The copies now locked with the new passphrase.

    Raises:
        StorageError: A copy could not be written; the message names it.
    """
    store, name = file.store, file.name
    relocked = []
    for path in store.damaged_paths(name):
        try:
            data = read_plan_file(path)
            if data is None:
                continue
            _, plaintext = unlock(data, old_passphrase or "", MAX_WORK_FACTOR, old)
        except PlanError:
            continue  # it does not open with the old passphrase either
        try:
            temp = diskio.write_temp(store.folder, name, new.encrypt(plaintext))
            os.replace(temp, path)
        except OSError as error:
            raise StorageError(
                f"The passphrase was changed, but the damaged copy {path.name} still "
                f"uses the old one ({describe_os_error(error)}). Please delete it."
            ) from None
        relocked.append(path)
    if relocked:
        diskio.sync_folder(store.folder)
    return relocked


def unlock(
    data: bytes, passphrase: str, max_work_factor: int, session: AgeSession | None = None
) -> tuple[AgeSession, bytes]:
    """Decrypt a plan file, reusing a session when the file has its header.

    Returns:
        The session that opened the file, and the plaintext.

    Raises:
        AgeError: As in :meth:`AgeSession.unlock`.
    """
    if session is not None and data.startswith(session.header):
        return session, session.decrypt(data)
    return AgeSession.unlock(data, passphrase, max_work_factor=max_work_factor)
