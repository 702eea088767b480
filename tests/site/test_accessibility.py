"""axe-core (WCAG 2 A and AA) finds no serious or critical violation on a
sample of pages in both languages: the home page, a page with math, code
and plots, a page with folded solutions (open and closed), the glossary,
the build report and the search page.

axe-core is pinned by tests/axe/package-lock.json; `make test` installs it.
"""

import json

import pytest
from browser import chromium, serve
from helpers import ROOT

AXE = ROOT / "tests" / "axe" / "node_modules" / "axe-core" / "axe.min.js"
PAGES = ("index.html",
         "deep-learning-basics/softmax-regression-scratch.html",
         "convolutional-neural-networks/pooling.html",
         "glossary.html", "build-report.html", "search.html?q=gradient")
#: Violations at these levels fail the test; moderate and minor ones are
#: printed, so the log shows them.
FAILING = {"serious", "critical"}


@pytest.fixture(scope="module")
def axe_site(site):
    """A browser and server of this module's own, closed when it ends: two
    sync Playwrights cannot overlap, and other site modules start theirs."""
    with serve(site) as base, chromium() as browser:
        yield browser, base


def run_axe(page):
    page.add_script_tag(path=str(AXE))
    return page.evaluate("""async () => (await axe.run(document, {
        runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa']}})).violations
        .map(v => ({id: v.id, impact: v.impact, nodes: v.nodes.length,
                    first: v.nodes[0].target.join(' ')}))""")


@pytest.mark.slow
@pytest.mark.parametrize("path", PAGES)
@pytest.mark.parametrize("lang", ["zh", "en"])
def test_no_serious_accessibility_violations(axe_site, lang, path):
    assert AXE.is_file(), "run `make test` (it runs npm ci in tests/axe)"
    browser, base = axe_site
    page = browser.new_page()
    try:
        page.goto(f"{base}/{lang}/{path}")
        page.wait_for_load_state("networkidle")
        for details in page.locator("details.d2l-solution").all()[:2]:
            details.locator("summary").click()  # open solutions pass too
        violations = run_axe(page)
    finally:
        page.close()
    print(f"\n{lang}/{path}: " + json.dumps(violations, ensure_ascii=False))
    serious = [v for v in violations if v["impact"] in FAILING]
    assert not serious, serious
