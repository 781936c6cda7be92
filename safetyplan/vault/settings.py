"""A small settings file: theme, auto-lock and accessible mode. It never holds plan names."""

from __future__ import annotations

import contextlib
import errno
import os
import sys
from dataclasses import asdict, dataclass, fields
from pathlib import Path

FILE_NAME = "settings.toml"
MAX_SIZE = 64 * 1024
"""A settings file is a few lines; anything larger is not read."""


@dataclass
class Settings:
    """What a person can choose about how the program looks and behaves."""

    theme: str = "textual-dark"
    """The colour theme's name."""
    auto_lock_minutes: int = 5
    """Lock an open plan after this many minutes without a key press; 0 turns it off."""
    accessible: bool = False
    """No animation, no cursor blink, one column of controls."""


def load_settings(folder: Path) -> Settings:
    """Read the settings, keeping the default for anything missing or not understood.

    A damaged settings file never stops the program: it only holds looks and timings.

    Args:
        folder: The config folder.

    Returns:
        The settings.
    """
    settings = Settings()
    path = folder / FILE_NAME
    if not path.is_file():  # the usual case: skip loading the TOML parser at start-up
        return settings
    if sys.version_info >= (3, 11):
        import tomllib
    else:  # pragma: no cover - Python 3.10
        import tomli as tomllib  # type: ignore[import-not-found,unused-ignore]
    from safetyplan.errors import StorageError
    from safetyplan.vault.diskio import read_file

    try:
        # Like a plan file: never through a link, never from a folder others can change.
        data = read_file(path, MAX_SIZE)
        raw = tomllib.loads((data or b"").decode("utf-8"))
    except (OSError, StorageError, UnicodeDecodeError, tomllib.TOMLDecodeError):
        return settings
    for field in fields(Settings):
        value = raw.get(field.name)
        if isinstance(value, type(getattr(settings, field.name))) and not (
            field.type == "int" and isinstance(value, bool)
        ):
            setattr(settings, field.name, value)
    settings.auto_lock_minutes = max(0, min(settings.auto_lock_minutes, 24 * 60))
    return settings


def save_settings(folder: Path, settings: Settings) -> None:
    """Write the settings atomically, readable only by this user.

    The new file is made with ``O_EXCL`` and ``O_NOFOLLOW`` under a new random name, so
    a link or a file planted in the folder is never written through; then it replaces
    ``settings.toml`` (a link there is replaced, not followed).

    Args:
        folder: The config folder (made, private, if missing).
        settings: What to write.

    Raises:
        OSError: The folder or file could not be written, or the folder is not safe
            (someone else could change it).
    """
    from safetyplan.errors import StorageError
    from safetyplan.vault import diskio
    from safetyplan.vault.paths import check_private_folder
    from safetyplan.vault.tomlwrite import dumps

    folder.mkdir(mode=0o700, parents=True, exist_ok=True)
    data = dumps(asdict(settings)).encode("utf-8")
    try:
        check_private_folder(folder)
        temp = diskio.write_temp(folder, FILE_NAME, data)
    except StorageError as error:
        raise PermissionError(errno.EPERM, str(error)) from None
    try:
        os.replace(temp, folder / FILE_NAME)
    except BaseException:
        with contextlib.suppress(OSError):
            temp.unlink()
        raise
