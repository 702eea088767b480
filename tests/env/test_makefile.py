"""The Makefile's choice of Python: 3.11.x or 3.12, uv for the rest, or a
clear refusal; a working .venv is kept, whatever environment is activated,
and a .venv of another Python version than PYTHON= is recreated.

Pythons are found as the Makefile finds them, by `book/python.sh list`.
"""

import os
import shutil
import subprocess
import sys
import time

import pytest
from helpers import BOOK, ROOT

from book.installer import UV  # the uv the real-uv test installs

FIND = ["bash", str(ROOT / "book" / "python.sh")]
# The Pythons the issue names; absent ones are skipped with a message.
NAMED = ("3.11.2", "3.11.7", "3.12.1", "3.13.0")
ADVICE = ("uv python install 3.12", "python@3.12", "deadsnakes",
          "pyenv install 3.12", "PYTHON=")


def path_without_uv():
    """PATH without the folders that hold a `uv` (to test the refusal)."""
    dirs = os.environ["PATH"].split(os.pathsep)
    return os.pathsep.join(d for d in dirs
                           if not os.path.exists(os.path.join(d, "uv")))


def env(path=None):
    return {**os.environ, "PATH": path or path_without_uv()}


def found_pythons():
    """{version: path} of every Python that book/python.sh lists."""
    out = subprocess.run([*FIND, "list"], capture_output=True, text=True,
                         env=env(), check=True).stdout
    return dict(line.split(" ", 1) for line in out.splitlines())


FOUND = found_pythons()


def supported(version):
    return version.startswith(("3.11.", "3.12."))


def make(*args, path=None, timeout=60):
    return subprocess.run(["make", "-s", *args], cwd=ROOT, capture_output=True,
                          text=True, env=env(path), timeout=timeout)


def fake_uv(tmp_path, python):
    """A `uv` that logs its arguments and makes the venv with `python`."""
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    log = tmp_path / "uv.log"
    uv = bin_dir / "uv"
    uv.write_text(f'#!/bin/sh\necho "$@" >> {log}\n'
                  f'for a; do last=$a; done\n'
                  f'exec {python} -m venv --without-pip "$last"\n')
    uv.chmod(0o755)
    return f"{bin_dir}{os.pathsep}{path_without_uv()}", log


def newest_unsupported():
    return next((p for v, p in sorted(FOUND.items(), reverse=True)
                 if not supported(v)), None)


def first_supported():
    return next((p for v, p in FOUND.items() if supported(v)), None)


def test_missing_python_is_named():
    result = make("check-python", "PYTHON=/nonexistent/python3.11")
    assert result.returncode != 0
    assert "PYTHON=/nonexistent/python3.11 is not an executable Python" \
        in result.stderr


def test_too_new_python_without_uv_is_refused_fast_with_advice():
    python = newest_unsupported()
    if python is None:
        pytest.skip("no Python 3.13+ found by book/python.sh")
    start = time.monotonic()
    result = make("venv", f"PYTHON={python}", "VENV=/nonexistent/venv")
    assert time.monotonic() - start < 15
    assert result.returncode != 0
    assert "needs Python 3.11 or 3.12" in result.stderr
    for advice in ADVICE:
        assert advice in result.stderr
    assert "Traceback" not in result.stderr


def test_too_new_python_with_uv_makes_a_312_venv(tmp_path):
    python, base = newest_unsupported(), first_supported()
    if python is None or base is None:
        pytest.skip("needs a Python 3.13+ and a 3.11/3.12")
    path, log = fake_uv(tmp_path, base)
    venv = tmp_path / "venv"
    result = subprocess.run([*FIND, "venv", str(venv), python],
                            capture_output=True, text=True, env=env(path))
    assert result.returncode == 0, result.stderr
    assert log.read_text().split() == ["venv", "--quiet", "--seed",
                                       "--python", "3.12", str(venv)]
    assert (venv / ".d2l-python").read_text().strip() == "uv 3.12"
    assert "uv venv --seed --python 3.12" in result.stderr, result.stderr


