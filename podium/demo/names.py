"""Deterministic generators of realistic Chinese demo content.

Every generator takes a ``random.Random`` as its first argument and draws only
with ``rng.choice``, ``rng.sample`` and ``rng.randint`` over the tuples in
:mod:`podium.demo.vocabulary`, so one seed yields the same text on any machine.
"""

from __future__ import annotations

import random
from collections.abc import Callable, Iterable

from podium.demo import vocabulary as v

TITLE_MIN, TITLE_MAX = 12, 26  # 26 leaves room for a "（k）" suffix under a hard limit of 30
SUMMARY_MIN, SUMMARY_MAX = 100, 260
PARTNER_KINDS: tuple[str, ...] = ("government", "park", "investor")

_SINGLE_SURNAMES = tuple(s for s in v.SURNAMES if len(s) == 1)
_DOUBLE_SURNAMES = tuple(s for s in v.SURNAMES if len(s) == 2)
_NAME_SUFFIXES = ("集团有限公司", "股份有限公司", "有限公司", "研究院")


def city_short(city: str) -> str:
    """``"杭州市"`` -> ``"杭州"``, ``"浦东新区"`` -> ``"浦东"``."""
    for tail in ("新区", "市", "区"):
        if city.endswith(tail) and len(city) > len(tail) + 1:
            return city[: -len(tail)]
    return city


# Place names an enterprise may start with, longest first so "齐齐哈尔" beats shorter ones.
_PLACE_PREFIXES = tuple(
    sorted(
        dict.fromkeys(
            [p[1] for p in v.PROVINCES]
            + [city_short(c) for cities in v.PROVINCE_CITIES.values() for c in cities]
        ),
        key=lambda s: (-len(s), s),
    )
)


def _cities(province_zh: str) -> tuple[str, ...]:
    try:
        return v.PROVINCE_CITIES[province_zh]
    except KeyError:
        raise ValueError(f"unknown province: {province_zh!r}") from None


def _industry_word(industry_zh: str) -> str:
    """Industry as written inside a title: "金融业" -> "金融", "农业" stays."""
    return industry_zh[:-1] if industry_zh.endswith("业") and len(industry_zh) > 2 else industry_zh


def _scene(rng: random.Random, industry_zh: str) -> str:
    specific = v.INDUSTRY_SCENES.get(industry_zh, ())
    if specific and (industry_zh in v.SCENE_ONLY_INDUSTRIES or rng.randint(1, 10) <= 6):
        return rng.choice(specific)
    return rng.choice(v.GENERIC_SCENES)


def _stutters(text: str) -> bool:
    """True when a two-character chunk repeats back to back ("平台平台")."""
    return any(text[i : i + 2] == text[i + 2 : i + 4] for i in range(len(text) - 3))


def person_name(rng: random.Random) -> str:
    """A Chinese full name: 2–3 characters, rarely 3–4 with a double surname."""
    if rng.randint(1, 40) == 1:
        surname = rng.choice(_DOUBLE_SURNAMES)
    else:
        surname = rng.choice(_SINGLE_SURNAMES)
    given_len = 1 if rng.randint(1, 10) <= 3 else 2
    return surname + "".join(rng.sample(v.GIVEN_CHARS, given_len))


def enterprise_name(rng: random.Random, *, province_zh: str) -> str:
    """E.g. "杭州海纳智能科技有限公司", located in a city of ``province_zh``."""
    city = rng.choice(_cities(province_zh))
    use_province = province_zh in v.MUNICIPALITIES or rng.randint(1, 5) == 1
    return rng.choice(v.ENTERPRISE_TEMPLATES).format(
        city=province_zh if use_province else city_short(city),
        brand=rng.choice(v.ENTERPRISE_BRANDS),
        business=rng.choice(v.ENTERPRISE_BUSINESSES),
        suffix=rng.choice(v.ENTERPRISE_SUFFIXES),
        field=rng.choice(v.RESEARCH_FIELDS),
    )


def project_title(rng: random.Random, *, industry_zh: str) -> str:
    """E.g. "基于数字孪生的汽车焊装车间预测性维护平台"; TITLE_MIN..TITLE_MAX characters."""
    title = ""
    for _ in range(100):
        tech, tech2 = rng.sample(v.TECHNOLOGIES, 2)
        title = rng.choice(v.TITLE_TEMPLATES).format(
            tech=tech,
            tech2=tech2,
            ind=_industry_word(industry_zh),
            scene=_scene(rng, industry_zh),
            product=rng.choice(v.TITLE_PRODUCTS),
        )
        if TITLE_MIN <= len(title) <= TITLE_MAX and not _stutters(title):
            break
    return title


def _effect(rng: random.Random, metric: tuple[str, int, int]) -> str:
    phrase, low, high = metric
    return phrase.format(n=rng.randint(low, high))


