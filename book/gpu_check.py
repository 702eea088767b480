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


def missing_libraries(libmxnet, library_path):
    """Return the sonames that ldd cannot resolve for ``libmxnet``."""
    env = {**os.environ, "LD_LIBRARY_PATH": os.pathsep.join(
        filter(None, [*library_path, os.environ.get("LD_LIBRARY_PATH")]))}
    out = subprocess.run(["ldd", str(libmxnet)], capture_output=True,
                         text=True, env=env, check=True).stdout
    return parse_ldd(out)


def parse_ldd(text):
    """Return the sonames that ``ldd`` output marks as not found."""
    return sorted({line.split("=>")[0].strip() for line in text.splitlines()
                   if "not found" in line})


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
    missing = missing_libraries(libmxnet, dirs)
    others = [m for m in missing if m != DRIVER_LIBRARY]
    if others:
        print(f"error: libmxnet.so needs {', '.join(others)}, which no "
              "installed package provides. Run `make venv GPU=1` (it installs "
              "requirements-gpu.txt); a CPU build of MXNet needs no CUDA "
              "libraries at all.", file=sys.stderr)
        return 1
    print(f"ok: all {len(dirs)} CUDA library folders from PyPI resolve "
          "for libmxnet.so.")
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
