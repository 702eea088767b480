"""Fashion-MNIST: find, download, check and load it into memory.

The four original IDX files are looked for, in this order, in

1. a directory passed as ``data_dir`` or named by ``D2L_FASHION_MNIST_DIR``;
2. the user's cache, ``$XDG_CACHE_HOME/d2l/fashion-mnist`` (by default
   ``~/.cache/d2l/fashion-mnist``);
3. ``/usr/share/datasets/fashion-mnist``, where Debian's package
   ``dataset-fashion-mnist`` puts them.

A file found nowhere is downloaded into the cache, from the first of the
public mirrors (:data:`MIRRORS`) that delivers it intact. Wherever a file
comes from, its decompressed content is checked (IDX header, shape, label
range, SHA-256) before it is used, so every mirror is held to the same
checksums.

Each split is decoded once per process and held in memory as NDArrays:
images as float32 in [0, 1] with shape (N, 1, 28, 28), labels as float32
class indices with shape (N,), the dtype Gluon's losses take. Minibatches
are sliced from these arrays (:class:`ArrayLoader`), which is an order of
magnitude faster than a per-sample ``DataLoader`` transform.
"""

import dataclasses
import functools
import gzip
import hashlib
import http.client
import os
import tempfile
import urllib.request
import zlib

import numpy as np
from matplotlib import pyplot as plt
from mxnet import nd

from .device import get_device

#: Directory with the four files, tried first (before the cache).
DIR_ENV = "D2L_FASHION_MNIST_DIR"
#: Base URL(s) to download from instead of MIRRORS, separated by spaces.
URL_ENV = "D2L_FASHION_MNIST_URL"
#: Public copies of the original files, tried in order: Zalando's own
#: bucket, then the copy in Zalando's GitHub repository.
MIRRORS = (
    "http://fashion-mnist.s3-website.eu-central-1.amazonaws.com/",
    "https://raw.githubusercontent.com/zalandoresearch/fashion-mnist/"
    "master/data/fashion/",
)
DEBIAN_DIR = "/usr/share/datasets/fashion-mnist"

IDX_IMAGES = 0x00000803  # unsigned bytes, 3 dimensions
IDX_LABELS = 0x00000801  # unsigned bytes, 1 dimension
NUM_CLASSES = 10


class DataError(RuntimeError):
    """Fashion-MNIST could not be found, downloaded or read."""


@dataclasses.dataclass(frozen=True)
class IdxFile:
    """One gzipped IDX file: its name, array shape and content hash."""

    name: str
    shape: tuple
    sha256: str  # of the decompressed IDX bytes, header included


# The hashes are of the decompressed IDX content, computed from Debian's
# dataset-fashion-mnist files. Debian recompressed the data, so its .gz
# bytes differ from upstream's, but the decompressed bytes are the same.
FILES = {
    "train": (
        IdxFile("train-images-idx3-ubyte.gz", (60000, 28, 28),
                "c59f468a2f672dc815687fe0f8388776"
                "8d799fd8a3f3276145d20f83aa44d888"),
        IdxFile("train-labels-idx1-ubyte.gz", (60000,),
                "bad3541b69d912435c50bb6ba87bec29"
                "4ff4f6a2e1246121d8633921760443d9"),
    ),
    "test": (
        IdxFile("t10k-images-idx3-ubyte.gz", (10000, 28, 28),
                "5b4141f0afbad91edebe8549f8fcffe0"
                "87ea10ca49f1dbef5c9a5cd8815ce37b"),
        IdxFile("t10k-labels-idx1-ubyte.gz", (10000,),
                "0402a96d92fd2663957122ceb108a494"
                "c5af83dab82d92729df917d7dec38c34"),
    ),
}

HOW_TO_GET = (
    "To get Fashion-MNIST without a download, install Debian's package "
    "(sudo apt install dataset-fashion-mnist), or put the four files "
    "train-images-idx3-ubyte.gz, train-labels-idx1-ubyte.gz, "
    "t10k-images-idx3-ubyte.gz and t10k-labels-idx1-ubyte.gz in a "
    f"directory and set {DIR_ENV} to it.")


def cache_dir():
    """Return the user's Fashion-MNIST cache directory."""
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(
        os.path.expanduser("~"), ".cache")
    return os.path.join(base, "d2l", "fashion-mnist")


def search_dirs(data_dir=None):
    """Return the directories searched for the files, in order."""
    first = data_dir or os.environ.get(DIR_ENV)
    return [d for d in (first, cache_dir(), DEBIAN_DIR) if d]


