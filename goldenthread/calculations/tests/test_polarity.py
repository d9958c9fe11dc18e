import pytest
from hypothesis import given
from hypothesis import strategies as st

from goldenthread.calculations.polarity import Polarity, UnknownPolarity, parse_polarity

HIGHER = Polarity.HIGHER_IS_BETTER
LOWER = Polarity.LOWER_IS_BETTER


@pytest.mark.parametrize(
    ("text", "polarity"),
    [
        # Every value in the LGBF Indicator Information.csv Ranking_Type column: rank order,
        # so Ascending (lowest ranked first) means lower is better.
        ("Ascending", LOWER),
        ("Descending", HIGHER),
        ("Goldilocks", Polarity.WITHIN_BAND),
        # Every non-blank value in the Oflog ASC_data.csv rank_order column.
        ("desc", HIGHER),
        ("DESC", HIGHER),
        ("None", Polarity.NONE),
    ],
)
def test_every_value_in_the_public_data(text: str, polarity: Polarity) -> None:
    assert parse_polarity(text) is polarity


@pytest.mark.parametrize(
    ("text", "polarity"),
    [
        ("asc", LOWER),
        ("Higher is better", HIGHER),
        ("high", HIGHER),
        ("Above target is positive", HIGHER),
        ("lower is better", LOWER),
        ("Below target is positive", LOWER),
        ("low", LOWER),
        ("band", Polarity.WITHIN_BAND),
        ("within range", Polarity.WITHIN_BAND),
        ("n/a", Polarity.NONE),
        ("neutral", Polarity.NONE),
        ("  higher-is_better ", HIGHER),
        ("LOWER   IS   BETTER", LOWER),
    ],
)
def test_common_spellings(text: str, polarity: Polarity) -> None:
    assert parse_polarity(text) is polarity


@pytest.mark.parametrize("text", ["", "  ", "sideways", "higher is worse", "ascending order"])
def test_unknown_text_is_refused(text: str) -> None:
    # Blank rank_order cells occur in the Oflog file (on rows with no value): never guessed.
    with pytest.raises(UnknownPolarity, match=repr(text)):
        parse_polarity(text)


def test_unknown_polarity_is_a_value_error() -> None:
    with pytest.raises(ValueError):
        parse_polarity("up-ish")


@given(st.sampled_from(Polarity))
def test_enum_values_parse_to_themselves(polarity: Polarity) -> None:
    assert parse_polarity(polarity.value) is polarity
    assert parse_polarity(polarity.value.upper()) is polarity


@given(st.text(alphabet="xyzq!? ", max_size=12))
def test_nonsense_is_always_refused(text: str) -> None:
    with pytest.raises(UnknownPolarity):
        parse_polarity(text)
