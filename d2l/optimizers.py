"""Optimisation algorithms written from scratch.

Taught in the optimisation part, one algorithm a page (momentum, AdaGrad,
RMSProp, AdaDelta, Adam); the cells tagged ``save`` there hold the same
code. Every update has the signature ``update(params, states,
hyperparams)``: it changes each parameter in place from its ``grad``,
which is already the minibatch mean, and keeps its own running
quantities in ``states``, one entry per parameter. tests/unit checks
each one against Gluon's built-in optimiser of the same name.
"""

from mxnet import nd


def sgd_plain(params, states, hyperparams):
    """Minibatch SGD in the common update signature (states unused)."""
    for p in params:
        p[:] -= hyperparams["lr"] * p.grad


def init_momentum_states(params):
    """One velocity per parameter, starting at zero."""
    return [nd.zeros_like(p) for p in params]


def sgd_momentum(params, states, hyperparams):
    """SGD with momentum: step along a leaky average of the gradients."""
    for p, v in zip(params, states):
        v[:] = hyperparams["momentum"] * v + p.grad
        p[:] -= hyperparams["lr"] * v


def init_adagrad_states(params):
    """One running sum of squared gradients per parameter."""
    return [nd.zeros_like(p) for p in params]


def adagrad(params, states, hyperparams):
    """AdaGrad: divide each coordinate's step by its gradients' root sum
    of squares so far."""
    eps = 1e-7
    for p, s in zip(params, states):
        s[:] += nd.square(p.grad)
        p[:] -= hyperparams["lr"] * p.grad / nd.sqrt(s + eps)


def init_rmsprop_states(params):
    """One leaky average of squared gradients per parameter."""
    return [nd.zeros_like(p) for p in params]


def rmsprop(params, states, hyperparams):
    """RMSProp: AdaGrad with a leaky average in place of the sum."""
    gamma, eps = hyperparams["gamma"], 1e-8
    for p, s in zip(params, states):
        s[:] = gamma * s + (1 - gamma) * nd.square(p.grad)
        p[:] -= hyperparams["lr"] * p.grad / nd.sqrt(s + eps)


def init_adadelta_states(params):
    """Two leaky averages per parameter: squared gradients and squared
    updates."""
    return [(nd.zeros_like(p), nd.zeros_like(p)) for p in params]


def adadelta(params, states, hyperparams):
    """AdaDelta: RMSProp whose learning rate is the root of the average
    squared update, so it has no learning rate of its own."""
    rho, eps = hyperparams["rho"], 1e-5
    for p, (s, delta) in zip(params, states):
        s[:] = rho * s + (1 - rho) * nd.square(p.grad)
        g = nd.sqrt(delta + eps) / nd.sqrt(s + eps) * p.grad
        delta[:] = rho * delta + (1 - rho) * nd.square(g)
        p[:] -= g


def init_adam_states(params):
    """Two leaky averages per parameter, of gradients and of their squares,
    and the step count that bias correction needs."""
    return {"t": 0, "moments": [(nd.zeros_like(p), nd.zeros_like(p))
                                for p in params]}


def adam(params, states, hyperparams):
    """Adam: momentum on the gradient, RMSProp's scaling, both corrected
    for starting at zero."""
    beta1, beta2, eps = 0.9, 0.999, 1e-8
    states["t"] += 1
    t = states["t"]
    for p, (v, s) in zip(params, states["moments"]):
        v[:] = beta1 * v + (1 - beta1) * p.grad
        s[:] = beta2 * s + (1 - beta2) * nd.square(p.grad)
        v_hat = v / (1 - beta1 ** t)
        s_hat = s / (1 - beta2 ** t)
        p[:] -= hyperparams["lr"] * v_hat / (nd.sqrt(s_hat) + eps)
