"""Fixtures for the unit tests."""

from __future__ import annotations

import pytest


@pytest.fixture(autouse=True)
def keep_core_limits_of_the_test_process(monkeypatch: pytest.MonkeyPatch) -> None:
    """``cli.main`` run inside a test would turn core dumps off in the test process itself.

    Its hard limit of 0 could never be raised again, so a later test in the same process
    could not start a program with core dumps allowed, which is how
    ``tests/process/test_core_limits.py`` checks the real protection.
    """
    monkeypatch.setattr("safetyplan.cli.protect_process", lambda: None)
