"""One safe math language for numeric answers, symbolic answers and authors' formulas.

    from grader.expr import parse, numeric_answer, evaluate
    expr = parse("1/(1+exp(-0.5))", numeric_answer())   # ExprError, with a position, if unreadable
    evaluate(expr)                                      # a NumPy array; ExprError on 1/0, overflow...

Text is read by our own tokenizer and Pratt parser into a small immutable tree (grader.expr.tree)
with every limit (length, nesting, size, digits, exponents) checked while reading; nothing is ever
passed to Python's or SymPy's `eval`. Three evaluators read the tree: NumPy (`evaluate`, scalars
and arrays), mpmath at any precision (grader.expr.precise, for comparing symbolic answers) and a
SymPy converter (grader.expr.to_sympy, imported only by whoever needs SymPy). Importing this
package imports NumPy, never SymPy or mpmath.
"""

from grader.expr.errors import ExprError
from grader.expr.limits import DEFAULT_LIMITS, Limits
from grader.expr.numeric import evaluate
from grader.expr.parser import parse
from grader.expr.text import to_text
from grader.expr.tree import Expression
from grader.expr.vocabulary import RESERVED, Dialect, formula, numeric_answer, symbolic_answer

__all__ = ["ExprError", "Limits", "DEFAULT_LIMITS", "evaluate", "parse", "to_text", "Expression", "RESERVED",
           "Dialect", "formula", "numeric_answer", "symbolic_answer"]
