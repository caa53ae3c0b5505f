"""Hand-computed cases for podium.rules: rubric, aggregation, publishing, ranks, advancement."""

from __future__ import annotations

from decimal import Decimal

import pytest

from podium.errors import PodiumError
from podium.rules.ranking import (
    DECISION_NOT_THE_TIE,
    DECISION_WITHOUT_TIE,
    NEGATIVE_QUOTA,
    Advancement,
    ProjectResult,
    advance_with_decision,
    competition_ranks,
    mark_advancement,
    rank_all,
    rank_track,
    straddling_group,
)
from podium.rules.rubric import (
    DEFAULT_RUBRIC,
    RUBRIC_BAD_ITEM,
    RUBRIC_BAD_KEY,
    RUBRIC_BAD_MAX,
    RUBRIC_DUPLICATE_KEY,
    RUBRIC_EMPTY,
    RUBRIC_RESERVED_KEY,
    Criterion,
    Rubric,
    Sheet,
)
from podium.rules.scoring import (
    DUPLICATE_SHEET,
    MIXED_TRACKS,
    NEGATIVE_TRIM,
    UNKNOWN_METHOD,
    Method,
    publish,
    score_track,
    trimmed_mean,
)

D = Decimal


def sheets_from_totals(totals: dict[str, list[str]], *, track: str = "T") -> list[Sheet]:
    """One single-criterion sheet per total; judges J1, J2, ... in list order."""
    return [
        Sheet(track=track, project=project, judge=f"J{index}", marks={"mark": D(total)})
        for project, project_totals in totals.items()
        for index, total in enumerate(project_totals, start=1)
    ]


def result_rows(rows: list[ProjectResult]) -> list[tuple[str, str, int, bool | None, bool]]:
    return [(row.project, str(row.score), row.rank, row.advanced, row.tie_break) for row in rows]


# --- rubric ---------------------------------------------------------------------------


def test_default_rubric_has_four_criteria_in_order() -> None:
    assert DEFAULT_RUBRIC.criteria == (
        Criterion("technical_solution", D(30)),
        Criterion("application_results", D(30)),
        Criterion("commercial_value", D(25)),
        Criterion("qa_defense", D(15)),
    )
    assert DEFAULT_RUBRIC.max_total == D(100)


def test_rubric_parse_keeps_decimal_max_and_spaces() -> None:
    rubric = Rubric.parse(" mark : 10 , bonus:2.5")
    assert rubric.criteria == (Criterion("mark", D(10)), Criterion("bonus", D("2.5")))
    assert str(rubric) == "mark:10,bonus:2.5"


@pytest.mark.parametrize(
    ("spec", "message"),
    [
        ("", RUBRIC_EMPTY),
        ("   ", RUBRIC_EMPTY),
        ("mark", RUBRIC_BAD_ITEM.format(item="mark")),
        (":10", RUBRIC_BAD_ITEM.format(item=":10")),
        ("mark:10,", RUBRIC_BAD_ITEM.format(item="")),
        ("mark:", RUBRIC_BAD_MAX.format(key="mark", value="")),
        ("mark:ten", RUBRIC_BAD_MAX.format(key="mark", value="ten")),
        ("mark:NaN", RUBRIC_BAD_MAX.format(key="mark", value="NaN")),
        ("mark:0", RUBRIC_BAD_MAX.format(key="mark", value="0")),
        ("mark:-3", RUBRIC_BAD_MAX.format(key="mark", value="-3")),
        ("mark:1,mark:2", RUBRIC_DUPLICATE_KEY.format(key="mark")),
        ("judge:5", RUBRIC_RESERVED_KEY.format(key="judge")),
        ("1st:5", RUBRIC_BAD_KEY.format(key="1st")),
        ("my mark:5", RUBRIC_BAD_KEY.format(key="my mark")),
    ],
)
def test_rubric_parse_rejects_malformed_spec(spec: str, message: str) -> None:
    with pytest.raises(PodiumError) as caught:
        Rubric.parse(spec)
    assert caught.value.message == message


def test_sheet_total_sums_marks_exactly() -> None:
    sheet = Sheet("T", "P", "J", {"a": D("0.1"), "b": D("0.2"), "c": D("29.7")})
    assert sheet.total == D("30.0")


