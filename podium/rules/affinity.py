"""How well a reviewer's expertise fits a project (SPEC §5), for the assignment solver.

Each distinct expertise tag scores once: ``INDUSTRY_WEIGHT`` when it names the project's
industry (its code or its name), else ``TEXT_WEIGHT`` when it appears in the project's
title or summary. Matching ignores case and surrounding spaces. The result is a whole
Decimal >= 0, so the solver's exact arithmetic sees exactly what a person would count.
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable, Mapping
from dataclasses import dataclass
from decimal import Decimal

INDUSTRY_WEIGHT = Decimal(3)
TEXT_WEIGHT = Decimal(1)
_ZERO = Decimal(0)


@dataclass(frozen=True, slots=True)
class ProjectProfile:
    industry_code: str
    industry_name: str
    text: str  # title and summary


def _norm(text: str) -> str:
    return text.strip().casefold()


def _tags(tags: Iterable[object]) -> set[str]:
    return {_norm(tag) for tag in tags if isinstance(tag, str) and _norm(tag)}


def _score(tags: set[str], industry: set[str], text: str) -> Decimal:
    total = _ZERO
    for tag in tags:
        if tag in industry:
            total += INDUSTRY_WEIGHT
        elif tag in text:
            total += TEXT_WEIGHT
    return total


def affinity(tags: Iterable[object], project: ProjectProfile) -> Decimal:
    """One reviewer's affinity for one project; tags that are not text are ignored."""
    industry = {_norm(project.industry_code), _norm(project.industry_name)} - {""}
    return _score(_tags(tags), industry, _norm(project.text))


def affinity_map(
    judges: Mapping[Hashable, Iterable[object]], projects: Mapping[Hashable, ProjectProfile]
) -> dict[tuple[Hashable, Hashable], Decimal]:
    """Every (judge, project) pair with a positive affinity; absent pairs are worth 0.

    Judges share most of their tags, so each distinct tag is matched against every
    project once and each judge then adds up its tags' rows.
    """
    prepared = [
        (key, {_norm(p.industry_code), _norm(p.industry_name)} - {""}, _norm(p.text))
        for key, p in projects.items()
    ]
    judge_tags = {judge: _tags(raw) for judge, raw in judges.items()}
    rows: dict[str, list[tuple[Hashable, Decimal]]] = {}
    # Sorted, so the map's order (and the solver's choice among equal optima) never
    # depends on string hashing.
    for tag in sorted(set().union(*judge_tags.values())):
        rows[tag] = [
            (key, INDUSTRY_WEIGHT if tag in industry else TEXT_WEIGHT)
            for key, industry, text in prepared
            if tag in industry or tag in text
        ]
    found: dict[tuple[Hashable, Hashable], Decimal] = {}
    for judge, tags in judge_tags.items():
        for tag in sorted(tags):
            for project, weight in rows[tag]:
                pair = (judge, project)
                found[pair] = found.get(pair, _ZERO) + weight
    return found
