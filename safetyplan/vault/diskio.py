"""Careful file operations for plan files: private temp files, locks and atomic renames.

Every function here lets :class:`OSError` through; :mod:`safetyplan.plan.storage` turns it
into a kind message. A file that is not what it should be (a link, a pipe, a device,
another user's file) is refused with a :class:`StorageError` that says so.

Files are opened with ``O_NOFOLLOW``, so a link planted at a file's name never makes
this program read or change a file somewhere else; new files are made with ``O_EXCL``;
and every file opened for writing is checked, once open, to be a regular file of this
user's with no other name.
"""

from __future__ import annotations

import contextlib
import errno
import os
import re
import stat
import time
from collections.abc import Iterator
from pathlib import Path

from safetyplan.errors import FileChangedError, FileTooLargeError, PlanBusyError, StorageError
from safetyplan.vault.paths import check_private_folder

O_CLOEXEC = getattr(os, "O_CLOEXEC", 0)
O_NOFOLLOW = getattr(os, "O_NOFOLLOW", 0)
"""Refuse to open a link: the error is ELOOP (EMLINK on some BSDs)."""
_NEVER_WAIT = getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0)
"""A pipe or a terminal at a file's name must not make an open hang or take a terminal."""
NO_LINKS = frozenset(
    {errno.EPERM, errno.EXDEV, errno.EMLINK, errno.ENOSYS, errno.EOPNOTSUPP, errno.ENOTSUP}
)
"""Errors of ``os.link`` on disks that have no hard links (FAT, some network disks)."""
BUSY = "Another copy of this program is saving this plan right now. Wait a moment, then try again."


def temp_path(folder: Path, stem: str) -> Path:
    """A new temp file name ``.STEM.<12 hex digits>.tmp`` in the folder."""
    return folder / f".{stem}.{os.urandom(6).hex()}.tmp"


def temp_pattern(stem: str) -> re.Pattern[str]:
    """Matches the temp file names of exactly this stem.

    Hex digits only, so ``.a.b.<hex>.tmp`` (a temp file of ``a.b``) is never taken for
    one of ``a``.
    """
    return re.compile(r"\." + re.escape(stem) + r"\.[0-9a-f]{12}\.tmp")


@contextlib.contextmanager
def locked(path: Path, wait: float) -> Iterator[None]:
    """Hold an exclusive flock on a 0600 lock file, waiting a little if it is held.

    Args:
        path: The lock file (made if missing, never removed here).
        wait: Seconds to keep trying; 0 tries once.

    Raises:
        PlanBusyError: Another process held the lock all that time.
        OSError: The lock file cannot be made.
    """
    fd = _open_lock_file(path)
    try:
        make_private(fd)
        _flock(fd, wait)
        yield
    finally:
        os.close(fd)  # closing the file releases the lock


def _open_lock_file(path: Path) -> int:
    """Make the lock file (``O_EXCL``), or open the one there; never through a link."""
    flags = os.O_RDWR | O_NOFOLLOW | _NEVER_WAIT | O_CLOEXEC
    advice = "Remove it, then try again."
    while True:
        try:
            fd = os.open(path, flags | os.O_CREAT | os.O_EXCL, 0o600)
            break
        except FileExistsError:
            pass
        try:
            # Looked at before it is opened: opening a device can make it do something.
            mode = os.lstat(path).st_mode
            if stat.S_ISLNK(mode):
                raise _refused(path, "is a link to another file", advice)
            if not stat.S_ISREG(mode):
                raise _refused(path, "is not a plain file", advice)
            fd = _open(path, flags, advice)
            break
        except FileNotFoundError:
            continue  # removed meanwhile (a plan being deleted): make it again
    try:
        check_own_file(fd, path, advice)
    except BaseException:
        os.close(fd)
        raise
    return fd


def _open(path: Path, flags: int, advice: str) -> int:
    """``os.open`` with ``O_NOFOLLOW``; a link or a folder at the name is a StorageError."""
    try:
        return os.open(path, flags | O_NOFOLLOW)
    except IsADirectoryError:  # opened for writing
        raise _refused(path, "is not a plain file", advice) from None
    except OSError as error:
        if error.errno in (errno.ELOOP, errno.EMLINK) and os.path.islink(path):
            raise _refused(path, "is a link to another file", advice) from None
        raise


