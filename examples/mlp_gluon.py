"""pip install mxnet==1.9.1 numpy==1.26.4 matplotlib==3.9.4 setuptools

A multilayer perceptron on Fashion-MNIST with Gluon, MXNet's high-level API.

nn.Dense(256, activation="relu") then nn.Dense(10), optionally with
dropout after the hidden layer (--dropout) and weight decay (--wd); the
loss is SoftmaxCrossEntropyLoss and a gluon.Trainer runs minibatch SGD.
Prints the loss and accuracies after every epoch. The four original
Fashion-MNIST files are read from --data-dir, $D2L_FASHION_MNIST_DIR,
~/.cache/d2l/fashion-mnist or /usr/share/datasets/fashion-mnist (Debian:
apt install dataset-fashion-mnist).

    python mlp_gluon.py --epochs 10 --plot curves.svg
    python mlp_gluon.py --dropout 0.2 --wd 1e-4
"""

import argparse
import builtins
import gzip
import os
import sys
import warnings

# MXNet and numpy are imported by import_mxnet() once the arguments are
# parsed, so that --help and argument errors work without them.
mx = np = autograd = gluon = init = nd = nn = None


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



FILES = {
    "train": ("train-images-idx3-ubyte.gz", "train-labels-idx1-ubyte.gz"),
    "test": ("t10k-images-idx3-ubyte.gz", "t10k-labels-idx1-ubyte.gz"),
}
SIZES = {"train": 60000, "test": 10000}
DEBIAN_DIR = "/usr/share/datasets/fashion-mnist"
NUM_INPUTS, NUM_HIDDENS, NUM_OUTPUTS = 784, 256, 10


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


def fail(message, code=1):
    print(f"error: {message}", file=sys.stderr)
    sys.exit(code)



def probability(text):
    """argparse type: a dropout probability, at least 0 and below 1."""
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a number: {text!r}") from None
    if not 0 <= value < 1:
        raise argparse.ArgumentTypeError(
            f"must be at least 0 and below 1, not {text}")
    return value


def non_negative_float(text):
    """argparse type: a finite number of at least 0."""
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a number: {text!r}") from None
    if not 0 <= value < float("inf"):
        raise argparse.ArgumentTypeError(f"must be at least 0, not {text}")
    return value


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


def load_split(split, dirs):
    """Return images (N, 784) in [0, 1] and float32 labels as NumPy arrays."""
    images, labels = FILES[split]
    n = SIZES[split]
    X = read_idx(images, dirs, (n, 28, 28)).reshape(n, NUM_INPUTS)
    y = read_idx(labels, dirs, (n,))
    return X.astype(np.float32) / 255, y.astype(np.float32)


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


def train(args):
    """Train the MLP; print and return the loss and accuracies per epoch."""
    device = choose_device(args.device)
    mx.random.seed(args.seed)
    np.random.seed(args.seed)
    print(f"training on {device}", flush=True)
    dirs = data_dirs(args.data_dir)
    data = {split: [nd.array(a, ctx=device) for a in load_split(split, dirs)]
            for split in FILES}

    def minibatches(X, y, batch_size, shuffle):
        n = len(y)
        order = np.random.permutation(n) if shuffle else np.arange(n)
        order = nd.array(order, ctx=device)
        for i in range(0, n, batch_size):
            idx = order[i:i + batch_size]
            yield X.take(idx), y.take(idx)

    net = nn.HybridSequential()
    net.add(nn.Dense(NUM_HIDDENS, activation="relu"))
    if args.dropout > 0:
        net.add(nn.Dropout(args.dropout))
    net.add(nn.Dense(NUM_OUTPUTS))
    net.initialize(init.Normal(sigma=0.01), ctx=device)
    net.hybridize()
    loss_fn = gluon.loss.SoftmaxCrossEntropyLoss()
    trainer = gluon.Trainer(net.collect_params(), "sgd",
                            {"learning_rate": args.lr, "wd": args.wd})

    def hits(y_hat, y):
        return float((y_hat.argmax(axis=1) == y).sum().asscalar())

    X_train, y_train = data["train"]
    X_test, y_test = data["test"]
    history = {"train loss": [], "train acc": [], "test acc": []}
    for epoch in range(1, args.epochs + 1):
        loss_sum, correct = 0.0, 0.0
        for X, y in minibatches(X_train, y_train, args.batch_size, True):
            with autograd.record():
                y_hat = net(X)
                loss = loss_fn(y_hat, y)
            loss.backward()
            trainer.step(len(y))
            loss_sum += float(loss.sum().asscalar())
            correct += hits(y_hat, y)
        test_correct = sum(hits(net(X), y) for X, y in
                           minibatches(X_test, y_test, 1024, False))
        values = (loss_sum / len(y_train), correct / len(y_train),
                  test_correct / len(y_test))
        for key, value in zip(history, values):
            history[key].append(value)
        print(f"epoch {epoch}: loss {values[0]:.4f}, train acc "
              f"{values[1]:.3f}, test acc {values[2]:.3f}", flush=True)
    return history


def plot(history, path):
    """Save the per-epoch curves to path."""
    import matplotlib
    matplotlib.use("Agg")
    from matplotlib import pyplot as plt
    fig, ax = plt.subplots(figsize=(4.5, 3))
    for key, values in history.items():
        ax.plot(range(1, len(values) + 1), values, label=key)
    ax.set_xlabel("epoch")
    ax.legend()
    ax.grid(alpha=0.3)
    fig.tight_layout()
    fig.savefig(path)
    plt.close(fig)


def parse_args(argv=None):
    parser = argparse.ArgumentParser(
        description="Train a multilayer perceptron (one hidden layer of 256 "
                    "ReLU units), built with Gluon, on Fashion-MNIST and "
                    "print the loss and accuracies of every epoch.")
    parser.add_argument("--device", choices=["auto", "cpu", "gpu"],
                        default="auto",
                        help="where to compute (default: auto, a GPU if "
                             "MXNet sees one)")
    parser.add_argument("--epochs", type=positive(int), default=10,
                        help="passes over the training set (default: 10)")
    parser.add_argument("--lr", type=positive(float), default=0.5,
                        help="learning rate (default: 0.5)")
    parser.add_argument("--batch-size", type=positive(int), default=256,
                        help="examples per minibatch (default: 256)")
    parser.add_argument("--dropout", type=probability, default=0.0,
                        help="dropout probability after the hidden layer "
                             "(default: 0, no dropout)")
    parser.add_argument("--wd", type=non_negative_float, default=0.0,
                        help="weight decay, the L2 penalty's coefficient "
                             "(default: 0)")
    parser.add_argument("--seed", type=int, default=0,
                        help="random seed (default: 0)")
    parser.add_argument("--plot", metavar="FILE", type=plot_file,
                        help="save the per-epoch curves to FILE")
    parser.add_argument("--data-dir", type=data_dir,
                        help="directory with the four Fashion-MNIST files")
    return parser.parse_args(argv)


def main(argv=None):
    args = parse_args(argv)
    import_mxnet()
    history = train(args)
    if args.plot:
        plot(history, args.plot)


if __name__ == "__main__":
    main()
