"""pip install mxnet==1.9.1 numpy==1.26.4 matplotlib==3.9.4 setuptools

Check MXNet's autograd against central finite differences.

For a few functions f of one array x, the script computes the gradient
of f at a random x twice: with autograd, and with central differences
    (f(x + eps * e_i) - f(x - eps * e_i)) / (2 * eps)
for every entry i, all in float64. It prints one line per function with
the largest absolute difference and PASS or FAIL, and exits with 0 when
every check passes, 1 when one fails and 2 when the device is unusable.

    python autograd_check.py
    python autograd_check.py --device gpu --eps 1e-5 --tol 1e-6
    python autograd_check.py --include-buggy   # shows a FAIL on purpose
"""

import argparse
import builtins
import sys
import warnings

# MXNet and numpy are imported by import_mxnet() once the arguments are
# parsed, so that --help and argument errors work without them.
mx = np = autograd = nd = None


def import_mxnet():
    """Import MXNet 1.9.1 into this module, or exit saying how to install it.

    MXNet 1.9.1 still uses six numpy aliases of Python built-ins (np.bool,
    ...) that numpy 1.24 removed; they are put back first.
    """
    global mx, np, autograd, nd
    try:
        import numpy as np
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # numpy < 1.24 still has them
            for name in ("bool", "int", "float", "object", "complex", "str"):
                if not hasattr(np, name):
                    setattr(np, name, getattr(builtins, name))
        import mxnet as mx
        from mxnet import autograd, nd
    except Exception as err:  # missing, or broken by an unsuitable numpy
        sys.exit(f"error: cannot import MXNet ({type(err).__name__}: {err})."
                 "\nThis script needs MXNet 1.9.1 on Python 3.11 or 3.12. In "
                 "a new virtual environment, run:\n    "
                 + __doc__.splitlines()[0])


def positive(kind):
    """An argparse type: a number of the given kind that is above 0."""
    def parse(text):
        try:
            value = kind(text)
        except ValueError:
            raise argparse.ArgumentTypeError(
                f"{text!r} is not a number") from None
        if not value > 0:  # also rejects nan
            raise argparse.ArgumentTypeError(f"must be above 0, got {text}")
        return value
    return parse



DTYPE = "float64"


def num_gpus():
    """Return how many GPUs MXNet sees (0 for a CPU-only build)."""
    try:
        return mx.context.num_gpus()
    except mx.base.MXNetError:
        return 0


def fail(message, code=1):
    print(f"error: {message}", file=sys.stderr)
    sys.exit(code)


def choose_device(choice):
    """Return the MXNet context for --device, or exit with a message."""
    if choice == "cpu":
        return mx.cpu()
    try:
        gpus = mx.context.num_gpus()
    except mx.base.MXNetError:
        gpus = 0
    if gpus > 0:
        try:  # MXNet 1.9.1 has GPU code for compute capability 5.0-8.9 only
            mx.nd.ones((1,), ctx=mx.gpu(0)).asnumpy()
            return mx.gpu(0)
        except mx.base.MXNetError:
            problem = ("MXNet sees a GPU but cannot compute on it (MXNet "
                       "1.9.1 supports compute capability 5.0-8.9)")
    else:
        problem = "MXNet sees no GPU"
    if choice == "gpu":
        fail(f"--device gpu, but {problem}. Install the mxnet-cuXXX build "
             "that matches your CUDA driver, or use --device cpu.", 2)
    return mx.cpu()


def buggy_sigmoid(x):
    """A sigmoid whose hand-written backward pass has a sign error."""
    class BuggySigmoid(autograd.Function):  # defined once MXNet is imported
        def forward(self, x):
            y = 1 / (1 + nd.exp(-x))
            self.save_for_backward(y)
            return y

        def backward(self, dy):
            (y,) = self.saved_tensors
            return dy * y * (1 + y)  # wrong on purpose: should be (1 - y)

    return BuggySigmoid()(x)