def test_venv_of_another_python_is_recreated(tmp_path):
    pythons = [p for v, p in FOUND.items() if supported(v)]
    if len(pythons) < 2:
        pytest.skip("needs two Pythons 3.11/3.12")
    venv = tmp_path / "venv"
    # As `python.sh venv VENV pythons[0]` would make it, without pip (fast).
    subprocess.run([pythons[0], "-m", "venv", "--without-pip", str(venv)],
                   check=True)
    marker = subprocess.run([*FIND, "select", pythons[0]], env=env(),
                            capture_output=True, text=True).stdout
    (venv / ".d2l-python").write_text(marker)
    fresh = subprocess.run([*FIND, "fresh", str(venv), pythons[0]],
                           capture_output=True, text=True, env=env())
    assert fresh.stdout.strip() == "yes"
    stale = subprocess.run([*FIND, "fresh", str(venv), pythons[1]],
                           capture_output=True, text=True, env=env())
    assert stale.stdout.strip() == ""
    result = subprocess.run([*FIND, "venv", str(venv), pythons[1]],
                            capture_output=True, text=True, env=env())
    assert result.returncode == 0
    old_version = next(v for v, p in FOUND.items() if p == pythons[0])
    new_version = next(v for v, p in FOUND.items() if p == pythons[1])
    # One line that names both Pythons.
    line, = [x for x in result.stderr.splitlines() if "Recreating" in x]
    assert line.startswith(f"Recreating {venv}: it was made by Python "
                           f"{old_version} (")
    assert f"now Python {new_version} ({pythons[1]})" in line
    version = subprocess.run([str(venv / "bin" / "python"), "-c",
                              "import sys; print(sys.version.split()[0])"],
                             capture_output=True, text=True).stdout.strip()
    assert f"{version} " in (venv / ".d2l-python").read_text()
    assert FOUND[version] == pythons[1]


def test_clean_says_what_it_keeps(tmp_path):
    result = make("clean", f"BUILDDIR={tmp_path / 'build'}",
                  f"VENV={tmp_path / 'venv'}")
    assert result.returncode == 0
    assert "kept" in result.stdout and "distclean" in result.stdout


@pytest.mark.slow
@pytest.mark.parametrize("version", sorted(set(NAMED) | set(FOUND)))
def test_make_venv_works_or_refuses(version, tmp_path, make_venv):
    """`make venv` with each Python: a working env, or the refusal.

    pip's cache (and the local index) make a repeat install ~1 minute.
    """
    if version not in FOUND:
        pytest.skip(f"Python {version} is not on this machine "
                    "(book/python.sh list does not find it)")
    main = ROOT / ".venv"
    if (main / ".d2l-python").is_file() and (main / ".d2l-python").read_text(
            ).split() == [version, FOUND[version]]:
        venv = main  # `make` already made this one; check it, don't redo it
        start = time.monotonic()
        result = make("venv", f"PYTHON={FOUND[version]}", f"VENV={venv}",
                      timeout=1200)
        took = time.monotonic() - start
    else:
        venv, result, took = make_venv(FOUND[version], env())
    if not supported(version):
        assert result.returncode != 0 and took < 15
        assert "needs Python 3.11 or 3.12" in result.stderr
        return
    assert result.returncode == 0, result.stdout + result.stderr
    assert versions_in(venv, tmp_path) == [version, "1.26.4", "1.9.1"]
    print(f"\nmake venv with Python {version}: {took:.0f} s")


def versions_in(venv, cwd):
    """Run MXNet's autograd in venv; return [Python, numpy, MXNet] versions."""
    check = subprocess.run(
        [str(venv / "bin" / "python"), "-c",
         "import sys, mxnet as mx, numpy, sphinx, myst_nb; "
         "from mxnet import autograd, gluon, nd; "
         "x = nd.arange(4); x.attach_grad()\n"
         "with autograd.record(): y = (x * x).sum()\n"
         "y.backward(); assert x.grad.asnumpy().tolist() == [0, 2, 4, 6]\n"
         "print(sys.version.split()[0], numpy.__version__, mx.__version__)"],
        capture_output=True, text=True, cwd=cwd)
    assert check.returncode == 0, check.stderr
    return check.stdout.split()


