"""Pack the built site into one archive, with precompressed text assets.

Usage: python -m book.dist _build     (make dist)

Next to every text asset of ``<build>/html`` (HTML, CSS, JS, SVG, JSON,
XML, TXT, .md/.ipynb sources, the search index) it writes ``name.gz``
(gzip -9) and ``name.br`` (Brotli, quality 11), for hosts that serve
precompressed files (nginx gzip_static / brotli_static, Caddy
precompressed). A copy smaller than the original by less than 5% is
not written. Then it packs the landing page and both languages into
``<build>/d2l-mxnet-book-<version>-<commit>.tar.gz``.
"""

import gzip
import sys
import tarfile
from pathlib import Path

import brotli

from . import git

TEXT = {".html", ".css", ".js", ".svg", ".json", ".xml", ".txt", ".md",
        ".ipynb", ".map", ".inv", ".py"}
#: A copy must save at least this fraction to be worth a file.
MIN_SAVING = 0.05


def version():
    """The helper package's version (d2l.__version__, which pyproject reads)."""
    import d2l

    return d2l.__version__


def precompress(site):
    """Write .gz and .br next to text assets; return (files, bytes before, gz, br)."""
    count = raw = gz_total = br_total = 0
    for old in [*site.rglob("*.gz"), *site.rglob("*.br")]:
        old.unlink()  # copies from an earlier `make dist`, maybe stale
    for path in sorted(site.rglob("*")):
        if not path.is_file() or path.suffix not in TEXT:
            continue
        data = path.read_bytes()
        count += 1
        raw += len(data)
        # mtime=0: the same site gives the same .gz bytes.
        for suffix, packed in ((".gz", gzip.compress(data, 9, mtime=0)),
                               (".br", brotli.compress(data, quality=11))):
            if len(packed) > len(data) * (1 - MIN_SAVING):
                continue
            path.with_name(path.name + suffix).write_bytes(packed)
            if suffix == ".gz":
                gz_total += len(packed)
            else:
                br_total += len(packed)
    return count, raw, gz_total, br_total


def _normalise(info):
    info.uid = info.gid = 0
    info.uname = info.gname = ""
    return info


def pack(build):
    build = Path(build)
    site = build / "html"
    missing = [p for p in ("index.html", "zh/index.html", "en/index.html")
               if not (site / p).is_file()]
    if missing:
        sys.exit(f"error: {', '.join(missing)} not built under {site}: "
                 "run `make html` first")
    count, raw, gz_total, br_total = precompress(site)
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
