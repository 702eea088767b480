"""Serve the built site on 127.0.0.1 and drive Debian's Chromium."""

import functools
import http.server
import os
import shutil
import threading
from contextlib import contextmanager

import pytest

CHROMIUM = os.environ.get("D2L_CHROMIUM", "/usr/bin/chromium")
#: Without these flags Chromium keeps trying to reach Google's hosts.
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update",
        "--disable-sync"]


@contextmanager
def serve(directory, handler=http.server.SimpleHTTPRequestHandler):
    """Serve ``directory`` over HTTP on 127.0.0.1; yield the base URL
    (without a trailing slash)."""
    class Quiet(handler):
        def log_message(self, *args):
            pass

    quiet = functools.partial(Quiet, directory=str(directory))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), quiet)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


@contextmanager
def chromium():
    """Yield a headless Chromium browser (playwright, no browser download)."""
    if not shutil.which(CHROMIUM) and not os.path.exists(CHROMIUM):
        pytest.fail(f"{CHROMIUM} not found: apt-get install chromium "
                    "(.ci/run does this), or set D2L_CHROMIUM")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, headless=True,
                                    args=ARGS)
        try:
            yield browser
        finally:
            browser.close()
