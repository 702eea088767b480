"""pip install mxnet==1.9.1 numpy==1.26.4 matplotlib==3.9.4 setuptools

ResNet-18 on Fashion-MNIST with Gluon.

A 7x7 convolution (64 channels, stride 2) with batch normalisation and
ReLU, 3x3 max pooling with stride 2, then four stages of two residual
blocks with 64, 128, 256 and 512 channels. A residual block is two 3x3
convolutions, each followed by batch normalisation, whose output is added
to the block's input before the last ReLU; the first block of stages 2-4
halves the height and width (stride 2) and passes its input through a 1x1
convolution so that the shapes match. Global average pooling and a dense
layer of 10 outputs finish the network, which is trained with softmax
cross-entropy and minibatch SGD. Prints its settings and parameter count,
then the loss, the accuracies and the seconds of every epoch. The four
original Fashion-MNIST files are read from --data-dir,
$D2L_FASHION_MNIST_DIR, ~/.cache/d2l/fashion-mnist or
/usr/share/datasets/fashion-mnist (Debian: apt install
dataset-fashion-mnist).

--scale picks the input size, the width (a multiplier of every layer's
channels), the training images used, the epochs, the learning rate and
the batch size; --epochs, --lr and --batch-size override the last three.
  cpu (default)  28x28 input, width 1/4, the first 30,000 training images,
                 3 epochs, lr 0.1 falling to 0 along a cosine (a steadier
                 last epoch than a constant rate), batch 128: about a
                 minute and a half of CPU time.
  full           96x96 input, width 1, all 60,000 training images, 10
                 epochs, constant lr 0.05, batch 256: the set-up of d2l's
                 ResNet chapter; use a GPU.
Either scale tests on all 10,000 test images. The images are resized one
minibatch at a time, on the device, as they are used (60,000 images at
96x96 would take 2.2 GB at once). --max-steps N stops after N minibatches,
without the test pass: a quick check that the full network runs.

The loop keeps MXNet's engine busy: the network is hybridised with static
memory, and the loss and the count of correct predictions are summed on
the device and read back once per epoch, not after every minibatch. On
the CPU, MXNet gives each operator half the cores by default; set
OMP_NUM_THREADS to use them all (OMP_NUM_THREADS=4 python resnet.py).

    python resnet.py --plot curves.svg
    python resnet.py --scale full --device gpu
    python resnet.py --scale full --batch-size 2 --max-steps 1
"""

import argparse
import builtins
import gzip
import math
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


def count_correct(y_hat, y):
    """Return, as an NDArray on y_hat's device, how many rows of y_hat
    have their largest score at the true class y."""
    return (y_hat.argmax(axis=1) == y.astype(y_hat.dtype, copy=False)).sum()


#: The settings of each --scale: input size, width (a multiplier of every
#: layer's channels), training images used (the first ones of the 60,000),
#: epochs, learning rate and batch size, and whether the learning rate
#: falls to 0 along a cosine over the run (a steadier last epoch in a short
#: run) or stays constant. "full" is d2l's ResNet chapter.
SCALE_SETTINGS = {
    "cpu": {"resize": 28, "width": 1 / 4, "num_train": 30000, "epochs": 3,
            "lr": 0.1, "batch_size": 128, "cosine": True},
    "full": {"resize": 96, "width": 1, "num_train": 60000, "epochs": 10,
             "lr": 0.05, "batch_size": 256, "cosine": False},
}


def settings(args):
    """Return the scale's settings with --epochs, --lr and --batch-size
    put in where they were given."""
    chosen = dict(SCALE_SETTINGS[args.scale])
    for key in ("epochs", "lr", "batch_size"):
        if getattr(args, key) is not None:
            chosen[key] = getattr(args, key)
    return chosen


def describe_settings(scale, s):
    """One line that says how the network is trained."""
    width = "1" if s["width"] == 1 else f"1/{round(1 / s['width'])}"
    return (f"{scale} scale: {s['resize']}x{s['resize']} input, width "
            f"{width}, {s['num_train']:,} training images, {s['epochs']} "
            f"epochs, lr {s['lr']}{' cosine to 0' * s['cosine']}, batch "
            f"{s['batch_size']}")


def make_residual_class():
    """Define the residual block once Gluon is imported."""

    class Residual(nn.HybridBlock):
        """Two 3x3 convolutions with batch normalisation, added to the
        input. With stride 2 the block halves the height and width, and a
        1x1 convolution brings the input to the new shape and channels."""

        def __init__(self, channels, strides=1, shortcut_conv=False,
                     **kwargs):
            super().__init__(**kwargs)
            self.conv1 = nn.Conv2D(channels, kernel_size=3, padding=1,
                                   strides=strides)
            self.bn1 = nn.BatchNorm()
            self.conv2 = nn.Conv2D(channels, kernel_size=3, padding=1)
            self.bn2 = nn.BatchNorm()
            self.shortcut = (nn.Conv2D(channels, kernel_size=1,
                                       strides=strides)
                             if shortcut_conv else None)

        def hybrid_forward(self, F, X):
            Y = F.relu(self.bn1(self.conv1(X)))
            Y = self.bn2(self.conv2(Y))
            if self.shortcut is not None:
                X = self.shortcut(X)
            return F.relu(Y + X)

    return Residual


