"""Convolutions from scratch: cross-correlation, channels and pooling.

Taught in the convolutional-neural-networks part ("Two-dimensional
convolutional layers", "Multiple input and output channels", "Pooling");
the cells tagged ``save`` there hold the same code. Later pages call
``d2l.corr2d`` and the others.
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


def corr2d_multi_in(X, K):
    """Sum over the input channels of the 2-D cross-correlations."""
    return nd.add_n(*[corr2d(x, k) for x, k in zip(X, K)])


def corr2d_multi_in_out(X, K):
    """Stack one multi-input cross-correlation per output channel."""
    return nd.stack(*[corr2d_multi_in(X, k) for k in K])


def pool2d(X, pool_size, mode='max'):
    """Max or average pooling of the 2-D array X, with stride 1."""
    if mode not in ('max', 'avg'):
        raise ValueError(f"mode must be 'max' or 'avg', not {mode!r}")
    p_h, p_w = pool_size
    Y = nd.zeros((X.shape[0] - p_h + 1, X.shape[1] - p_w + 1))
    for i in range(Y.shape[0]):
        for j in range(Y.shape[1]):
            window = X[i:i + p_h, j:j + p_w]
            Y[i, j] = window.max() if mode == 'max' else window.mean()
    return Y
