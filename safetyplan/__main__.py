"""Run the program with ``python -m safetyplan``."""

import os

_NO_MEMORY = b"safetyplan: Not enough free memory to go on. Close other programs and try again.\n"
"""The words of ``errors.NOT_ENOUGH_MEMORY``, here because nothing can be imported without
memory. Made before anything runs: one neutral line, never Python's own dump."""

try:
    from safetyplan.cli import main

    status = main()
except MemoryError:
    try:  # noqa: SIM105 - no import of contextlib here: memory has run out
        os.write(2, _NO_MEMORY)
    except OSError:
        pass  # no standard error to say it on
    status = 1
raise SystemExit(status)
