"""One sheet's marks checked against a rubric, with the same words as the file reader.

The app's forms and API call this, so a judge on a tablet reads the same message as an
organiser whose spreadsheet was refused by ``podium rank``.
"""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal
from typing import cast

from podium.errors import PodiumError
from podium.rules.rubric import Rubric
from podium.rules.sheet_rows import (
    ABOVE_MAX,
    EMPTY_FIELD,
    NEGATIVE_MARK,
    NOT_A_NUMBER,
    _cell_number,
    _is_blank,
)

UNKNOWN_CRITERION = "column {column!r} is not a criterion of this rubric"


def marks_problems(raw: Mapping[str, object], rubric: Rubric) -> dict[str, str]:
    """Every problem by criterion key (empty when the marks are valid)."""
    problems: dict[str, str] = {}
    for key in raw:
        if key not in rubric.keys:
            problems[key] = UNKNOWN_CRITERION.format(column=key)
    for criterion in rubric.criteria:
        cell = raw.get(criterion.key)
        if _is_blank(cell):
            problems[criterion.key] = EMPTY_FIELD.format(column=criterion.key)
            continue
        value = _cell_number(cell) if isinstance(cell, str | int | float | Decimal) else None
        if value is None:
            problems[criterion.key] = NOT_A_NUMBER.format(column=criterion.key, value=str(cell))
        elif value < 0:
            problems[criterion.key] = NEGATIVE_MARK.format(
                column=criterion.key, value=value, max=criterion.max_points
            )
        elif value > criterion.max_points:
            problems[criterion.key] = ABOVE_MAX.format(
                column=criterion.key, value=value, max=criterion.max_points
            )
    return problems


def validate_marks(raw: Mapping[str, object], rubric: Rubric) -> dict[str, Decimal]:
    """The marks as Decimals in rubric order, or a PodiumError naming the first bad field."""
    problems = marks_problems(raw, rubric)
    if problems:
        field, message = next(iter(problems.items()))
        raise PodiumError(message, field=field, errors=problems)
    # No problem was found, so every criterion's cell is a number: none of these is None.
    return {c.key: cast(Decimal, _cell_number(raw[c.key])) for c in rubric.criteria}


def draft_marks(raw: Mapping[str, object], rubric: Rubric) -> dict[str, str]:
    """What a draft keeps: the fields typed so far, as text, unknown keys dropped."""
    return {
        c.key: str(raw[c.key]).strip()
        for c in rubric.criteria
        if c.key in raw and not _is_blank(raw[c.key])
    }
