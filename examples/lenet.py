"""pip install mxnet==1.9.1 numpy==1.26.4 matplotlib==3.9.4 setuptools

LeNet, the first convolutional network, on Fashion-MNIST with Gluon.

Two convolutional layers (6 and 16 channels, 5x5 kernels) with sigmoid
activations and 2x2 average pooling, then three dense layers (120, 84,
10), trained with softmax cross-entropy and minibatch SGD. With --bn it is
LeNet-BN: batch normalisation after each convolutional and dense layer,
before a ReLU, and max pooling, trained at a learning rate of 0.3 that
shrinks by --lr-decay (0.6) after every epoch, so that the test accuracy
settles instead of swinging. Prints the loss, the accuracies and the
seconds of every epoch; --max-steps N stops after N minibatches, without
the test pass (a quick check that the network runs). The four original
Fashion-MNIST files are read from --data-dir, $D2L_FASHION_MNIST_DIR,
~/.cache/d2l/fashion-mnist or /usr/share/datasets/fashion-mnist (Debian:
apt install dataset-fashion-mnist).

The loop keeps MXNet's engine busy: the network is hybridised with static
memory, and the loss and the count of correct predictions are summed on
the device and read back once per epoch, not after every minibatch. On
the CPU, MXNet gives each operator half the cores by default; set
OMP_NUM_THREADS to use them all (OMP_NUM_THREADS=4 python lenet.py).

    python lenet.py --epochs 10 --plot curves.svg
    python lenet.py --bn --epochs 5          # about 0.89 test accuracy
    python lenet.py --bn --max-steps 20      # a few seconds
"""

import argparse
import builtins
import gzip
import os
import sys
import time
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


def fraction(text):
    """An argparse type: a number above 0 and at most 1."""
    value = positive(float)(text)
    if value > 1:
        raise argparse.ArgumentTypeError(f"must be at most 1, got {text}")
    return value


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
NUM_INPUTS = 784


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


def lenet(bn):
    """LeNet, or with bn LeNet-BN (batch norm before each ReLU)."""
    net = nn.HybridSequential()
    if bn:
        net.add(nn.Conv2D(6, kernel_size=5), nn.BatchNorm(),
                nn.Activation("relu"), nn.MaxPool2D(pool_size=2, strides=2),
                nn.Conv2D(16, kernel_size=5), nn.BatchNorm(),
                nn.Activation("relu"), nn.MaxPool2D(pool_size=2, strides=2),
                nn.Dense(120), nn.BatchNorm(), nn.Activation("relu"),
                nn.Dense(84), nn.BatchNorm(), nn.Activation("relu"),
                nn.Dense(10))
    else:
        net.add(nn.Conv2D(6, kernel_size=5, padding=2, activation="sigmoid"),
                nn.AvgPool2D(pool_size=2, strides=2),
                nn.Conv2D(16, kernel_size=5, activation="sigmoid"),
                nn.AvgPool2D(pool_size=2, strides=2),
                nn.Dense(120, activation="sigmoid"),
                nn.Dense(84, activation="sigmoid"),
                nn.Dense(10))
    return net


def count_correct(y_hat, y):
    """Return, as an NDArray on y_hat's device, how many rows of y_hat
    have their largest score at the true class y."""
    return (y_hat.argmax(axis=1) == y.astype(y_hat.dtype, copy=False)).sum()


