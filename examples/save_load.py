"""pip install mxnet==1.9.1 numpy==1.26.4 matplotlib==3.9.4 setuptools

Train a small MLP on Fashion-MNIST, save its parameters, reload them in a
fresh Python process and check that the reloaded model predicts exactly
what the trained one does.

The fresh process is this script run again with a hidden option, so that
nothing but the parameter file carries over. Files go to a temporary folder,
deleted at the end, unless --out DIR names a folder to keep them in. The
data are the four original Fashion-MNIST files, read from --data-dir,
$D2L_FASHION_MNIST_DIR, ~/.cache/d2l/fashion-mnist or
/usr/share/datasets/fashion-mnist (Debian: apt install dataset-fashion-mnist).

    python save_load.py --epochs 1 --out checkpoint
"""

import argparse
import builtins
import gzip
import os
import subprocess
import sys
import tempfile
import warnings

# MXNet and numpy are imported by import_mxnet() once the arguments are
# parsed, so that --help and argument errors work without them.
mx = np = autograd = gluon = init = nd = nn = None

PARAMS = "mlp.params"
SCORES = "reloaded_scores.npy"


def import_mxnet():
    """Import MXNet 1.9.1 into this module, or exit saying how to install it.

    MXNet 1.9.1 still uses six numpy aliases of Python built-ins (np.bool,
    ...) that numpy 1.24 removed; they are put back first.
    """
    global mx, np, autograd, gluon, init, nd, nn
    try:
        import numpy as np
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # numpy < 1.24 still has them
            for name in ("bool", "int", "float", "object", "complex", "str"):
                if not hasattr(np, name):
                    setattr(np, name, getattr(builtins, name))
        import mxnet as mx
        from mxnet import autograd, gluon, init, nd
        from mxnet.gluon import nn
    except Exception as err:  # missing, or broken by an unsuitable numpy
        sys.exit(f"error: cannot import MXNet ({type(err).__name__}: {err})."
                 "\nThis script needs MXNet 1.9.1 on Python 3.11 or 3.12. In "
                 "a new virtual environment, run:\n    "
                 + __doc__.splitlines()[0])


def fail(message, code=1):
    print(f"error: {message}", file=sys.stderr)
    sys.exit(code)


# --- command line ---------------------------------------------------------

FILES = {
    "train": ("train-images-idx3-ubyte.gz", "train-labels-idx1-ubyte.gz"),
    "test": ("t10k-images-idx3-ubyte.gz", "t10k-labels-idx1-ubyte.gz"),
}
SIZES = {"train": 60000, "test": 10000}
DEBIAN_DIR = "/usr/share/datasets/fashion-mnist"


def positive(kind):
    """An argparse type: a number of the given kind that is above 0."""
    def parse(text):
        try:
            value = kind(text)
        except ValueError:
            raise argparse.ArgumentTypeError(
                f"{text!r} is not a number") from None
        if not value > 0:  # also rejects nan
            raise argparse.ArgumentTypeError(f"must be above 0, got {text}")
        return value
    return parse


def plot_file(path):
    """An argparse type: an image file that can be written, tried up front
    so that a bad path fails before training, not after it."""
    if os.path.splitext(path)[1].lower() not in (".png", ".svg", ".pdf",
                                                  ".jpg"):
        raise argparse.ArgumentTypeError(
            f"{path}: name a .png, .svg, .pdf or .jpg file")
    existed = os.path.exists(path)
    try:
        with open(path, "ab"):
            pass
    except OSError as err:
        raise argparse.ArgumentTypeError(
            f"cannot write {path}: {err.strerror}") from None
    if not existed:
        os.remove(path)
    return path


def seed(text):
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"{text!r} is not an integer") from None
    if not 0 <= value < 2 ** 32:
        raise argparse.ArgumentTypeError(f"must be in [0, 2**32), got {value}")
    return value


def output_dir(text):
    if os.path.exists(text) and not os.path.isdir(text):
        raise argparse.ArgumentTypeError(
            f"{text!r} exists and is not a directory")
    return text


def data_dir(path):
    """An argparse type: a directory that holds the four data files."""
    missing = [name for pair in FILES.values() for name in pair
               if not os.path.isfile(os.path.join(path, name))]
    if missing:
        raise argparse.ArgumentTypeError(
            f"{path} lacks {', '.join(missing)}. Put the four Fashion-MNIST "
            ".gz files there, or leave --data-dir out to use Debian's "
            "package (apt install dataset-fashion-mnist).")
    return path


