"""Pure-Python tests of the demo-content generator (no Django needed)."""

import json
import os
import random
import re
import subprocess
import sys
from pathlib import Path

import pytest

from podium.demo import names, vocabulary

CJK = re.compile(r"[\u4e00-\u9fff]")
PROVINCE_ZH = [p[1] for p in vocabulary.PROVINCES]
INDUSTRY_ZH = [i[1] for i in vocabulary.INDUSTRIES]


def bundle(seed: int) -> dict[str, list]:
    """One of everything the generator makes, drawn from a single seeded rng."""
    rng = random.Random(seed)
    out: dict[str, list] = {k: [] for k in ("people", "enterprises", "titles", "summaries")}
    out.update(teams=[], partners=[], offers=[], tags=[])
    for i in range(40):
        province = PROVINCE_ZH[i % len(PROVINCE_ZH)]
        industry = INDUSTRY_ZH[i % len(INDUSTRY_ZH)]
        kind = names.PARTNER_KINDS[i % 3]
        enterprise = names.enterprise_name(rng, province_zh=province)
        title = names.project_title(rng, industry_zh=industry)
        out["people"].append(names.person_name(rng))
        out["enterprises"].append(enterprise)
        out["titles"].append(title)
        out["summaries"].append(
            names.project_summary(rng, title=title, industry_zh=industry, enterprise=enterprise)
        )
        out["teams"].append(names.team_name(rng, enterprise=enterprise))
        out["partners"].append(names.partner_name(rng, kind=kind, province_zh=province))
        out["offers"].append(names.partner_offer(rng, kind=kind, industry_zh=industry))
        out["tags"].append(names.expertise_tags(rng, industries=[industry, "汽车"]))
    out["unique"] = names.unique(rng, names.project_title, 30, industry_zh="钢铁")
    return out


# --- vocabulary ------------------------------------------------------------


def test_vocabulary_counts():
    assert len(vocabulary.PROVINCES) == 30
    assert len(vocabulary.REGIONS) == 4
    assert len(vocabulary.INDUSTRIES) == 29
    assert "西藏" not in PROVINCE_ZH
    for required in ("农业", "金融业", "旅游业", "汽车", "钢铁", "集成电路"):
        assert required in INDUSTRY_ZH


@pytest.mark.parametrize("table", ["PROVINCES", "REGIONS", "INDUSTRIES"])
def test_codes_and_names_unique(table):
    rows = getattr(vocabulary, table)
    codes = [row[0] for row in rows]
    assert all(len(row) == 3 for row in rows)
    assert len(set(codes)) == len(codes)
    assert len({row[1] for row in rows}) == len(rows)
    assert len({row[2] for row in rows}) == len(rows)
    assert all(re.fullmatch(r"[a-z][a-z_]*", code) for code in codes)
    assert all(CJK.search(row[1]) and row[2].isascii() for row in rows)


def test_every_province_in_exactly_one_nonempty_region():
    province_codes = [p[0] for p in vocabulary.PROVINCES]
    region_codes = [r[0] for r in vocabulary.REGIONS]
    assert sorted(vocabulary.PROVINCE_REGION) == sorted(province_codes)
    assert all(region in region_codes for region in vocabulary.PROVINCE_REGION.values())
    for region in region_codes:
        assert list(vocabulary.PROVINCE_REGION.values()).count(region) >= 3


def test_province_tables_cover_every_province():
    assert list(vocabulary.PROVINCE_CITIES) == PROVINCE_ZH
    assert list(vocabulary.PROVINCE_FULL_NAMES) == PROVINCE_ZH
    for province, cities in vocabulary.PROVINCE_CITIES.items():
        assert 2 <= len(cities) <= 4, province
        assert len(set(cities)) == len(cities)
        assert vocabulary.PROVINCE_FULL_NAMES[province].startswith(province)
    assert all(industry in INDUSTRY_ZH for industry in vocabulary.INDUSTRY_SCENES)


