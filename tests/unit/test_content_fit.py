"""Shipped guides fit the screen: option labels are one line at 80 columns."""

from __future__ import annotations

from pathlib import Path

import pytest

from safetyplan.guides.content import Guide, guides_dir, load_guides

MAX_OPTION = 66
"""Columns an option label can use at 80×24 inside a step (borders, margins, the mark)."""
MAX_PART_OPTION = 62
"""The same inside a message builder, which has a border of its own."""


def _labels(guide: Guide) -> list[tuple[str, int, str]]:
    found = []
    for step in guide.steps:
        for prompt in step.prompts:
            for option in prompt.options:
                found.append((f"{step.id}.{prompt.id}.{option.id}", MAX_OPTION, option.label))
            for part in prompt.parts:
                for option in part.options:
                    where = f"{step.id}.{prompt.id}.{part.id}.{option.id}"
                    found.append((where, MAX_PART_OPTION, option.label))
    return found


@pytest.mark.parametrize("guide", load_guides(), ids=lambda g: g.id)
def test_option_labels_fit_on_one_line(guide: Guide) -> None:
    too_long = [(where, len(label)) for where, limit, label in _labels(guide) if len(label) > limit]
    assert too_long == []


@pytest.mark.parametrize("path", sorted(guides_dir().glob("*.toml")), ids=lambda p: p.name)
def test_guides_use_only_characters_every_console_can_draw(path: Path) -> None:
    """The Linux console's fonts cover Latin-1; fancy bullets and dashes show as boxes."""
    text = path.read_text(encoding="utf-8")
    outside = sorted({ch for ch in text if ord(ch) > 0xFF})
    assert outside == []