@pytest.mark.slow
def test_313_with_the_real_uv_makes_a_312_venv(tmp_path):
    """A reader whose Python is 3.13 and who has uv: the Makefile's venv step
    (`python.sh venv`) makes a 3.12 venv with the real uv from PyPI. Offline,
    uv cannot download a Python, so it is given the machine's 3.12 on PATH,
    as it would find one that `uv python install 3.12` put there. That pip
    then fills a 3.12 venv is test_make_venv_works_or_refuses[3.12.*].
    """
    python = newest_unsupported()
    py312 = next((p for v, p in FOUND.items() if v.startswith("3.12.")), None)
    if python is None or py312 is None:
        pytest.skip("needs a Python 3.13+ and a 3.12")
    subprocess.run([sys.executable, "-m", "pip", "install", "--quiet",
                    "--target", str(tmp_path / "uv"), UV], check=True,
                   timeout=300)
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    (bin_dir / "uv").symlink_to(tmp_path / "uv" / "bin" / "uv")
    (bin_dir / "python3.12").symlink_to(py312)
    venv = tmp_path / "venv"
    result = subprocess.run(
        [*FIND, "venv", str(venv), python], capture_output=True, text=True,
        env=env(f"{bin_dir}{os.pathsep}{path_without_uv()}"), timeout=300)
    assert result.returncode == 0, result.stderr
    assert "uv venv --seed --python 3.12" in result.stderr
    assert (venv / ".d2l-python").read_text().strip() == "uv 3.12"
    version = subprocess.run(
        [str(venv / "bin" / "python"), "-c",
         "import sys, pip; print(sys.version.split()[0])"],
        capture_output=True, text=True, check=True).stdout.strip()
    assert version == next(v for v, p in FOUND.items() if p == py312)


def activated(venv, path=None):
    """The environment of a shell in which `source venv/bin/activate` ran."""
    return {**env(path), "VIRTUAL_ENV": str(venv),
            "PATH": f"{venv / 'bin'}{os.pathsep}{path or path_without_uv()}"}


def bare_venv(python, venv):
    """A venv as `make venv` leaves it, without pip (fast): the marker and a
    stamp newer than requirements.txt, so `make venv` has nothing to do."""
    subprocess.run([python, "-m", "venv", "--without-pip", str(venv)],
                   check=True)
    marker = subprocess.run([*FIND, "select", python], env=env(),
                            capture_output=True, text=True).stdout
    (venv / ".d2l-python").write_text(marker)
    (venv / ".installed-mxnet").touch()
    return venv


def snapshot(venv):
    """What must not change when make keeps a venv."""
    return ((venv / ".d2l-python").read_text(),
            (venv / ".d2l-python").stat().st_mtime_ns,
            (venv / "pyvenv.cfg").stat().st_mtime_ns,
            (venv / "bin" / "python").resolve())


def test_make_keeps_its_own_activated_venv(tmp_path):
    """Issue 26: with .venv activated, python.sh found .venv/bin/python3.11
    first, called .venv stale, deleted it and failed to recreate it."""
    python = first_supported()
    if python is None:
        pytest.skip("needs a Python 3.11/3.12")
    venv = bare_venv(python, tmp_path / ".venv")
    before = snapshot(venv)
    result = make("venv", f"VENV={venv}", path=activated(venv)["PATH"])
    assert result.returncode == 0, result.stderr
    assert "Recreating" not in result.stderr
    assert snapshot(venv) == before
    # The venv's interpreter is listed as its base install, never itself.
    listed = subprocess.run([*FIND, "list"], capture_output=True, text=True,
                            env=activated(venv), check=True).stdout
    assert str(venv) not in listed