def test_word_lists_are_sequences_without_duplicates():
    for name in ("SURNAMES", "GIVEN_CHARS", "ENTERPRISE_BRANDS", "TECHNOLOGIES", "GENERIC_SCENES"):
        words = getattr(vocabulary, name)
        assert isinstance(words, tuple), name
        assert len(set(words)) == len(words), name
    assert len(vocabulary.SURNAMES) >= 100
    assert len(vocabulary.GIVEN_CHARS) >= 150
    assert all(len(brand) == 2 for brand in vocabulary.ENTERPRISE_BRANDS)
    assert len(vocabulary.TITLE_TEMPLATES) >= 8


# --- determinism -----------------------------------------------------------


def test_same_seed_same_output():
    assert bundle(2020) == bundle(2020)


def test_different_seeds_differ():
    first, second = bundle(1), bundle(2)
    for key in first:
        assert first[key] != second[key], key


def test_independent_of_hash_seed_and_global_random():
    """Output depends on the rng alone: not on set order, not on the global random."""
    script = (
        "import json, random; from tests.demo.test_names import bundle; "
        "random.seed(99); print(json.dumps(bundle(7), ensure_ascii=False))"
    )
    root = Path(__file__).resolve().parents[2]
    outputs = []
    for hash_seed in ("0", "12345"):
        env = {**os.environ, "PYTHONHASHSEED": hash_seed}
        run = subprocess.run(
            [sys.executable, "-c", script], cwd=root, env=env, capture_output=True, check=True
        )
        outputs.append(json.loads(run.stdout))
    assert outputs[0] == outputs[1] == json.loads(json.dumps(bundle(7)))

    random.seed(5)
    state = random.getstate()
    bundle(3)
    assert random.getstate() == state


# --- generators ------------------------------------------------------------


def test_all_strings_contain_cjk():
    for key, values in bundle(11).items():
        flat = [tag for tags in values for tag in tags] if key == "tags" else values
        for value in flat:
            assert isinstance(value, str), (key, value)
            assert CJK.search(value), (key, value)


def test_person_names_look_chinese():
    rng = random.Random(0)
    people = [names.person_name(rng) for _ in range(2000)]
    assert all(2 <= len(p) <= 4 and all(CJK.match(c) for c in p) for p in people)
    assert any(len(p) == 2 for p in people)
    assert any(len(p) == 3 for p in people)
    assert any(p[:2] in vocabulary.SURNAMES for p in people)  # some double surnames
    assert all(p[0] in vocabulary.SURNAMES or p[:2] in vocabulary.SURNAMES for p in people)


@pytest.mark.parametrize("province", ["浙江", "北京", "新疆", "黑龙江"])
def test_enterprise_name_is_located_in_province(province):
    places = [province] + [names.city_short(c) for c in vocabulary.PROVINCE_CITIES[province]]
    rng = random.Random(province)
    for _ in range(200):
        name = names.enterprise_name(rng, province_zh=province)
        assert name.endswith(("公司", "研究院")), name
        assert any(name.startswith(p) or f"（{p}）" in name for p in places), name


def test_enterprise_name_rejects_unknown_province():
    with pytest.raises(ValueError, match="unknown province"):
        names.enterprise_name(random.Random(0), province_zh="西藏")


def test_2100_distinct_enterprise_names():
    rng = random.Random(2020)
    pool = names.UniqueStrings()
    made = [
        pool.draw(rng, names.enterprise_name, province_zh=rng.choice(PROVINCE_ZH))
        for _ in range(2100)
    ]
    assert len(set(made)) == 2100 == len(pool)
    assert sum(name.endswith("）") for name in made) < 10  # retries, not suffixes, do the work

    single = names.unique(random.Random(1), names.enterprise_name, 2100, province_zh="海南")
    assert len(set(single)) == 2100


@pytest.mark.parametrize("industry", INDUSTRY_ZH)
def test_title_length_bounds(industry):
    rng = random.Random(industry)
    titles = [names.project_title(rng, industry_zh=industry) for _ in range(60)]
    assert all(names.TITLE_MIN <= len(t) <= names.TITLE_MAX for t in titles), titles
    assert len(set(titles)) >= 50


