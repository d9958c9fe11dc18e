"""Formulas for calculated indicators: a small, safe expression language.

Syntax::

    numbers        12   3.5   .25           (decimal; no exponents)
    references     {PI-023}  {ASC1}  {env_01.a}   (codes of letters, digits, - _ .)
    operators      + - * /  and unary minus, with the usual precedence; left-associative
    brackets       ( ... )
    functions      min(a, b, ...)  max(a, b, ...)  abs(x)  round(x)  round(x, n)
                   (names are case-insensitive; n is a whole number, may be negative)

Text is parsed by a hand-written tokenizer and recursive-descent parser: nothing is ever passed
to ``eval``/``exec``/``compile``. Errors raise :class:`FormulaError` with the 0-based
``position`` of the problem (the message shows the 1-based character).

Evaluation uses Decimal arithmetic (28 significant digits, as Python's default context):

- if any referenced value is None or missing from the mapping, the result is None (no data);
- division by zero, and any other result Decimal cannot represent, gives None: the figure is
  undefined, e.g. a percentage of an empty denominator;
- ``round`` rounds half away from zero (2.5 → 3, -2.5 → -3), as councils' spreadsheets do.

``str(formula)`` is a canonical spelling (single spaces around binary operators, lower-case
function names, only the brackets the structure needs); parsing it gives an equal formula.

Worked examples (used in the tests)::

    {A} / {B} * 100          with A=45, B=60       -> 75
    round({A} / {B} * 100, 1) with A=1, B=3        -> 33.3
    ({A} + {B}) / 2          canonical form         "({A} + {B}) / 2"
    {A} - ({B} - {C})        keeps its brackets; {A} - {B} - {C} needs none
    {A} / {B}                with B=0               -> None
    dependency order of X = {Y} + 1, Y = {A} * 2    -> [Y, X]; X = {Y}, Y = {X} -> cycle error
"""

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Context, Decimal, localcontext
from graphlib import CycleError, TopologicalSorter


class FormulaError(ValueError):
    """A formula that cannot be parsed, or formulas that refer to each other in a cycle."""

    def __init__(self, message: str, position: int | None = None) -> None:
        where = "" if position is None else f" (at character {position + 1})"
        super().__init__(message + where)
        self.position = position


@dataclass(frozen=True)
class Number:
    value: Decimal

    def __str__(self) -> str:
        return format(self.value, "f")  # never exponent notation, which we do not parse


@dataclass(frozen=True)
class Reference:
    code: str

    def __str__(self) -> str:
        return "{" + self.code + "}"


@dataclass(frozen=True)
class Negate:
    operand: "Node"

    def __str__(self) -> str:
        return "-" + _wrap(self.operand, _precedence(self.operand) < _UNARY)


@dataclass(frozen=True)
class BinaryOp:
    op: str
    left: "Node"
    right: "Node"

    def __str__(self) -> str:
        mine = _BINARY[self.op]
        # Left-associative: an equal-precedence right operand keeps its brackets, a - (b - c).
        left = _wrap(self.left, _precedence(self.left) < mine)
        right = _wrap(self.right, _precedence(self.right) <= mine)
        return f"{left} {self.op} {right}"


@dataclass(frozen=True)
class Call:
    name: str
    args: tuple["Node", ...]

    def __str__(self) -> str:
        return f"{self.name}({', '.join(str(a) for a in self.args)})"


Node = Number | Reference | Negate | BinaryOp | Call

_BINARY = {"+": 1, "-": 1, "*": 2, "/": 2}
_UNARY = 3
_ATOM = 4
_MAX_DEPTH = 100  # deeper nesting is not a real formula, and would exhaust Python's stack


def _precedence(node: Node) -> int:
    if isinstance(node, BinaryOp):
        return _BINARY[node.op]
    return _UNARY if isinstance(node, Negate) else _ATOM


def _wrap(node: Node, brackets: bool) -> str:
    return f"({node})" if brackets else str(node)


_TOKEN = re.compile(
    r"(?P<space>\s+)"
    r"|(?P<number>[0-9]+(?:\.[0-9]+)?|\.[0-9]+)"
    r"|(?P<ref>\{[^{}]*\})"
    r"|(?P<name>[A-Za-z_]\w*)"
    r"|(?P<punct>[-+*/(),])"
)
_CODE = re.compile(r"[A-Za-z0-9_.\-]+")
_FUNCTIONS = {"min", "max", "abs", "round"}


@dataclass(frozen=True)
class _Token:
    kind: str  # number, ref, name, punct or end
    text: str
    position: int


def _tokenize(text: str) -> list[_Token]:
    tokens = []
    position = 0
    while position < len(text):
        match = _TOKEN.match(text, position)
        if match is None:
            char = text[position]
            problem = "unclosed '{'" if char == "{" else f"unexpected character {char!r}"
            raise FormulaError(problem, position)
        kind = match.lastgroup
        assert kind is not None  # every alternative is a named group
        if kind == "ref" and not _CODE.fullmatch(match.group()[1:-1]):
            raise FormulaError(f"invalid indicator code {match.group()!r}", position)
        if kind != "space":
            tokens.append(_Token(kind, match.group(), position))
        position = match.end()
    tokens.append(_Token("end", "", len(text)))
    return tokens


