"""Assignments: an instructor's list of questions and exercises with points, answered by each
learner on variants seeded from their identity, saved to a plain file in their repository and
graded in CI together with their code (docs/assignments.md)."""
