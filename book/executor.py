"""Wrap myst-nb's notebook execution: count runs, survive dead kernels,
keep cached outputs, and re-run pages when the helper package changes.

* Counting: the number of real executions is the ground truth for "the
  second language executed 0 notebooks"; cache hits never get here.
* Dead kernels: jupyter-cache catches CellExecutionError and
  CellTimeoutError but lets DeadKernelError escape, which aborts the
  whole build with an "Extension error" that does not name the page.
  Returning it as a failed result lets cell_errors report it precisely.
* Cached outputs: on a cache hit myst-nb renders the merged notebook but
  writes the *unexecuted* one to jupyter_execute/, so the second language's
  downloadable .ipynb would have no outputs. Merge into the original.
* Helper changes: jupyter-cache keys a notebook by its code cells and its
  kernelspec only, so editing a ``d2l`` module would leave every page with
  outputs of the old code. A fingerprint of the helpers goes into the
  kernelspec, which is part of the key.
"""

import contextlib
import functools
import hashlib
import importlib.util
from pathlib import Path

try:
    import fcntl
except ImportError:  # Windows: no lock (one build at a time there)
    fcntl = None

from jupyter_cache.executors.utils import ExecutionResult
from myst_nb.core.execute import cache
from myst_nb.sphinx_ import NbMetadataCollector
from nbclient.exceptions import DeadKernelError

#: Notebooks executed by this process so far.
count = 0

#: The helper package the chapters import. ``import d2l`` is cheap: its
#: modules (and MXNet) load on first use.
HELPERS = Path(importlib.util.find_spec("d2l").origin).parent


def helper_sources():
    """Return every Python file of the helper package, subpackages included."""
    return sorted(p for p in HELPERS.rglob("*.py")
                  if "__pycache__" not in p.parts)


@functools.lru_cache(maxsize=None)
def helpers_fingerprint():
    """Return a SHA-256 over the source of the d2l helper modules."""
    digest = hashlib.sha256()
    for path in helper_sources():
        name = path.relative_to(HELPERS).as_posix()
        digest.update(name.encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()[:16]


@contextlib.contextmanager
def cache_lock(cache_path):
    """Hold an exclusive lock on the execution cache while it is in use.

    zh and en builds running at the same time share one cache, and
    jupyter-cache does not take two writers ("hashkey already exists",
    FileExistsError). Locking lookup, execution and storing together also
    makes the second build wait for the first one's run and reuse it. The
    lock goes away with the process, even when it is killed.
    """
    if fcntl is None:
        yield
        return
    path = Path(f"{cache_path or '.jupyter_cache'}.lock")
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "a") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        yield


def install():
    """Patch myst-nb's cache client (once)."""
    execute = cache.single_nb_execution
    if getattr(execute, "d2l_wrapped", False):
        return

    def single_nb_execution(nb, **kwargs):
        global count
        count += 1
        try:
            return execute(nb, **kwargs)
        except DeadKernelError as err:
            return ExecutionResult(nb, kwargs.get("cwd"), 0.0, err,
                                   f"{type(err).__name__}: {err}")

    single_nb_execution.d2l_wrapped = True
    cache.single_nb_execution = single_nb_execution

    start_client = cache.NotebookClientCache.start_client

    def start_client_keeping_outputs(self):
        original = self._notebook
        kernelspec = original.setdefault("metadata", {}).setdefault(
            "kernelspec", {})
        kernelspec["d2l_helpers"] = helpers_fingerprint()
        with cache_lock(self.nb_config.execution_cache_path):
            start_client(self)
        if self._notebook is not original:  # a cache hit
            original["cells"] = self._notebook["cells"]
            original["metadata"] = self._notebook["metadata"]
            self._notebook = original

    cache.NotebookClientCache.start_client = start_client_keeping_outputs


def _depend_on_helpers(app, doctree):
    # Re-read (and so re-key) executed pages when a helper module changes.
    if NbMetadataCollector.get_exec_data(app.env, app.env.docname):
        for path in helper_sources():
            app.env.note_dependency(str(path))


def setup(app):
    install()
    app.connect("doctree-read", _depend_on_helpers)
