"""Helpers for tests of times at the ends of the calendar: a time zone, a file's time."""

from __future__ import annotations

import contextlib
import os
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

LAST_HOUR = 253402297200
"""9999-12-31 23:00 UTC: already year 10000 in UTC+14 (Pacific/Kiritimati)."""
FIRST_HOUR = -62135596800
"""0001-01-01 00:00 UTC: still year 0 in UTC-5 (America/New_York)."""
PAST_THE_CALENDAR = 2**40
"""About the year 36,800: no date can hold it."""


@contextlib.contextmanager
def in_zone(zone: str) -> Iterator[None]:
    """Make this process (and the programs it starts) use a time zone for a while."""
    before = os.environ.get("TZ")
    os.environ["TZ"] = zone
    time.tzset()
    try:
        yield
    finally:
        if before is None:
            del os.environ["TZ"]
        else:
            os.environ["TZ"] = before
        time.tzset()


def set_file_time(monkeypatch: pytest.MonkeyPatch, path: Path, seconds: int) -> None:
    """Give a file a last-changed time, even one the disk cannot hold.

    Some disks (ext4: the years 1901 to 2446) clamp a time set with ``os.utime``; there,
    ``os.stat`` is made to say the time for this one file, as a disk that holds any
    time (tmpfs, say) would.
    """
    try:
        os.utime(path, (seconds, seconds))
        if os.stat(path).st_mtime == seconds:
            return
    except (OSError, OverflowError):
        pass
    real_stat = os.stat
    target = os.fspath(path)

    def stat(name: object, *args: object, **kwargs: object) -> os.stat_result:
        info = real_stat(name, *args, **kwargs)  # type: ignore[call-overload]
        if os.fspath(name) != target:  # type: ignore[call-overload]
            return info
        fields = list(info[:10])
        fields[7] = fields[8] = seconds  # st_atime, st_mtime
        return os.stat_result(fields)

    monkeypatch.setattr(os, "stat", stat)
