"""Linear regression: synthetic data, minibatches, model, loss and SGD.

Taught in "Linear regression from scratch" and "Concise implementation of
linear regression"; the cells tagged ``save`` there hold the same code.
"""

import random

from mxnet import gluon, nd


def synthetic_data(w, b, num_examples):
    """Generate y = Xw + b + noise, with noise of standard deviation 0.01."""
    X = nd.random.normal(0, 1, shape=(num_examples, len(w)))
    y = nd.dot(X, w) + b
    y += nd.random.normal(0, 0.01, shape=y.shape)
    return X, y.reshape((-1, 1))


def data_iter(batch_size, features, labels):
    """Yield shuffled minibatches (X, y); the last one may be smaller."""
    num_examples = len(features)
    indices = list(range(num_examples))
    random.shuffle(indices)
    for i in range(0, num_examples, batch_size):
        j = nd.array(indices[i: i + batch_size])
        yield features.take(j), labels.take(j)


def linreg(X, w, b):
    """The linear regression model."""
    return nd.dot(X, w) + b


def squared_loss(y_hat, y):
    """Half the squared error of each example."""
    return (y_hat - y.reshape(y_hat.shape)) ** 2 / 2


def sgd(params, lr, batch_size):
    """Minibatch stochastic gradient descent, updating params in place."""
    for param in params:
        param[:] = param - lr * param.grad / batch_size


def load_array(data_arrays, batch_size, is_train=True):
    """Wrap NDArrays in a Gluon DataLoader, shuffled when training."""
    dataset = gluon.data.ArrayDataset(*data_arrays)
    return gluon.data.DataLoader(dataset, batch_size, shuffle=is_train)
