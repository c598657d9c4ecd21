"""The bounds checked while an expression is read, so pathological text is refused before any evaluation."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Limits:
    """Every bound on one expression's text and tree.

    max_length             characters of text
    max_depth              nesting of brackets and operators (`((((x))))`, `----x`)
    max_nodes              parts of the tree (numbers, names, operators, calls)
    max_digits             significant digits of one number literal
    max_literal_exponent   |E| in a literal such as 1eE
    max_exponent           |value| of a constant exponent of ^ (`x^5000` is refused)
    max_magnitude          |log10| of a constant power's value (`(2^200)^200` is refused)
    max_power_nesting      powers and exponentials inside one another (`e^(e^(e^x))` counts 3)
    """

    max_length: int = 2000
    max_depth: int = 60
    max_nodes: int = 1000
    max_digits: int = 40
    max_literal_exponent: int = 400
    max_exponent: float = 1000.0
    max_magnitude: float = 1000.0
    max_power_nesting: int = 6


DEFAULT_LIMITS = Limits()
