"""The handout picture: well-formed, sized, self-contained SVG with a title and a full text description."""

from __future__ import annotations

import xml.etree.ElementTree as ET

from grader.figures import FigureData, Panel
from grader.figures.curves import learning_curve
from grader.figures.svg import describe, render_svg

NS = "{http://www.w3.org/2000/svg}"


def test_svg_is_sized_labelled_and_lists_every_value():
    panels = tuple(Panel(label, learning_curve(f, 30, None, 1, 10)) for label, f in zip("AB", ["good-fit", "bug"]))
    fig = FigureData("Loss per epoch", "loss", panels)
    svg = ET.fromstring(render_svg(fig, "q1-figure"))
    assert svg.get("role") == "img" and svg.get("aria-labelledby") == "q1-figure-title q1-figure-desc"
    assert int(svg.get("width")) >= 600 and int(svg.get("height")) >= 200 and svg.get("viewBox")
    assert svg.find(f"{NS}title").text == "Loss per epoch"
    desc = svg.find(f"{NS}desc").text
    assert desc.startswith("Line charts: loss per epoch, epochs 1 to 30, 2 runs")
    assert desc.count("by epoch:") == 4 and f"{panels[1].curves.validation[-1]:.2f}" in desc
    assert len(svg.findall(f".//{NS}polyline")) == 4
    for polyline in svg.findall(f".//{NS}polyline"):
        assert len(polyline.get("points").split()) == 30
    text = render_svg(fig)
    assert "href" not in text and "<script" not in text and "url(" not in text


def test_title_text_is_escaped():
    fig = FigureData("<script>x</script> & more", "accuracy", (Panel("", learning_curve("good-fit", 20, metric="accuracy")),))
    text = render_svg(fig)
    assert "<script>" not in text and "&lt;script&gt;" in text
    ET.fromstring(text)  # still well-formed
    assert "training accuracy dashed, validation accuracy solid" in describe(fig)
