"""Instructor tooling: deep validation of a bank, scaffolding, the editor schema, handouts and item analysis.

Modules:
  probes         checks of one variant (renders, reference accepted, mistakes distinct and recognised)
  prompt_probes  what a prompt promises about the answer, checked on each variant
  code_probe     code questions: reference passes, starter fails, known mistakes caught (grade_submission)
  deep_validate  one question x many seeds; located, seeded problems
  checking       `dlquiz validate`: every file checked in a bounded child, on a process pool
  scaffold       `dlquiz new`: a valid, commented question file of any kind (templates/)
  schema         `dlquiz schema` and the solver catalog table (`dlquiz solvers`, docs/authoring.md)
  preview        `dlquiz show --all-seeds`: several variants side by side
  export         `dlquiz export`: worksheets and answer keys; Markdown here, HTML in handout
  handout        the self-contained HTML handout (MathML, inline SVG figures)
  release        `dlquiz release`: the learners' copy of a graded course
  responses      reading gradebooks and progress exports into one table of responses
  stats          `dlquiz stats`: item analysis (table, JSON)
  stats_html     `dlquiz stats --format html`: the page with inline SVG charts

TEMPLATES and html_page: the templates/ folder and the self-contained HTML pages rendered from it.
"""

from pathlib import Path

TEMPLATES = Path(__file__).resolve().parent / "templates"


def html_page(template: str, **context) -> str:
    """Render the HTML page template `template` (in templates/) with `context`, autoescaped."""
    import jinja2

    env = jinja2.Environment(autoescape=True, undefined=jinja2.StrictUndefined, trim_blocks=True, lstrip_blocks=True)
    return env.from_string((TEMPLATES / template).read_text(encoding="utf-8")).render(**context)
