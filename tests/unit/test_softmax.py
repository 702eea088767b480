"""d2l.classification: softmax, cross-entropy, accuracy and training."""


import matplotlib
import mxnet as mx
import numpy as np
import pytest
from helpers import needs_fashion_mnist as needs_data
from mxnet import gluon, nd

import d2l

matplotlib.use("Agg")


def test_softmax_rows_are_probabilities():
    O = nd.array([[1.0, 2.0, 3.0], [0.0, 0.0, 0.0], [-5.0, 10.0, 2.0]])
    P = d2l.softmax(O).asnumpy()
    e = np.exp(O.asnumpy())
    np.testing.assert_allclose(P, e / e.sum(axis=1, keepdims=True),
                               rtol=1e-6)
    np.testing.assert_allclose(P.sum(axis=1), 1.0, rtol=1e-6)


def test_softmax_survives_large_scores():
    # exp(1000) overflows float32; the shifted softmax does not.
    assert np.isinf(nd.exp(nd.array([1000.0])).asscalar())
    P = d2l.softmax(nd.array([[1000.0, 1001.0], [-1000.0, 0.0]])).asnumpy()
    assert np.all(np.isfinite(P))
    np.testing.assert_allclose(P[0], [1 / (1 + np.e), np.e / (1 + np.e)],
                               rtol=1e-6)
    np.testing.assert_allclose(P[1], [0.0, 1.0], atol=1e-30)


def test_cross_entropy_picks_the_true_class():
    y_hat = nd.array([[0.1, 0.3, 0.6], [0.5, 0.25, 0.25]])
    y = nd.array([2, 1])
    np.testing.assert_allclose(d2l.cross_entropy(y_hat, y).asnumpy(),
                               [-np.log(0.6), -np.log(0.25)], rtol=1e-6)


def test_accuracy_counts_correct_rows():
    y_hat = nd.array([[0.1, 0.9], [0.8, 0.2], [0.3, 0.7]])
    assert d2l.accuracy(y_hat, nd.array([1, 1, 1])) == 2.0
    loader = d2l.ArrayLoader(y_hat, nd.array([1, 0, 0]), batch_size=2)
    assert d2l.evaluate_accuracy(lambda X: X, loader) == pytest.approx(2 / 3)


def test_plot_history_draws_one_labelled_curve_per_entry():
    ax = d2l.plot_history({"train loss": [0.8, 0.6], "test acc": [0.7, 0.8]})
    assert [line.get_label() for line in ax.get_lines()] == [
        "train loss", "test acc"]
    assert list(ax.get_lines()[1].get_xdata()) == [1, 2]


@needs_data
def test_one_epoch_of_scratch_training_learns():
    # Measured (seed 0, batch 256, lr 0.1): loss 0.788, train accuracy
    # 0.747, test accuracy 0.779 after one epoch; chance is 0.1.
    mx.random.seed(0)
    np.random.seed(0)
    train_iter, test_iter = d2l.load_data_fashion_mnist(256, device=mx.cpu())
    W = nd.random.normal(0, 0.01, shape=(784, 10))
    b = nd.zeros(10)
    W.attach_grad()
    b.attach_grad()

    def net(X):
        return d2l.softmax(nd.dot(X.reshape((-1, 784)), W) + b)

    def updater(batch_size):
        for p in (W, b):
            p[:] = p - 0.1 * p.grad / batch_size

    loss, acc = d2l.train_epoch(net, train_iter, d2l.cross_entropy, updater)
    assert loss < 0.85 and acc > 0.72
    assert d2l.evaluate_accuracy(net, test_iter) > 0.75


@needs_data
def test_gluon_training_history(capsys):
    # Measured (seed 0): test accuracy 0.779 and 0.806 after epochs 1, 2.
    mx.random.seed(0)
    np.random.seed(0)
    train_iter, test_iter = d2l.load_data_fashion_mnist(256, device=mx.cpu())
    net = gluon.nn.Dense(10)
    net.initialize(mx.init.Normal(0.01))
    trainer = gluon.Trainer(net.collect_params(), "sgd",
                            {"learning_rate": 0.1})
    history = d2l.train(net, train_iter, test_iter,
                        gluon.loss.SoftmaxCrossEntropyLoss(), 2, trainer.step)
    assert list(history) == ["train loss", "train acc", "test acc"]
    assert all(len(v) == 2 for v in history.values())
    assert history["train loss"][1] < history["train loss"][0]
    assert history["test acc"][1] > 0.78
    assert capsys.readouterr().out.count("epoch ") == 2
