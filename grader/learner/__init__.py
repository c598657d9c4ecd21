"""The learner at the terminal: progress store, FSRS schedule, quiz sessions, progress report.

Modules:
  store     one SQLite database per machine (or per DLQUIZ_HOME): answers, cards, learners
  schedule  FSRS (the `fsrs` package): outcome -> rating -> next review
  identity  who is studying, and their own seeds
  plan      which questions a quiz or a review puts
  session   the quiz loop, independent of the terminal
  summary   the end-of-session summary
  terminal  the terminal side of a session: input, wrapping to the window
  progress  mastery, accuracy, due items, streak, a bar chart, the CSV export
  watch     `dlquiz exercise watch`: re-run an exercise's checks on every save
"""
