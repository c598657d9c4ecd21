"""Instructor tooling: deep validation of a bank, scaffolding, the editor schema, handouts and item analysis.

Modules:
  probes         checks of one variant (renders, reference accepted, mistakes distinct)
  deep_validate  every question x many seeds, on a process pool; located, seeded problems
  scaffold       `dlquiz new`: a valid, commented question file of any kind
  schema         `dlquiz schema` and the solver catalog table
  preview        `dlquiz show --all-seeds`: several variants side by side
  export         `dlquiz export`: worksheets and answer keys (Markdown, self-contained HTML)
  stats          `dlquiz stats`: item analysis over gradebooks and progress exports
"""
