"""d2l.fashion_mnist: finding, downloading, checking and iterating the data.

Downloads go to a local HTTP server on 127.0.0.1 that serves either tiny
synthetic IDX files (with a checksum table made here) or Debian's files.
"""

import gzip
import hashlib
import http.server
from pathlib import Path

import numpy as np
import pytest
from helpers import needs_fashion_mnist as needs_data
from mxnet import nd

import d2l
from d2l import fashion_mnist as fm

DEBIAN = Path(fm.DEBIAN_DIR)
OFFLINE_URL = "http://127.0.0.1:9/"  # the discard port: nothing listens


def idx_bytes(array):
    """Encode a uint8 array as IDX (header + data)."""
    magic = fm.IDX_IMAGES if array.ndim == 3 else fm.IDX_LABELS
    header = magic.to_bytes(4, "big") + b"".join(
        n.to_bytes(4, "big") for n in array.shape)
    return header + array.astype(np.uint8).tobytes()


def tiny_dataset(n_train=7, n_test=3, seed=0):
    """Return ({file name: IDX bytes}, a files table that matches them)."""
    rng = np.random.default_rng(seed)
    content, files = {}, {}
    for split, n in (("train", n_train), ("test", n_test)):
        prefix = "train" if split == "train" else "t10k"
        arrays = (rng.integers(0, 256, (n, 28, 28)),
                  rng.integers(0, 10, (n,)))
        specs = []
        for kind, array in zip(("images-idx3", "labels-idx1"), arrays):
            name = f"{prefix}-{kind}-ubyte.gz"
            content[name] = idx_bytes(array)
            specs.append(fm.IdxFile(name, array.shape,
                                    hashlib.sha256(content[name]).hexdigest()))
        files[split] = tuple(specs)
    return content, files


def write_gz(directory, content):
    directory.mkdir(parents=True, exist_ok=True)
    for name, raw in content.items():
        (directory / name).write_bytes(gzip.compress(raw))


@pytest.fixture
def isolated(tmp_path, monkeypatch):
    """No data anywhere: empty cache, no Debian files, no env overrides."""
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    monkeypatch.delenv(fm.DIR_ENV, raising=False)
    monkeypatch.delenv(fm.URL_ENV, raising=False)
    monkeypatch.setattr(fm, "DEBIAN_DIR", str(tmp_path / "no-debian"))
    return Path(fm.cache_dir())


