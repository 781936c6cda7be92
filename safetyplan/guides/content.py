"""Guides: the steps and prompts read from the TOML files in ``plans/``.

The dataclasses of a guide are in :mod:`safetyplan.guides.schema` and are exported here
too; the schema is documented in ``plans/README.md``. This module finds and reads the
files; the strict checks of each table are in :mod:`safetyplan.guides.readers`.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

from safetyplan.errors import ContentError
from safetyplan.guides.readers import _guide
from safetyplan.guides.schema import (
    SCHEMA,
    Condition,
    Guide,
    Link,
    Option,
    Part,
    Prompt,
    PromptKind,
    Step,
)

if sys.version_info >= (3, 11):
    import tomllib
else:  # Python 3.10: tomli is the same parser, installed as a dependency there.
    import tomli as tomllib  # type: ignore[import-not-found,unused-ignore]

__all__ = [
    "SCHEMA",
    "Condition",
    "Guide",
    "Link",
    "Option",
    "Part",
    "Prompt",
    "PromptKind",
    "Step",
    "guides_dir",
    "load_guide",
    "load_guides",
]


def guides_dir() -> Path:
    """The folder the guide files are read from by default.

    Returns:
        ``safetyplan/plans`` in an installed package (the wheel ships the repository's
        ``plans/`` there), or the repository's ``plans/`` when running from the source tree.
    """
    package = Path(__file__).resolve().parent.parent
    installed = package / "plans"
    if installed.is_dir():
        return installed
    return package.parent / "plans"


def load_guides(folder: Path | None = None) -> tuple[Guide, ...]:
    """Read and check every guide file (``*.toml``) in a folder.

    Args:
        folder: The folder to read; ``guides_dir()`` when None. Files whose names start
            with a dot (editor leftovers) are skipped.

    Returns:
        The guides, sorted by ``order`` and then by id.

    Raises:
        ContentError: The folder is missing or holds no guide file, a file is not valid,
            or two files use the same guide id.
    """
    folder = guides_dir() if folder is None else folder
    if not folder.is_dir():
        raise ContentError(f"The guides could not be found: the folder {str(folder)!r} is missing.")
    try:
        files = sorted(
            path
            for path in folder.glob("*.toml")
            if path.is_file() and not path.name.startswith(".")
        )
    except OSError as exc:
        raise ContentError(
            f"The guides folder {str(folder)!r} could not be read ({exc.strerror or exc})."
        ) from exc
    if not files:
        raise ContentError(f"No guide files (*.toml) were found in the folder {str(folder)!r}.")
    guides: list[Guide] = []
    seen: dict[str, str] = {}
    for path in files:
        guide = load_guide(path)
        if guide.id in seen:
            raise ContentError(
                f"{guide.source}: id: {guide.id!r} is already the id of the guide in "
                f"{seen[guide.id]}; each guide needs its own id"
            )
        seen[guide.id] = guide.source
        guides.append(guide)
    return tuple(sorted(guides, key=lambda guide: (guide.order, guide.id)))


def load_guide(path: Path) -> Guide:
    """Read and check one guide file.

    Args:
        path: The ``.toml`` file.

    Returns:
        The guide, with ``source`` set to the file name.

    Raises:
        ContentError: The file cannot be read, is not valid TOML, or does not follow the
            schema in ``plans/README.md``. The message names the file and the dotted key.
    """
    source = path.name
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise ContentError(f"{source}: the file could not be read ({exc.strerror or exc})") from exc
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ContentError(
            f"{source}: the file is not UTF-8 text (a bad byte at position {exc.start}); "
            "save it as UTF-8"
        ) from exc
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise ContentError(_syntax_message(source, str(exc))) from exc
    return _guide(source, data)


def _syntax_message(source: str, problem: str) -> str:
    """The message for a TOML syntax error, with the line and column first when known."""
    found = re.search(r"\s*\(at line (\d+), column (\d+)\)", problem)
    if found is None:
        if problem.endswith("(at end of document)"):
            problem = problem[: -len("(at end of document)")].strip()
            return f"{source}: at the end of the file: this is not valid TOML: {problem}"
        return f"{source}: this is not valid TOML: {problem}"
    problem = (problem[: found.start()] + problem[found.end() :]).strip()
    return f"{source}: line {found[1]}, column {found[2]}: this is not valid TOML: {problem}"
