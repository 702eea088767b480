"""d2l.training: the device-aware training loop of the CNN chapters."""

import re

import matplotlib
import mxnet as mx
import numpy as np
import pytest
from mxnet import gluon, nd
from mxnet.gluon import nn

import d2l

matplotlib.use("Agg")

LINE = re.compile(r"^epoch (\d+): loss (\S+), train acc (\S+), "
                  r"test acc (\S+), (\S+) s$", re.M)


def toy_data(n, seed):
    """Separable 1x4x4 images: class 1 is brighter on the left half."""
    rng = np.random.RandomState(seed)
    y = rng.randint(0, 2, n)
    X = rng.normal(0, 0.3, (n, 1, 4, 4))
    X[:, :, :, :2] += np.where(y == 1, 1.0, -1.0)[:, None, None, None]
    return nd.array(X), nd.array(y)


def toy_iters(batch_size=20):
    # 210 examples: the last minibatch (10) is smaller than the others.
    train = d2l.ArrayLoader(*toy_data(210, 0), batch_size, shuffle=True)
    test = d2l.ArrayLoader(*toy_data(100, 1), batch_size)
    return train, test


def small_cnn():
    net = nn.HybridSequential()
    net.add(nn.Conv2D(4, kernel_size=3, activation="relu"), nn.Dense(2))
    return net


@pytest.fixture(autouse=True)
def seeded():
    mx.random.seed(0)
    np.random.seed(0)


def test_learns_a_separable_problem(capsys):
    train_iter, test_iter = toy_iters()
    history = d2l.train_classifier(small_cnn(), train_iter, test_iter,
                                   num_epochs=4, lr=0.5, device=mx.cpu())
    # Measured (seed 0): loss 0.29 -> 0.010, test accuracy 1.0 from epoch 1.
    assert history.train_loss[-1] < history.train_loss[0] / 3
    assert history.test_acc[-1] > 0.9 and history.train_acc[-1] > 0.9
    assert history.num_examples == 210  # the smaller last batch counts
    lines = LINE.findall(capsys.readouterr().out)
    assert [int(line[0]) for line in lines] == [1, 2, 3, 4]
    assert [float(line[3]) for line in lines] == pytest.approx(
        history.test_acc, abs=5e-4)
    assert all(t > 0 for t in history.epoch_time)
    assert history.examples_per_sec() == pytest.approx(
        210 / min(history.epoch_time))


def test_history_plots_its_three_curves():
    history = d2l.History([0.9, 0.5], [0.6, 0.8], [0.7, 0.8], [1.0, 2.0])
    ax = d2l.plot_history(history.curves())
    assert [line.get_label() for line in ax.get_lines()] == [
        "train loss", "train acc", "test acc"]


def test_a_plain_block_trains_without_hybridising():
    class Plain(gluon.Block):  # not a HybridBlock: cannot be hybridised
        def __init__(self):
            super().__init__()
            self.out = nn.Dense(2)

        def forward(self, X):
            return self.out(X)

    train_iter, test_iter = toy_iters()
    history = d2l.train_classifier(Plain(), train_iter, test_iter, 3, 0.5,
                                   device=mx.cpu(), verbose=False)
    assert history.test_acc[-1] > 0.9


def test_reinitialises_the_net():
    train_iter, test_iter = toy_iters()
    net = small_cnn()
    first = d2l.train_classifier(net, train_iter, test_iter, 1, 0.5,
                                 device=mx.cpu(), verbose=False)
    mx.random.seed(0)
    np.random.seed(0)
    again = d2l.train_classifier(net, train_iter, test_iter, 1, 0.5,
                                 device=mx.cpu(), verbose=False)
    # A second run starts from fresh weights, not where the first ended.
    assert again.train_loss == pytest.approx(first.train_loss, rel=1e-4)


class SyncCounter:
    """Count the calls that make Python wait for MXNet's engine."""

    def __init__(self, monkeypatch):
        self.calls = 0
        for name in ("asnumpy", "wait_to_read"):
            original = getattr(nd.NDArray, name)
            monkeypatch.setattr(nd.NDArray, name, self._counted(original))
        waitall = nd.waitall
        monkeypatch.setattr(nd, "waitall", self._counted(waitall))

    def _counted(self, original):
        def counted(*args, **kwargs):
            self.calls += 1
            return original(*args, **kwargs)
        return counted


def test_reads_back_once_per_pass_not_per_batch(monkeypatch):
    train_iter, test_iter = toy_iters(batch_size=10)  # 21 + 10 batches
    net = small_cnn()
    epochs = 3
    sync = SyncCounter(monkeypatch)
    d2l.train_classifier(net, train_iter, test_iter, epochs, 0.5,
                         device=mx.cpu(), verbose=False)
    # One read after each training pass and one after each evaluation
    # (asscalar goes through asnumpy), not one per minibatch.
    assert sync.calls == 2 * epochs

    # The counter does see per-batch reads: d2l.train_epoch makes two.
    sync.calls = 0
    trainer = gluon.Trainer(net.collect_params(), "sgd",
                            {"learning_rate": 0.1})
    d2l.train_epoch(net, train_iter, gluon.loss.SoftmaxCrossEntropyLoss(),
                    trainer.step)
    assert sync.calls >= 2 * len(train_iter)


def test_evaluation_counts_every_example():
    y_hat = nd.array([[0.1, 0.9], [0.8, 0.2], [0.3, 0.7]])
    loader = d2l.ArrayLoader(y_hat, nd.array([1, 0, 0]), batch_size=2)
    assert d2l.evaluate_accuracy_on_device(
        lambda X: X, loader, mx.cpu()) == pytest.approx(2 / 3)


def test_empty_iterator_is_an_error():
    with pytest.raises(ValueError, match="no minibatches"):
        d2l.evaluate_accuracy_on_device(small_cnn(), [], mx.cpu())


def test_sgd_trainer_updates_all_parameters_in_one_call():
    net = small_cnn()
    net.initialize()
    trainer = d2l.sgd_trainer(net.collect_params(), 0.1)
    assert trainer.learning_rate == 0.1
    assert trainer._optimizer.aggregate_num >= 4  # conv and dense: w, b



def test_sgd_trainer_aggregates_at_most_60_parameters():
    # MXNet's multi_sgd_update crashed the process (segmentation fault)
    # with ResNet-18's 110 parameters in one call; 60 ran.
    net = nn.HybridSequential()
    for _ in range(70):
        net.add(nn.Dense(2))
    net.initialize()
    trainer = d2l.sgd_trainer(net.collect_params(), 0.1)
    assert trainer._optimizer.aggregate_num == 60
