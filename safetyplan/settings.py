"""A small settings file: theme, auto-lock and accessible mode. It never holds plan names."""

from __future__ import annotations

import os
import sys
from dataclasses import asdict, dataclass, fields
from pathlib import Path

FILE_NAME = "settings.toml"


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
    try:
        raw = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError):
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

    Args:
        folder: The config folder (made, private, if missing).
        settings: What to write.

    Raises:
        OSError: The folder or file could not be written.
    """
    import tomlkit

    folder.mkdir(mode=0o700, parents=True, exist_ok=True)
    text = tomlkit.dumps(asdict(settings))
    temp = folder / f".{FILE_NAME}.tmp"
    fd = os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as out:
        out.write(text)
        out.flush()
        os.fsync(out.fileno())
    os.replace(temp, folder / FILE_NAME)