def find(name, data_dir=None):
    """Return the path of ``name`` (or of its uncompressed twin), or None."""
    for d in search_dirs(data_dir):
        for candidate in (name, name[:-3] if name.endswith(".gz") else None):
            path = candidate and os.path.join(d, candidate)
            if path and os.path.isfile(path):
                return path
    return None


class _Invalid(ValueError):
    """IDX content that fails a check; carries the reason."""


def parse_idx(raw, spec):
    """Check decompressed IDX bytes against ``spec``; return a uint8 array.

    Raises ValueError saying what is wrong with the content.
    """
    ndim = len(spec.shape)
    magic = IDX_IMAGES if ndim == 3 else IDX_LABELS
    header = 4 + 4 * ndim
    if len(raw) < header:
        raise _Invalid(f"only {len(raw)} bytes")
    if int.from_bytes(raw[:4], "big") != magic:
        raise _Invalid(f"bad IDX magic number 0x{raw[:4].hex()}")
    shape = tuple(int.from_bytes(raw[4 + 4 * i: 8 + 4 * i], "big")
                  for i in range(ndim))
    if shape != tuple(spec.shape):
        raise _Invalid(f"shape {shape}, expected {tuple(spec.shape)}")
    if len(raw) != header + int(np.prod(shape)):
        raise _Invalid(f"{len(raw) - header} data bytes for shape {shape}")
    data = np.frombuffer(raw, np.uint8, offset=header).reshape(shape)
    if ndim == 1 and data.max(initial=0) >= NUM_CLASSES:
        raise _Invalid(
            f"label {data.max()} out of range 0-{NUM_CLASSES - 1}")
    digest = hashlib.sha256(raw).hexdigest()
    if digest != spec.sha256:
        raise _Invalid(
            f"SHA-256 of its content is {digest}, expected {spec.sha256}")
    return data


def _decompress(path):
    """Return the bytes of ``path``, gunzipped if it is a gzip file."""
    with open(path, "rb") as f:
        raw = f.read()
    return gzip.decompress(raw) if raw[:2] == b"\x1f\x8b" else raw


def read_idx(path, spec):
    """Read a (gzipped) IDX file and return its checked uint8 array."""
    try:
        return parse_idx(_decompress(path), spec)
    except (OSError, EOFError, ValueError, zlib.error) as err:
        raise DataError(
            f"{path} is not a valid {spec.name}: {err}. Delete it (or "
            f"replace it with a good copy) and try again. {HOW_TO_GET}"
        ) from err


def mirrors(base_url=None):
    """Return the base URLs to try: ``base_url`` (one or several),
    ``D2L_FASHION_MNIST_URL``, or the public :data:`MIRRORS`."""
    if isinstance(base_url, str):
        return base_url.split()
    return list(base_url or os.environ.get(URL_ENV, "").split() or MIRRORS)


def download(spec, base_url=None, directory=None, timeout=30):
    """Download ``spec`` into ``directory`` (the cache); return its path.

    Mirrors are tried in order until one delivers a file that passes the
    checks. Each file is written to a temporary name next to its
    destination and renamed only once its content has passed the checks,
    so an interrupted or corrupted download never leaves a file that looks
    complete.
    """
    failures = []
    for base in mirrors(base_url):
        try:
            return _download_from(base, spec, directory, timeout)
        except DataError as err:
            failures.append(err)
    if len(failures) == 1:
        raise failures[0]
    reasons = "; ".join(str(err).replace(f" {HOW_TO_GET}", "")
                        for err in failures)
    raise DataError(f"Every mirror failed. {reasons} {HOW_TO_GET}") \
        from failures[-1]


def _download_from(base_url, spec, directory, timeout):
    url = base_url.rstrip("/") + "/" + spec.name
    directory = directory or cache_dir()
    os.makedirs(directory, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=spec.name + ".", suffix=".part",
                               dir=directory)
    try:
        with os.fdopen(fd, "wb") as f:
            _fetch(url, f, timeout)
        try:
            parse_idx(_decompress(tmp), spec)
        except (OSError, EOFError, ValueError, zlib.error) as err:
            raise DataError(
                f"The file downloaded from {url} is not a valid "
                f"{spec.name}: {err}. Try again later. {HOW_TO_GET}"
            ) from err
        path = os.path.join(directory, spec.name)
        os.replace(tmp, path)
        return path
    finally:
        if os.path.exists(tmp):
            os.remove(tmp)


def _fetch(url, f, timeout):
    """Copy ``url`` into the open file ``f``, checking its length."""
    try:
        with urllib.request.urlopen(url, timeout=timeout) as response:
            expected = response.headers.get("Content-Length")
            received = 0
            while chunk := response.read(1 << 20):
                f.write(chunk)
                received += len(chunk)
    except (OSError, http.client.HTTPException) as err:
        raise DataError(
            f"Could not download {url} ({getattr(err, 'reason', err)}). "
            f"{HOW_TO_GET}") from err
    if expected is not None and received != int(expected):
        raise DataError(
            f"The download of {url} stopped after {received} of {expected} "
            f"bytes. Try again. {HOW_TO_GET}")


