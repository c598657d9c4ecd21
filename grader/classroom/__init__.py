"""A class: its roster, collecting its repositories, and gradebooks an LMS imports (docs/ci.md)."""