# --- publishing -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "published"),
    [
        ("2.675", "2.68"),  # float: round(2.675, 2) == 2.67
        ("1.005", "1.01"),  # float: round(1.005, 2) == 1.0
        ("0.125", "0.13"),  # float rounds half to even: 0.12
        ("2.665", "2.67"),
        ("2.6749999", "2.67"),
        ("7", "7.00"),
        ("-0.001", "0.00"),
        ("-1.005", "-1.01"),
    ],
)
def test_publish_rounds_half_up_to_cents(raw: str, published: str) -> None:
    assert str(publish(D(raw))) == published


@pytest.mark.parametrize(
    ("totals", "published"),
    [
        (["2.67", "2.68"], "2.68"),
        (["1.00", "1.01"], "1.01"),
        (["0.12", "0.13"], "0.13"),
        (["10", "10", "11"], "10.33"),
        (["5", "5", "6"], "5.33"),
        (["1", "2"], "1.50"),
    ],
)
def test_mean_method_publishes_half_up_mean(totals: list[str], published: str) -> None:
    rows = rank_track(sheets_from_totals({"P": totals}), method="mean")
    assert str(rows[0].score) == published
    assert (rows[0].judges, rows[0].counted) == (len(totals), len(totals))


# --- trimmed ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("totals", "trim", "published", "counted"),
    [
        (["1", "2", "3", "4", "10"], 1, "3.00", 3),  # n=5 >= 2k+3: drop 1 and 10
        (["1", "2", "3", "10"], 1, "4.00", 4),  # n=4 < 5: plain mean
        (["5", "5", "5", "9", "9"], 1, "6.33", 3),  # one 5 and one 9 dropped: 19/3
        (["0", "1", "2", "3", "4", "5", "100"], 2, "3.00", 3),  # n=7 >= 2k+3
        (["0", "1", "2", "3", "4", "100"], 2, "18.33", 6),  # n=6 < 7: plain mean
        (["1", "2", "9"], 0, "4.00", 3),  # k=0 is the mean
        (["7"], 1, "7.00", 1),
    ],
)
def test_trimmed_score_drops_extremes_only_with_enough_totals(
    totals: list[str], trim: int, published: str, counted: int
) -> None:
    rows = rank_track(sheets_from_totals({"P": totals}), method="trimmed", trim=trim)
    assert (str(rows[0].score), rows[0].judges, rows[0].counted) == (
        published,
        len(totals),
        counted,
    )


def test_trimmed_mean_returns_mean_and_counted() -> None:
    assert trimmed_mean([D(1), D(5), D(2), D(3), D(4)], trim=1) == (D(3), 3)


def test_score_track_keeps_raw_score_unrounded() -> None:
    scored = score_track(sheets_from_totals({"P": ["1", "2"], "Q": ["1.005"]}), method="mean")
    assert (scored["P"].raw, scored["P"].score) == (D("1.5"), D("1.50"))
    assert (scored["Q"].raw, scored["Q"].score) == (D("1.005"), D("1.01"))


def test_trimmed_method_rounds_half_up_after_trimming() -> None:
    # Kept totals 2.67, 2.68 (and 2.675 twice) -> 10.70/4 = 2.675 -> 2.68.
    sheets = sheets_from_totals({"P": ["0", "2.67", "2.675", "2.675", "2.68", "99"]})
    rows = rank_track(sheets, method=Method.TRIMMED, trim=1)
    assert (str(rows[0].score), rows[0].judges, rows[0].counted) == ("2.68", 6, 4)


def test_multi_criterion_sheet_total_is_sum_of_criteria() -> None:
    sheets = [
        Sheet("T", "P", "J1", {"technical_solution": D("25.5"), "qa_defense": D("10.25")}),
        Sheet("T", "P", "J2", {"technical_solution": D("20"), "qa_defense": D("5")}),
    ]
    assert rank_track(sheets, method="mean")[0].score == D("30.38")  # 60.75 / 2 = 30.375


# --- zscore ----------------------------------------------------------------------------


def test_zscore_standardises_each_judge_with_population_sd() -> None:
    # J1: A=10, B=30 -> mean 20, sd 10 -> z -1, +1. J2: A=12, B=18 -> mean 15, sd 3 -> -1, +1.
    sheets = [
        Sheet("T", "A", "J1", {"m": D(10)}),
        Sheet("T", "B", "J1", {"m": D(30)}),
        Sheet("T", "A", "J2", {"m": D(12)}),
        Sheet("T", "B", "J2", {"m": D(18)}),
    ]
    assert result_rows(rank_track(sheets, method="zscore")) == [
        ("B", "60.00", 1, None, False),
        ("A", "40.00", 2, None, False),
    ]


