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
    """Make sure a folder exists and can be written; make it private (0700) if we create it.

    A folder that exists already keeps its permissions: it may be on a USB stick or
    belong to an organisation, and changing it could surprise its owner.

    Args:
        path: The folder.

    Returns:
        The same path.

    Raises:
        FolderError: It is not a folder, cannot be made, or cannot be written.
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
    if not os.access(path, os.W_OK | os.X_OK):
        raise FolderError(
            f"This program cannot write in the folder {path}. "
            "Check that the disk is not read-only, or choose another folder."
        )
    return path


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
