"""Model selection and regularisation: polynomial features, the L2 penalty
and dropout.

Taught in "Model selection, underfitting and overfitting", "Weight decay"
and "Dropout"; the cells tagged ``save`` there hold the same code.
"""

import math

from mxnet import nd


def poly_features(x, degree):
    """Return the columns x**i / i! for i = 0, ..., degree."""
    powers = nd.arange(degree + 1, ctx=x.context)
    scale = nd.array([math.factorial(i) for i in range(degree + 1)],
                     ctx=x.context)
    return x.reshape((-1, 1)) ** powers / scale



def l2_penalty(w):
    """Half the squared L2 norm of w."""
    return (w ** 2).sum() / 2


def dropout_layer(X, drop_prob):
    """Zero each element with probability drop_prob, scale the rest up."""
    assert 0 <= drop_prob <= 1
    if drop_prob == 1:
        return nd.zeros_like(X)
    mask = nd.random.uniform(0, 1, X.shape, ctx=X.context) > drop_prob
    return mask * X / (1 - drop_prob)
