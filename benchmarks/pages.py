"""Lighthouse (mobile) on sample pages of the built site, served with gzip.

Serves <site> on 127.0.0.1 the way static hosts do (gzip for text
responses), runs Lighthouse 12 with its default mobile emulation
(simulated slow 4G, 4x CPU slowdown) in Debian's Chromium, and prints one
row per page: performance score, LCP, TBT and transfer size (the median of
--runs runs). Scores depend on the machine's load; this is a benchmark,
not a test (make bench-pages; not part of make test).

The goal (issue 16): performance >= 90, LCP <= 2.5 s, TBT <= 200 ms,
transfer <= 400 KiB on every page.

  .venv/bin/python benchmarks/pages.py [--site _build/html] [--runs 3]
      [--page zh/index.html ... | --all] [--no-gzip]
"""

import argparse
import functools
import gzip
import http.server
import io
import json
import os
import statistics
import subprocess
import sys
import threading
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
LIGHTHOUSE = ROOT / "benchmarks" / "lighthouse" / "node_modules" / ".bin" / "lighthouse"
PAGES = ("zh/deep-learning-basics/softmax-regression-scratch.html",
         "zh/index.html",
         "en/before-you-start/what-is-deep-learning.html",
         "en/deep-learning-basics/linear-regression.html")
#: Debian's Chromium as root in a container, with no network beyond
#: loopback (see tests/browser.py).
CHROME_FLAGS = ("--headless=new --no-sandbox --disable-gpu --disable-quic "
                "--no-first-run --disable-background-networking "
                "--disable-component-update --disable-sync")
TEXT_TYPES = ("text/", "application/javascript", "application/json",
              "image/svg+xml", "application/xml")


class GzipHandler(http.server.SimpleHTTPRequestHandler):
    """Static files, gzip-compressed (level 6) when the client accepts it."""

    use_gzip = True

    def log_message(self, *args):
        pass

    def send_head(self):
        path = self.translate_path(self.path)
        if os.path.isdir(path):
            path = os.path.join(path, "index.html")
        ctype = self.guess_type(path)
        wants = "gzip" in self.headers.get("Accept-Encoding", "")
        if not (self.use_gzip and wants and os.path.isfile(path)
                and ctype.startswith(TEXT_TYPES)):
            return super().send_head()
        with open(path, "rb") as f:
            body = gzip.compress(f.read(), 6)
        self.send_response(200)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Vary", "Accept-Encoding")
        self.end_headers()
        return io.BytesIO(body)


def serve(site, use_gzip=True):
    handler = functools.partial(GzipHandler, directory=str(site))
    GzipHandler.use_gzip = use_gzip
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


def every_page(site):
    """Every HTML page of the site (landing page and both languages),
    skipping the theme's and Sphinx's own folders (_static, _sources...)."""
    return sorted(str(p.relative_to(site)) for p in site.rglob("*.html")
                  if not any(part.startswith("_")
                             for part in p.relative_to(site).parts))


def lighthouse(url):
    env = dict(os.environ, CHROME_PATH=os.environ.get("CHROME_PATH",
                                                      "/usr/bin/chromium"))
    proc = subprocess.run(
        [str(LIGHTHOUSE), url, "--output=json", "--output-path=stdout",
         "--only-categories=performance", "--quiet",
         f"--chrome-flags={CHROME_FLAGS}"],
        capture_output=True, text=True, env=env, timeout=300)
    if proc.returncode != 0:
        raise RuntimeError(f"lighthouse failed on {url}:\n{proc.stderr[-2000:]}")
    report = json.loads(proc.stdout)
    audits = report["audits"]
    return {
        "score": round(report["categories"]["performance"]["score"] * 100),
        "lcp": audits["largest-contentful-paint"]["numericValue"] / 1000,
        "tbt": audits["total-blocking-time"]["numericValue"],
        "kib": audits["total-byte-weight"]["numericValue"] / 1024,
    }


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--site", default=str(ROOT / "_build" / "html"))
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--page", action="append", help="path under the site")
    parser.add_argument("--all", action="store_true",
                        help="every page of the site instead of the sample")
    parser.add_argument("--no-gzip", action="store_true")
    parser.add_argument("--json", help="also write the results here")
    args = parser.parse_args(argv)
    if not LIGHTHOUSE.exists():
        sys.exit("lighthouse is not installed: make bench-pages runs npm ci "
                 "in benchmarks/lighthouse")
    site = Path(args.site)
    if not site.is_dir():
        sys.exit(f"{site} is not a built site: run make html first")
    pages = every_page(site) if args.all else args.page or PAGES
    server = serve(site, not args.no_gzip)
    base = f"http://127.0.0.1:{server.server_address[1]}"
    rows = {}
    print(f"Lighthouse mobile, {'gzip' if not args.no_gzip else 'no compression'}, "
          f"median of {args.runs} run(s)")
    print("| page | performance | LCP (s) | TBT (ms) | transfer (KiB) |")
    print("|---|---|---|---|---|")
    failed = False
    try:
        for page in pages:
            runs = [lighthouse(f"{base}/{page}") for _ in range(args.runs)]
            row = {k: statistics.median(r[k] for r in runs) for k in runs[0]}
            row["scores"] = [r["score"] for r in runs]
            rows[page] = row
            ok = (row["score"] >= 90 and row["lcp"] <= 2.5 and
                  row["tbt"] <= 200 and row["kib"] <= 400)
            failed |= not ok
            scores = ", ".join(map(str, row["scores"]))
            print(f"| {page} | {row['score']:.0f} ({scores}) "
                  f"| {row['lcp']:.2f} | {row['tbt']:.0f} | {row['kib']:.0f} |"
                  + ("" if ok else "  <- over the goal"), flush=True)
    finally:
        server.shutdown()
    if args.json:
        Path(args.json).write_text(json.dumps(rows, indent=1))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