def test_zscore_gives_zero_to_constant_and_single_sheet_judges() -> None:
    # J1: 10, 20, 30 -> mean 20, sd sqrt(200/3); z(A) = -sqrt(1.5), z(C) = +sqrt(1.5).
    # J2 gives A and B the same total (sd 0 -> z 0); J3 marks only C (one sheet -> z 0).
    # A: 50 + 10 * (-1.2247448714 + 0) / 2 = 43.8762756 -> 43.88
    # C: 50 + 10 * (+1.2247448714 + 0) / 2 = 56.1237244 -> 56.12
    sheets = [
        Sheet("T", "A", "J1", {"m": D(10)}),
        Sheet("T", "B", "J1", {"m": D(20)}),
        Sheet("T", "C", "J1", {"m": D(30)}),
        Sheet("T", "A", "J2", {"m": D(5)}),
        Sheet("T", "B", "J2", {"m": D(5)}),
        Sheet("T", "C", "J3", {"m": D(7)}),
    ]
    rows = rank_track(sheets, method="zscore", trim=3)
    assert result_rows(rows) == [
        ("C", "56.12", 1, None, False),
        ("B", "50.00", 2, None, False),
        ("A", "43.88", 3, None, False),
    ]
    assert [(row.judges, row.counted) for row in rows] == [(2, 2), (2, 2), (2, 2)]


def test_zscore_judge_statistics_stay_within_their_track() -> None:
    track_one = [
        Sheet("one", "A", "J1", {"m": D(10)}),
        Sheet("one", "B", "J1", {"m": D(30)}),
    ]
    track_two = [
        Sheet("two", "X", "J1", {"m": D(90)}),
        Sheet("two", "Y", "J1", {"m": D(100)}),
    ]
    ranked = rank_all(track_one + track_two, method="zscore")
    assert ranked["one"] == rank_track(track_one, method="zscore")
    assert result_rows(ranked["one"]) == [
        ("B", "60.00", 1, None, False),
        ("A", "40.00", 2, None, False),
    ]


# --- input errors ----------------------------------------------------------------------


def test_rank_track_with_unknown_method_raises() -> None:
    with pytest.raises(PodiumError) as caught:
        rank_track([], method="median")
    assert caught.value.message == UNKNOWN_METHOD.format(
        method="median", choices="mean, trimmed, zscore"
    )


@pytest.mark.parametrize("trim", [-1, True])
def test_rank_track_with_bad_trim_raises(trim: int) -> None:
    with pytest.raises(PodiumError) as caught:
        rank_track([], trim=trim)
    assert caught.value.message == NEGATIVE_TRIM.format(trim=trim)


def test_rank_track_with_negative_quota_raises() -> None:
    with pytest.raises(PodiumError) as caught:
        rank_track([], quota=-2)
    assert caught.value.message == NEGATIVE_QUOTA.format(quota=-2)


def test_rank_track_with_duplicate_sheet_raises() -> None:
    sheets = sheets_from_totals({"P": ["1"]}) * 2
    with pytest.raises(PodiumError) as caught:
        rank_track(sheets)
    assert caught.value.message == DUPLICATE_SHEET.format(track="T", project="P", judge="J1")


def test_rank_track_with_two_tracks_raises() -> None:
    sheets = sheets_from_totals({"P": ["1"]}, track="B") + sheets_from_totals({"P": ["1"]})
    with pytest.raises(PodiumError) as caught:
        rank_track(sheets)
    assert caught.value.message == MIXED_TRACKS.format(tracks="B, T")


# --- ranks and advancement -------------------------------------------------------------


def test_competition_ranks_share_rank_and_skip_after_ties() -> None:
    scores = {"a": D("9.00"), "b": D("7.50"), "c": D("7.5"), "d": D("1.00")}
    assert competition_ranks(scores) == {"a": 1, "b": 2, "c": 2, "d": 4}


def test_competition_ranks_all_equal_are_all_first() -> None:
    assert competition_ranks({"x": D(1), "y": D(1), "z": D(1)}) == {"x": 1, "y": 1, "z": 1}
    assert competition_ranks({}) == {}


ADVANCE, HOLD, OUT, OPEN = (
    Advancement(True, False),
    Advancement(False, True),
    Advancement(False, False),
    Advancement(None, False),
)


