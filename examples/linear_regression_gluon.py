"""pip install mxnet==1.9.1 numpy==1.26.4 matplotlib==3.9.4 setuptools

Concise linear regression with Gluon: DataLoader, nn.Dense, Trainer.

Generates y = Xw + b + noise with known w = [2, -3.4] and b = 4.2, fits a
one-layer network nn.Dense(1) with the L2 loss and the 'sgd' Trainer, and
prints the training loss after every epoch, then the learned parameters
(read from the layer) and their errors. Exits with 2 when the requested
device is unusable.

    python linear_regression_gluon.py
    python linear_regression_gluon.py --batch-size 32 --plot loss.png
"""

import argparse
import builtins
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


TRUE_W = [2.0, -3.4]
TRUE_B = 4.2


def num_gpus():
    """Return how many GPUs MXNet sees (0 for a CPU-only build)."""
    try:
        return mx.context.num_gpus()
    except mx.base.MXNetError:
        return 0


def fail(message, code=1):
    print(f"error: {message}", file=sys.stderr)
    sys.exit(code)


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


def synthetic_data(w, b, num_examples, noise):
    """Generate y = Xw + b + Gaussian noise of standard deviation noise."""
    X = nd.random.normal(0, 1, shape=(num_examples, len(w)))
    y = nd.dot(X, w) + b
    y += nd.random.normal(0, noise, shape=y.shape)
    return X, y.reshape((-1, 1))


def load_array(data_arrays, batch_size, is_train=True):
    """Wrap NDArrays in a Gluon DataLoader, shuffled when training."""
    dataset = gluon.data.ArrayDataset(*data_arrays)
    return gluon.data.DataLoader(dataset, batch_size, shuffle=is_train)


def train(features, labels, lr, batch_size, num_epochs, ctx):
    """Fit nn.Dense(1) with the 'sgd' Trainer; return it and the losses."""
    train_iter = load_array((features, labels), batch_size)
    net = nn.Sequential()
    net.add(nn.Dense(1))
    net.initialize(init.Normal(sigma=0.01), ctx=ctx)
    loss = gluon.loss.L2Loss()
    trainer = gluon.Trainer(net.collect_params(), "sgd",
                            {"learning_rate": lr})
    features, labels = features.as_in_context(ctx), labels.as_in_context(ctx)
    losses = []
    for epoch in range(num_epochs):
        for X, y in train_iter:
            X, y = X.as_in_context(ctx), y.as_in_context(ctx)
            with autograd.record():
                l = loss(net(X), y)
            l.backward()
            trainer.step(len(y))  # len(y): the last batch may be short
        losses.append(loss(net(features), labels).mean().asscalar())
        print(f"epoch {epoch + 1}, loss {losses[-1]:.6f}", flush=True)
    return net, losses


def save_plot(losses, path):
    """Save the loss per epoch, on a log scale, to path."""
    import matplotlib
    matplotlib.use("Agg")
    from matplotlib import pyplot as plt

    fig, ax = plt.subplots(figsize=(4.5, 3.0))
    ax.plot(range(1, len(losses) + 1), losses, "o-")
    ax.set_xlabel("epoch")
    ax.set_ylabel("training loss")
    ax.set_yscale("log")
    ax.grid(alpha=0.3)
    fig.tight_layout()
    fig.savefig(path)
    plt.close(fig)


def parse_args(argv=None):
    parser = argparse.ArgumentParser(
        description="Fit linear regression with Gluon on synthetic data "
                    "(true w = [2, -3.4], b = 4.2).")
    parser.add_argument("--device", choices=["auto", "cpu", "gpu"],
                        default="auto",
                        help="where to compute (default: auto, a GPU if "
                             "MXNet sees one)")
    parser.add_argument("--epochs", type=positive(int), default=3,
                        help="passes over the data (default: 3)")
    parser.add_argument("--lr", type=positive(float), default=0.03,
                        help="learning rate (default: 0.03)")
    parser.add_argument("--batch-size", type=positive(int), default=10,
                        help="examples per minibatch (default: 10)")
    parser.add_argument("--num-examples", type=positive(int), default=1000,
                        help="size of the synthetic dataset (default: 1000)")
    parser.add_argument("--noise", type=float, default=0.01,
                        help="standard deviation of the label noise "
                             "(default: 0.01)")
    parser.add_argument("--seed", type=int, default=0,
                        help="random seed (default: 0)")
    parser.add_argument("--plot", metavar="FILE", type=plot_file,
                        help="save the loss curve to FILE (e.g. loss.png)")
    return parser.parse_args(argv)


def main(argv=None):
    args = parse_args(argv)
    import_mxnet()
    ctx = choose_device(args.device)
    mx.random.seed(args.seed)
    np.random.seed(args.seed)  # DataLoader shuffles with NumPy
    # The data is made on the CPU, where the DataLoader reads it.
    features, labels = synthetic_data(nd.array(TRUE_W), TRUE_B,
                                      args.num_examples, args.noise)
    net, losses = train(features, labels, args.lr, args.batch_size,
                        args.epochs, ctx)
    w = net[0].weight.data().reshape(-1).asnumpy()
    b = float(net[0].bias.data().asscalar())
    w_err = [t - e for t, e in zip(TRUE_W, w)]
    print(f"w = [{w[0]:.4f}, {w[1]:.4f}], b = {b:.4f}; "
          f"error in w = [{w_err[0]:.2e}, {w_err[1]:.2e}], "
          f"error in b = {TRUE_B - b:.2e}")
    if args.plot:
        save_plot(losses, args.plot)
        print(f"saved the loss curve to {args.plot}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
