"""dlquiz: auto-graded quizzes and coding exercises for deep-learning foundations."""

__version__ = "0.1.0"
