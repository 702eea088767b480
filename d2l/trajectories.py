"""Optimisers' paths on two-dimensional functions, and their plots.

Taught in "Gradient descent and stochastic gradient descent"; the cells
tagged ``save`` there hold the same code, and the pages on momentum,
AdaGrad, RMSProp, AdaDelta and Adam draw their paths with it. The
functions are small enough that NumPy and hand-written gradients do;
the momentum page introduces the elongated bowl that the later pages share.
"""

import numpy as np
from matplotlib import pyplot as plt


def trace_2d(step, num_steps=20, start=(-5.0, -2.0)):
    """Apply step(x, state) -> (x, state) num_steps times from start, with
    state None at first; return the points visited, shape (num_steps+1, 2)."""
    x, state = np.array(start, dtype=float), None
    points = [x]
    for _ in range(num_steps):
        x, state = step(x, state)
        points.append(np.array(x, dtype=float))
    return np.stack(points)


def show_trace_2d(f, points, axes=None, levels=12):
    """Draw contour lines of f(x1, x2) and the path of points over them."""
    if axes is None:
        _, axes = plt.subplots()
    lo = np.minimum(points.min(axis=0), -1.0) - 0.5
    hi = np.maximum(points.max(axis=0), 1.0) + 0.5
    x1, x2 = np.meshgrid(np.linspace(lo[0], hi[0], 200),
                         np.linspace(lo[1], hi[1], 200))
    axes.contour(x1, x2, f(x1, x2), levels=levels, colors="#1f77b4",
                 linewidths=0.8)
    axes.plot(points[:, 0], points[:, 1], "-o", color="#ff7f0e",
              markersize=3)
    axes.set_xlabel("x1")
    axes.set_ylabel("x2")
    return axes


def elongated_bowl(x1, x2):
    """f(x) = 0.1 x1^2 + 2 x2^2: curvature 0.2 along x1 and 4 along x2,
    a condition number of 20."""
    return 0.1 * x1 ** 2 + 2 * x2 ** 2


def elongated_bowl_grad(x):
    """The gradient of elongated_bowl at the point x = (x1, x2)."""
    return np.array([0.2 * x[0], 4 * x[1]])
