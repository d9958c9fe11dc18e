import pytest
from hypothesis import given
from hypothesis import strategies as st

from goldenthread.calculations.risk import (
    DEFAULT_BANDS,
    POSSIBLE_SCORES,
    BandError,
    Movement,
    ScoreBand,
    above_appetite,
    band_for,
    band_rank,
    heat_map_counts,
    movement,
    score,
    validate_bands,
)

ratings = st.integers(min_value=1, max_value=5)
LOW, MEDIUM, HIGH = DEFAULT_BANDS


class TestScore:
    @pytest.mark.parametrize(
        ("likelihood", "impact", "expected"), [(4, 3, 12), (5, 5, 25), (1, 1, 1), (3, 5, 15)]
    )
    def test_worked_examples(self, likelihood: int, impact: int, expected: int) -> None:
        assert score(likelihood, impact) == expected

    @pytest.mark.parametrize(
        ("likelihood", "impact", "named"),
        [(0, 3, "likelihood"), (6, 3, "likelihood"), (3, 0, "impact"), (3, 6, "impact")],
    )
    def test_ratings_outside_one_to_five_are_refused(
        self, likelihood: int, impact: int, named: str
    ) -> None:
        with pytest.raises(ValueError, match=f"{named} must be a whole number from 1 to 5"):
            score(likelihood, impact)

    def test_booleans_and_fractions_are_not_ratings(self) -> None:
        with pytest.raises(ValueError):
            score(True, 3)
        with pytest.raises(ValueError):
            score(2.5, 3)  # type: ignore[arg-type]

    @given(ratings, ratings)
    def test_every_score_is_possible_and_symmetric(self, likelihood: int, impact: int) -> None:
        value = score(likelihood, impact)
        assert value in POSSIBLE_SCORES
        assert value == score(impact, likelihood)
        assert 1 <= value <= 25


class TestBands:
    @pytest.mark.parametrize(
        ("value", "expected"),
        [(1, LOW), (4, LOW), (5, MEDIUM), (12, MEDIUM), (15, HIGH), (16, HIGH), (25, HIGH)],
    )
    def test_default_band_edges(self, value: int, expected: ScoreBand) -> None:
        assert band_for(value) == expected

    def test_the_defaults_are_valid(self) -> None:
        assert validate_bands(DEFAULT_BANDS) == DEFAULT_BANDS

    def test_thirteen_and_fourteen_fall_between_the_default_bands(self) -> None:
        assert 13 not in POSSIBLE_SCORES and 14 not in POSSIBLE_SCORES
        with pytest.raises(ValueError, match="score 13 is not in any band"):
            band_for(13)

    @given(ratings, ratings)
    def test_every_possible_score_is_in_exactly_one_default_band(
        self, likelihood: int, impact: int
    ) -> None:
        value = score(likelihood, impact)
        assert sum(value in band for band in DEFAULT_BANDS) == 1
        assert band_for(value) in DEFAULT_BANDS

    @given(ratings, ratings, ratings, ratings)
    def test_a_higher_score_is_never_in_a_lower_band(self, a: int, b: int, c: int, d: int) -> None:
        first, second = score(a, b), score(c, d)
        if first <= second:
            assert band_rank(first) <= band_rank(second)

    def test_a_gap_covering_a_possible_score_is_refused(self) -> None:
        with pytest.raises(BandError, match="scores 15, 16, 20, 25 are not in any band"):
            validate_bands([ScoreBand("Low", 1, 4), ScoreBand("Medium", 5, 12)])

    def test_overlapping_bands_are_refused(self) -> None:
        with pytest.raises(BandError, match="bands Low and Medium overlap at 5-6"):
            validate_bands(
                [ScoreBand("Low", 1, 6), ScoreBand("Medium", 5, 12), ScoreBand("High", 15, 25)]
            )

    def test_repeated_names_are_refused(self) -> None:
        with pytest.raises(BandError, match="low is used twice"):
            validate_bands([ScoreBand("Low", 1, 4), ScoreBand("low", 5, 25)])

    def test_a_band_ending_below_its_start_is_refused(self) -> None:
        with pytest.raises(BandError, match="starts at 9, above its end 5"):
            ScoreBand("Medium", 9, 5)

    def test_no_bands_at_all_is_refused(self) -> None:
        with pytest.raises(BandError, match="at least one band"):
            validate_bands([])

    def test_four_bands_of_an_organisation_s_own_are_used_lowest_first(self) -> None:
        bands = validate_bands(
            [
                ScoreBand("Severe", 20, 25),
                ScoreBand("Minor", 1, 3),
                ScoreBand("Moderate", 4, 9),
                ScoreBand("Major", 10, 16),
            ]
        )
        assert [band.name for band in bands] == ["Minor", "Moderate", "Major", "Severe"]
        assert band_for(16, bands).name == "Major"
        assert band_rank(20, bands) == 3

    @given(st.lists(st.tuples(st.integers(1, 25), st.integers(0, 10)), min_size=1, max_size=5))
    def test_any_accepted_set_puts_every_possible_score_in_one_band(
        self, spans: list[tuple[int, int]]
    ) -> None:
        bands = [
            ScoreBand(f"B{i}", low, min(25, low + width)) for i, (low, width) in enumerate(spans)
        ]
        try:
            accepted = validate_bands(bands)
        except BandError:
            return
        for value in POSSIBLE_SCORES:
            assert sum(value in band for band in accepted) == 1


