"""Match-making recommendations (产业对接): industry, place, what is sought, and text.

A match between two profiles (a team and a partner's offer or need) is a weighted sum of
four components, each in [0, 1]:

- industry: 1 when they share an industry, ``OPEN`` when either names none (open to all);
- place: 1 for the same province, ``OPEN`` for the same region (赛区) or a nationwide side;
- fit: 1 when what one side seeks is what the other gives (funding ↔ investor …);
- text: TF-IDF cosine of the two texts, over character bigrams of Chinese runs plus
  lower-cased Latin words and numbers, so no dictionary or tokeniser is needed.

The cosine runs in binary floating point, summed with ``math.fsum`` (correctly rounded,
so independent of the order), hence deterministic and exactly symmetric. Every published
figure is a Decimal of ``PLACES`` (half up; the weighting itself is integer arithmetic in
1/10000): that is what ranks and what people see.
Ties in the published score are broken by the candidate's key, so an order never depends
on the order the candidates were given in.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal

from podium.errors import PodiumError

PLACES = Decimal("0.0001")
UNITS = 10_000  # published figures count in 1/10000: integers until they are shown
WEIGHTS: Mapping[str, int] = {"industry": 35, "place": 15, "fit": 15, "text": 35}  # percent
HALF, WHOLE = UNITS // 2, UNITS  # OPEN is a half
TERMS_SHOWN = 3
# A term in more than this share of the documents is too common to explain a match.
COMMON_SHARE = 0.05
DUPLICATE_KEY = "profile key {key!r} appears twice"
UNKNOWN_KEY = "no profile with key {key!r} in this index"

_CJK = r"\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
_RUNS = re.compile(rf"[{_CJK}]+|[a-z0-9]+(?:[.\-][a-z0-9]+)*")
_IS_CJK = re.compile(rf"[{_CJK}]")
# Function characters glue Chinese phrases together; a bigram across one says nothing.
_GLUE = frozenset("的和与及或等在为对了是将并由把被其从向以之而且也所")


@dataclass(frozen=True, slots=True)
class Profile:
    """One side of a match. ``tags`` on a team are what it seeks, on a partner what it gives."""

    key: str
    text: str
    industries: frozenset[str] = frozenset()
    province: str = ""
    region: str = ""
    tags: frozenset[str] = frozenset()


@dataclass(frozen=True, slots=True)
class Reason:
    """Why a match is suggested: ``kind`` names the component, ``values`` what is shared."""

    kind: str  # industry | any_industry | province | region | nationwide | fit | terms
    values: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Match:
    source: str
    target: str
    score: Decimal
    industry: Decimal
    place: Decimal
    fit: Decimal
    text: Decimal
    reasons: tuple[Reason, ...] = field(default=())


def tokens(text: str) -> list[str]:
    """Character bigrams of each Chinese run, and Latin words and numbers, in order.

    A single Chinese character standing alone is a token by itself, so that a one-character
    run still counts; bigrams with a function character (的, 和 …) are left out.
    """
    found: list[str] = []
    for run in _RUNS.findall(text.lower()):
        if not _IS_CJK.match(run) or len(run) == 1:
            found.append(run)
        else:
            found.extend(
                run[i : i + 2]
                for i in range(len(run) - 1)
                if run[i] not in _GLUE and run[i + 1] not in _GLUE
            )
    return found


_FIGURES = tuple(Decimal(f"{n // UNITS}.{n % UNITS:04d}") for n in range(UNITS + 1))
OPEN = _FIGURES[HALF]


def _units(value: float) -> int:
    """A value in [0, 1] in 1/10000, half up."""
    return math.floor(value * UNITS + 0.5)


class MatchIndex:
    """TF-IDF vectors of every profile, computed once; similarity and ranking read them.

    The document frequency counts every profile given, teams and partners alike, so a term
    that every project summary uses (平台, 企业) weighs little and a rare shared one
    (预测性维护) weighs a lot.
    """

    def __init__(self, profiles: Iterable[Profile]) -> None:
        self.profiles: dict[str, Profile] = {}
        counts: dict[str, Counter[str]] = {}
        for profile in profiles:
            if profile.key in self.profiles:
                raise PodiumError(DUPLICATE_KEY.format(key=profile.key), key=profile.key)
            self.profiles[profile.key] = profile
            counts[profile.key] = Counter(tokens(profile.text))
        documents = len(counts)
        frequency: Counter[str] = Counter()
        for counted in counts.values():
            frequency.update(counted.keys())
        # Smoothed IDF (as scikit-learn's): never zero, never negative.
        self.idf = {
            term: math.log((1 + documents) / (1 + df)) + 1.0 for term, df in frequency.items()
        }
        self.frequency = frequency
        # In a handful of texts a share means little: a term in five is still telling.
        self.common_df = max(5.0, COMMON_SHARE * documents)
        self.vectors: dict[str, dict[str, float]] = {
            key: self._unit(counted) for key, counted in counts.items()
        }

    def _unit(self, counted: Counter[str]) -> dict[str, float]:
        weights = {
            term: (1.0 + math.log(n)) * self.idf[term] for term, n in sorted(counted.items())
        }
        norm = math.sqrt(math.fsum(w * w for w in weights.values()))
        return {term: w / norm for term, w in weights.items()} if norm else {}

    def _vector(self, key: str) -> dict[str, float]:
        try:
            return self.vectors[key]
        except KeyError:
            raise PodiumError(UNKNOWN_KEY.format(key=key), key=key) from None

    def similarity(self, a: str, b: str) -> Decimal:
        """Cosine of the two texts' TF-IDF vectors, in [0, 1], rounded to ``PLACES``."""
        return _FIGURES[_units(self._cosine(self._vector(a), self._vector(b)))]

    @staticmethod
    def _cosine(u: dict[str, float], v: dict[str, float]) -> float:
        small, large = (u, v) if len(u) <= len(v) else (v, u)
        # fsum is correctly rounded whatever the order, so the result is order-free.
        dot = math.fsum(small[term] * large[term] for term in small if term in large)
        return min(max(dot, 0.0), 1.0)

    def shared_terms(self, a: str, b: str, limit: int = TERMS_SHOWN) -> tuple[str, ...]:
        """The longest phrases of ``a`` made of bigrams both texts share, heaviest first.

        Numbers and phrases made only of common terms (平台, 万元) are left out: they are
        shared by too many texts to say why these two should meet.
        """
        u, v = self._vector(a), self._vector(b)
        shared = {term for term in u if term in v}
        if not shared:
            return ()
        other = self.profiles[b].text.lower()
        weight: dict[str, float] = {}
        for phrase in _phrases(self.profiles[a].text.lower(), shared):
            for piece in _common_pieces(phrase, other):
                terms = tokens(piece)
                if piece.isdigit() or min(self.frequency[t] for t in terms) > self.common_df:
                    continue
                weight[piece] = max(
                    weight.get(piece, 0.0), math.fsum(u.get(t, 0.0) * v.get(t, 0.0) for t in terms)
                )
        ranked = sorted(weight, key=lambda piece: (-weight[piece], piece))
        chosen: list[str] = []
        for piece in ranked:
            if not any(piece in kept for kept in chosen):
                chosen.append(piece)
            if len(chosen) == limit:
                break
        return tuple(chosen)

    def match(self, a: str, b: str, *, explain: bool = True) -> Match:
        """The weighted match of two profiles and the reasons for it.

        ``explain=False`` leaves out the shared terms (the one costly reason), for scoring
        many pairs before explaining the few that are kept.
        """
        first, second = self.profiles.get(a), self.profiles.get(b)
        if first is None or second is None:
            missing = a if first is None else b
            raise PodiumError(UNKNOWN_KEY.format(key=missing), key=missing)
        reasons: list[Reason] = []
        industry = _industry(first, second, reasons)
        place = _place(first, second, reasons)
        fit = _fit(first, second, reasons)
        text = _units(self._cosine(self.vectors[a], self.vectors[b]))
        if explain and text > 0:
            terms = self.shared_terms(a, b)
            if terms:
                reasons.append(Reason("terms", terms))
        weighted = (
            WEIGHTS["industry"] * industry
            + WEIGHTS["place"] * place
            + WEIGHTS["fit"] * fit
            + WEIGHTS["text"] * text
        )
        return Match(
            source=a,
            target=b,
            score=_FIGURES[(weighted + 50) // 100],  # percent × units, half up to units
            industry=_FIGURES[industry],
            place=_FIGURES[place],
            fit=_FIGURES[fit],
            text=_FIGURES[text],
            reasons=tuple(reasons),
        )

    def rank(
        self,
        source: str,
        candidates: Sequence[str],
        *,
        limit: int | None = None,
        explain: bool = True,
    ) -> list[Match]:
        """The candidates' matches with ``source``, best first, ties by candidate key."""
        matches = [self.match(source, key, explain=False) for key in candidates if key != source]
        matches.sort(key=lambda m: (-m.score, m.target))
        kept = matches if limit is None else matches[:limit]
        return [self.match(source, m.target) for m in kept] if explain else kept


def _industry(a: Profile, b: Profile, reasons: list[Reason]) -> int:
    if not a.industries or not b.industries:
        reasons.append(Reason("any_industry"))
        return HALF
    shared = a.industries & b.industries
    if shared:
        reasons.append(Reason("industry", tuple(sorted(shared))))
        return WHOLE
    return 0


def _place(a: Profile, b: Profile, reasons: list[Reason]) -> int:
    if not a.province or not b.province:
        reasons.append(Reason("nationwide"))
        return HALF
    if a.province == b.province:
        reasons.append(Reason("province", (a.province,)))
        return WHOLE
    if a.region and a.region == b.region:
        reasons.append(Reason("region", (a.region,)))
        return HALF
    return 0


def _fit(a: Profile, b: Profile, reasons: list[Reason]) -> int:
    shared = a.tags & b.tags
    if shared:
        reasons.append(Reason("fit", tuple(sorted(shared))))
        return WHOLE
    return 0


def _phrases(text: str, shared: set[str]) -> list[str]:
    """Maximal stretches of ``text`` whose every token is shared (bigrams chain up)."""
    phrases: list[str] = []
    for run in _RUNS.findall(text):
        if not _IS_CJK.match(run):
            if run in shared:
                phrases.append(run)
            continue
        start = None
        for i in range(len(run) - 1):
            if run[i : i + 2] in shared:
                start = i if start is None else start
                continue
            if start is not None:
                phrases.append(run[start : i + 1])
                start = None
        if start is not None:
            phrases.append(run[start:])
    return phrases


def _common_pieces(phrase: str, other: str) -> list[str]:
    """Split ``phrase`` into the longest pieces (≥ 2 characters) that ``other`` contains."""
    if phrase in other:
        return [phrase]
    pieces, i = [], 0
    while i < len(phrase) - 1:
        j = len(phrase)
        while j - i >= 2 and phrase[i:j] not in other:
            j -= 1
        if j - i >= 2:
            pieces.append(phrase[i:j])
            i = j
        else:
            i += 1
    return pieces
