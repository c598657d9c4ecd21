"""Symbolic answers: reading in the question's variables (grader.expr) and an equivalence test
(sampling with exact literals; SymPy only as a bounded fallback, in a child process)."""
