"""Run the program with ``python -m safetyplan``."""

from safetyplan.cli import main

raise SystemExit(main())