def _refused(path: Path, problem: str, advice: str) -> StorageError:
    return StorageError(f"{path} {problem}, so this program does not use it. {advice}")


def check_own_file(fd: int, path: Path, advice: str) -> None:
    """Refuse an open file that is not a regular file of this user's with one name.

    Called right after opening a file for writing, before anything is written or its
    mode is changed: the check is on the file that is open, so it cannot be swapped
    between the check and the use.

    Args:
        fd: The open file.
        path: Its name, for the message.
        advice: What the person can do, for the message.

    Raises:
        StorageError: It is a folder, pipe, device or socket, belongs to another user,
            or has another name too (a hard link).
    """
    info = os.fstat(fd)
    if not stat.S_ISREG(info.st_mode):
        problem = "is not a plain file"
    elif hasattr(os, "geteuid") and info.st_uid != os.geteuid():
        problem = "belongs to another user"
    elif info.st_nlink > 1:
        problem = "is also a file somewhere else (a hard link)"
    else:
        return
    raise _refused(path, problem, advice)


def _flock(fd: int, wait: float) -> None:
    try:
        import fcntl
    except ImportError:  # pragma: no cover - not POSIX; the content check still protects
        return
    deadline = time.monotonic() + wait
    while True:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            return
        except BlockingIOError:
            if time.monotonic() >= deadline:
                raise PlanBusyError(BUSY) from None
            time.sleep(0.02)
        except OSError as error:
            if error.errno in (errno.ENOLCK, errno.EOPNOTSUPP, errno.EINVAL):
                return  # this disk cannot lock files; the content check still protects
            raise


def make_private(fd: int) -> None:
    """Make an open file 0600 whatever the umask (some disks, like FAT, cannot)."""
    with contextlib.suppress(OSError):
        os.fchmod(fd, 0o600)


def read_file(path: Path, limit: int, *, strict: bool = True) -> bytes | None:
    """A whole regular file, or None if there is none.

    The file is looked at before it is opened, and anything but a regular file is
    refused unopened: opening a device can make it do something (rewind a tape, say).
    Once open, it must be the very file that was looked at; if it was swapped for
    another meanwhile, it is looked at again (a save by another copy of the program
    replaces a plan file), a few times at most.

    Args:
        path: The file.
        limit: The largest size accepted, in bytes.
        strict: The file is one of this program's own (a plan, the settings): a link
            at its name is refused, and so is a folder that others can change (see
            :func:`safetyplan.vault.paths.check_private_folder`). False for a file a person
            names (one to import), which may be anywhere and may be a link.

    Raises:
        StorageError: Not a regular file (a FIFO would hang a read, a device may never
            end), a link, or in a folder that is not safe.
        FileChangedError: It was swapped for another file each time it was opened.
        FileTooLargeError: Over the limit; at most ``limit`` and one chunk were read.
        OSError: It cannot be read.
    """
    if strict:
        check_private_folder(path.parent)
    for _ in range(_OPEN_TRIES):
        try:
            looked = _look(path, strict=strict)
            fd = _open_read(path, strict=strict)
        except FileNotFoundError:
            return None
        try:
            info = os.fstat(fd)
            if (info.st_dev, info.st_ino) == (looked.st_dev, looked.st_ino):
                return _read_all(fd, info, path, limit)
        finally:
            os.close(fd)
    raise FileChangedError(
        f"{path} was changed by something else while it was being opened, so it was not "
        "read. Wait a moment, then try again."
    )


_OPEN_TRIES = 3
"""How many times :func:`read_file` opens a file that is swapped for another meanwhile."""
_USE_THE_FILE = "Put the real file in the folder instead of the link."


