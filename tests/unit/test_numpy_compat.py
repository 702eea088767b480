"""d2l.numpy_compat: numpy's removed aliases, set before `import mxnet`."""

import builtins
import subprocess
import sys
import types

from d2l import numpy_compat


def fake_numpy(version, **attrs):
    module = types.ModuleType("numpy")
    module.__version__ = version
    vars(module).update(attrs)
    return module


def test_adds_the_six_aliases_on_numpy_124_and_newer():
    np = fake_numpy("1.26.4")
    assert numpy_compat.add_aliases(np) == list(numpy_compat.ALIASES)
    for name in numpy_compat.ALIASES:
        assert getattr(np, name) is getattr(builtins, name)


def test_is_a_no_op_on_older_numpy():
    np = fake_numpy("1.23.5")
    assert numpy_compat.add_aliases(np) == []
    assert not set(numpy_compat.ALIASES) & set(vars(np))


def test_keeps_what_numpy_defines():
    np = fake_numpy("2.0.0", bool=object())  # numpy 2 has np.bool again
    mine = np.bool
    assert "bool" not in numpy_compat.add_aliases(np)
    assert np.bool is mine


def test_the_venv_imports_mxnet_without_importing_numpy_first():
    # The Makefile installed the .pth; it arms a hook and imports nothing.
    assert numpy_compat.pth_path().read_text() == numpy_compat.PTH_LINE
    code = ("import sys; assert 'numpy' not in sys.modules; "
            "import mxnet as mx, numpy as np; assert np.bool is bool; "
            "print(mx.nd.ones(3).sum().asscalar())")
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True,
                          text=True, cwd="/")
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.strip() == "3.0"


def test_the_pth_line_survives_a_missing_d2l(tmp_path):
    # What Python does with the line once d2l is uninstalled: nothing.
    proc = subprocess.run([sys.executable, "-S", "-c", numpy_compat.PTH_LINE],
                          capture_output=True, text=True, cwd=tmp_path)
    assert proc.returncode == 0 and proc.stderr == ""