class _Parser:
    def __init__(self, text: str) -> None:
        self.tokens = _tokenize(text)
        self.index = 0
        self.depth = 0

    @property
    def token(self) -> _Token:
        return self.tokens[self.index]

    def advance(self) -> _Token:
        token = self.token
        self.index += 1
        return token

    def expect(self, punct: str) -> None:
        if self.token.text != punct:
            raise FormulaError(f"expected {punct!r}, found {self._describe()}", self.token.position)
        self.advance()

    def _describe(self) -> str:
        return "end of formula" if self.token.kind == "end" else repr(self.token.text)

    def parse(self) -> Node:
        node = self.expression()
        if self.token.kind != "end":
            raise FormulaError(
                f"expected an operator, found {self._describe()}", self.token.position
            )
        return node

    def expression(self, min_precedence: int = 1) -> Node:
        left = self.unary()
        while self.token.kind == "punct" and _BINARY.get(self.token.text, 0) >= min_precedence:
            op = self.advance().text
            right = self.expression(_BINARY[op] + 1)
            left = BinaryOp(op, left, right)
        return left

    def unary(self) -> Node:
        self.depth += 1
        if self.depth > _MAX_DEPTH:
            raise FormulaError("formula is nested too deeply", self.token.position)
        if self.token.text == "-":
            self.advance()
            node: Node = Negate(self.unary())
        else:
            node = self.primary()
        self.depth -= 1
        return node

    def primary(self) -> Node:
        token = self.advance()
        if token.kind == "number":
            return Number(Decimal(token.text))
        if token.kind == "ref":
            return Reference(token.text[1:-1])
        if token.kind == "name":
            return self.call(token)
        if token.text == "(":
            node = self.expression()
            self.expect(")")
            return node
        found = "end of formula" if token.kind == "end" else repr(token.text)
        raise FormulaError(
            f"expected a number, {{reference}}, function or '(', found {found}", token.position
        )

    def call(self, name: _Token) -> Call:
        function = name.text.lower()
        if function not in _FUNCTIONS:
            hint = "" if self.token.text == "(" else "; indicator codes go in braces, e.g. {PI-023}"
            raise FormulaError(f"unknown function {name.text!r}{hint}", name.position)
        self.expect("(")
        args = [self.expression()]
        while self.token.text == ",":
            self.advance()
            args.append(self.expression())
        self.expect(")")
        if function == "abs" and len(args) != 1:
            raise FormulaError("abs() takes one argument", name.position)
        if function == "round" and (len(args) > 2 or (len(args) == 2 and _places(args[1]) is None)):
            raise FormulaError("round() takes a value and a whole number of places", name.position)
        return Call(function, tuple(args))


def _places(node: Node) -> int | None:
    """The whole number written as ``node`` (round's places), or None if it is not one."""
    sign = 1
    if isinstance(node, Negate):
        sign, node = -1, node.operand
    if isinstance(node, Number) and node.value == node.value.to_integral_value():
        return sign * int(node.value)
    return None


def _references(node: Node) -> frozenset[str]:
    if isinstance(node, Reference):
        return frozenset({node.code})
    if isinstance(node, Negate):
        return _references(node.operand)
    if isinstance(node, BinaryOp):
        return _references(node.left) | _references(node.right)
    if isinstance(node, Call):
        return frozenset().union(*(_references(a) for a in node.args))
    return frozenset()


# Python's default context, fixed so results never depend on a caller's decimal settings.
_CONTEXT = Context(prec=28)


def _evaluate(node: Node, values: Mapping[str, Decimal]) -> Decimal:
    if isinstance(node, Number):
        return node.value
    if isinstance(node, Reference):
        return values[node.code]
    if isinstance(node, Negate):
        return -_evaluate(node.operand, values)
    if isinstance(node, BinaryOp):
        left, right = _evaluate(node.left, values), _evaluate(node.right, values)
        if node.op == "+":
            return left + right
        if node.op == "-":
            return left - right
        if node.op == "*":
            return left * right
        return left / right  # division by zero raises, and evaluate() returns None
    args = [_evaluate(a, values) for a in node.args]
    if node.name == "min":
        return min(args)
    if node.name == "max":
        return max(args)
    if node.name == "abs":
        return abs(args[0])
    places = _places(node.args[1]) if len(node.args) == 2 else 0
    assert places is not None  # checked by the parser
    return args[0].quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)


@dataclass(frozen=True)
class Formula:
    """A parsed formula. Equal formulas have the same structure, whatever their spacing."""

    node: Node
    text: str = field(default="", compare=False)  # as written by the user

    @property
    def references(self) -> frozenset[str]:
        """The indicator codes the formula refers to."""
        return _references(self.node)

    def evaluate(self, values: Mapping[str, Decimal | None]) -> Decimal | None:
        """The formula's value, or None for missing data or an undefined result."""
        known: dict[str, Decimal] = {}
        for code in self.references:
            value = values.get(code)
            if value is None:
                return None
            known[code] = value
        with localcontext(_CONTEXT):
            try:
                return +_evaluate(self.node, known)  # unary plus rounds to the context
            except ArithmeticError:  # decimal's DivisionByZero, InvalidOperation, Overflow
                return None

    def __str__(self) -> str:
        return str(self.node)


def parse_formula(text: str) -> Formula:
    """Parse formula text; :class:`FormulaError` says what is wrong and where."""
    return Formula(_Parser(text).parse(), text)


def dependency_order(formulas: Mapping[str, Formula]) -> list[str]:
    """Codes of calculated indicators, each after every calculated indicator it refers to.

    References to codes not in ``formulas`` are plain inputs and are ignored. Ties are broken
    alphabetically so the order is stable. A cycle raises :class:`FormulaError` naming it.
    """
    graph = {code: sorted(formulas[code].references & formulas.keys()) for code in sorted(formulas)}
    try:
        return list(TopologicalSorter(graph).static_order())
    except CycleError as error:
        cycle = " → ".join("{" + code + "}" for code in reversed(error.args[1]))
        raise FormulaError(f"formulas refer to each other in a cycle: {cycle}") from None
