from collections.abc import Callable
from decimal import ROUND_HALF_UP, Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from goldenthread.calculations.formula import (
    Formula,
    FormulaError,
    dependency_order,
    parse_formula,
)

D = Decimal


@pytest.mark.parametrize(
    ("text", "values", "expected"),
    [
        # The worked examples in the formula module docstring.
        ("{A} / {B} * 100", {"A": D(45), "B": D(60)}, D(75)),
        ("round({A} / {B} * 100, 1)", {"A": D(1), "B": D(3)}, D("33.3")),
        ("{A} / {B}", {"A": D(1), "B": D(0)}, None),
        # Precedence, associativity and unary minus.
        ("1 + 2 * 3", {}, D(7)),
        ("(1 + 2) * 3", {}, D(9)),
        ("10 - 4 - 3", {}, D(3)),
        ("10 - (4 - 3)", {}, D(9)),
        ("24 / 4 / 2", {}, D(3)),
        ("-2 * -3", {}, D(6)),
        ("--5", {}, D(5)),
        ("-(2 + 3)", {}, D(-5)),
        (".5 + 0.25", {}, D("0.75")),
        # Functions, in any case.
        ("min({A}, 3, 7)", {"A": D(5)}, D(3)),
        ("MAX({A}, 3, 7)", {"A": D(5)}, D(7)),
        ("abs(2 - {A})", {"A": D(5)}, D(3)),
        ("round(2.5)", {}, D(3)),
        ("round(-2.5)", {}, D(-3)),
        ("round(1234.5, -2)", {}, D(1200)),
        # Codes with every allowed character.
        ("{PI-023} + {env_01.a}", {"PI-023": D(1), "env_01.a": D(2)}, D(3)),
        # Missing data, and zero divided by zero.
        ("{A} + 1", {"A": None}, None),
        ("{A} + 1", {}, None),
        ("0 / (1 - 1)", {}, None),
    ],
)
def test_evaluation(text: str, values: dict[str, Decimal | None], expected: Decimal | None) -> None:
    assert parse_formula(text).evaluate(values) == expected


def test_references() -> None:
    formula = parse_formula("round(({PI-1} + {PI-2}) / {PI-1}, 2) * 100")
    assert formula.references == {"PI-1", "PI-2"}
    assert parse_formula("1 + 2").references == frozenset()


@pytest.mark.parametrize(
    ("text", "canonical"),
    [
        ("({A} + {B}) / 2", "({A} + {B}) / 2"),
        ("{A} - ({B} - {C})", "{A} - ({B} - {C})"),
        ("({A} - {B}) - {C}", "{A} - {B} - {C}"),
        ("{A}*(({B}))", "{A} * {B}"),
        ("-({A} * {B})", "-({A} * {B})"),
        ("(-{A}) * {B}", "-{A} * {B}"),
        ("{A} / ({B} * {C})", "{A} / ({B} * {C})"),
        ("MIN( {A},1 )", "min({A}, 1)"),
        ("0.0000001", "0.0000001"),
        ("1.50", "1.50"),
    ],
)
def test_canonical_text(text: str, canonical: str) -> None:
    formula = parse_formula(text)
    assert str(formula) == canonical
    assert formula.text == text
    assert parse_formula(canonical) == formula


@pytest.mark.parametrize(
    ("text", "position", "message"),
    [
        ("{A} +", 5, "found end of formula"),
        ("PI-023 + 1", 0, "indicator codes go in braces"),
        ("{A", 0, "unclosed '{'"),
        ("{A B}", 0, "invalid indicator code"),
        ("{}", 0, "invalid indicator code"),
        ("1 $ 2", 2, "unexpected character '\\$'"),
        ("foo(1)", 0, "unknown function 'foo'"),
        ("abs(1, 2)", 0, "abs\\(\\) takes one argument"),
        ("round(1, 1.5)", 0, "whole number of places"),
        ("round(1, {A})", 0, "whole number of places"),
        ("round(1, 2, 3)", 0, "whole number of places"),
        ("(1 + 2", 6, "expected '\\)'"),
        ("1 2", 2, "expected an operator"),
        ("min()", 4, "expected a number"),
        ("+1", 0, "expected a number"),
        ("", 0, "found end of formula"),
        ("(" * 150 + "1" + ")" * 150, 100, "nested too deeply"),
        ("__import__(1)", 0, "unknown function '__import__'"),
        ("__import__('os')", 11, "unexpected character"),
    ],
)
def test_errors_say_where(text: str, position: int, message: str) -> None:
    with pytest.raises(FormulaError, match=message) as raised:
        parse_formula(text)
    assert raised.value.position == position
    assert f"(at character {position + 1})" in str(raised.value)


def test_dependency_order() -> None:
    formulas = {
        "X": parse_formula("{Y} + 1"),
        "Y": parse_formula("{A} * 2"),
        "Z": parse_formula("{X} + {Y} + {B}"),
        "W": parse_formula("{A}"),
    }
    assert dependency_order(formulas) == ["W", "Y", "X", "Z"]


def test_dependency_cycle_is_named() -> None:
    formulas = {"X": parse_formula("{Y}"), "Y": parse_formula("{Z} + 1"), "Z": parse_formula("{X}")}
    with pytest.raises(FormulaError, match="cycle: {X} → {Y} → {Z} → {X}"):
        dependency_order(formulas)
    with pytest.raises(FormulaError, match="{S} → {S}"):
        dependency_order({"S": parse_formula("{S} + 1")})


# Properties ------------------------------------------------------------------------------

