"""Check that MXNet's CUDA build can load its libraries, without importing it.

``make check-gpu`` runs ``ldd`` on the installed ``libmxnet.so`` with the
CUDA 11 libraries from PyPI (``requirements-gpu.txt``) on the library path.
Every library must resolve except ``libcuda.so.1``, which only an NVIDIA
driver provides. ``--lib-path`` prints the folders of those PyPI libraries
for ``LD_LIBRARY_PATH``; ``--require-driver`` also fails when the driver is
missing, which is what ``make html GPU=1`` needs.

Usage: python -m book.gpu_check [--lib-path | --require-driver]
"""

import argparse
import importlib.util
import os
import subprocess
import sys
from pathlib import Path

#: Provided by the NVIDIA driver, never by a wheel.
DRIVER_LIBRARY = "libcuda.so.1"


def site_packages():
    """Return the folder that holds the ``mxnet`` package (not imported)."""
    spec = importlib.util.find_spec("mxnet")
    if spec is None or not spec.submodule_search_locations:
        raise SystemExit("error: MXNet is not installed in this environment; "
                         "run `make venv GPU=1`.")
    return Path(list(spec.submodule_search_locations)[0]).parent


def cuda_library_dirs(root):
    """Return the lib folders of the nvidia-*-cu11 packages, sorted."""
    return sorted(str(p) for p in (root / "nvidia").glob("*/lib") if p.is_dir())


def ldd(libmxnet, library_path):
    """Return ldd's output for ``libmxnet`` with ``library_path`` searched."""
    env = {**os.environ, "LD_LIBRARY_PATH": os.pathsep.join(
        filter(None, [*library_path, os.environ.get("LD_LIBRARY_PATH")]))}
    return subprocess.run(["ldd", str(libmxnet)], capture_output=True,
                          text=True, env=env, check=True).stdout


def needed_libraries(text):
    """Return {soname: resolved path or None} from ``ldd`` output."""
    libraries = {}
    for line in text.splitlines():
        name, arrow, target = line.strip().partition(" => ")
        if arrow:
            libraries[name] = None if "not found" in target else \
                target.split(" (")[0]
    return libraries


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    mode = parser.add_mutually_exclusive_group()
    mode.add_argument("--lib-path", action="store_true",
                      help="print the CUDA library folders for LD_LIBRARY_PATH")
    mode.add_argument("--require-driver", action="store_true",
                      help="also fail when no NVIDIA driver is installed")
    args = parser.parse_args(argv)

    root = site_packages()
    dirs = cuda_library_dirs(root)
    if args.lib_path:
        print(os.pathsep.join(dirs))
        return 0
    libmxnet = root / "mxnet" / "libmxnet.so"
    if not libmxnet.is_file():
        raise SystemExit(f"error: {libmxnet} is missing; reinstall MXNet.")
    needed = needed_libraries(ldd(libmxnet, dirs))
    if DRIVER_LIBRARY not in needed:
        print("ok: this MXNet is a CPU build; it needs no CUDA libraries.")
        return 0
    missing = sorted(name for name, path in needed.items() if path is None)
    others = [m for m in missing if m != DRIVER_LIBRARY]
    if others:
        print(f"error: libmxnet.so needs {', '.join(others)}, which no "
              "installed package provides. Run `make venv GPU=1` (it installs "
              "requirements-gpu.txt); a CPU build of MXNet needs no CUDA "
              "libraries at all.", file=sys.stderr)
        return 1
    cuda = sorted(name for name, path in needed.items()
                  if path and "/nvidia/" in path)
    print(f"ok: libmxnet.so finds all {len(needed) - 1} libraries it needs "
          f"but {DRIVER_LIBRARY}; {len(cuda)} come from the nvidia-*-cu11 "
          f"packages: {', '.join(cuda)}.")
    if DRIVER_LIBRARY in missing:
        message = (f"no NVIDIA driver: {DRIVER_LIBRARY} is not installed, so "
                   "`import mxnet` fails with this CUDA build. Install the "
                   "NVIDIA driver (`nvidia-smi` must work), or build for the "
                   "CPU without GPU=1.")
        if args.require_driver:
            print(f"error: {message}", file=sys.stderr)
            return 1
        print(f"note: {message}")
    else:
        print(f"ok: the NVIDIA driver provides {DRIVER_LIBRARY}.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
