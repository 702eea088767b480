"""Every examples/*.py can be copied out and run on its own.

The scripts are found by glob, so a new example is checked as soon as it is
added: its docstring starts with the one `pip install ...` line it needs,
`--help` and argument errors work without MXNet, a broken or missing MXNet
prints that line instead of a traceback, and bad arguments get argparse's
usage error. The slow test copies each script into an empty folder of a
fresh venv made by that line alone, on the other supported Python (3.12
when the suite runs on 3.11, and the reverse).
"""

import ast
import importlib.util
import os
import re
import shutil
import subprocess
import sys
import time

import pytest
from helpers import DOCS, PIP_INSTALL, ROOT

SCRIPTS = sorted((ROOT / "examples").glob("*.py"))
IDS = [s.name for s in SCRIPTS]
# Non-positive values that each numeric option must reject.
POSITIVE_OPTIONS = ("--epochs", "--batch-size", "--lr", "--lr-decay",
                    "--num-examples", "--eps", "--tol", "--dim")
# What a fake, broken `mxnet` raises on import (numpy 1.24 without aliases).
ALIAS_ERROR = "module 'numpy' has no attribute 'bool'."


def pip_line(script):
    doc = ast.get_docstring(ast.parse(script.read_text(encoding="utf-8")))
    return doc.splitlines()[0] if doc else ""


def run(script, *args, env=None, python=sys.executable, cwd=None):
    return subprocess.run([python, str(script), *args], capture_output=True,
                          text=True, timeout=600, env=env, cwd=cwd)


@pytest.fixture(scope="module")
def fake_mxnet(tmp_path_factory):
    """Environments whose `import mxnet` fails: missing, or broken."""
    envs = {}
    for kind, error in (("missing", "ModuleNotFoundError(\"No module named "
                                    "'mxnet'\")"),
                        ("broken", f"AttributeError({ALIAS_ERROR!r})")):
        folder = tmp_path_factory.mktemp(kind) / "mxnet"
        folder.mkdir()
        (folder / "__init__.py").write_text(f"raise {error}\n")
        envs[kind] = {**os.environ, "PYTHONPATH": str(folder.parent)}
    return envs


class ImportedMXNet(Exception):
    """Raised instead of importing MXNet: the arguments were accepted."""


def load(script, monkeypatch):
    """Import a script as a module whose import_mxnet() raises ImportedMXNet."""
    spec = importlib.util.spec_from_file_location(script.stem, script)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)

    def refuse():
        raise ImportedMXNet
    monkeypatch.setattr(module, "import_mxnet", refuse)
    return module


def call(module, capsys, *args):
    """Run main(args) in this process; return (exit code, stdout, stderr)."""
    with pytest.raises((SystemExit, ImportedMXNet)) as info:
        module.main(list(args))
    out, err = capsys.readouterr()
    code = info.value.code if info.type is SystemExit else "imported mxnet"
    return code, out, err


def options(module, capsys):
    code, out, _ = call(module, capsys, "--help")
    assert code == 0
    return set(re.findall(r"--[a-z][a-z-]*", out))


def assert_usage_error(result, option):
    code, _, err = result
    assert code == 2, (option, code, err)
    assert err.startswith("usage:"), err
    assert f"error: argument {option}" in err


def test_examples_are_found():
    assert len(SCRIPTS) >= 5, SCRIPTS


@pytest.mark.parametrize("script", SCRIPTS, ids=IDS)
def test_docstring_starts_with_its_pip_line(script):
    line = pip_line(script)
    assert line.startswith("pip install "), line
    # Pinned to what runs: MXNet 1.9.1 with a numpy < 2 that has wheels for
    # Python 3.11 and 3.12 (the script adds the aliases numpy 1.24 removed).
    assert "mxnet==1.9.1" in line.split() and "numpy==1.26.4" in line.split()
    assert "setuptools" in line.split()  # distutils on Python 3.12


@pytest.mark.parametrize("kind", ["missing", "broken"])
@pytest.mark.parametrize("script", SCRIPTS, ids=IDS)
def test_help_needs_no_mxnet(script, kind, fake_mxnet):
    proc = run(script, "--help", env=fake_mxnet[kind])
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.startswith("usage:") and "--device" in proc.stdout


@pytest.mark.parametrize("kind", ["missing", "broken"])
@pytest.mark.parametrize("script", SCRIPTS, ids=IDS)
def test_unusable_mxnet_prints_the_fix(script, kind, fake_mxnet):
    proc = run(script, env=fake_mxnet[kind])
    assert proc.returncode == 1
    assert "Traceback" not in proc.stderr
    assert "cannot import MXNet" in proc.stderr
    assert pip_line(script) in proc.stderr
    if kind == "broken":
        assert ALIAS_ERROR in proc.stderr


