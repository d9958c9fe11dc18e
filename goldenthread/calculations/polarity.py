"""Polarity: which direction of a measure is good.

Public data spells polarity many ways. :func:`parse_polarity` maps every spelling we know of
and refuses to guess anything else.

Ranking columns need care: in the Scottish LGBF ``Indicator Information.csv`` (``Ranking_Type``)
and the Oflog adult social care file ``ASC_data.csv`` (``rank_order``) the word describes the
*rank order*, not the direction of improvement. "Ascending" ranks the lowest value first, so
lower is better; "Descending" ranks the highest value first, so higher is better.

Values found in those files (all mapped)::

    LGBF Ranking_Type:  Ascending (53)  -> LOWER_IS_BETTER
                        Descending (51) -> HIGHER_IS_BETTER
                        Goldilocks (4)  -> WITHIN_BAND  (the band comes from
                                                         Ranking_GoldilocksMidpoint)
    Oflog rank_order:   desc, DESC      -> HIGHER_IS_BETTER
                        None            -> NONE  (ASC6 requests resulting in a service,
                                                  ASC7 workforce turnover)
                        "" (blank)      -> raises UnknownPolarity: it only occurs on rows
                                           without a value, and the same measure is "desc"
                                           on other rows, so reading blank as NONE would
                                           be a guess.

Examples::

    >>> parse_polarity("Descending")
    <Polarity.HIGHER_IS_BETTER: 'higher'>
    >>> parse_polarity("  Below target is positive ")
    <Polarity.LOWER_IS_BETTER: 'lower'>
    >>> parse_polarity("Goldilocks")
    <Polarity.WITHIN_BAND: 'band'>
"""

from enum import StrEnum


class Polarity(StrEnum):
    HIGHER_IS_BETTER = "higher"
    LOWER_IS_BETTER = "lower"
    WITHIN_BAND = "band"
    NONE = "none"  # no good direction, e.g. context measures such as population


class UnknownPolarity(ValueError):
    """Raised for polarity text we do not recognise (the text is in the message)."""


_SPELLINGS: dict[Polarity, tuple[str, ...]] = {
    Polarity.HIGHER_IS_BETTER: (
        "higher",
        "higher is better",
        "high",
        "high is good",
        "high is better",
        "higher is good",
        "bigger is better",
        "more is better",
        "above target is positive",
        "up",
        "up is good",
        "increase",
        "increasing",
        "maximise",
        "maximize",
        # rank order: highest value ranked first
        "desc",
        "descending",
    ),
    Polarity.LOWER_IS_BETTER: (
        "lower",
        "lower is better",
        "low",
        "low is good",
        "low is better",
        "lower is good",
        "smaller is better",
        "less is better",
        "below target is positive",
        "down",
        "down is good",
        "decrease",
        "decreasing",
        "minimise",
        "minimize",
        # rank order: lowest value ranked first
        "asc",
        "ascending",
    ),
    Polarity.WITHIN_BAND: (
        "band",
        "goldilocks",
        "within range",
        "within band",
        "within target range",
        "target range",
    ),
    Polarity.NONE: (
        "none",
        "n/a",
        "na",
        "neutral",
        "no polarity",
        "not applicable",
        "context",
    ),
}

_LOOKUP: dict[str, Polarity] = {
    spelling: polarity for polarity, spellings in _SPELLINGS.items() for spelling in spellings
}


def _normalise(text: str) -> str:
    # Case, hyphens, underscores and runs of spaces vary between sources but never change meaning.
    return " ".join(text.lower().replace("-", " ").replace("_", " ").split())


def parse_polarity(text: str) -> Polarity:
    """Map a polarity spelling from public data to a :class:`Polarity`.

    Matching ignores case, surrounding/repeated whitespace, hyphens and underscores.
    Raises :class:`UnknownPolarity` for anything else, including blank text.
    """
    try:
        return _LOOKUP[_normalise(text)]
    except KeyError:
        raise UnknownPolarity(f"unknown polarity {text!r}") from None