def parse_args(argv=None):
    parser = argparse.ArgumentParser(
        description="Train a small MLP on Fashion-MNIST, save its parameters, "
                    "reload them in a fresh process and check that the "
                    "predictions are identical.")
    parser.add_argument("--device", choices=["auto", "cpu", "gpu"],
                        default="auto")
    parser.add_argument("--epochs", type=positive(int), default=1)
    parser.add_argument("--lr", type=positive(float), default=0.5)
    parser.add_argument("--batch-size", type=positive(int), default=256)
    parser.add_argument("--seed", type=seed, default=0)
    parser.add_argument("--data-dir", type=data_dir,
                        help="directory with the four Fashion-MNIST files")
    parser.add_argument("--out", metavar="DIR", type=output_dir,
                        help="keep the parameter file in DIR (default: a "
                             "temporary folder, deleted at the end)")
    parser.add_argument("--plot", metavar="FILE", type=plot_file,
                        help="save the training loss of every minibatch "
                             "to FILE")
    # Used by the script itself to reload the parameters in a new process.
    parser.add_argument("--reload-from", metavar="DIR", help=argparse.SUPPRESS)
    return parser.parse_args(argv)


# --- data -----------------------------------------------------------------

def data_dirs(data_dir=None):
    """Directories to look in for the data files, in order."""
    cache = os.environ.get("XDG_CACHE_HOME") or os.path.expanduser("~/.cache")
    dirs = [data_dir, os.environ.get("D2L_FASHION_MNIST_DIR"),
            os.path.join(cache, "d2l", "fashion-mnist"), DEBIAN_DIR]
    return [d for d in dirs if d]


def read_idx(name, dirs, shape):
    """Read one gzipped IDX file and check its header and size."""
    path = next((os.path.join(d, name) for d in dirs
                 if os.path.isfile(os.path.join(d, name))), None)
    if path is None:
        fail(f"{name} not found in {', '.join(dirs)}. Install Debian's "
             "package (apt install dataset-fashion-mnist), or put the four "
             "Fashion-MNIST .gz files in a directory and pass --data-dir "
             "(or set D2L_FASHION_MNIST_DIR).")
    try:
        with gzip.open(path, "rb") as f:
            raw = f.read()
    except (OSError, EOFError) as err:
        fail(f"cannot read {path} ({err}); replace it with a good copy.")
    header = 4 + 4 * len(shape)
    magic = 0x800 + len(shape)
    dims = [int.from_bytes(raw[4 + 4 * i:8 + 4 * i], "big")
            for i in range(len(shape))]
    if (int.from_bytes(raw[:4], "big") != magic or dims != list(shape)
            or len(raw) != header + int(np.prod(shape))):
        fail(f"{path} is not a valid IDX file of shape {shape}; "
             "replace it with a good copy.")
    return np.frombuffer(raw, np.uint8, offset=header).reshape(shape)


def load_split(split, data_dir, device):
    """Return images (N, 784) in [0, 1] and float32 labels as NDArrays."""
    dirs = data_dirs(data_dir)
    images, labels = FILES[split]
    n = SIZES[split]
    X = read_idx(images, dirs, (n, 28, 28)).reshape(n, 784)
    y = read_idx(labels, dirs, (n,))
    return (nd.array(X, ctx=device) / 255,
            nd.array(y, ctx=device, dtype="float32"))


# --- model ----------------------------------------------------------------

def choose_device(choice):
    """Return the MXNet context for --device, or exit with a message."""
    if choice == "cpu":
        return mx.cpu()
    try:
        gpus = mx.context.num_gpus()
    except mx.base.MXNetError:
        gpus = 0
    if gpus > 0:
        try:  # MXNet 1.9.1 has GPU code for compute capability 5.0-8.9 only
            mx.nd.ones((1,), ctx=mx.gpu(0)).asnumpy()
            return mx.gpu(0)
        except mx.base.MXNetError:
            problem = ("MXNet sees a GPU but cannot compute on it (MXNet "
                       "1.9.1 supports compute capability 5.0-8.9)")
    else:
        problem = "MXNet sees no GPU"
    if choice == "gpu":
        fail(f"--device gpu, but {problem}. Install the mxnet-cuXXX build "
             "that matches your CUDA driver, or use --device cpu.", 2)
    return mx.cpu()


def mlp():
    net = nn.Sequential()
    net.add(nn.Dense(256, activation="relu"), nn.Dense(10))
    return net


