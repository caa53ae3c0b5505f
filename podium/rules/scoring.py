"""From judges' sheets to one exact score per project: ``mean``, ``trimmed`` or ``zscore``.

Everything is ``decimal.Decimal`` under one local context entered once per track, so the
hot loops pay no per-element context switching and no binary float ever rounds a score.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import (
    ROUND_HALF_EVEN,
    ROUND_HALF_UP,
    Context,
    Decimal,
    DivisionByZero,
    InvalidOperation,
    Overflow,
    localcontext,
)
from enum import StrEnum

from podium.errors import PodiumError
from podium.rules.rubric import Sheet

UNKNOWN_METHOD = "unknown scoring method {method!r}; use one of: {choices}"
NEGATIVE_TRIM = "trim must be a whole number >= 0, got {trim!r}"
MIXED_TRACKS = "sheets for one track ranking come from several tracks: {tracks}"
DUPLICATE_SHEET = "two sheets for track {track!r}, project {project!r}, judge {judge!r}"


class Method(StrEnum):
    MEAN = "mean"
    TRIMMED = "trimmed"
    ZSCORE = "zscore"


DEFAULT_METHOD = Method.TRIMMED
DEFAULT_TRIM = 1

# 40 significant digits: means of a few hundred marks with a few decimals are exact, and
# zscore's sqrt/division error stays ~30 orders of magnitude below the published cent.
SCORE_CONTEXT = Context(
    prec=40,
    rounding=ROUND_HALF_EVEN,
    traps=[InvalidOperation, DivisionByZero, Overflow],
)
CENT = Decimal("0.01")
ZSCORE_CENTER = Decimal(50)
ZSCORE_SPREAD = Decimal(10)
_ZERO = Decimal(0)


@dataclass(frozen=True, slots=True)
class ProjectScore:
    """A project's score in its track before ranking.

    ``raw`` is unrounded; ``score`` is the published value ranking uses.
    """

    project: str
    raw: Decimal
    score: Decimal
    judges: int
    counted: int


def as_method(method: Method | str) -> Method:
    try:
        return Method(method)
    except ValueError:
        choices = ", ".join(m.value for m in Method)
        raise PodiumError(UNKNOWN_METHOD.format(method=method, choices=choices)) from None


def check_trim(trim: int) -> int:
    # bool is an int subclass; True as a trim count is certainly a mistake.
    if isinstance(trim, bool) or not isinstance(trim, int) or trim < 0:
        raise PodiumError(NEGATIVE_TRIM.format(trim=trim))
    return trim


def publish(value: Decimal) -> Decimal:
    """The published score: two decimals, halves rounded up (away from zero)."""
    published = value.quantize(CENT, rounding=ROUND_HALF_UP)
    # A zscore just below zero would otherwise publish as "-0.00".
    return published.copy_abs() if published.is_zero() else published


def mean(values: Sequence[Decimal]) -> Decimal:
    """Arithmetic mean; call inside ``SCORE_CONTEXT`` (the scoring functions do)."""
    return sum(values, _ZERO) / len(values)


def trimmed_mean(totals: Sequence[Decimal], *, trim: int) -> tuple[Decimal, int]:
    """Mean without the ``trim`` highest and lowest totals, and how many totals counted.

    Trimming needs at least three totals left over (n >= 2k+3); below that the plain
    mean is used, so a thin panel is never reduced to one judge's opinion.
    """
    count = len(totals)
    if trim == 0 or count < 2 * trim + 3:
        return mean(totals), count
    kept = sorted(totals)[trim : count - trim]
    return mean(kept), len(kept)


def struck_positions(totals: Sequence[Decimal], *, method: Method | str, trim: int) -> set[int]:
    """The positions in ``totals`` that ``trimmed`` drops (the ``trim`` lowest and highest,
    ties broken by position), as the big screen strikes them out; none for other methods
    or a panel too thin to trim (see ``trimmed_mean``)."""
    count = len(totals)
    if as_method(method) is not Method.TRIMMED or check_trim(trim) == 0 or count < 2 * trim + 3:
        return set()
    order = sorted(range(count), key=lambda i: (totals[i], i))
    return set(order[:trim]) | set(order[count - trim :])


def _zscore_raw(by_project: dict[str, dict[str, Decimal]]) -> dict[str, Decimal]:
    """50 + 10 * mean z per project, z standardising each judge against their own totals."""
    by_judge: dict[str, list[Decimal]] = defaultdict(list)
    for judge_totals in by_project.values():
        for judge, total in judge_totals.items():
            by_judge[judge].append(total)

    # judge -> (mean, sd); None when the judge cannot be standardised (z = 0).
    judge_stats: dict[str, tuple[Decimal, Decimal] | None] = {}
    for judge, totals in by_judge.items():
        if len(totals) < 2:
            judge_stats[judge] = None
            continue
        judge_mean = mean(totals)
        variance = sum([(t - judge_mean) ** 2 for t in totals], _ZERO) / len(totals)
        judge_stats[judge] = None if variance.is_zero() else (judge_mean, variance.sqrt())

    raw: dict[str, Decimal] = {}
    for project, judge_totals in by_project.items():
        z_sum = _ZERO
        for judge, total in judge_totals.items():
            stats = judge_stats[judge]
            if stats is not None:
                z_sum += (total - stats[0]) / stats[1]
        raw[project] = ZSCORE_CENTER + ZSCORE_SPREAD * z_sum / len(judge_totals)
    return raw


def score_track(
    sheets: Iterable[Sheet],
    *,
    method: Method | str = DEFAULT_METHOD,
    trim: int = DEFAULT_TRIM,
) -> dict[str, ProjectScore]:
    """Score every project of one track from its sheets (all sheets share one track)."""
    method = as_method(method)
    trim = check_trim(trim)
    with localcontext(SCORE_CONTEXT):
        by_project = _totals_by_project(sheets)
        if method is Method.ZSCORE:
            raw_by_project = _zscore_raw(by_project)
            return {
                project: _scored(project, raw_by_project[project], len(judge_totals))
                for project, judge_totals in by_project.items()
            }
        results: dict[str, ProjectScore] = {}
        for project, judge_totals in by_project.items():
            totals = list(judge_totals.values())
            if method is Method.TRIMMED:
                raw, counted = trimmed_mean(totals, trim=trim)
            else:
                raw, counted = mean(totals), len(totals)
            results[project] = _scored(project, raw, len(totals), counted)
        return results


def _totals_by_project(sheets: Iterable[Sheet]) -> dict[str, dict[str, Decimal]]:
    """project -> judge -> sheet total, refusing duplicates and a second track."""
    by_project: dict[str, dict[str, Decimal]] = defaultdict(dict)
    track: str | None = None
    for sheet in sheets:
        if sheet.track != track:
            if track is not None:
                raise PodiumError(
                    MIXED_TRACKS.format(tracks=", ".join(sorted({track, sheet.track})))
                )
            track = sheet.track
        judge_totals = by_project[sheet.project]
        if sheet.judge in judge_totals:
            raise PodiumError(
                DUPLICATE_SHEET.format(track=sheet.track, project=sheet.project, judge=sheet.judge)
            )
        judge_totals[sheet.judge] = sum(sheet.marks.values(), _ZERO)
    return by_project


def _scored(project: str, raw: Decimal, judges: int, counted: int | None = None) -> ProjectScore:
    return ProjectScore(
        project=project,
        raw=raw,
        score=publish(raw),
        judges=judges,
        counted=judges if counted is None else counted,
    )