def test_1457_distinct_titles_within_30_chars():
    rng = random.Random(1457)
    pool = names.UniqueStrings()
    titles = [
        pool.draw(rng, names.project_title, industry_zh=rng.choice(INDUSTRY_ZH))
        for _ in range(1457)
    ]
    assert len(set(titles)) == 1457
    assert all(12 <= len(t) <= 30 for t in titles)
    narrow = names.unique(random.Random(0), names.project_title, 1457, industry_zh="船舶")
    assert len(set(narrow)) == 1457
    assert all(12 <= len(t) <= 30 for t in narrow)


@pytest.mark.parametrize("industry", ["汽车", "金融业", "水务环保", "集成电路"])
def test_summary_mentions_title_industry_technology_and_number(industry):
    rng = random.Random(industry)
    for _ in range(100):
        enterprise = names.enterprise_name(rng, province_zh="广东")
        title = names.project_title(rng, industry_zh=industry)
        text = names.project_summary(rng, title=title, industry_zh=industry, enterprise=enterprise)
        assert names.SUMMARY_MIN <= len(text) <= names.SUMMARY_MAX, text
        assert 3 <= text.count("。") <= 5, text
        assert title in text
        assert industry in text
        assert enterprise in text
        assert re.search(r"\d", text)
        assert any(tech in text for tech in vocabulary.TECHNOLOGIES)


def test_team_name_reuses_enterprise_brand():
    rng = random.Random(0)
    assert names.team_name(rng, enterprise="杭州海纳智能科技有限公司").startswith("海纳智能")
    assert names.team_name(rng, enterprise="海纳装备（宁波）有限公司").startswith("海纳")
    assert names.team_name(rng, enterprise="齐齐哈尔天工机电股份有限公司").startswith("天工")
    for _ in range(200):
        enterprise = names.enterprise_name(rng, province_zh=rng.choice(PROVINCE_ZH))
        team = names.team_name(rng, enterprise=enterprise)
        assert team[:2] in vocabulary.ENTERPRISE_BRANDS, (enterprise, team)
        assert team[:2] in enterprise


def test_partner_names_and_offers():
    rng = random.Random(0)
    for kind in names.PARTNER_KINDS:
        for province in PROVINCE_ZH:
            name = names.partner_name(rng, kind=kind, province_zh=province)
            offer = names.partner_offer(rng, kind=kind, industry_zh="船舶")
            assert CJK.search(name)
            assert len(name) >= 5
            assert offer.endswith("。")
            assert 1 <= offer.count("。") <= 2
    government = {
        names.partner_name(rng, kind="government", province_zh="北京") for _ in range(200)
    }
    assert "北京市经济和信息化局" in government
    assert not any("工业和信息化厅" in g for g in government)
    for bad in ("university", ""):
        with pytest.raises(ValueError, match="unknown partner kind"):
            names.partner_name(rng, kind=bad, province_zh="北京")
        with pytest.raises(ValueError, match="unknown partner kind"):
            names.partner_offer(rng, kind=bad, industry_zh="汽车")


@pytest.mark.parametrize("industries", [[], ["汽车"], ["汽车", "钢铁", "汽车", "船舶", "医药"]])
def test_expertise_tags(industries):
    rng = random.Random(len(industries))
    for _ in range(200):
        tags = names.expertise_tags(rng, industries=industries)
        assert 2 <= len(tags) <= 4
        assert len(set(tags)) == len(tags)
        picked = [t for t in tags if t in industries]
        assert len(picked) <= 2
        assert picked or not industries
        assert len(picked) < len(tags)


def test_unique_suffixes_deterministically_when_generator_runs_dry():
    def constant(rng):
        return "同一名称"

    assert names.unique(random.Random(0), constant, 3, tries=2) == [
        "同一名称",
        "同一名称（2）",
        "同一名称（3）",
    ]
    pool = names.UniqueStrings(taken=["同一名称"])
    assert pool.draw(random.Random(0), constant) == "同一名称（2）"
    assert "同一名称" in pool
