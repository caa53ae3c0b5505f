"""One sheet's marks checked against a rubric.

The app's forms and API call this. A judge reads the criterion by its label and the limit
("技术方案最高 30 分，填写的是 31"), so every message is a translatable
:class:`~podium.errors.Message`; the file reader of ``podium rank`` names columns instead.
"""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal
from typing import cast

from podium.errors import Message, PodiumError, gettext_noop
from podium.rules.rubric import Rubric
from podium.rules.sheet_rows import _cell_number, _is_blank

UNKNOWN_CRITERION = gettext_noop("{label} is not a criterion of this rubric")
MARK_MISSING = gettext_noop("{label}: give a mark from 0 to {max}")
MARK_NOT_A_NUMBER = gettext_noop("{label}: “{value}” is not a number; give a mark from 0 to {max}")
MARK_NEGATIVE = gettext_noop("{label}: marks start at 0; {value} was entered")
MARK_ABOVE_MAX = gettext_noop("{label}: at most {max} points; {value} was entered")


def plain(number: Decimal) -> str:
    """30, not 30.00; 7.5, not 7.50 (how a judge reads a limit)."""
    text = format(number, "f")
    return text.rstrip("0").rstrip(".") if "." in text else text


def marks_problems(
    raw: Mapping[str, object], rubric: Rubric, labels: Mapping[str, str] | None = None
) -> dict[str, Message]:
    """Every problem by criterion key (empty when the marks are valid); ``labels`` names
    the criteria as the judge reads them (the key where none is given)."""
    names = labels or {}
    problems: dict[str, Message] = {}
    for key in raw:
        if key not in rubric.keys:
            problems[key] = Message(UNKNOWN_CRITERION, label=key)
    for criterion in rubric.criteria:
        label, top = names.get(criterion.key, criterion.key), plain(criterion.max_points)
        cell = raw.get(criterion.key)
        if _is_blank(cell):
            problems[criterion.key] = Message(MARK_MISSING, label=label, max=top)
            continue
        value = _cell_number(cell) if isinstance(cell, str | int | float | Decimal) else None
        if value is None:
            text = str(cell).strip()
            problems[criterion.key] = Message(MARK_NOT_A_NUMBER, label=label, value=text, max=top)
        elif value < 0:
            problems[criterion.key] = Message(MARK_NEGATIVE, label=label, value=value)
        elif value > criterion.max_points:
            problems[criterion.key] = Message(MARK_ABOVE_MAX, label=label, value=value, max=top)
    return problems


def validate_marks(
    raw: Mapping[str, object], rubric: Rubric, labels: Mapping[str, str] | None = None
) -> dict[str, Decimal]:
    """The marks as Decimals in rubric order, or a PodiumError naming the first bad field."""
    problems = marks_problems(raw, rubric, labels)
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