class HalfHandler(http.server.SimpleHTTPRequestHandler):
    """Announce the whole file, send half of it, then hang up."""

    def do_GET(self):
        path = self.translate_path(self.path)
        data = Path(path).read_bytes()
        self.send_response(200)
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data[:len(data) // 2])
        self.wfile.flush()
        self.close_connection = True


def test_download_from_local_server(tmp_path, isolated, http_server):
    content, files = tiny_dataset()
    write_gz(tmp_path / "www", content)
    with http_server(tmp_path / "www") as url:
        images, labels = fm.read_split("train", base_url=f"{url}/",
                                       files=files)
        assert images.shape == (7, 28, 28) and labels.shape == (7,)
        assert idx_bytes(images) == content["train-images-idx3-ubyte.gz"]
        # Now cached: an unreachable server does not matter any more.
        cached = sorted(p.name for p in isolated.iterdir())
        assert cached == ["train-images-idx3-ubyte.gz",
                          "train-labels-idx1-ubyte.gz"]
        again, _ = fm.read_split("train", base_url=OFFLINE_URL, files=files)
        np.testing.assert_array_equal(again, images)


def test_base_url_from_environment(tmp_path, isolated, monkeypatch, http_server):
    content, files = tiny_dataset()
    write_gz(tmp_path / "www", content)
    with http_server(tmp_path / "www") as url:
        monkeypatch.setenv(fm.URL_ENV, f"{url}/")
        images, _ = fm.read_split("test", files=files)
    assert images.shape == (3, 28, 28)


def test_a_failing_mirror_falls_back_to_the_next(tmp_path, isolated,
                                                 http_server):
    """The first mirror is down, the second corrupt, the third good."""
    content, files = tiny_dataset()
    bad = dict(content)
    raw = bytearray(bad["train-labels-idx1-ubyte.gz"])
    raw[-1] = (raw[-1] + 1) % 10  # a valid label, the wrong one
    bad["train-labels-idx1-ubyte.gz"] = bytes(raw)
    write_gz(tmp_path / "corrupt", bad)
    write_gz(tmp_path / "good", content)
    with http_server(tmp_path / "corrupt") as corrupt, \
            http_server(tmp_path / "good") as good:
        urls = [OFFLINE_URL, f"{corrupt}/", f"{good}/"]
        images, labels = fm.read_split("train", base_url=" ".join(urls),
                                       files=files)
    assert idx_bytes(labels) == content["train-labels-idx1-ubyte.gz"]
    assert sorted(p.name for p in isolated.iterdir()) == [
        "train-images-idx3-ubyte.gz", "train-labels-idx1-ubyte.gz"]


def test_when_every_mirror_fails_the_error_names_each(tmp_path, isolated,
                                                       monkeypatch, http_server):
    content, files = tiny_dataset()
    write_gz(tmp_path / "half", content)
    with http_server(tmp_path / "half", handler=HalfHandler) as half:
        monkeypatch.setenv(fm.URL_ENV, f"{OFFLINE_URL} {half}/")
        with pytest.raises(fm.DataError) as err:
            fm.read_split("test", files=files)
    message = str(err.value)
    assert "Every mirror failed" in message
    assert "127.0.0.1:9/t10k-images" in message and "stopped after" in message
    assert message.count("apt install dataset-fashion-mnist") == 1
    assert list(isolated.iterdir()) == []


def test_public_mirrors_are_tried_by_default(isolated):
    assert fm.mirrors() == list(fm.MIRRORS) and len(fm.MIRRORS) >= 2
    assert all(url.endswith("/") for url in fm.MIRRORS)


def test_offline_without_data_says_how_to_get_it(isolated):
    _, files = tiny_dataset()
    with pytest.raises(fm.DataError) as err:
        fm.read_split("train", base_url=OFFLINE_URL, files=files)
    message = str(err.value)
    assert "127.0.0.1:9/train-images-idx3-ubyte.gz" in message
    assert "apt install dataset-fashion-mnist" in message
    assert fm.DIR_ENV in message
    assert not any(isolated.iterdir())  # nothing half-written


def test_interrupted_download_leaves_no_file(tmp_path, isolated, http_server):
    content, files = tiny_dataset()
    write_gz(tmp_path / "www", content)
    with http_server(tmp_path / "www", handler=HalfHandler) as url:
        with pytest.raises(fm.DataError, match="stopped after"):
            fm.read_split("train", base_url=f"{url}/", files=files)
    assert list(isolated.iterdir()) == []


def test_corrupted_download_is_refused_and_not_kept(tmp_path, isolated, http_server):
    content, files = tiny_dataset()
    bad = dict(content)
    raw = bytearray(bad["train-images-idx3-ubyte.gz"])
    raw[-1] ^= 0xFF  # one pixel changed: only the hash can tell
    bad["train-images-idx3-ubyte.gz"] = bytes(raw)
    write_gz(tmp_path / "www", bad)
    with http_server(tmp_path / "www") as url:
        with pytest.raises(fm.DataError) as err:
            fm.read_split("train", base_url=f"{url}/", files=files)
    assert "train-images-idx3-ubyte.gz" in str(err.value)
    assert "SHA-256" in str(err.value)
    assert list(isolated.iterdir()) == []


@pytest.mark.parametrize("damage, reason", [
    (lambda raw: raw[:-1], "data bytes"),
    (lambda raw: b"\0\0\x08\x02" + raw[4:], "magic"),
    (lambda raw: raw[:-1] + b"\x01", "SHA-256"),
])
def test_corrupted_local_file_is_refused(tmp_path, isolated, damage, reason):
    content, files = tiny_dataset()
    content["t10k-images-idx3-ubyte.gz"] = damage(
        content["t10k-images-idx3-ubyte.gz"])
    write_gz(tmp_path / "data", content)
    with pytest.raises(fm.DataError, match=reason) as err:
        fm.read_split("test", data_dir=str(tmp_path / "data"), files=files,
                      base_url=OFFLINE_URL)
    assert str(tmp_path / "data" / "t10k-images-idx3-ubyte.gz") in str(
        err.value)


def test_label_out_of_range_is_refused(tmp_path, isolated):
    content, files = tiny_dataset()
    labels = np.array([0, 1, 12], dtype=np.uint8)
    raw = idx_bytes(labels)
    content["t10k-labels-idx1-ubyte.gz"] = raw
    specs = list(files["test"])
    specs[1] = fm.IdxFile(specs[1].name, (3,), hashlib.sha256(raw).hexdigest())
    files["test"] = tuple(specs)
    write_gz(tmp_path / "data", content)
    with pytest.raises(fm.DataError, match="label 12 out of range"):
        fm.read_split("test", data_dir=str(tmp_path / "data"), files=files)


def test_truncated_gzip_is_refused(tmp_path, isolated):
    content, files = tiny_dataset()
    write_gz(tmp_path / "data", content)
    path = tmp_path / "data" / "train-labels-idx1-ubyte.gz"
    path.write_bytes(path.read_bytes()[:20])
    with pytest.raises(fm.DataError, match="train-labels-idx1-ubyte.gz"):
        fm.read_split("train", data_dir=str(tmp_path / "data"), files=files)


def test_search_order(tmp_path, isolated, monkeypatch):
    """Explicit directory, then the cache, then Debian's directory."""
    content, files = tiny_dataset()
    explicit, debian = tmp_path / "explicit", tmp_path / "debian"
    for d in (explicit, isolated, debian):
        write_gz(d, content)
    monkeypatch.setattr(fm, "DEBIAN_DIR", str(debian))
    name = "train-images-idx3-ubyte.gz"
    assert fm.find(name, str(explicit)) == str(explicit / name)
    monkeypatch.setenv(fm.DIR_ENV, str(explicit))
    assert fm.find(name) == str(explicit / name)
    monkeypatch.delenv(fm.DIR_ENV)
    assert fm.find(name) == str(isolated / name)
    (isolated / name).unlink()
    assert fm.find(name) == str(debian / name)


def test_uncompressed_files_are_accepted(tmp_path, isolated):
    content, files = tiny_dataset()
    data = tmp_path / "data"
    data.mkdir()
    for name, raw in content.items():
        (data / name[:-3]).write_bytes(raw)
    images, labels = fm.read_split("test", data_dir=str(data), files=files)
    assert images.shape == (3, 28, 28)


@needs_data
def test_download_of_the_real_files_matches_the_hashes(tmp_path, isolated, http_server):
    """Debian's files, served over HTTP, pass the hard-coded checksums."""
    with http_server(DEBIAN) as url:
        for split in ("train", "test"):
            fm.read_split(split, base_url=f"{url}/")
    assert sorted(p.name for p in isolated.iterdir()) == sorted(
        spec.name for specs in fm.FILES.values() for spec in specs)


@needs_data
def test_load_fashion_mnist_shapes_and_values():
    X, y = d2l.load_fashion_mnist("train")
    assert X.shape == (60000, 1, 28, 28) and y.shape == (60000,)
    assert X.dtype == np.float32 and y.dtype == np.float32
    assert float(X.min().asscalar()) == 0.0
    assert float(X.max().asscalar()) == 1.0
    # Fashion-MNIST is balanced: 6000 training images per class.
    counts = np.bincount(y.asnumpy().astype(int), minlength=10)
    assert counts.tolist() == [6000] * 10
    Xt, yt = d2l.load_fashion_mnist("test")
    assert Xt.shape == (10000, 1, 28, 28)
    assert np.bincount(yt.asnumpy().astype(int)).tolist() == [1000] * 10
    # Decoded once per process, then shared.
    assert d2l.load_fashion_mnist("train")[0] is X


@needs_data
def test_minibatches_cover_each_example_once():
    train_iter, test_iter = d2l.load_data_fashion_mnist(256)
    assert len(train_iter) == 235 and len(test_iter) == 40
    np.random.seed(0)
    sizes, labels, first = [], [], None
    for X, y in train_iter:
        sizes.append(len(y))
        labels.append(y.asnumpy())
        first = X if first is None else first
    assert sizes == [256] * 234 + [60000 - 234 * 256]
    assert first.shape == (256, 1, 28, 28)
    counts = np.bincount(np.concatenate(labels).astype(int))
    assert counts.tolist() == [6000] * 10
    # A new pass draws a new order; the test set keeps its order.
    again = next(iter(train_iter))[1].asnumpy()
    assert not np.array_equal(again, labels[0])
    test_labels = np.concatenate([y.asnumpy() for _, y in test_iter])
    np.testing.assert_array_equal(
        test_labels, d2l.load_fashion_mnist("test")[1].asnumpy())


def test_shuffling_follows_numpy_seed():
    loader = d2l.ArrayLoader(nd.arange(10).reshape((10, 1)), nd.arange(10),
                             batch_size=4, shuffle=True)
    np.random.seed(3)
    a = [y.asnumpy().tolist() for _, y in loader]
    np.random.seed(3)
    b = [y.asnumpy().tolist() for _, y in loader]
    assert a == b and [len(batch) for batch in a] == [4, 4, 2]
    assert sorted(sum(a, [])) == list(range(10))


def test_labels_in_both_languages():
    en, zh = d2l.fashion_mnist_labels("en"), d2l.fashion_mnist_labels("zh")
    assert len(en) == len(zh) == 10 and len(set(zh)) == 10
    assert en[0] == "t-shirt" and en[9] == "ankle boot"
    assert zh[0] == "T恤" and zh[9] == "短靴"