def resnet18(width):
    """ResNet-18 for 10 classes, every layer's channels times width."""
    Residual = make_residual_class()

    def channels(c):
        return max(1, round(c * width))

    net = nn.HybridSequential()
    net.add(nn.Conv2D(channels(64), kernel_size=7, strides=2, padding=3),
            nn.BatchNorm(), nn.Activation("relu"),
            nn.MaxPool2D(pool_size=3, strides=2, padding=1))
    for stage, c in enumerate((64, 128, 256, 512)):
        first = stage > 0  # stages 2-4 start by halving the size
        net.add(Residual(channels(c), strides=2 if first else 1,
                         shortcut_conv=first),
                Residual(channels(c)))
    net.add(nn.GlobalAvgPool2D(), nn.Dense(10))
    return net


def num_parameters(net):
    """The number of trained parameters (BatchNorm's running statistics
    are not counted)."""
    return sum(p.data().size for p in net.collect_params().values()
               if p.grad_req != "null")


def train(args):
    """Train ResNet-18; print and return the loss and accuracies per
    epoch."""
    device = choose_device(args.device)
    mx.random.seed(args.seed)
    np.random.seed(args.seed)
    s = settings(args)
    print(f"training ResNet-18 on {device}, "
          f"{describe_settings(args.scale, s)}", flush=True)
    dirs = data_dirs(args.data_dir)
    data = {}
    for split in FILES:
        X, y = load_split(split, dirs)
        if split == "train":
            X, y = X[:s["num_train"]], y[:s["num_train"]]
        data[split] = [nd.array(X, ctx=device), nd.array(y, ctx=device)]
    size = s["resize"]

    def minibatches(X, y, batch_size, shuffle):
        n = len(y)
        order = np.random.permutation(n) if shuffle else np.arange(n)
        order = nd.array(order, ctx=device)
        for i in range(0, n, batch_size):
            idx = order[i:i + batch_size]
            images = X.take(idx).reshape((-1, 1, 28, 28))
            if size != 28:  # one minibatch at a time, on the device
                images = nd.contrib.BilinearResize2D(images, height=size,
                                                     width=size)
            yield images, y.take(idx)

    net = resnet18(s["width"])
    net.initialize(init.Xavier(), ctx=device)
    net(nd.zeros((1, 1, size, size), ctx=device))  # sets the shapes
    print(f"{num_parameters(net):,} parameters", flush=True)
    net.hybridize(static_alloc=True, static_shape=True)
    loss_fn = gluon.loss.SoftmaxCrossEntropyLoss()
    trainer = gluon.Trainer(net.collect_params(), "sgd",
                            {"learning_rate": s["lr"]})

    X_train, y_train = data["train"]
    X_test, y_test = data["test"]
    history = {"train loss": [], "train acc": [], "test acc": []}
    steps = 0
    total_steps = s["epochs"] * -(-len(y_train) // s["batch_size"])
    for epoch in range(1, s["epochs"] + 1):
        start = time.perf_counter()
        loss_sum = nd.zeros(1, ctx=device)
        correct = nd.zeros(1, ctx=device)
        for X, y in minibatches(X_train, y_train, s["batch_size"], True):
            if s["cosine"]:
                trainer.set_learning_rate(
                    s["lr"] * (1 + math.cos(math.pi * steps / total_steps))
                    / 2)
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
        for X, y in minibatches(X_test, y_test, s["batch_size"], False):
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
        description="Train ResNet-18, built with Gluon, on Fashion-MNIST "
                    "and print the loss and accuracies of every epoch.")
    parser.add_argument("--device", choices=["auto", "cpu", "gpu"],
                        default="auto",
                        help="where to compute (default: auto, a GPU if "
                             "MXNet sees one)")
    parser.add_argument("--scale", choices=list(SCALE_SETTINGS),
                        default="cpu",
                        help="cpu (default): 28x28 input, width 1/4, 30,000 "
                             "training images, minutes on a CPU; full: "
                             "d2l's 96x96 input, full width, all 60,000 "
                             "images (use a GPU)")
    parser.add_argument("--epochs", type=positive(int), default=None,
                        help="passes over the training images (default: 3 "
                             "at the cpu scale, 10 at full)")
    parser.add_argument("--lr", type=positive(float), default=None,
                        help="learning rate (default: 0.1 at the cpu "
                             "scale, falling to 0 along a cosine; 0.05 at "
                             "full, constant)")
    parser.add_argument("--batch-size", type=positive(int), default=None,
                        help="examples per minibatch (default: 128 at the "
                             "cpu scale, 256 at full)")
    parser.add_argument("--max-steps", type=positive(int), default=None,
                        help="stop after this many minibatches, without "
                             "the test pass (a quick check that the network "
                             "runs, e.g. --scale full --max-steps 1)")
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
