/* Mark search results that come from a worked solution.
 *
 * Sphinx shows each result with a snippet around the first match in the
 * page's text. When that match lies inside a folded solution
 * (details.d2l-solution, book/solutions.py), the snippet gets the
 * solution's own label (参考答案 / Solution) and the exercise number, and
 * the result links to #solution-n, which opens it.
 */
(function () {
  "use strict";
  const SOLUTION = "details.d2l-solution";

  // Where Sphinx's snippet starts: the same rule as makeSearchSummary.
  function matchPosition(text, keywords) {
    const lower = text.toLowerCase();
    return [...keywords]
      .map((k) => lower.indexOf(k.toLowerCase()))
      .filter((i) => i > -1)
      .slice(-1)[0];
  }

  // The solution holding character `position` of main's text, or null.
  function solutionAt(main, position) {
    const walker = document.createTreeWalker(main, NodeFilter.SHOW_TEXT);
    let seen = 0;
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      seen += node.data.length;
      if (seen > position) return node.parentElement.closest(SOLUTION);
    }
    return null;
  }

  function mark(summary, solution) {
    const label = solution.querySelector("summary").textContent.trim();
    const number = solution.id.replace("solution-", "");
    const badge = document.createElement("span");
    badge.className = "d2l-solution-badge";
    badge.textContent = `${label} ${number}`;
    summary.prepend(badge, " ");
    // The caller appends the snippet to its result right after this
    // returns; then point the result's link at the solution.
    setTimeout(() => {
      const link = summary.parentElement && summary.parentElement.querySelector("a");
      if (link) {
        const page = link.getAttribute("href").split("#")[0];
        link.setAttribute("href", `${page}#${solution.id}`);
      }
    });
  }

  function install() {
    if (typeof Search === "undefined" || Search.d2lSolutions) return;
    const makeSummary = Search.makeSearchSummary;
    Search.makeSearchSummary = (htmlText, keywords, anchor) => {
      const summary = makeSummary(htmlText, keywords, anchor);
      if (!summary || anchor) return summary;
      const doc = new DOMParser().parseFromString(htmlText, "text/html");
      for (const q of [".headerlink", "script", "style"])
        doc.querySelectorAll(q).forEach((el) => el.remove());
      const main = doc.querySelector('[role="main"]');
      const position = main && matchPosition(main.textContent, keywords);
      const solution = position === undefined ? null : solutionAt(main, position);
      if (solution && solution.id) mark(summary, solution);
      return summary;
    };
    Search.d2lSolutions = true;
  }

  install();
  document.addEventListener("DOMContentLoaded", install);
})();
