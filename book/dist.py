"""Pack the built site into one archive, with precompressed text assets.

Usage: python -m book.dist _build     (make dist)

Next to every text asset of ``<build>/html`` (HTML, CSS, JS, SVG, JSON,
XML, TXT, .md/.ipynb sources, the search index) it writes ``name.gz``
(gzip -9) and ``name.br`` (Brotli, quality 11), for hosts that serve
precompressed files (nginx gzip_static / brotli_static, Caddy
precompressed). A copy smaller than the original by less than 5% is
not written. Then it packs the landing page and both languages into
``<build>/d2l-mxnet-book-<version>-<commit>.tar.gz``, with the PDF and
EPUB of each language that make pdf / make epub built (book/downloads.py
puts them into the site first).
"""

import gzip
import sys
import tarfile
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

import brotli

from . import downloads, git
from .cores import available_cores

TEXT = {".html", ".css", ".js", ".svg", ".json", ".xml", ".txt", ".md",
        ".ipynb", ".map", ".inv", ".py"}
#: A copy must save at least this fraction to be worth a file.
MIN_SAVING = 0.05


def version():
    """The helper package's version (d2l.__version__, which pyproject reads)."""
    import d2l

    return d2l.__version__


def _compress(path):
    """Write path.gz and path.br where each saves enough; return the sizes
    (original, .gz, .br), 0 for a copy not written."""
    data = path.read_bytes()
    sizes = [len(data)]
    # mtime=0: the same site gives the same .gz bytes.
    for suffix, packed in ((".gz", gzip.compress(data, 9, mtime=0)),
                           (".br", brotli.compress(data, quality=11))):
        if len(packed) > len(data) * (1 - MIN_SAVING):
            sizes.append(0)
            continue
        path.with_name(path.name + suffix).write_bytes(packed)
        sizes.append(len(packed))
    return sizes


def precompress(site):
    """Write .gz and .br next to text assets; return (files, bytes before, gz, br)."""
    for old in [*site.rglob("*.gz"), *site.rglob("*.br")]:
        old.unlink()  # copies from an earlier `make dist`, maybe stale
    paths = [p for p in site.rglob("*") if p.is_file() and p.suffix in TEXT]
    # Brotli at quality 11 is the slow part: one process per core, the
    # largest files first so that no core is left with a big one at the end.
    paths.sort(key=lambda p: p.stat().st_size, reverse=True)
    with ProcessPoolExecutor(max_workers=available_cores()) as pool:
        sizes = list(pool.map(_compress, paths, chunksize=8))
    totals = [sum(column) for column in zip(*sizes)] or [0, 0, 0]
    return (len(paths), *totals)


def _normalise(info):
    info.uid = info.gid = 0
    info.uname = info.gname = ""
    return info


def pack(build, precompressed=True):
    """Pack <build>/html; with precompressed, write .gz/.br copies first."""
    build = Path(build)
    site = build / "html"
    missing = [p for p in ("index.html", "zh/index.html", "en/index.html")
               if not (site / p).is_file()]
    if missing:
        sys.exit(f"error: {', '.join(missing)} not built under {site}: "
                 "run `make html` first")
    downloads.publish(build)
    count, raw, gz_total, br_total = (precompress(site) if precompressed
                                      else (0, 0, 0, 0))
    name = f"d2l-mxnet-book-{version()}-{git.commit(mark_dirty=True)}"
    archive = build / f"{name}.tar.gz"
    with tarfile.open(archive, "w:gz") as tar:
        for part in ("index.html", "zh", "en"):
            tar.add(site / part, arcname=f"{name}/{part}", filter=_normalise)
    mib = 1024 * 1024
    print(f"{count} text assets, {raw / mib:.1f} MiB: "
          f".gz {gz_total / mib:.1f} MiB, .br {br_total / mib:.1f} MiB")
    print(f"{archive} ({archive.stat().st_size / mib:.1f} MiB)")
    return archive


if __name__ == "__main__":
    pack(sys.argv[1] if len(sys.argv) > 1 else "_build")