def make_checks(rng, dim, ctx, include_buggy):
    """Return (name, f, x) triples: scalar functions and where to check."""
    def arr(a):
        return nd.array(a, ctx=ctx, dtype=DTYPE)

    A = arr(rng.normal(size=(dim, dim)))
    hidden = 8
    x_mlp = arr(rng.normal(size=(dim,)))
    b1 = arr(rng.normal(size=(hidden,)))
    w2 = arr(rng.normal(size=(hidden,)))

    def log_sum_exp(x):
        m = x.max()  # shift for stability; the gradient is unchanged
        return nd.log(nd.exp(x - m).sum()) + m

    def mlp(W1):
        # f(W1) = w2 . tanh(W1 x + b1): the gradient a weight would get
        return nd.dot(w2, nd.tanh(nd.dot(W1, x_mlp) + b1))

    checks = [
        ("sum_sin", lambda x: nd.sin(x).sum(), rng.normal(size=(dim,))),
        ("quadratic_xTAx", lambda x: nd.dot(x, nd.dot(A, x)),
         rng.normal(size=(dim,))),
        ("softplus_sum", lambda x: nd.log(1 + nd.exp(x)).sum(),
         rng.normal(size=(dim,))),
        ("log_sum_exp", log_sum_exp, 3 * rng.normal(size=(dim,))),
        ("tanh_mlp_W1", mlp, rng.normal(size=(hidden, dim)) / np.sqrt(dim)),
    ]
    if include_buggy:
        checks.append(("buggy_sigmoid",
                       lambda x: buggy_sigmoid(x).sum(),
                       rng.normal(size=(dim,))))
    return [(name, f, arr(x)) for name, f, x in checks]


def autograd_grad(f, x):
    """Return df/dx computed by autograd."""
    x = x.copy()
    x.attach_grad()
    with autograd.record():
        y = f(x)
    y.backward()
    return x.grad.asnumpy()


def finite_diff_grad(f, x, eps):
    """Return df/dx from central differences, one entry at a time."""
    base = x.asnumpy()
    grad = np.zeros_like(base)
    for i in np.ndindex(base.shape):
        plus, minus = base.copy(), base.copy()
        plus[i] += eps
        minus[i] -= eps
        f_plus = f(nd.array(plus, ctx=x.context, dtype=DTYPE)).asscalar()
        f_minus = f(nd.array(minus, ctx=x.context, dtype=DTYPE)).asscalar()
        grad[i] = (f_plus - f_minus) / (2 * eps)
    return grad


def parse_args(argv=None):
    parser = argparse.ArgumentParser(
        description="Compare MXNet autograd gradients with central finite "
                    "differences (float64) for a few functions.")
    parser.add_argument("--device", choices=["auto", "cpu", "gpu"],
                        default="auto",
                        help="where to compute: auto picks a GPU if MXNet "
                             "sees one (default: auto)")
    parser.add_argument("--seed", type=int, default=0,
                        help="seed for the random inputs (default: 0)")
    parser.add_argument("--eps", type=positive(float), default=1e-6,
                        help="finite-difference step (default: 1e-6)")
    parser.add_argument("--tol", type=positive(float), default=1e-6,
                        help="largest accepted absolute difference "
                             "(default: 1e-6)")
    parser.add_argument("--dim", type=positive(int), default=6,
                        help="length of the input vectors (default: 6)")
    parser.add_argument("--include-buggy", action="store_true",
                        help="also check a sigmoid with a deliberately wrong "
                             "backward pass; it must FAIL")
    return parser.parse_args(argv)


def main(argv=None):
    args = parse_args(argv)
    import_mxnet()
    ctx = choose_device(args.device)
    mx.random.seed(args.seed)
    rng = np.random.RandomState(args.seed)
    print(f"device {ctx}, dtype {DTYPE}, eps {args.eps:g}, tol {args.tol:g}")
    failed = 0
    for name, f, x in make_checks(rng, args.dim, ctx, args.include_buggy):
        err = np.abs(autograd_grad(f, x)
                     - finite_diff_grad(f, x, args.eps)).max()
        ok = err <= args.tol
        failed += not ok
        print(f"{name:<16s} max abs error {err:.3e}  "
              f"{'PASS' if ok else 'FAIL'}")
    print(f"{failed} of the checks failed" if failed else "all checks passed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
