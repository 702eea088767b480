"""Let MXNet 1.9.1 import with numpy 1.24 or newer.

MXNet 1.9.1 still uses six aliases of Python built-ins that numpy removed
in 1.24: ``np.bool``, ``np.int``, ``np.float``, ``np.object``,
``np.complex`` and ``np.str`` (upstream mxnet#21165). numpy 1.23, which
still has them, has no wheels for Python 3.12, so the book pins numpy
1.26.4 and puts the aliases back, just before ``mxnet`` is first imported.

``python -m d2l.numpy_compat install`` writes a one-line ``.pth`` file into
the environment's site-packages, so that every Python started there
arms the hook: ``import mxnet`` then works in scripts, notebooks and chapter
cells that never import ``d2l``. Nothing happens on numpy < 1.24, and
numpy is only imported when mxnet is.
"""

import builtins
import sys
import sysconfig
from pathlib import Path

ALIASES = ("bool", "int", "float", "object", "complex", "str")
PTH_NAME = "d2l_numpy_compat.pth"
# A .pth line that starts with "import" runs at every start-up. It must not
# fail once d2l is uninstalled, and it leaves no entry in sys.modules: not
# this module, so that `python -m d2l.numpy_compat` runs this file afresh,
# and not the d2l package, so that a later `import d2l` finds whichever
# d2l comes first on sys.path (a book build puts its own checkout first).
PTH_LINE = ("import sys; exec('try:\\n import d2l.numpy_compat as m\\n"
            "except ImportError:\\n pass\\nelse:\\n m.arm()\\n"
            " del sys.modules[m.__name__]\\n sys.modules.pop(\"d2l\", None)')\n")


def add_aliases(np):
    """Set the removed aliases on the numpy module ``np``; return their names.

    A no-op on numpy < 1.24, which still has them (deprecated).
    """
    from numpy.lib import NumpyVersion

    if NumpyVersion(np.__version__) < "1.24.0":
        return []
    # Not getattr: on 1.24-1.26 it warns about some of the names first.
    added = [name for name in ALIASES if name not in vars(np)]
    for name in added:
        setattr(np, name, getattr(builtins, name))
    return added


class _BeforeMXNet:
    """A meta-path finder that adds the aliases when mxnet is imported.

    It finds nothing itself: it only runs add_aliases first, then lets the
    normal finders import mxnet.
    """

    done = False

    def find_spec(self, fullname, path=None, target=None):
        if fullname == "mxnet" and not self.done:
            self.done = True
            try:
                import numpy
            except ImportError:
                return None
            add_aliases(numpy)
        return None


def arm():
    """Add the aliases before the first ``import mxnet`` of this process."""
    # By name: a .pth may run twice (lib64 -> lib), each time a fresh module.
    if "mxnet" in sys.modules or any(
            type(f).__name__ == "_BeforeMXNet" for f in sys.meta_path):
        return
    if "numpy" in sys.modules:
        add_aliases(sys.modules["numpy"])
    else:
        sys.meta_path.insert(0, _BeforeMXNet())


def pth_path():
    """Where ``install`` puts the .pth file: this environment's site-packages."""
    return Path(sysconfig.get_paths()["purelib"]) / PTH_NAME


def install():
    path = pth_path()
    path.write_text(PTH_LINE, encoding="utf-8")
    return path


def main(argv=None):
    argv = sys.argv[1:] if argv is None else argv
    if argv == ["install"]:
        print(f"wrote {install()}: numpy aliases for MXNet 1.9.1 in every "
              "Python of this environment")
    elif argv == ["uninstall"]:
        pth_path().unlink(missing_ok=True)
        print(f"removed {pth_path()}")
    else:
        print("usage: python -m d2l.numpy_compat install|uninstall",
              file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main())