def train(args):
    """Train LeNet; print and return the loss and accuracies per epoch."""
    device = choose_device(args.device)
    mx.random.seed(args.seed)
    np.random.seed(args.seed)
    lr = args.lr or (0.3 if args.bn else 0.9)
    decay = args.lr_decay or (0.6 if args.bn else 1.0)
    print(f"training {'LeNet-BN' if args.bn else 'LeNet'} on {device}, "
          f"lr {lr}, times {decay} after each epoch", flush=True)
    dirs = data_dirs(args.data_dir)
    data = {split: [nd.array(a, ctx=device) for a in load_split(split, dirs)]
            for split in FILES}

    def minibatches(X, y, batch_size, shuffle):
        n = len(y)
        order = np.random.permutation(n) if shuffle else np.arange(n)
        order = nd.array(order, ctx=device)
        for i in range(0, n, batch_size):
            idx = order[i:i + batch_size]
            yield X.take(idx).reshape((-1, 1, 28, 28)), y.take(idx)

    net = lenet(args.bn)
    net.initialize(init.Xavier(), ctx=device)
    net.hybridize(static_alloc=True, static_shape=True)
    loss_fn = gluon.loss.SoftmaxCrossEntropyLoss()
    trainer = gluon.Trainer(net.collect_params(), "sgd",
                            {"learning_rate": lr})

    X_train, y_train = data["train"]
    X_test, y_test = data["test"]
    history = {"train loss": [], "train acc": [], "test acc": []}
    steps = 0
    for epoch in range(1, args.epochs + 1):
        trainer.set_learning_rate(lr * decay ** (epoch - 1))
        start = time.perf_counter()
        loss_sum = nd.zeros(1, ctx=device)
        correct = nd.zeros(1, ctx=device)
        for X, y in minibatches(X_train, y_train, args.batch_size, True):
            with autograd.record():
                y_hat = net(X)
                loss = loss_fn(y_hat, y)
            loss.backward()
            trainer.step(len(y))
            loss_sum += loss.sum()  # stays on the device: no wait here
            correct += count_correct(y_hat, y)
            steps += 1
            if steps == args.max_steps:
                last_loss = loss.mean().asscalar()  # waits for the steps
                print(f"stopped after {steps} step{'s' * (steps > 1)} "
                      f"(--max-steps), {time.perf_counter() - start:.1f} s, "
                      f"last loss {last_loss:.4f}; no test pass", flush=True)
                return history
        # Reading the sums back waits for the epoch's work to finish.
        train_loss = float(loss_sum.asscalar()) / len(y_train)
        train_acc = float(correct.asscalar()) / len(y_train)
        seconds = time.perf_counter() - start
        test_correct = nd.zeros(1, ctx=device)
        for X, y in minibatches(X_test, y_test, args.batch_size, False):
            test_correct += count_correct(net(X), y)
        values = (train_loss, train_acc,
                  float(test_correct.asscalar()) / len(y_test))
        for key, value in zip(history, values):
            history[key].append(value)
        print(f"epoch {epoch}: loss {values[0]:.4f}, train acc "
              f"{values[1]:.3f}, test acc {values[2]:.3f}, {seconds:.1f} s",
              flush=True)
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
        description="Train LeNet (or LeNet-BN with --bn), a convolutional "
                    "network built with Gluon, on Fashion-MNIST and print "
                    "the loss and accuracies of every epoch.")
    parser.add_argument("--device", choices=["auto", "cpu", "gpu"],
                        default="auto",
                        help="where to compute (default: auto, a GPU if "
                             "MXNet sees one)")
    parser.add_argument("--bn", action="store_true",
                        help="add batch normalisation before each "
                             "activation (LeNet-BN)")
    parser.add_argument("--epochs", type=positive(int), default=10,
                        help="passes over the training set (default: 10)")
    parser.add_argument("--lr", type=positive(float), default=None,
                        help="learning rate of the first epoch (default: "
                             "0.9, or 0.3 with --bn)")
    parser.add_argument("--lr-decay", type=fraction, default=None,
                        help="factor applied to the learning rate after "
                             "each epoch, in (0, 1] (default: 1, or 0.6 "
                             "with --bn)")
    parser.add_argument("--batch-size", type=positive(int), default=256,
                        help="examples per minibatch (default: 256)")
    parser.add_argument("--max-steps", type=positive(int), default=None,
                        help="stop after this many minibatches, without "
                             "the test pass (a quick check that the network "
                             "runs)")
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