def test_make_keeps_its_venv_when_another_venv_is_activated(tmp_path):
    """Another venv of the same Python, activated: its python3.11 is the
    first on the PATH (the old code chose it and recreated .venv)."""
    python = first_supported()
    if python is None:
        pytest.skip("needs a Python 3.11/3.12")
    venv = bare_venv(python, tmp_path / ".venv")
    other = tmp_path / "other"
    subprocess.run([python, "-m", "venv", "--without-pip", str(other)],
                   check=True)
    before = snapshot(venv)
    other_before = sorted(p.name for p in (other / "bin").iterdir())
    result = make("venv", f"VENV={venv}", path=activated(other)["PATH"])
    assert result.returncode == 0, result.stderr
    assert "Recreating" not in result.stderr
    assert snapshot(venv) == before
    assert sorted(p.name for p in (other / "bin").iterdir()) == other_before


def test_a_venv_whose_python_is_gone_is_recreated_with_a_reason(tmp_path):
    python = first_supported()
    if python is None:
        pytest.skip("needs a Python 3.11/3.12")
    venv = bare_venv(python, tmp_path / "venv")
    for exe in (venv / "bin").glob("python*"):
        exe.unlink()
    result = subprocess.run([*FIND, "venv", str(venv)], capture_output=True,
                            text=True, env=env())
    assert result.returncode == 0, result.stderr
    assert "made by a Python that no longer runs" in result.stderr
    assert (venv / "bin" / "python").exists()


def test_mistyped_only_names_the_folders_that_exist(tmp_path):
    """Issue 26: ONLY=deep-learning-basic (one letter short) built nothing
    of that part and exited 0."""
    for lang in ("zh", "en"):
        result = make(f"html-{lang}", "ONLY=deep-learning-basic",
                      f"BUILDDIR={tmp_path}")
        assert result.returncode != 0
        line, = [x for x in result.stderr.splitlines() if "error:" in x]
        assert f"docs/{lang}/deep-learning-basic does not exist" in line
        for folder in ("before-you-start", "deep-learning-basics"):
            assert folder in line
        assert not (tmp_path / "html").exists()


@pytest.mark.slow
def test_build_with_the_books_venv_activated(tmp_path):
    """The reader's steps from issue 26, with the venv `make` made: activate
    it, build one part; the venv is untouched and the part is built. (The
    build starts from a copy of the main build's execution cache: what runs
    the pages is not in question here, and running them took 35 s.)"""
    venv = ROOT / ".venv"
    if not (venv / ".d2l-python").is_file():
        pytest.skip("make has not made .venv")
    # Checked first without make, so a regression cannot delete .venv.
    fresh = subprocess.run([*FIND, "fresh", str(venv)], capture_output=True,
                           text=True, env=activated(venv))
    assert fresh.stdout.strip() == "yes"
    before = snapshot(venv)
    stamp = next(venv.glob(".installed-*")).stat().st_mtime_ns
    if BOOK.cache.is_dir():
        shutil.copytree(BOOK.cache, tmp_path / BOOK.cache.name)
    result = make("html-zh", "ONLY=before-you-start", f"BUILDDIR={tmp_path}",
                  path=activated(venv)["PATH"], timeout=600)
    assert result.returncode == 0, result.stdout + result.stderr
    assert snapshot(venv) == before
    assert next(venv.glob(".installed-*")).stat().st_mtime_ns == stamp
    assert (tmp_path / "html" / "zh" / "before-you-start" /
            "gpu-vs-cpu.html").is_file()


def stamp_prerequisites(venv):
    """What make would remake the venv's stamp from, as it reads the file."""
    data = make("-pn", f"VENV={venv}", "check-python").stdout
    line = next(x for x in data.splitlines()
                if x.startswith(f"{venv}/.installed-mxnet:"))
    return line.split(":", 1)[1].split()


def test_a_missing_venv_is_made_once_per_make_test(tmp_path):
    """`make test` makes `html` in a sub-make, which makes the venv, and then
    needs the venv itself (axe-core's npm). A venv forced while it did not
    exist yet was installed a second time there."""
    assert "FORCE" not in stamp_prerequisites(tmp_path / "none")
    broken = tmp_path / "broken"
    (broken / "bin").mkdir(parents=True)
    (broken / "pyvenv.cfg").write_text("home = /nonexistent\n")
    assert "FORCE" in stamp_prerequisites(broken)
