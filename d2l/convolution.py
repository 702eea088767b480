"""Two-dimensional cross-correlation, channels and pooling from scratch."""

from mxnet import nd


def corr2d(X, K):
    """Two-dimensional cross-correlation of X with kernel K."""
    h, w = K.shape
    Y = nd.zeros((X.shape[0] - h + 1, X.shape[1] - w + 1))
    for i in range(Y.shape[0]):
        for j in range(Y.shape[1]):
            Y[i, j] = (X[i:i + h, j:j + w] * K).sum()
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
