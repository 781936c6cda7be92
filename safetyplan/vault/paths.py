"""Where plans and settings live on disk. Nothing here touches the disk at import time."""

from __future__ import annotations

import contextlib
import errno
import os
import stat
from pathlib import Path

APP_NAME = "jotter"
"""The folder name used under the system's data and config folders: neutral on purpose."""

ENV_DIR = "SAFETYPLAN_DIR"
"""The environment variable that points to another plans folder (for example a USB stick)."""


def data_dir() -> Path:
    """The plans folder: ``$SAFETYPLAN_DIR`` when set, else the system's data folder.

    The command line's ``--dir`` overrides both; it is applied by the caller.

    Returns:
        The folder (it may not exist yet).
    """
    override = os.environ.get(ENV_DIR)
    if override:
        return Path(override).expanduser()
    from platformdirs import user_data_dir

    return Path(user_data_dir(APP_NAME, appauthor=False))


def data_dir_source() -> str:
    """Where :func:`data_dir` took its answer from: ``"SAFETYPLAN_DIR"`` or ``"default"``."""
    return ENV_DIR if os.environ.get(ENV_DIR) else "default"


def config_dir() -> Path:
    """The settings folder from the system's config folder (it may not exist yet)."""
    from platformdirs import user_config_dir

    return Path(user_config_dir(APP_NAME, appauthor=False))


def ensure_dir(path: Path) -> Path:
    """Make sure a folder exists, is safe and can be written; make it 0700 if we create it.

    A folder that exists already keeps its permissions: it may be on a USB stick, and
    changing it could surprise its owner. It is refused, though, when someone else could
    change it (see :func:`check_private_folder`).

    Args:
        path: The folder.

    Returns:
        The same path.

    Raises:
        FolderError: It is not a folder, cannot be made, is not safe (others can write
            in it, or it belongs to another user), or cannot be written.
    """
    from safetyplan.errors import FolderError

    try:
        info = path.stat()
    except FileNotFoundError:
        info = None
    except OSError as error:
        raise FolderError(
            f"The folder {path} cannot be opened ({describe_os_error(error)})."
        ) from None
    if info is None:
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            os.mkdir(path, 0o700)
            with contextlib.suppress(OSError):  # some disks (FAT) have no permissions
                os.chmod(path, 0o700)  # mkdir's mode was reduced by the umask
        except FileExistsError:
            pass  # made at the same moment by another copy of the program
        except OSError as error:
            reason = describe_os_error(error)
            raise FolderError(f"The folder {path} cannot be made ({reason}).") from None
        info = path.stat()
    if not stat.S_ISDIR(info.st_mode):
        raise FolderError(f"{path} is a file, not a folder. Choose a folder for your plans.")
    _refuse_if_shared(path, info)
    if not os.access(path, os.W_OK | os.X_OK):
        raise FolderError(
            f"This program cannot write in the folder {path}. "
            "Check that the disk is not read-only, or choose another folder."
        )
    return path


def check_private_folder(path: Path) -> None:
    """Refuse a folder that someone else could change, before plans in it are used.

    Anyone who can write in the plans folder can swap a plan file, or plant a link that
    makes a save change a file somewhere else. So a folder is used only when it belongs
    to this user and no one else can write in it. Others may read it (0755): the plan
    files in it are 0600 and encrypted, their names are neutral, and a USB stick (FAT)
    shows 0755 whatever ``chmod`` does. It may be group-writable only when the group is
    the user's own (a group with the user's name and no other members). A folder that
    does not exist yet is fine: :func:`ensure_dir` makes it 0700. So is a file at its
    name: nothing can be kept in it, and using it as a folder says what is wrong.

    Args:
        path: The folder.

    Raises:
        FolderError: It cannot be looked at, belongs to another user, or others can
            write in it. The message says how to fix it.
    """
    from safetyplan.errors import FolderError

    try:
        info = path.stat()
    except (FileNotFoundError, NotADirectoryError):
        return
    except OSError as error:
        raise FolderError(
            f"The folder {path} cannot be opened ({describe_os_error(error)})."
        ) from None
    if stat.S_ISDIR(info.st_mode):
        _refuse_if_shared(path, info)


def _refuse_if_shared(path: Path, info: os.stat_result) -> None:
    from safetyplan.errors import FolderError

    if not hasattr(os, "geteuid"):  # pragma: no cover - Windows: no owner or mode bits
        return
    if info.st_uid != os.geteuid():
        raise FolderError(
            f"The folder {path} belongs to another user of this computer, so it is not "
            "safe for plans. Choose a folder of your own."
        )
    others_write = info.st_mode & stat.S_IWOTH
    group_write = info.st_mode & stat.S_IWGRP and not _own_group(info.st_gid)
    if others_write or group_write:
        import shlex

        raise FolderError(
            f"Other people on this computer can change the folder {path}, so it is not "
            f"safe for plans. To fix it, run: chmod 700 {shlex.quote(str(path))}"
        )


def _own_group(gid: int) -> bool:
    """True for the user's private group: the one named after the user, with no one else."""
    if gid != os.getegid():
        return False
    try:
        import grp
        import pwd

        group, user = grp.getgrgid(gid), pwd.getpwuid(os.geteuid())
    except (ImportError, KeyError):
        return False
    return group.gr_name == user.pw_name and set(group.gr_mem) <= {user.pw_name}


def inside_folder(path: Path, folder: Path) -> bool:
    """True when a path is a folder, or anywhere inside it, at any depth.

    Links are followed, in the path and in the folder's name, and a folder reached by
    another name (a link, a second mount of the same disk) counts as the folder itself.
    An unlocked copy of a plan must never go inside the plans folder, not even in a
    folder within it.

    Args:
        path: A file or folder (it need not exist yet).
        folder: The folder.

    Returns:
        Whether ``path`` is ``folder`` or inside it. False when either cannot be looked
        at (a loop of links, say): writing there then fails and says why.
    """
    try:
        where = path.expanduser().resolve()
        target = folder.expanduser().resolve()
        if where == target or target in where.parents:
            return True
        found = os.stat(target)
    except (OSError, RuntimeError, ValueError):
        return False
    for place in (where, *where.parents):
        try:
            info = os.stat(place)
        except (OSError, ValueError):
            continue  # not made yet
        if (info.st_dev, info.st_ino) == (found.st_dev, found.st_ino):
            return True
    return False


def describe_os_error(error: OSError) -> str:
    """A short, plain reason for an operating-system error (for messages elsewhere).

    Args:
        error: The error.

    Returns:
        A few words such as "the disk is full".
    """
    reasons = {
        errno.EACCES: "access was denied",
        errno.EPERM: "access was denied",
        errno.EROFS: "the disk is read-only",
        errno.ENOSPC: "the disk is full",
        errno.EDQUOT: "the disk quota is used up",
        errno.ENOTDIR: "part of the path is a file, not a folder",
        errno.ENOENT: "it does not exist",
        errno.ENAMETOOLONG: "the name is too long",
        errno.EIO: "the disk could not be read or written",
    }
    return reasons.get(error.errno or 0, "the system refused")
