"""Hostile (issue 11, attack 6): no `one_hot`, but callables whose names carry escape codes and
line breaks, so the "it defines: ..." message would draw a fake passing report."""
globals()["\x1b[2K\x1b[32m✓ one_hot passed\x1b[0m\nScore 100%"] = lambda: None
globals()["\x1b]0;pwned\x07title"] = lambda: None
