"""Careful file operations for plan files: private temp files, locks and atomic renames.

Every function here lets :class:`OSError` through; :mod:`safetyplan.storage` turns it
into a kind message.
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

from safetyplan.errors import PlanBusyError, StorageError

O_CLOEXEC = getattr(os, "O_CLOEXEC", 0)
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
    fd = os.open(path, os.O_RDWR | os.O_CREAT | O_CLOEXEC, 0o600)
    try:
        make_private(fd)
        _flock(fd, wait)
        yield
    finally:
        os.close(fd)  # closing the file releases the lock


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


def read_file(path: Path, limit: int) -> bytes | None:
    """A whole regular file, or None if there is none.

    Args:
        path: The file.
        limit: The largest size accepted, in bytes.

    Raises:
        StorageError: Not a regular file (a FIFO would hang a read), or over the limit.
        OSError: It cannot be read.
    """
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | O_CLOEXEC)
    except FileNotFoundError:
        return None
    try:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            raise StorageError(f"{path} is not a plan file.")
        chunks: list[bytes] = []
        size = 0
        while chunk := os.read(fd, 1 << 20):
            chunks.append(chunk)
            size += len(chunk)
            if size > limit:
                raise StorageError(f"{path} is much larger than any plan, so it is not opened.")
        return b"".join(chunks)
    finally:
        os.close(fd)


def write_temp(folder: Path, stem: str, data: bytes) -> Path:
    """Write bytes to a new 0600 temp file in the folder and flush them to the disk.

    Returns:
        The temp file. On any error it is removed before the error goes on.
    """
    while True:
        path = temp_path(folder, stem)
        try:
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | O_CLOEXEC, 0o600)
            break
        except FileExistsError:
            continue
    try:
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
        if target.exists():
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
    """Make renames in a folder durable. Best effort: some systems cannot."""
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