numbers = st.decimals(min_value=0, max_value=1000, places=3)
codes = st.from_regex(r"[A-Za-z0-9_.\-]{1,8}", fullmatch=True)


def spaced(template: str) -> st.SearchStrategy[str]:
    """Any spacing a person might type around the tokens of ``template``."""
    return st.sampled_from(["", " ", "  "]).map(lambda gap: template.replace(" ", gap))


def extend(texts: st.SearchStrategy[str]) -> st.SearchStrategy[str]:
    return st.one_of(
        st.tuples(texts, st.sampled_from("+-*/"), texts).map(lambda t: f"{t[0]} {t[1]} {t[2]}"),
        texts.map(lambda t: f"-{t}"),
        texts.map(lambda t: f"({t})"),
        st.tuples(st.sampled_from(["min", "MAX"]), st.lists(texts, min_size=1, max_size=3)).map(
            lambda t: f"{t[0]}({', '.join(t[1])})"
        ),
        texts.map(lambda t: f"abs({t})"),
        st.tuples(texts, st.integers(-3, 3)).map(lambda t: f"round({t[0]}, {t[1]})"),
    )


formula_texts = st.recursive(
    numbers.map(lambda d: format(d, "f")) | codes.map(lambda c: "{" + c + "}"),
    extend,
    max_leaves=12,
)


@settings(max_examples=200)
@given(formula_texts)
def test_canonical_text_round_trips(text: str) -> None:
    formula = parse_formula(text)
    again = parse_formula(str(formula))
    assert again == formula
    assert str(again) == str(formula)
    assert again.references == formula.references


VALUES = {"A": D("2.5"), "B": D(-4), "PI-023": D(0), "x.y_z": D("0.001")}
Pair = tuple[str, Decimal | None]


def combine(op: Callable[[Decimal, Decimal], Decimal | None], a: Pair, b: Pair) -> Decimal | None:
    return None if a[1] is None or b[1] is None else op(a[1], b[1])


def divide(x: Decimal, y: Decimal) -> Decimal | None:
    return None if y == 0 else x / y


def extend_pairs(pairs: st.SearchStrategy[Pair]) -> st.SearchStrategy[Pair]:
    """Fully bracketed formula text, with its value worked out by Python's own Decimal."""
    operations: dict[str, Callable[[Decimal, Decimal], Decimal | None]] = {
        "+": lambda x, y: x + y,
        "-": lambda x, y: x - y,
        "*": lambda x, y: x * y,
        "/": divide,
    }
    binary = st.tuples(pairs, st.sampled_from(sorted(operations)), pairs).map(
        lambda t: (f"({t[0][0]}) {t[1]} ({t[2][0]})", combine(operations[t[1]], t[0], t[2]))
    )
    negated = pairs.map(lambda p: (f"-({p[0]})", None if p[1] is None else -p[1]))
    minimum = st.tuples(pairs, pairs).map(
        lambda t: (f"min({t[0][0]}, {t[1][0]})", combine(min, t[0], t[1]))
    )
    maximum = st.tuples(pairs, pairs).map(
        lambda t: (f"max({t[0][0]}, {t[1][0]})", combine(max, t[0], t[1]))
    )
    rounded = st.tuples(pairs, st.integers(-2, 4)).map(
        lambda t: (
            f"round({t[0][0]}, {t[1]})",
            None
            if t[0][1] is None
            else t[0][1].quantize(D(1).scaleb(-t[1]), rounding=ROUND_HALF_UP),
        )
    )
    return st.one_of(binary, negated, minimum, maximum, rounded)


pairs = st.recursive(
    numbers.map(lambda d: (format(d, "f"), d))
    | st.sampled_from(sorted(VALUES)).map(lambda c: ("{" + c + "}", VALUES[c])),
    extend_pairs,
    max_leaves=10,
)


@settings(max_examples=200)
@given(pairs)
def test_evaluation_matches_decimal_arithmetic(pair: Pair) -> None:
    text, expected = pair
    assert parse_formula(text).evaluate(VALUES) == expected


@given(formula_texts, st.sampled_from(sorted(VALUES)))
def test_any_missing_reference_gives_none(text: str, missing: str) -> None:
    formula = parse_formula(f"{text} + {{{missing}}}")
    assert formula.evaluate({**VALUES, missing: None}) is None


@st.composite
def acyclic(draw: st.DrawFn) -> dict[str, Formula]:
    size = draw(st.integers(1, 12))
    formulas = {}
    for i in range(size):
        uses = draw(st.sets(st.integers(0, i - 1))) if i else set()
        terms = [f"{{N{j}}}" for j in sorted(uses)] + ["{INPUT}"]
        formulas[f"N{i}"] = parse_formula(" + ".join(terms))
    names = draw(st.permutations(sorted(formulas)))
    return {name: formulas[name] for name in names}


@given(acyclic())
def test_dependency_order_puts_every_formula_after_its_inputs(
    formulas: dict[str, Formula],
) -> None:
    order = dependency_order(formulas)
    assert sorted(order) == sorted(formulas)
    for code, formula in formulas.items():
        for used in formula.references & formulas.keys():
            assert order.index(used) < order.index(code)


@given(acyclic(), st.data())
def test_closing_a_loop_is_a_cycle(formulas: dict[str, Formula], data: st.DataObject) -> None:
    edges = sorted((code, used) for code, f in formulas.items() for used in f.references)
    user, used = data.draw(st.sampled_from(edges))
    # Make the used code (a formula, or INPUT) use its user: user -> used -> user.
    looped = {**formulas, used: parse_formula(f"{{{user}}} * 2")}
    with pytest.raises(FormulaError, match="cycle"):
        dependency_order(looped)
