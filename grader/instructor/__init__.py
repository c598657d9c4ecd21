"""Instructor tooling: deep validation of a bank, scaffolding, the editor schema, handouts and item analysis.

Modules:
  probes         checks of one variant (renders, reference accepted, mistakes distinct and recognised)
  code_probe     code questions: reference passes, starter fails, known mistakes caught (grade_submission)
  deep_validate  every question x many seeds, on a process pool; located, seeded problems
  scaffold       `dlquiz new`: a valid, commented question file of any kind (templates/)
  schema         `dlquiz schema` and the solver catalog table (`dlquiz solvers`, docs/authoring.md)
  preview        `dlquiz show --all-seeds`: several variants side by side
  export         `dlquiz export`: worksheets and answer keys; Markdown here, HTML in handout
  responses      reading gradebooks and progress exports into one table of responses
  stats          `dlquiz stats`: item analysis (table, JSON); the HTML page with charts in stats_html

TEMPLATES and html_page: the templates/ folder and the self-contained HTML pages rendered from it.
"""

from pathlib import Path

TEMPLATES = Path(__file__).resolve().parent / "templates"


def html_page(template: str, **context) -> str:
    """Render the HTML page template `template` (in templates/) with `context`, autoescaped."""
    import jinja2

    env = jinja2.Environment(autoescape=True, undefined=jinja2.StrictUndefined, trim_blocks=True, lstrip_blocks=True)
    return env.from_string((TEMPLATES / template).read_text(encoding="utf-8")).render(**context)
