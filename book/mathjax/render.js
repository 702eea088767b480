// Render TeX to SVG at build time for book/offline_math.py.
//
// Protocol: one JSON request per line on stdin, one JSON reply per line on
// stdout. {"tex": "...", "display": true} -> {"html": "<mjx-container...>"}
// or {"error": "..."}; with "image": true, {"svg": "<svg ...>"}: a standalone
// SVG that carries its own glyphs (an EPUB's <img>); {"glyphs": true} -> {"html": "<svg ...><defs>"}: the
// glyph paths the formulas since the last such request use, which the
// page carries once in a hidden <svg>; {"css": true} -> {"css": "..."}
// (the styles every page with math needs). MathJax 3.2.2 is the version the book served in
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
// "global": formulas <use> glyph paths that the page defines once (half
// the size of "local", where every formula carries its own copies).
const svg = new SVG({fontCache: "global"});
const doc = mathjax.document("", {InputJax: tex, OutputJax: svg});
svg.clearFontCache();
// Standalone images (EPUB): each SVG defines the glyph paths it uses.
const imageSvg = new SVG({fontCache: "local"});
const imageDoc = mathjax.document("", {
  InputJax: new TeX({packages: AllPackages.filter(
    (p) => p !== "noerrors" && p !== "noundefined")}),
  OutputJax: imageSvg});

function image(request) {
  const node = imageDoc.convert(request.tex, {display: Boolean(request.display)});
  const html = adaptor.outerHTML(node);
  const merror = /data-mjx-error="([^"]*)"/.exec(html);
  if (merror) return {error: merror[1]};
  const svgNode = adaptor.childNodes(node).find((n) => adaptor.kind(n) === "svg");
  return {svg: adaptor.outerHTML(svgNode)};
}

function glyphs() {
  const defs = svg.fontCache.getCache();
  const html = adaptor.childNodes(defs).length ? adaptor.outerHTML(svg.svg(
    "svg", {id: "MJX-SVG-global-cache", style: {display: "none"}}, [defs])) : "";
  svg.clearFontCache();
  return {html};
}

function render(request) {
  if (request.glyphs) return glyphs();
  if (request.image) return image(request);
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
