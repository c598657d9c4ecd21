"""One function per command of `dlquiz`; cli.py only parses options and calls these."""