def project_summary(rng: random.Random, *, title: str, industry_zh: str, enterprise: str) -> str:
    """3–5 sentences naming the title, industry, technologies and a measured effect."""
    tech, tech2, tech3 = rng.sample(v.TECHNOLOGIES, 3)
    metric, metric2 = rng.sample(v.EFFECT_METRICS, 2)
    sentences = [
        rng.choice(v.SUMMARY_OPENINGS).format(
            enterprise=enterprise, title=title, industry=industry_zh, pain=rng.choice(v.PAIN_POINTS)
        ),
        rng.choice(v.SUMMARY_TECH).format(tech=tech, tech2=tech2, tech3=tech3),
        rng.choice(v.SUMMARY_EFFECTS).format(
            effect=_effect(rng, metric), effect2=_effect(rng, metric2)
        ),
    ]
    fields = {
        "industry": industry_zh,
        "k": rng.randint(3, 60),
        "m": rng.randint(200, 20000),
        "a": rng.randint(5, 60),
        "b": rng.randint(5, 40),
    }
    wanted = rng.randint(0, 2)
    for template in rng.sample(v.SUMMARY_EXTRAS, len(v.SUMMARY_EXTRAS)):
        length = sum(map(len, sentences))
        if len(sentences) >= 5 or (len(sentences) - 3 >= wanted and length >= SUMMARY_MIN):
            break
        extra = template.format(**fields)
        if length + len(extra) <= SUMMARY_MAX:
            sentences.append(extra)
    return "".join(sentences)


def _enterprise_core(enterprise: str) -> str:
    """Strip place prefix and legal suffix: "杭州海纳智能科技有限公司" -> "海纳智能科技"."""
    core = enterprise.split("（", 1)[0]
    for suffix in _NAME_SUFFIXES:
        if core.endswith(suffix):
            core = core[: -len(suffix)]
            break
    for prefix in _PLACE_PREFIXES:
        if core.startswith(prefix) and len(core) >= len(prefix) + 2:
            core = core[len(prefix) :]
            break
    return core or enterprise


def team_name(rng: random.Random, *, enterprise: str) -> str:
    """E.g. "海纳智能工业互联网团队" for "杭州海纳智能科技有限公司"."""
    core = _enterprise_core(enterprise)
    short = core[:4] if core[2:4] in v.TEAM_KEEP_SECOND else core[:2]
    return rng.choice(v.TEAM_TEMPLATES).format(short=short, tech=rng.choice(v.TECHNOLOGIES))


def _kind_templates(table: dict[str, tuple[str, ...]], kind: str) -> tuple[str, ...]:
    try:
        return table[kind]
    except KeyError:
        raise ValueError(
            f"unknown partner kind {kind!r}; expected one of {PARTNER_KINDS}"
        ) from None


def partner_name(rng: random.Random, *, kind: str, province_zh: str) -> str:
    """A government body, industrial park or investor located in ``province_zh``."""
    templates = _kind_templates(v.PARTNER_NAME_TEMPLATES, kind)
    city = rng.choice(_cities(province_zh))
    full = v.PROVINCE_FULL_NAMES[province_zh]
    bureau = "经济和信息化局" if province_zh in v.MUNICIPALITIES else "工业和信息化厅"
    return rng.choice(templates).format(
        city=city,
        short=city_short(city),
        brand=rng.choice(v.ENTERPRISE_BRANDS),
        province_gov=full + bureau,
    )


def partner_offer(rng: random.Random, *, kind: str, industry_zh: str) -> str:
    """One or two sentences describing what a partner of ``kind`` offers or seeks."""
    return rng.choice(_kind_templates(v.PARTNER_OFFERS, kind)).format(
        industry=industry_zh,
        tech=rng.choice(v.TECHNOLOGIES),
        scene=_scene(rng, industry_zh),
        money=rng.choice(v.PARTNER_MONEY),
        money2=rng.choice(v.PARTNER_BIG_MONEY),
        area=rng.choice(v.PARTNER_AREAS),
        count=rng.randint(5, 80),
    )


# Pure-ASCII words such as "5G" are left out so that every tag contains Chinese.
_TAG_POOL = tuple(
    t for t in v.TECHNOLOGIES + v.EXPERTISE_TOPICS + v.GENERIC_SCENES if not t.isascii()
)


def expertise_tags(rng: random.Random, *, industries: list[str]) -> list[str]:
    """2–4 distinct tags: up to two of ``industries`` plus technologies or topics."""
    total = rng.randint(2, 4)
    known = list(dict.fromkeys(industries))  # dedupe, keeping order
    tags = rng.sample(known, min(len(known), rng.randint(1, 2), total - 1)) if known else []
    while len(tags) < total:
        tag = rng.choice(_TAG_POOL)
        if tag not in tags:
            tags.append(tag)
    return tags


class UniqueStrings:
    """Hands out strings this instance never handed out before.

    ``draw`` retries the generator up to ``tries`` times, then appends a
    deterministic "（2）", "（3）"… suffix to the last candidate.
    """

    def __init__(self, *, tries: int = 30, taken: Iterable[str] = ()) -> None:
        self.tries = tries
        self._seen: set[str] = set(taken)  # membership only, never iterated

    def __contains__(self, value: object) -> bool:
        return value in self._seen

    def __len__(self) -> int:
        return len(self._seen)

    def draw(self, rng: random.Random, make: Callable[..., str], /, **kwargs: object) -> str:
        value = make(rng, **kwargs)
        for _ in range(self.tries - 1):
            if value not in self._seen:
                break
            value = make(rng, **kwargs)
        base, k = value, 2
        while value in self._seen:
            value, k = f"{base}（{k}）", k + 1
        self._seen.add(value)
        return value


def unique(
    rng: random.Random, make: Callable[..., str], n: int, /, *, tries: int = 30, **kwargs: object
) -> list[str]:
    """``n`` distinct results of ``make(rng, **kwargs)``, in draw order."""
    pool = UniqueStrings(tries=tries)
    return [pool.draw(rng, make, **kwargs) for _ in range(n)]