@pytest.mark.parametrize(
    ("quota", "expected"),
    [
        (None, {"a": OPEN, "b": OPEN, "c": OPEN, "d": OPEN}),
        (0, {"a": OUT, "b": OUT, "c": OUT, "d": OUT}),
        (1, {"a": ADVANCE, "b": OUT, "c": OUT, "d": OUT}),
        (2, {"a": ADVANCE, "b": HOLD, "c": HOLD, "d": OUT}),
        (3, {"a": ADVANCE, "b": ADVANCE, "c": ADVANCE, "d": OUT}),
        (4, {"a": ADVANCE, "b": ADVANCE, "c": ADVANCE, "d": ADVANCE}),
        (9, {"a": ADVANCE, "b": ADVANCE, "c": ADVANCE, "d": ADVANCE}),
    ],
)
def test_mark_advancement_admits_whole_tie_groups_only(
    quota: int | None, expected: dict[str, Advancement]
) -> None:
    assert mark_advancement({"a": 1, "b": 2, "c": 2, "d": 4}, quota=quota) == expected


def test_mark_advancement_tie_for_first_straddles_quota_one() -> None:
    assert mark_advancement({"a": 1, "b": 1, "c": 3}, quota=1) == {
        "a": HOLD,
        "b": HOLD,
        "c": OUT,
    }


def test_rank_track_orders_ties_by_project_id_and_flags_cut() -> None:
    sheets = sheets_from_totals({"P3": ["5"], "P1": ["9"], "P2": ["5"], "P0": ["5"]})
    assert result_rows(rank_track(sheets, quota=2)) == [
        ("P1", "9.00", 1, True, False),
        ("P0", "5.00", 2, False, True),
        ("P2", "5.00", 2, False, True),
        ("P3", "5.00", 2, False, True),
    ]


def test_rank_track_ties_on_published_score_not_raw_mean() -> None:
    # 8.004 and 8.001 both publish as 8.00, so they share rank 1.
    sheets = sheets_from_totals({"A": ["8.004"], "B": ["8.001"], "C": ["7.999"]})
    assert [(row.project, row.rank) for row in rank_track(sheets)] == [
        ("A", 1),
        ("B", 1),
        ("C", 1),
    ]


def test_rank_all_ranks_tracks_separately_with_their_quotas() -> None:
    sheets = sheets_from_totals({"P1": ["3"], "P2": ["4"]}, track="web") + sheets_from_totals(
        {"Q1": ["2"]}, track="ai"
    )
    ranked = rank_all(sheets, quotas={"web": 1, "absent": 3})
    assert list(ranked) == ["ai", "web"]
    assert result_rows(ranked["ai"]) == [("Q1", "2.00", 1, None, False)]
    assert result_rows(ranked["web"]) == [
        ("P2", "4.00", 1, True, False),
        ("P1", "3.00", 2, False, False),
    ]


TIED_ROWS = rank_track(
    sheets_from_totals({"a": ["9"], "b": ["7"], "c": ["7"], "d": ["7"], "e": ["1"]}), quota=3
)


def test_straddling_group_lists_the_tied_projects() -> None:
    assert straddling_group(TIED_ROWS, quota=3) == ["b", "c", "d"]
    assert straddling_group(TIED_ROWS, quota=4) == []


def test_advance_with_decision_fills_remaining_seats_in_decided_order() -> None:
    decided = advance_with_decision(TIED_ROWS, quota=3, decided_order=["d", "b", "c"])
    assert result_rows(decided) == [
        ("a", "9.00", 1, True, False),
        ("b", "7.00", 2, True, True),
        ("c", "7.00", 2, False, True),
        ("d", "7.00", 2, True, True),
        ("e", "1.00", 5, False, False),
    ]


def test_advance_with_decision_without_tie_recomputes_plain_cut() -> None:
    decided = advance_with_decision(TIED_ROWS, quota=4, decided_order=[])
    assert [row.advanced for row in decided] == [True, True, True, True, False]


def test_advance_with_decision_without_tie_rejects_an_order() -> None:
    with pytest.raises(PodiumError) as caught:
        advance_with_decision(TIED_ROWS, quota=1, decided_order=["a"])
    assert caught.value.message == DECISION_WITHOUT_TIE.format(quota=1)


@pytest.mark.parametrize(
    "order", [["b", "c"], ["b", "c", "e"], ["b", "c", "d", "d"], ["b", "b", "d"]]
)
def test_advance_with_decision_rejects_order_not_matching_the_tie(order: list[str]) -> None:
    with pytest.raises(PodiumError) as caught:
        advance_with_decision(TIED_ROWS, quota=3, decided_order=order)
    assert caught.value.message == DECISION_NOT_THE_TIE.format(
        expected="b, c, d", given=", ".join(order)
    )