class TestAppetite:
    @pytest.mark.parametrize(
        ("value", "appetite", "expected"),
        [(16, 12, True), (12, 12, False), (8, 12, False), (25, None, False), (2, 1, True)],
    )
    def test_worked_examples(self, value: int, appetite: int | None, expected: bool) -> None:
        assert above_appetite(value, appetite) is expected

    @given(ratings, ratings, st.integers(1, 25))
    def test_above_means_strictly_greater(
        self, likelihood: int, impact: int, appetite: int
    ) -> None:
        value = score(likelihood, impact)
        assert above_appetite(value, appetite) == (value > appetite)


class TestMovement:
    @pytest.mark.parametrize(
        ("previous", "current", "expected"),
        [(9, 12, Movement.UP), (12, 9, Movement.DOWN), (9, 9, Movement.SAME), (None, 9, "new")],
    )
    def test_worked_examples(self, previous: int | None, current: int, expected: str) -> None:
        assert movement(previous, current) == expected

    @given(st.integers(1, 25), st.integers(1, 25))
    def test_up_and_down_mirror_each_other(self, a: int, b: int) -> None:
        forward, back = movement(a, b), movement(b, a)
        assert {forward, back} in ({Movement.UP, Movement.DOWN}, {Movement.SAME})


class TestHeatMap:
    def test_worked_example(self) -> None:
        grid = heat_map_counts([(4, 3), (4, 3), (1, 5)])
        assert grid[3][2] == 2
        assert grid[0][4] == 1
        assert sum(map(sum, grid)) == 3

    def test_empty_register_is_an_empty_grid(self) -> None:
        assert heat_map_counts([]) == tuple((0,) * 5 for _ in range(5))

    def test_a_rating_outside_the_matrix_is_refused(self) -> None:
        with pytest.raises(ValueError, match="impact must be"):
            heat_map_counts([(3, 6)])

    @given(st.lists(st.tuples(ratings, ratings), max_size=60))
    def test_every_pair_is_counted_once_in_its_cell(self, pairs: list[tuple[int, int]]) -> None:
        grid = heat_map_counts(pairs)
        assert len(grid) == 5 and all(len(row) == 5 for row in grid)
        assert sum(map(sum, grid)) == len(pairs)
        for likelihood, impact in set(pairs):
            assert grid[likelihood - 1][impact - 1] == pairs.count((likelihood, impact))