def _look(path: Path, *, strict: bool) -> os.stat_result:
    """The file at a name, refused unless it is a regular file (and, if strict, no link)."""
    if strict:
        info = os.lstat(path)
        if stat.S_ISLNK(info.st_mode):
            raise _refused(path, "is a link to another file", _USE_THE_FILE)
    else:
        info = os.stat(path)
    if not stat.S_ISREG(info.st_mode):
        raise StorageError(f"{path} is not a plan file.")
    return info


def _open_read(path: Path, *, strict: bool) -> int:
    flags = os.O_RDONLY | _NEVER_WAIT | O_CLOEXEC
    return _open(path, flags, _USE_THE_FILE) if strict else os.open(path, flags)


def _read_all(fd: int, info: os.stat_result, path: Path, limit: int) -> bytes:
    """The bytes of an open regular file, at most ``limit``."""
    too_large = FileTooLargeError(f"{path} is much larger than any plan, so it is not opened.")
    if info.st_size > limit:
        raise too_large
    chunks: list[bytes] = []
    size = 0
    while chunk := os.read(fd, 1 << 20):
        chunks.append(chunk)
        size += len(chunk)
        if size > limit:  # it grew, or it is a file (/proc) whose size says 0
            raise too_large
    return b"".join(chunks)


def write_temp(folder: Path, stem: str, data: bytes) -> Path:
    """Write bytes to a new 0600 temp file in the folder and flush them to the disk.

    Returns:
        The temp file. On any error it is removed before the error goes on.
    """
    while True:
        path = temp_path(folder, stem)
        try:
            flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | O_NOFOLLOW | _NEVER_WAIT | O_CLOEXEC
            fd = os.open(path, flags, 0o600)
            break
        except FileExistsError:
            continue
    try:
        check_own_file(fd, path, "Check the folder, then try again.")
        make_private(fd)
        view = memoryview(data)
        while view:
            view = view[os.write(fd, view) :]
        os.fsync(fd)
    except BaseException:
        os.close(fd)
        with contextlib.suppress(OSError):
            path.unlink()
        raise
    os.close(fd)
    return path


def move_new(source: Path, target: Path) -> None:
    """Rename a file to a name that must not exist yet.

    Raises:
        FileExistsError: ``target`` exists; nothing was changed.
    """
    try:
        os.link(source, target)  # fails if target exists: no race with another writer
    except OSError as error:
        if error.errno not in NO_LINKS:
            raise
        if os.path.lexists(target):  # a link there counts too, even one to nowhere
            raise FileExistsError(errno.EEXIST, "exists", str(target)) from None
        os.replace(source, target)
        return
    source.unlink()


def link_new(source: Path, target: Path, data: bytes, stem: str) -> None:
    """Make ``target`` (which must not exist) a copy of ``source``, whose bytes are ``data``.

    Raises:
        FileExistsError: ``target`` exists; nothing was changed.
    """
    try:
        os.link(source, target)
    except OSError as error:
        if error.errno not in NO_LINKS:
            raise
        move_new(write_temp(target.parent, stem, data), target)


def replace_with_copy(source: Path, target: Path, data: bytes, stem: str) -> None:
    """Make ``target`` a copy of ``source`` (whose bytes are ``data``) in one atomic step."""
    temp = temp_path(target.parent, stem)
    try:
        os.link(source, temp)  # a hard link: no data to write, nothing to flush
    except OSError as error:
        if error.errno not in NO_LINKS:
            raise
        temp = write_temp(target.parent, stem, data)
    try:
        os.replace(temp, target)
    except BaseException:
        with contextlib.suppress(OSError):
            temp.unlink()
        raise


def sync_folder(folder: Path) -> None:
    """Make renames in a folder durable. Best effort: some systems cannot.

    The folder is opened read-only and ``O_DIRECTORY``, so nothing but a folder is
    opened. A plans folder that is a link (to a USB stick, say) is followed on purpose:
    it was checked before the save.
    """
    try:
        fd = os.open(folder, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0) | O_CLOEXEC)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def digest(data: bytes | None) -> bytes | None:
    """The SHA-256 of some bytes, or None for no file."""
    import hashlib  # here, not at the top: the start screen lists plans without it

    return None if data is None else hashlib.sha256(data).digest()