def scores(net, X, batch_size=2000):
    """The model's outputs for X, as one NumPy array."""
    return np.concatenate([net(X[i:i + batch_size]).asnumpy()
                           for i in range(0, len(X), batch_size)])


def same_predictions(a, b):
    """Whether two score arrays are bit-for-bit identical."""
    return a.shape == b.shape and a.dtype == b.dtype and bool(np.all(a == b))


def train(args, device):
    """Train the MLP; return it and the loss of every minibatch."""
    X_train, y_train = load_split("train", args.data_dir, device)
    X_test, y_test = load_split("test", args.data_dir, device)
    net = mlp()
    net.initialize(init.Normal(sigma=0.01), ctx=device)
    loss_fn = gluon.loss.SoftmaxCrossEntropyLoss()
    trainer = gluon.Trainer(net.collect_params(), "sgd",
                            {"learning_rate": args.lr})
    losses = []
    for epoch in range(1, args.epochs + 1):
        order = nd.array(np.random.permutation(len(y_train)), ctx=device)
        loss_sum = nd.zeros((1,), ctx=device)  # stays on the device
        for i in range(0, len(y_train), args.batch_size):
            idx = order[i:i + args.batch_size]
            X, y = X_train.take(idx), y_train.take(idx)
            with autograd.record():
                loss = loss_fn(net(X), y)
            loss.backward()
            trainer.step(len(idx))
            loss_sum += loss.sum()
            losses.append(loss.mean())
        test_acc = float((nd.argmax(net(X_test), axis=1) == y_test)
                         .mean().asscalar())
        print(f"epoch {epoch}: loss {loss_sum.asscalar() / len(y_train):.4f}, "
              f"test acc {test_acc:.3f}", flush=True)
    return net, X_test, [float(l.asscalar()) for l in losses]


def reload_and_predict(args, device):
    """Child process: load the parameters and save the test-set scores."""
    net = mlp()
    net.load_parameters(os.path.join(args.reload_from, PARAMS), ctx=device)
    X_test, _ = load_split("test", args.data_dir, device)
    np.save(os.path.join(args.reload_from, SCORES), scores(net, X_test))


def reload_in_fresh_process(args, device, folder):
    """Run this script again to reload the parameters; return its scores."""
    cmd = [sys.executable, os.path.abspath(__file__), "--reload-from", folder,
           "--device", device.device_type]
    if args.data_dir:
        cmd += ["--data-dir", args.data_dir]
    child = subprocess.run(cmd, capture_output=True, text=True)
    if child.returncode != 0:
        fail(f"reloading in a new process failed:\n{child.stderr.strip()}")
    return np.load(os.path.join(folder, SCORES))


def plot(losses, path):
    import matplotlib
    matplotlib.use("Agg")
    from matplotlib import pyplot as plt
    fig, ax = plt.subplots(figsize=(4.5, 3))
    ax.plot(range(1, len(losses) + 1), losses)
    ax.set_xlabel("minibatch")
    ax.set_ylabel("training loss")
    ax.grid(alpha=0.3)
    fig.tight_layout()
    fig.savefig(path)


def run(args, device, folder):
    net, X_test, losses = train(args, device)
    path = os.path.join(folder, PARAMS)
    net.save_parameters(path)
    print(f"saved {os.path.getsize(path)} bytes of parameters to {path}")
    expected = scores(net, X_test)
    reloaded = reload_in_fresh_process(args, device, folder)
    if args.plot:
        plot(losses, args.plot)
    if not same_predictions(expected, reloaded):
        gap = float(np.abs(expected - reloaded).max())
        fail(f"the reloaded model's scores differ (max |difference| {gap})")
    agree = int((expected.argmax(1) == reloaded.argmax(1)).sum())
    print(f"reloaded in a fresh process: scores identical on {len(expected)} "
          f"test images, {agree} of {len(expected)} predicted classes agree")


def main(argv=None):
    args = parse_args(argv)
    import_mxnet()
    device = choose_device(args.device)
    if args.reload_from:
        reload_and_predict(args, device)
        return
    mx.random.seed(args.seed)
    np.random.seed(args.seed)
    print(f"training on {device}")
    if args.out:
        os.makedirs(args.out, exist_ok=True)
        run(args, device, args.out)
    else:
        with tempfile.TemporaryDirectory() as folder:
            run(args, device, folder)


if __name__ == "__main__":
    main()
