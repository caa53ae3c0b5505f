"""What a judge marks: the rubric's criteria and one judge's sheet for one project."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal

from podium.errors import PodiumError

DEFAULT_RUBRIC_SPEC = (
    "technical_solution:30,application_results:30,commercial_value:25,qa_defense:15"
)

# Columns a score file always has besides the criteria, so no criterion may reuse them.
IDENTITY_COLUMNS = ("track", "project", "judge")

RUBRIC_EMPTY = "rubric: give at least one criterion as key:max"
RUBRIC_BAD_ITEM = "rubric: {item!r} is not key:max (e.g. technical_solution:30)"
RUBRIC_BAD_KEY = (
    "rubric: key {key!r} must start with a letter and use only letters, digits, '_' or '-'"
)
RUBRIC_RESERVED_KEY = "rubric: key {key!r} is reserved for the track, project and judge columns"
RUBRIC_DUPLICATE_KEY = "rubric: key {key!r} appears twice"
RUBRIC_BAD_MAX = "rubric: max for {key!r} must be a positive number, got {value!r}"

_KEY_PATTERN = re.compile(r"[A-Za-z][A-Za-z0-9_-]*")
# Plain decimal notation only: "8.25", "-1", ".5". Exponents, "NaN", "inf" and "1_000"
# are all accepted by Decimal() but never meant as a mark.
PLAIN_NUMBER = re.compile(r"[+-]?(?:\d+(?:\.\d*)?|\.\d+)")


def parse_plain_decimal(text: str) -> Decimal | None:
    """The Decimal written in ``text`` in plain notation, or None when it is not one."""
    text = text.strip()
    if not PLAIN_NUMBER.fullmatch(text):
        return None
    return Decimal(text)


@dataclass(frozen=True, slots=True)
class Criterion:
    key: str
    max_points: Decimal


@dataclass(frozen=True, slots=True)
class Rubric:
    """Ordered criteria; a sheet's total is the sum of its marks on them."""

    criteria: tuple[Criterion, ...]

    def __post_init__(self) -> None:
        if not self.criteria:
            raise PodiumError(RUBRIC_EMPTY)
        seen: set[str] = set()
        for criterion in self.criteria:
            if not _KEY_PATTERN.fullmatch(criterion.key):
                raise PodiumError(RUBRIC_BAD_KEY.format(key=criterion.key))
            if criterion.key in IDENTITY_COLUMNS:
                raise PodiumError(RUBRIC_RESERVED_KEY.format(key=criterion.key))
            if criterion.key in seen:
                raise PodiumError(RUBRIC_DUPLICATE_KEY.format(key=criterion.key))
            if not criterion.max_points.is_finite() or criterion.max_points <= 0:
                raise PodiumError(
                    RUBRIC_BAD_MAX.format(key=criterion.key, value=str(criterion.max_points))
                )
            seen.add(criterion.key)

    @classmethod
    def parse(cls, spec: str) -> Rubric:
        """Read ``key:max,key:max`` (the ``--rubric`` option and the settings format)."""
        criteria: list[Criterion] = []
        for raw_item in spec.split(","):
            item = raw_item.strip()
            if not item and not spec.strip():
                continue
            key, colon, raw_max = item.partition(":")
            key = key.strip()
            if not colon or not key:
                raise PodiumError(RUBRIC_BAD_ITEM.format(item=item))
            max_points = parse_plain_decimal(raw_max)
            if max_points is None:
                raise PodiumError(RUBRIC_BAD_MAX.format(key=key, value=raw_max.strip()))
            criteria.append(Criterion(key=key, max_points=max_points))
        return cls(criteria=tuple(criteria))

    @property
    def keys(self) -> tuple[str, ...]:
        return tuple(criterion.key for criterion in self.criteria)

    @property
    def max_total(self) -> Decimal:
        return sum((criterion.max_points for criterion in self.criteria), Decimal(0))

    def __str__(self) -> str:
        return ",".join(f"{c.key}:{c.max_points}" for c in self.criteria)


DEFAULT_RUBRIC = Rubric.parse(DEFAULT_RUBRIC_SPEC)


@dataclass(frozen=True, slots=True)
class Sheet:
    """One judge's marks for one project in one track.

    ``track`` is whatever groups projects that are ranked against each other; a caller
    with stages passes a key that includes the stage.
    """

    track: str
    project: str
    judge: str
    marks: Mapping[str, Decimal]

    @property
    def total(self) -> Decimal:
        return sum(self.marks.values(), Decimal(0))
