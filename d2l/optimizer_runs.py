"""Training runs that compare optimisers on one small real regression.

Taught in "Minibatch stochastic gradient descent"; the cells tagged
``save`` there hold the same code, and the later pages of the
optimisation part call these functions. The task: predict a penguin's
body mass from its three body measurements and its species (342 birds
of the Palmer penguins table, shipped inside the ``palmerpenguins``
package and checksummed by :func:`d2l.load_penguins`).
"""

import dataclasses
import time

import numpy as np
from mxnet import autograd, gluon, nd

from .regression import linreg, squared_loss
from .tabular import load_penguins


def penguin_regression_data():
    """Return standardised features (n, 6) and body masses (n, 1)."""
    table = load_penguins()
    numeric = ["Culmen Length (mm)", "Culmen Depth (mm)",
               "Flipper Length (mm)", "Body Mass (g)"]
    table = table.dropna(subset=numeric)
    values = table[numeric].to_numpy(dtype=np.float32)
    values = (values - values.mean(axis=0)) / values.std(axis=0)
    species = np.stack([(table["Species"] == name).to_numpy()
                        for name in sorted(table["Species"].unique())],
                       axis=1).astype(np.float32)
    features = np.concatenate([values[:, :3], species], axis=1)
    return nd.array(features), nd.array(values[:, 3:])


@dataclasses.dataclass
class LossCurve:
    """The training loss over the whole data set as training goes on."""

    examples: list = dataclasses.field(default_factory=list)  # seen so far
    seconds: list = dataclasses.field(default_factory=list)  # training only
    loss: list = dataclasses.field(default_factory=list)
    params: list = dataclasses.field(default_factory=list)  # final, numpy


def shuffled_batches(features, labels, batch_size, rng):
    """Yield shuffled minibatches (X, y) in an order drawn from rng."""
    order = nd.array(rng.permutation(len(features)))
    for i in range(0, len(features), batch_size):
        j = order[i: i + batch_size]
        yield features.take(j), labels.take(j)


def initial_params(num_features, seed):
    """Return a small random weight vector and a zero bias, as numpy."""
    rng = np.random.RandomState(seed)
    w = rng.normal(0, 0.01, size=(num_features, 1)).astype(np.float32)
    return [w, np.zeros(1, dtype=np.float32)]


def record_training(step, predict, features, labels, batch_size,
                    num_epochs, eval_every, seed):
    """Run step(X, y) over minibatches; time it, and record the loss of
    predict on the whole set every eval_every examples (not timed)."""
    rng = np.random.RandomState(seed)
    curve, seen, elapsed = LossCurve(), 0, 0.0

    def record():
        l = squared_loss(predict(features), labels).mean()
        curve.examples.append(seen)
        curve.seconds.append(elapsed)
        curve.loss.append(float(l.asscalar()))

    record()
    for _ in range(num_epochs):
        for X, y in shuffled_batches(features, labels, batch_size, rng):
            start = time.perf_counter()
            step(X, y)
            nd.waitall()
            elapsed += time.perf_counter() - start
            before, seen = seen, seen + X.shape[0]
            if seen // eval_every > before // eval_every:
                record()
    if curve.examples[-1] != seen:
        record()
    return curve


def train_from_scratch(update, init_states, hyperparams, features, labels,
                       batch_size, num_epochs=2, eval_every=50, seed=0):
    """Train linear regression with update(params, states, hyperparams);
    return its LossCurve."""
    params = [nd.array(p) for p in initial_params(features.shape[1], seed)]
    for p in params:
        p.attach_grad()
    states = init_states(params)

    def step(X, y):
        with autograd.record():
            l = squared_loss(linreg(X, *params), y).mean()
        l.backward()
        update(params, states, hyperparams)

    curve = record_training(step, lambda X: linreg(X, *params), features,
                            labels, batch_size, num_epochs, eval_every, seed)
    curve.params = [p.asnumpy() for p in params]
    return curve


def train_with_trainer(optimizer, hyperparams, features, labels, batch_size,
                       num_epochs=2, eval_every=50, seed=0):
    """Train the same model, from the same start on the same minibatches,
    with gluon.Trainer and a built-in optimiser; return its LossCurve."""
    net = gluon.nn.Dense(1, in_units=features.shape[1])
    net.initialize()
    w, b = initial_params(features.shape[1], seed)
    net.weight.set_data(nd.array(w.T))
    net.bias.set_data(nd.array(b))
    trainer = gluon.Trainer(net.collect_params(), optimizer, hyperparams)
    loss = gluon.loss.L2Loss()  # half the squared error, like squared_loss

    def step(X, y):
        with autograd.record():
            l = loss(net(X), y)
        l.backward()
        trainer.step(X.shape[0])

    curve = record_training(step, net, features, labels, batch_size,
                            num_epochs, eval_every, seed)
    curve.params = [net.weight.data().asnumpy().T, net.bias.data().asnumpy()]
    return curve


def least_squares_loss(features, labels):
    """Return the loss of the best linear fit, solved directly: the floor
    that every optimiser's curve approaches."""
    A = np.concatenate([features.asnumpy(), np.ones((len(features), 1))],
                       axis=1)
    theta = np.linalg.lstsq(A, labels.asnumpy(), rcond=None)[0]
    return 0.5 * float(((A @ theta - labels.asnumpy()) ** 2).mean())
