"""d2l.regression: the helpers taught in the linear regression chapters."""

import importlib
import random

import mxnet as mx
import numpy as np
import pytest
from mxnet import autograd, nd

import d2l

# d2l.linreg is the model function; the module is d2l.regression.
L = importlib.import_module("d2l.regression")

TRUE_W = [2, -3.4]
TRUE_B = 4.2


@pytest.fixture
def data():
    mx.random.seed(0)
    return L.synthetic_data(nd.array(TRUE_W), TRUE_B, 1000)


def test_exported_from_the_package():
    for name in ("synthetic_data", "data_iter", "linreg", "squared_loss",
                 "sgd", "load_array"):
        assert getattr(d2l, name) is getattr(L, name)


def test_synthetic_data_follows_the_linear_model(data):
    X, y = data
    assert X.shape == (1000, 2) and y.shape == (1000, 1)
    X, y = X.asnumpy(), y.asnumpy().ravel()
    X1 = np.hstack([X, np.ones((len(X), 1))])
    theta, *_ = np.linalg.lstsq(X1, y, rcond=None)
    # Measured at seed 0: least squares is within 4.7e-4 of the truth and
    # the residuals have standard deviation 0.0098 (the noise is 0.01).
    assert np.abs(theta - [*TRUE_W, TRUE_B]).max() < 3e-3
    residual = y - X1 @ theta
    assert 0.008 < residual.std() < 0.012


def test_data_iter_visits_every_example_once_in_shuffled_order():
    features = nd.arange(50).reshape((50, 1))
    labels = nd.arange(50) * 10
    random.seed(0)
    batches = list(L.data_iter(7, features, labels))
    assert [len(X) for X, _ in batches] == [7] * 7 + [1]
    order = np.concatenate([X.asnumpy().ravel() for X, _ in batches])
    assert sorted(order) == list(range(50))
    assert list(order) != list(range(50))  # shuffled
    for X, y in batches:  # features and labels stay paired
        assert np.array_equal(X.asnumpy().ravel() * 10, y.asnumpy())


def test_data_iter_reshuffles_every_epoch():
    features = nd.arange(20).reshape((20, 1))
    random.seed(1)
    first = [X.asnumpy().ravel().tolist()
             for X, _ in L.data_iter(20, features, features)]
    second = [X.asnumpy().ravel().tolist()
              for X, _ in L.data_iter(20, features, features)]
    assert first != second


def test_linreg_and_squared_loss():
    X = nd.array([[1, 2], [3, 4]])
    w = nd.array([[1], [-1]])
    b = nd.array([0.5])
    y_hat = L.linreg(X, w, b)
    assert y_hat.asnumpy().ravel().tolist() == [-0.5, -0.5]
    # y given as a vector is reshaped, not broadcast into a matrix
    loss = L.squared_loss(y_hat, nd.array([0.5, 1.5]))
    assert loss.shape == (2, 1)
    assert loss.asnumpy().ravel().tolist() == [0.5, 2.0]


def test_squared_loss_gradient_is_the_error():
    y_hat = nd.array([[3.0], [-1.0]])
    y_hat.attach_grad()
    with autograd.record():
        loss = L.squared_loss(y_hat, nd.array([1.0, 1.0]))
    loss.backward()
    # the 1/2 makes the derivative the error itself
    assert y_hat.grad.asnumpy().ravel().tolist() == [2.0, -2.0]


def test_sgd_updates_in_place_with_the_mean_gradient():
    w = nd.array([1.0, 2.0])
    w.attach_grad()
    with autograd.record():
        loss = (w * nd.array([4.0, 8.0])).sum()
    loss.backward()
    same = w
    L.sgd([w], lr=0.5, batch_size=4)
    assert same is w
    assert w.asnumpy().tolist() == [0.5, 1.0]
    assert w.grad is not None  # the gradient buffer stays attached


def test_training_with_the_helpers_recovers_the_parameters(data):
    features, labels = data
    random.seed(0)
    mx.random.seed(1)
    w = nd.random.normal(scale=0.01, shape=(2, 1))
    b = nd.zeros(1)
    w.attach_grad()
    b.attach_grad()
    for _ in range(3):
        for X, y in L.data_iter(10, features, labels):
            with autograd.record():
                loss = L.squared_loss(L.linreg(X, w, b), y)
            loss.backward()
            L.sgd([w, b], 0.03, 10)
    train_loss = L.squared_loss(L.linreg(features, w, b), labels).mean()
    # Measured: largest error 5.6e-4 (w) and loss 5.1e-5 at these seeds;
    # over data/shuffle seeds 0-4 at most 1.6e-3 (b) and 5.5e-5.
    assert np.abs(w.asnumpy().ravel() - TRUE_W).max() < 5e-3
    assert abs(b.asscalar() - TRUE_B) < 5e-3
    assert train_loss.asscalar() < 1e-4


def test_load_array_batches_and_shuffles(data):
    features, labels = data
    np.random.seed(0)
    train_iter = L.load_array((features, labels), 64)
    sizes = [len(X) for X, _ in train_iter]
    assert sum(sizes) == 1000 and max(sizes) == 64
    X, y = next(iter(train_iter))
    assert X.shape == (64, 2) and y.shape == (64, 1)
    assert not np.array_equal(X.asnumpy(), features[:64].asnumpy())
    X, _ = next(iter(L.load_array((features, labels), 64, is_train=False)))
    assert np.array_equal(X.asnumpy(), features[:64].asnumpy())
