"""The match-making rule: a labelled set ranks as a person would, and properties hold."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from podium.errors import PodiumError
from podium.rules.matching import (
    DUPLICATE_KEY,
    UNKNOWN_KEY,
    MatchIndex,
    Profile,
    Reason,
    tokens,
)

# A small labelled set: each offer and the project a person would put first.
OFFERS = [
    Profile(
        "offer:park",
        "余杭工业互联网小镇提供免租办公和中试场地，诚邀数字孪生方向团队入驻落户，开放5G专网。",
        frozenset({"装备制造"}),
        "浙江",
        "华东赛区",
        frozenset({"settle", "pilot"}),
    ),
    Profile(
        "offer:fund",
        "重点关注钢铁行业边缘计算和预测性维护方向的早期项目，单笔投资500万元至3000万元。",
        frozenset({"钢铁"}),
        "",
        "",
        frozenset({"funding"}),
    ),
    Profile(
        "offer:need",
        "纺织服装企业需要机器视觉布匹瑕疵检测方案，可提供试点产线。",
        frozenset({"纺织服装"}),
        "江苏",
        "华东赛区",
        frozenset({"pilot"}),
    ),
]
PROJECTS = [
    Profile(
        "team:steel-edge",
        "基于边缘计算的钢铁高炉预测性维护平台。寻求A轮融资，用于边缘计算网关研发。",
        frozenset({"钢铁"}),
        "河北",
        "华北赛区",
        frozenset({"funding"}),
    ),
    Profile(
        "team:steel-erp",
        "钢铁企业供应链协同管理系统，打通采购和销售数据。",
        frozenset({"钢铁"}),
        "辽宁",
        "东北赛区",
    ),
    Profile(
        "team:twin-zj",
        "数字孪生驱动的装备制造产线仿真平台，希望在浙江园区落户并开展中试。",
        frozenset({"装备制造"}),
        "浙江",
        "华东赛区",
        frozenset({"settle"}),
    ),
    Profile(
        "team:twin-gd",
        "数字孪生工厂建模软件，服务家电企业。",
        frozenset({"家电"}),
        "广东",
        "华南赛区",
    ),
    Profile(
        "team:textile-vision",
        "面向纺织服装的机器视觉瑕疵检测系统，检测准确率达到98%，寻找试点客户。",
        frozenset({"纺织服装"}),
        "江苏",
        "华东赛区",
        frozenset({"pilot"}),
    ),
    Profile(
        "team:food-vision",
        "食品包装机器视觉检测设备。",
        frozenset({"食品"}),
        "山东",
        "华北赛区",
    ),
]
EXPECTED_FIRST = {
    "offer:park": "team:twin-zj",
    "offer:fund": "team:steel-edge",
    "offer:need": "team:textile-vision",
}


@pytest.fixture(scope="module")
def index() -> MatchIndex:
    return MatchIndex([*OFFERS, *PROJECTS])


@pytest.mark.parametrize("offer", sorted(EXPECTED_FIRST))
def test_rank_labelled_best_match_comes_first(index, offer) -> None:
    ranked = index.rank(offer, [p.key for p in PROJECTS])

    assert ranked[0].target == EXPECTED_FIRST[offer]
    assert ranked[0].score > ranked[1].score


def test_match_explanation_names_industry_province_fit_and_terms(index) -> None:
    match = index.match("offer:fund", "team:steel-edge")

    assert match.reasons == (
        Reason("industry", ("钢铁",)),
        Reason("nationwide"),
        Reason("fit", ("funding",)),
        Reason("terms", ("边缘计算", "预测性维护", "钢铁")),  # 边缘计算 twice: heavier
    )


def test_match_same_province_reason_and_components(index) -> None:
    match = index.match("offer:park", "team:twin-zj")

    assert match.industry == Decimal(1)
    assert match.place == Decimal(1)
    assert match.fit == Decimal(1)
    assert Reason("province", ("浙江",)) in match.reasons
    assert "数字孪生" in {r.kind: r.values for r in match.reasons}["terms"]


def test_match_same_region_counts_half(index) -> None:
    match = index.match("offer:need", "team:twin-zj")

    assert match.place == Decimal("0.5")
    assert Reason("region", ("华东赛区",)) in match.reasons


def test_match_unrelated_profiles_score_only_the_nationwide_half(index) -> None:
    match = index.match("offer:fund", "team:food-vision")

    assert (match.industry, match.place, match.fit, match.text) == (
        Decimal(0),
        Decimal("0.5"),
        Decimal(0),
        Decimal(0),
    )
    assert match.score == Decimal("0.0750")


def test_tokens_chinese_bigrams_latin_words_and_glue_left_out() -> None:
    assert tokens("基于边缘计算的5G平台 AI-Ops") == [
        "基于",
        "于边",
        "边缘",
        "缘计",
        "计算",
        "5g",
        "平台",
        "ai-ops",
    ]


def test_tokens_single_character_run_is_kept() -> None:
    assert tokens("云，边") == ["云", "边"]


def test_index_refuses_duplicate_and_unknown_keys() -> None:
    with pytest.raises(PodiumError) as duplicate:
        MatchIndex([Profile("a", "文本"), Profile("a", "文本")])
    index = MatchIndex([Profile("a", "文本")])
    with pytest.raises(PodiumError) as unknown:
        index.similarity("a", "b")

    assert duplicate.value.message == DUPLICATE_KEY.format(key="a")
    assert unknown.value.message == UNKNOWN_KEY.format(key="b")


def test_rank_ties_broken_by_key_whatever_the_given_order() -> None:
    twins = [Profile(f"t{n}", "同样的文本内容") for n in (3, 1, 2)]
    index = MatchIndex([Profile("s", "同样的文本内容"), *twins])

    assert [m.target for m in index.rank("s", ["t3", "t1", "t2"])] == ["t1", "t2", "t3"]
    assert [m.target for m in index.rank("s", ["t2", "t3", "t1"])] == ["t1", "t2", "t3"]


# --- properties --------------------------------------------------------------------------

CHINESE = st.text(alphabet="边缘计算数字孪生钢铁纺织园区投资平台工业互联网的和5GAI ", max_size=40)
TAGS = st.frozensets(st.sampled_from(["funding", "settle", "pilot"]), max_size=2)
PLACES = st.sampled_from(["", "浙江", "江苏", "河北"])
INDUSTRIES = st.frozensets(st.sampled_from(["钢铁", "装备制造", "纺织服装"]), max_size=2)


@st.composite
def profile_sets(draw):
    count = draw(st.integers(min_value=2, max_value=6))
    return [
        Profile(
            key=f"p{n}",
            text=draw(CHINESE),
            industries=draw(INDUSTRIES),
            province=draw(PLACES),
            region="华东赛区",
            tags=draw(TAGS),
        )
        for n in range(count)
    ]


@settings(max_examples=150, deadline=None)
@given(profile_sets())
def test_property_scores_in_unit_interval_and_symmetric(profiles) -> None:
    index = MatchIndex(profiles)
    for a in profiles:
        for b in profiles:
            forward, backward = index.match(a.key, b.key), index.match(b.key, a.key)
            assert Decimal(0) <= forward.score <= Decimal(1)
            assert Decimal(0) <= forward.text <= Decimal(1)
            assert forward.score == backward.score
            assert index.similarity(a.key, b.key) == index.similarity(b.key, a.key)


@settings(max_examples=100, deadline=None)
@given(profile_sets(), st.randoms(use_true_random=False))
def test_property_deterministic_whatever_the_input_order(profiles, rng) -> None:
    shuffled = list(profiles)
    rng.shuffle(shuffled)
    first, second = MatchIndex(profiles), MatchIndex(shuffled)
    keys = [p.key for p in profiles]

    assert first.rank(keys[0], keys) == second.rank(keys[0], list(reversed(keys)))


@settings(max_examples=100, deadline=None)
@given(CHINESE.filter(lambda text: tokens(text) != []))
def test_property_text_with_itself_is_one(text) -> None:
    index = MatchIndex([Profile("a", text), Profile("b", text), Profile("c", "无关内容")])

    assert index.similarity("a", "b") == Decimal("1.0000")
