"""d2l.regularization: helpers of the model selection, weight decay and
dropout pages."""

import importlib
import math

import mxnet as mx
import numpy as np
import pytest
from mxnet import autograd, nd

import d2l

R = importlib.import_module("d2l.regularization")


def test_exported_from_the_package():
    for name in ("poly_features", "l2_penalty", "dropout_layer"):
        assert getattr(d2l, name) is getattr(R, name)


def test_poly_features_are_scaled_powers():
    x = nd.array([-1.5, 0.0, 2.0])
    F = R.poly_features(x, 5).asnumpy()
    assert F.shape == (3, 6)
    expected = np.array([[v ** i / math.factorial(i) for i in range(6)]
                         for v in (-1.5, 0.0, 2.0)])
    np.testing.assert_allclose(F, expected, rtol=1e-6)


def test_poly_features_keep_high_degrees_small():
    # Without the 1/i! scaling, 3**20 would be 3.5e9.
    F = R.poly_features(nd.array([3.0, -3.0]), 20)
    assert float(nd.abs(F[:, 20]).max().asscalar()) < 2e-9


def test_l2_penalty_and_its_gradient():
    w = nd.array([[3.0], [-4.0]])
    w.attach_grad()
    with autograd.record():
        p = R.l2_penalty(w)
    p.backward()
    assert float(p.asscalar()) == pytest.approx(12.5)
    # d/dw of ||w||^2 / 2 is w: the decay term of the update.
    np.testing.assert_allclose(w.grad.asnumpy(), w.asnumpy())


@pytest.mark.parametrize("p", [0.2, 0.5, 0.8])
def test_dropout_keeps_the_mean_and_drops_a_fraction_p(p):
    mx.random.seed(0)
    H = R.dropout_layer(nd.full((500, 500), 2.0), p)
    values = np.unique(H.asnumpy())
    np.testing.assert_allclose(values, [0.0, 2.0 / (1 - p)], rtol=1e-6)
    # 250,000 draws: the standard error of the fraction is below 0.001
    # and that of the mean below 0.01; the bounds are 5 standard errors.
    assert float((H == 0).mean().asscalar()) == pytest.approx(p, abs=0.005)
    assert float(H.mean().asscalar()) == pytest.approx(2.0, abs=0.05)


def test_dropout_extremes_are_exact():
    X = nd.arange(12).reshape((3, 4))
    np.testing.assert_array_equal(R.dropout_layer(X, 0).asnumpy(),
                                  X.asnumpy())
    np.testing.assert_array_equal(R.dropout_layer(X, 1).asnumpy(),
                                  np.zeros((3, 4)))


def test_dropout_rejects_probabilities_outside_0_1():
    with pytest.raises(AssertionError):
        R.dropout_layer(nd.ones(3), 1.5)
