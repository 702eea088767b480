// Render TeX to SVG at build time for book/offline_math.py.
//
// Protocol: one JSON request per line on stdin, one JSON reply per line on
// stdout. {"tex": "...", "display": true} -> {"html": "<mjx-container...>"}
// or {"error": "..."}; {"css": true} -> {"css": "..."} (the styles every
// page with math needs). MathJax 3.2.2 is the version the book served in
// the browser before, so the TeX it accepts and the glyphs it draws are the
// same; SVG needs no web fonts.
"use strict";
const readline = require("readline");
const {mathjax} = require("mathjax-full/js/mathjax.js");
const {TeX} = require("mathjax-full/js/input/tex.js");
const {SVG} = require("mathjax-full/js/output/svg.js");
const {liteAdaptor} = require("mathjax-full/js/adaptors/liteAdaptor.js");
const {RegisterHTMLHandler} = require("mathjax-full/js/handlers/html.js");
const {AssistiveMmlHandler} = require("mathjax-full/js/a11y/assistive-mml.js");
const {AllPackages} = require("mathjax-full/js/input/tex/AllPackages.js");

const adaptor = liteAdaptor();
// Screen readers read the MathML copy; the SVG is hidden from them.
AssistiveMmlHandler(RegisterHTMLHandler(adaptor));
// Without noerrors and noundefined, bad TeX is an error the build reports.
const tex = new TeX({packages: AllPackages.filter(
  (p) => p !== "noerrors" && p !== "noundefined")});
// "local": each formula carries the glyph paths it uses, so formulas do
// not depend on each other (gzip folds the repeats).
const svg = new SVG({fontCache: "local"});
const doc = mathjax.document("", {InputJax: tex, OutputJax: svg});

function render(request) {
  if (request.css) {
    return {css: adaptor.textContent(svg.styleSheet(doc))};
  }
  const node = doc.convert(request.tex, {display: Boolean(request.display)});
  const html = adaptor.outerHTML(node);
  const merror = /data-mjx-error="([^"]*)"/.exec(html);
  if (merror) return {error: merror[1]};
  return {html};
}

const lines = readline.createInterface({input: process.stdin});
lines.on("line", (line) => {
  let reply;
  try {
    reply = render(JSON.parse(line));
  } catch (err) {
    reply = {error: String(err && err.message || err)};
  }
  process.stdout.write(JSON.stringify(reply) + "\n");
});