def read_split(split="train", data_dir=None, base_url=None, files=FILES):
    """Return a split's (images, labels) as checked uint8 NumPy arrays."""
    arrays = []
    for spec in files[split]:
        path = find(spec.name, data_dir) or download(spec, base_url)
        arrays.append(read_idx(path, spec))
    return tuple(arrays)


@functools.cache
def _load_split(split, data_dir, device):
    images, labels = read_split(split, data_dir)
    X = nd.array(images.reshape(-1, 1, 28, 28), ctx=device) / 255
    y = nd.array(labels, ctx=device, dtype="float32")
    return X, y


def load_fashion_mnist(split="train", data_dir=None, device=None):
    """Return a split as NDArrays: images (N, 1, 28, 28) in [0, 1], labels.

    The arrays are decoded once per process and then shared, so treat them
    as read-only.
    """
    return _load_split(split, data_dir, device or get_device())


class ArrayLoader:
    """Minibatches sliced from arrays in memory; reshuffled every pass."""

    def __init__(self, X, y, batch_size, shuffle=False):
        self.X, self.y = X, y
        self.batch_size, self.shuffle = batch_size, shuffle

    def __len__(self):
        return -(-len(self.y) // self.batch_size)

    def __iter__(self):
        n = len(self.y)
        order = np.random.permutation(n) if self.shuffle else np.arange(n)
        order = nd.array(order, ctx=self.y.context)
        for i in range(0, n, self.batch_size):
            idx = order[i:i + self.batch_size]
            yield self.X.take(idx), self.y.take(idx)


def load_data_fashion_mnist(batch_size, data_dir=None, device=None):
    """Return (train_iter, test_iter) over Fashion-MNIST in memory."""
    train = load_fashion_mnist("train", data_dir, device)
    test = load_fashion_mnist("test", data_dir, device)
    return (ArrayLoader(*train, batch_size, shuffle=True),
            ArrayLoader(*test, batch_size, shuffle=False))


def fashion_mnist_labels(lang="en"):
    """Return the names of the ten classes in ``lang`` ('zh' or 'en')."""
    names = {
        "en": ["t-shirt", "trouser", "pullover", "dress", "coat",
               "sandal", "shirt", "sneaker", "bag", "ankle boot"],
        "zh": ["T恤", "裤子", "套衫", "连衣裙", "外套",
               "凉鞋", "衬衫", "运动鞋", "包", "短靴"],
    }
    if lang not in names:
        raise ValueError(f"lang must be 'zh' or 'en', not {lang!r}")
    return names[lang]


def show_images(imgs, num_rows, num_cols, titles=None, scale=1.2):
    """Draw a grid of grayscale images, each with an optional title."""
    figsize = (num_cols * scale, num_rows * scale)
    _, axes = plt.subplots(num_rows, num_cols, figsize=figsize,
                           layout="constrained")
    axes = axes.flatten()
    for i, (ax, img) in enumerate(zip(axes, imgs)):
        if hasattr(img, "asnumpy"):
            img = img.asnumpy()
        ax.imshow(img.reshape(28, 28), cmap="gray_r")
        ax.axis("off")
        if titles:
            ax.set_title(titles[i], fontsize=9)
    return axes


class ResizedLoader(ArrayLoader):
    """An ArrayLoader that scales each minibatch's images to size x size.

    Resizing per minibatch, on the arrays' device, keeps memory small:
    the whole training set at 224x224 would take 12 GB.
    """

    def __init__(self, X, y, batch_size, size, shuffle=False):
        super().__init__(X, y, batch_size, shuffle)
        self.size = size

    def __iter__(self):
        for X, y in super().__iter__():
            yield nd.contrib.BilinearResize2D(
                X, height=self.size, width=self.size), y


def load_data_at_scale(cfg, data_dir=None, device=None):
    """Return (train_iter, test_iter) for a network's training Settings
    (d2l.scale_settings): the first cfg.num_train and cfg.num_test images
    of each split, in minibatches of cfg.batch_size, resized to
    cfg.resize x cfg.resize."""
    iters = []
    for split, n, shuffle in (("train", cfg.num_train, True),
                              ("test", cfg.num_test, False)):
        X, y = load_fashion_mnist(split, data_dir, device)
        iters.append(ResizedLoader(X[:n], y[:n], cfg.batch_size, cfg.resize,
                                   shuffle))
    return tuple(iters)
