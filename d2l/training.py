"""Train a classifier on one device without stalling MXNet's engine.

The CNN chapters (LeNet onwards) train every model with one call::

    history = d2l.train_classifier(net, train_iter, test_iter,
                                   num_epochs=10, lr=0.9)
    d2l.plot_history(history.curves())
    history.test_acc[-1], history.epoch_time[-1]

:func:`train_classifier` initialises ``net`` afresh (Xavier) on the device,
hybridises it when it is a ``HybridBlock``, trains it with minibatch SGD
and softmax cross-entropy, and prints one line per epoch in the format of
``d2l.train``, followed by the seconds the epoch's training pass took::

    epoch 1: loss 2.3170, train acc 0.101, test acc 0.100, 6.1 s

The line carries a time, so a page's cell that calls it is tagged
``timing``. It returns a :class:`History`: per-epoch lists ``train_loss``,
``train_acc``, ``test_acc`` and ``epoch_time`` (seconds), the device, and
``curves()``, the three learning curves as the dict ``d2l.plot_history``
draws.

Why not ``d2l.train``: that loop reads the loss and the accuracy back to
Python after every minibatch (``asscalar()``), and each read waits until
MXNet's asynchronous engine has finished everything queued before it, so
Python and the engine take turns instead of overlapping. Here the sums stay
NDArrays on the device and are read once per pass over the data
(:func:`train_epoch_on_device`, :func:`evaluate_accuracy_on_device`).

CPU threads: MXNet 1.9.1 reads ``OMP_NUM_THREADS`` once, when it is
imported, and without it gives operators half the cores (one thread on a
two-core machine). Nothing changes that later: MXNet's C API
``MXSetNumOMPThreads`` leaves its worker threads as they were (measured:
convolutions still ran on one thread). So d2l sets no thread count; whoever
starts Python sets ``OMP_NUM_THREADS`` (the book's build, for its kernels,
from the cores it gives each page).
"""

import dataclasses
import time

import mxnet as mx
from mxnet import autograd, gluon, init, nd

from .device import get_device


@dataclasses.dataclass
class History:
    """What :func:`train_classifier` measured, one entry per epoch."""

    train_loss: list = dataclasses.field(default_factory=list)
    train_acc: list = dataclasses.field(default_factory=list)
    test_acc: list = dataclasses.field(default_factory=list)
    #: Seconds of each epoch's training pass (evaluation not included).
    epoch_time: list = dataclasses.field(default_factory=list)
    num_examples: int = 0  # training examples per epoch
    device: str = ""

    def curves(self):
        """Return the learning curves in ``d2l.train``'s format, the dict
        that ``d2l.plot_history`` draws."""
        return {"train loss": self.train_loss, "train acc": self.train_acc,
                "test acc": self.test_acc}

    def examples_per_sec(self):
        """Return the training throughput of the fastest epoch."""
        return self.num_examples / min(self.epoch_time)


def count_correct(y_hat, y):
    """Return, as an NDArray on y_hat's device, how many rows of y_hat
    have their largest score at the true class y."""
    return (y_hat.argmax(axis=1) == y.astype(y_hat.dtype, copy=False)).sum()


def train_epoch_on_device(net, train_iter, loss, trainer, device):
    """Train net for one pass over train_iter; return the mean loss, the
    accuracy and the number of examples.

    The loss sum and the number of correct predictions are added up on
    the device and read back once, at the end of the pass.
    """
    loss_sum = nd.zeros(1, ctx=device)
    correct = nd.zeros(1, ctx=device)
    n = 0
    for X, y in train_iter:
        X, y = X.as_in_context(device), y.as_in_context(device)
        with autograd.record():
            y_hat = net(X)
            l = loss(y_hat, y)
        l.backward()
        trainer.step(X.shape[0])
        loss_sum += l.sum()
        correct += count_correct(y_hat, y)
        n += X.shape[0]
    if n == 0:
        raise ValueError("train_iter yielded no minibatches")
    total_loss, total_correct = nd.concat(loss_sum, correct, dim=0).asnumpy()
    return float(total_loss) / n, float(total_correct) / n, n


def evaluate_accuracy_on_device(net, data_iter, device):
    """Return the fraction of data_iter that net classifies correctly,
    reading the count back from the device once."""
    correct = nd.zeros(1, ctx=device)
    n = 0
    for X, y in data_iter:
        X, y = X.as_in_context(device), y.as_in_context(device)
        y_hat = net(X)
        correct += count_correct(y_hat, y)
        n += X.shape[0]
    if n == 0:
        raise ValueError("data_iter yielded no minibatches")
    return float(correct.asscalar()) / n


def sgd_trainer(params, lr):
    """Return a gluon.Trainer for minibatch SGD that updates all parameters
    with one aggregated operator call where it can."""
    optimizer = mx.optimizer.SGD(learning_rate=lr)
    # MXNet updates at most aggregate_num (default 4) parameters per call.
    # Its multi_sgd_update kernel holds at most 60: more crash the process
    # (a segmentation fault, seen with ResNet-18's 110 parameters).
    optimizer.aggregate_num = min(
        60, max(optimizer.aggregate_num, len(params.keys())))
    return gluon.Trainer(params, optimizer)


def train_classifier(net, train_iter, test_iter, num_epochs, lr, device=None,
                     hybridize=True, verbose=True):
    """Train net with SGD and softmax cross-entropy on one device.

    device defaults to ``d2l.get_device()`` (a usable GPU, else the CPU).
    With hybridize, a ``HybridBlock`` net is compiled with static memory and
    shapes. Prints one line per epoch when verbose; returns a History.
    """
    device = device or get_device()
    net.initialize(init.Xavier(), ctx=device, force_reinit=True)
    loss = gluon.loss.SoftmaxCrossEntropyLoss()
    if hybridize and isinstance(net, gluon.HybridBlock):
        # static_shape re-plans memory when a shape changes (the last,
        # smaller minibatch), which is still faster than without it.
        net.hybridize(static_alloc=True, static_shape=True)
        loss.hybridize(static_alloc=True, static_shape=True)
    trainer = sgd_trainer(net.collect_params(), lr)
    history = History(device=str(device))
    for epoch in range(num_epochs):
        start = time.perf_counter()
        train_loss, train_acc, n = train_epoch_on_device(
            net, train_iter, loss, trainer, device)
        seconds = time.perf_counter() - start  # the pass ended in a sync
        test_acc = evaluate_accuracy_on_device(net, test_iter, device)
        history.train_loss.append(train_loss)
        history.train_acc.append(train_acc)
        history.test_acc.append(test_acc)
        history.epoch_time.append(seconds)
        history.num_examples = n
        if verbose:
            print(f"epoch {epoch + 1}: loss {train_loss:.4f}, "
                  f"train acc {train_acc:.3f}, test acc {test_acc:.3f}, "
                  f"{seconds:.1f} s", flush=True)
    return history
