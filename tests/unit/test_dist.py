"""make dist: precompressed copies next to text assets, one archive."""

import gzip
import re
import tarfile

import brotli
import pytest

from book import dist


@pytest.fixture
def build(tmp_path):
    site = tmp_path / "html"
    for lang in ("zh", "en"):
        (site / lang / "_static").mkdir(parents=True)
        (site / lang / "index.html").write_text(
            f"<html lang='{lang}'>" + "<p>text</p>" * 200, encoding="utf-8")
        (site / lang / "_static" / "theme.css").write_text(
            "body { color: black; }\n" * 100)
        (site / lang / "_static" / "font.woff2").write_bytes(bytes(range(256)))
    (site / "index.html").write_text("<html>" + "<a>x</a>" * 100)
    (site / "en" / "gone.html.gz").write_bytes(b"stale")
    return tmp_path


def test_text_assets_get_gz_and_br_copies(build):
    dist.pack(build)
    site = build / "html"
    for path in (site / "en" / "index.html", site / "zh" / "_static" / "theme.css"):
        data = path.read_bytes()
        assert gzip.decompress(path.with_name(path.name + ".gz").read_bytes()) == data
        assert brotli.decompress(path.with_name(path.name + ".br").read_bytes()) == data
    assert not (site / "en" / "_static" / "font.woff2.gz").exists()
    assert not (site / "en" / "gone.html.gz").exists(), "stale copy kept"


def test_one_archive_named_with_version_and_commit(build):
    archive = dist.pack(build)
    assert archive.parent == build
    assert re.fullmatch(r"d2l-mxnet-book-\d+\.\d+\.\d+-[0-9a-f]{12}(-dirty)?\.tar\.gz"
                        r"|d2l-mxnet-book-\d+\.\d+\.\d+-nogit\.tar\.gz", archive.name)
    with tarfile.open(archive) as tar:
        names = tar.getnames()
    top = archive.name[:-len(".tar.gz")]
    for part in ("index.html", "zh/index.html", "en/index.html",
                 "en/index.html.gz", "zh/_static/theme.css.br"):
        assert f"{top}/{part}" in names


def test_refuses_an_unbuilt_site(tmp_path):
    with pytest.raises(SystemExit, match="make html"):
        dist.pack(tmp_path)