@pytest.mark.parametrize("script", SCRIPTS, ids=IDS)
def test_non_positive_numbers_are_usage_errors(script, monkeypatch, capsys):
    module = load(script, monkeypatch)
    found = options(module, capsys) & set(POSITIVE_OPTIONS)
    assert found, "no numeric option to check"
    for option in sorted(found):
        for value in ("0", "-1", "nan", "ten"):
            assert_usage_error(call(module, capsys, option, value), option)


@pytest.mark.parametrize("script", SCRIPTS, ids=IDS)
def test_bad_paths_are_usage_errors(script, monkeypatch, capsys, tmp_path):
    module = load(script, monkeypatch)
    found = options(module, capsys)
    if "--plot" in found:
        a_file = tmp_path / "a-file"
        a_file.write_text("")
        for path in (tmp_path / "no-such-dir" / "curve.png",
                     a_file / "curve.png",  # a file is not a folder
                     tmp_path,  # a folder is not a file
                     tmp_path / "curve.txt"):  # not an image format
            assert_usage_error(call(module, capsys, "--plot", str(path)),
                               "--plot")
        # A good path is accepted, and not left behind as an empty file.
        code, _, _ = call(module, capsys, "--plot", str(tmp_path / "c.png"))
        assert code == "imported mxnet"
        assert sorted(p.name for p in tmp_path.iterdir()) == ["a-file"]
    if "--data-dir" in found:
        result = call(module, capsys, "--data-dir", str(tmp_path))
        assert_usage_error(result, "--data-dir")
        assert "train-images-idx3-ubyte.gz" in result[2]
    if not found & {"--plot", "--data-dir"}:
        pytest.skip(f"{script.name} takes no path")


def smoke_args(script):
    """A short real run: one epoch on the CPU where the script has them,
    and 20 minibatches where it can stop early (its accuracy test trains
    it in full)."""
    found = set(re.findall(r"--[a-z][a-z-]*", run(script, "--help").stdout))
    args = ["--device", "cpu"] if "--device" in found else []
    args += ["--epochs", "1"] if "--epochs" in found else []
    return args + (["--max-steps", "20"] if "--max-steps" in found else [])


def pythons():
    """The first Python 3.11 and 3.12 that book/python.sh finds."""
    out = subprocess.run(["bash", str(ROOT / "book" / "python.sh"), "list"],
                         capture_output=True, text=True).stdout
    chosen = {}
    for line in out.splitlines():
        version, path = line.split(" ", 1)
        chosen.setdefault(".".join(version.split(".")[:2]), path)
    return [chosen.get(minor) for minor in ("3.11", "3.12")]


def test_the_install_page_line_holds_the_scripts_line():
    text = (DOCS / "en" / "data-manipulation" / "install.md").read_text(
        encoding="utf-8")
    page = re.search(r"^pip install mxnet==.*$", text, re.M).group(0)
    scripts = {pip_line(s) for s in SCRIPTS}
    assert len(scripts) == 1, scripts
    assert set(scripts.pop().split()) <= set(page.split()), page


def other_minor():
    """The supported Python minor version the suite is not running on."""
    return "3.12" if sys.version_info[:2] == (3, 11) else "3.11"


@pytest.mark.slow
def test_copied_scripts_run_in_a_fresh_venv(tmp_path):
    """On the suite's own Python this needs no third venv: the reader's
    venv (tests/env/test_downloaded_notebooks.py) installs the install
    page's first line, which holds this one (next test), and each script's
    own test runs it on that Python with real MXNet."""
    minor = other_minor()
    python = dict(zip(("3.11", "3.12"), pythons()))[minor]
    if python is None:
        pytest.skip(f"no Python {minor} found by book/python.sh")
    lines = {pip_line(s) for s in SCRIPTS}
    assert len(lines) == 1, f"the examples need different installs: {lines}"
    start = time.monotonic()
    env_dir = tmp_path / "venv"
    subprocess.run([python, "-m", "venv", str(env_dir)], check=True)
    vpy = str(env_dir / "bin" / "python")
    pip = lines.pop().split()[2:]
    install = subprocess.run([vpy, *PIP_INSTALL, *pip],
                             capture_output=True, text=True, timeout=900)
    assert install.returncode == 0, install.stderr
    empty = tmp_path / "copied"
    empty.mkdir()
    clean_env = {k: v for k, v in os.environ.items()
                 if k not in ("PYTHONPATH", "VIRTUAL_ENV")}
    for script in SCRIPTS:
        copy = empty / script.name
        shutil.copy(script, copy)
        proc = run(copy.name, "--help", python=vpy, cwd=empty, env=clean_env)
        assert proc.returncode == 0, proc.stderr
        proc = run(copy.name, *smoke_args(script), python=vpy, cwd=empty,
                   env=clean_env)
        assert proc.returncode == 0, f"{script.name}: {proc.stderr[-2000:]}"
        assert "Traceback" not in proc.stderr
    print(f"\nfresh venv on Python {minor}: "
          f"{time.monotonic() - start:.0f} s for {len(SCRIPTS)} scripts")
