"""Convolutions from scratch: the two-dimensional cross-correlation.

Taught in "Two-dimensional convolutional layers"; the cell tagged ``save``
there holds the same code. Later pages of the part call ``d2l.corr2d``.
"""

from mxnet import nd


def corr2d(X, K):
    """Two-dimensional cross-correlation of array X with kernel K."""
    k_h, k_w = K.shape
    n_h, n_w = X.shape[0] - k_h + 1, X.shape[1] - k_w + 1
    Y = nd.zeros((n_h, n_w), ctx=X.context)
    for a in range(k_h):
        for b in range(k_w):
            Y = Y + K[a, b] * X[a:a + n_h, b:b + n_w]
    return Y
