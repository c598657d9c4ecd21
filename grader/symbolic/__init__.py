"""Symbolic answers: a safe parser and an equivalence test (SymPy is imported only here)."""
