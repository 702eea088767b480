"""Math rendered at build time looks like the MathJax the book had before.

tests/data/mathjax-linear-regression-eq*.png are screenshots of two display
equations of en/deep-learning-basics/linear-regression as MathJax 3.2.2
drew them in the browser (CHTML, Chromium, 1280 px, light mode; element
screenshots of div.math). The build now renders the same TeX to SVG with
the same MathJax version (book/offline_math.py). The test crops both to
their ink (the equation number left out), scales today's to the
reference's size and compares.

Tolerances, measured on all eight display equations of that page: the
ink boxes of CHTML and SVG differ by at most 5.3 % in width or height and
the mean absolute grey difference after scaling is at most 0.064;
between two *different* equations of the page the box differs by 16 % or
more and the grey difference is 0.10 or more. So SIZE_TOL = 0.08 and
GREY_TOL = 0.08.
"""

import io
from pathlib import Path

import numpy as np
import pytest
from browser import chromium, serve
from PIL import Image

pytestmark = pytest.mark.slow

DATA = Path(__file__).resolve().parents[1] / "data"
PAGE = "en/deep-learning-basics/linear-regression.html"
#: Reference file -> the label of the equation on the page.
REFERENCES = {"mathjax-linear-regression-eq4.png": "eq-squared-loss",
              "mathjax-linear-regression-eq7.png": "eq-sgd-linreg"}
SIZE_TOL = 0.08
GREY_TOL = 0.08


def ink(image):
    """Crop a greyscale screenshot to its dark pixels, number column excluded."""
    x = np.asarray(image.convert("L"), float) / 255
    x = x[:, : int(x.shape[1] * 0.85)]
    rows = np.where((x < 0.8).any(1))[0]
    cols = np.where((x < 0.8).any(0))[0]
    assert rows.size and cols.size, "the equation drew nothing"
    return x[rows[0]:rows[-1] + 1, cols[0]:cols[-1] + 1]


def compare(reference, image):
    """Return (relative size difference, mean grey difference)."""
    ref, new = ink(reference), ink(image)
    size = max(abs(ref.shape[0] / new.shape[0] - 1),
               abs(ref.shape[1] / new.shape[1] - 1))
    scaled = Image.fromarray((new * 255).astype("uint8")).resize(
        (ref.shape[1], ref.shape[0]), Image.LANCZOS)
    grey = np.abs(ref - np.asarray(scaled, float) / 255).mean()
    return size, grey


@pytest.fixture(scope="module")
def equations(site):
    """Screenshots of the labelled equations of the page, by label."""
    shots = {}
    with serve(site) as base, chromium() as browser:
        page = browser.new_page(viewport={"width": 1280, "height": 900},
                                color_scheme="light")
        errors = []
        page.on("console", lambda m: m.type == "error" and errors.append(m.text))
        page.on("pageerror", lambda e: errors.append(str(e)))
        page.goto(f"{base}/{PAGE}")
        page.wait_for_load_state("load")
        for label in set(REFERENCES.values()) | {"eq-loss-mean"}:
            element = page.locator(f"div.math#equation-{label}")
            element.scroll_into_view_if_needed()
            shots[label] = Image.open(io.BytesIO(element.screenshot()))
        assert not errors, errors
    return shots


@pytest.mark.parametrize("reference", sorted(REFERENCES))
def test_equation_matches_the_mathjax_reference(equations, reference):
    size, grey = compare(Image.open(DATA / reference),
                         equations[REFERENCES[reference]])
    assert size <= SIZE_TOL and grey <= GREY_TOL, (size, grey)


def test_a_different_equation_does_not_match(equations):
    """The comparison can fail: another equation is told apart."""
    size, grey = compare(Image.open(DATA / "mathjax-linear-regression-eq4.png"),
                         equations["eq-loss-mean"])
    assert size > SIZE_TOL or grey > GREY_TOL


def test_equation_references_link_to_numbered_equations(site, lang):
    html = (site / lang / PAGE.split("/", 1)[1]).read_text(encoding="utf-8")
    for label in REFERENCES.values():
        assert f'id="equation-{label}"' in html
        assert f'href="#equation-{label}"' in html
    assert html.count('<span class="eqno">') >= 8
