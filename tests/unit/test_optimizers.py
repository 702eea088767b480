"""Each optimiser written from scratch (d2l/optimizers.py) against Gluon's.

Same initial parameters, same minibatches, same hyperparameters: after a
few steps both must hold the same parameters, within float32 tolerance.
Measured: differences of 1e-8 to 1e-7, and 2e-6 for Adam, whose Gluon
version folds the bias correction into the learning rate and so scales
epsilon differently.
"""

import numpy as np
import pytest

import d2l

CASES = {
    "sgd (plain)": (d2l.sgd_plain, lambda params: None, {"lr": 0.1},
                    "sgd", {"learning_rate": 0.1}),
    "momentum": (d2l.sgd_momentum, d2l.init_momentum_states,
                 {"lr": 0.05, "momentum": 0.9},
                 "sgd", {"learning_rate": 0.05, "momentum": 0.9}),
    "adagrad": (d2l.adagrad, d2l.init_adagrad_states, {"lr": 0.1},
                "adagrad", {"learning_rate": 0.1}),
    "rmsprop": (d2l.rmsprop, d2l.init_rmsprop_states,
                {"lr": 0.01, "gamma": 0.9},
                "rmsprop", {"learning_rate": 0.01, "gamma1": 0.9}),
    "adadelta": (d2l.adadelta, d2l.init_adadelta_states, {"rho": 0.9},
                 "adadelta", {"rho": 0.9}),
    "adam": (d2l.adam, d2l.init_adam_states, {"lr": 0.01},
             "adam", {"learning_rate": 0.01}),
}


@pytest.fixture(scope="module")
def data():
    return d2l.penguin_regression_data()


@pytest.mark.parametrize("name", CASES)
def test_from_scratch_matches_gluon(name, data):
    update, init_states, hyperparams, gluon_name, gluon_hyperparams = (
        CASES[name])
    features, labels = data
    # 35 steps of 10 examples: enough for the states to matter.
    kwargs = dict(batch_size=10, num_epochs=1, eval_every=1000, seed=3)
    ours = d2l.train_from_scratch(update, init_states, hyperparams,
                                  features[:400], labels[:400], **kwargs)
    theirs = d2l.train_with_trainer(gluon_name, gluon_hyperparams,
                                    features[:400], labels[:400], **kwargs)
    start = d2l.initial_params(features.shape[1], seed=3)
    for mine, gluons, first in zip(ours.params, theirs.params, start):
        assert np.abs(mine - first).max() > 1e-3, "the parameters never moved"
        np.testing.assert_allclose(mine, gluons, rtol=1e-4, atol=1e-5)
    assert ours.loss[-1] < ours.loss[0]


def test_loss_curve_records_every_eval_interval(data):
    features, labels = data
    curve = d2l.train_from_scratch(d2l.sgd_plain, lambda params: None,
                                   {"lr": 0.1}, features, labels,
                                   batch_size=10, num_epochs=1, eval_every=50)
    n = len(features)
    assert curve.examples == [0, *range(50, n, 50), n]
    assert curve.seconds == sorted(curve.seconds)
    assert len(curve.loss) == len(curve.examples)


def test_trace_2d_follows_the_step():
    points = d2l.trace_2d(lambda x, state: (x / 2, None), num_steps=3,
                          start=(4.0, -8.0))
    np.testing.assert_allclose(points, [[4, -8], [2, -4], [1, -2], [.5, -1]])
