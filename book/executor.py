"""Wrap myst-nb's notebook execution: record how each page got its
outputs, survive dead kernels, keep cached outputs, and re-run pages when
the helper package changes.

* Status: each page's execution data (``exec_metadata``, which myst-nb
  stores per page on the environment and merges across ``-j`` processes)
  gets ``d2l_status``: ``executed`` when this build ran the notebook,
  ``cached`` when the outputs came from the execution cache.
* Helper changes: jupyter-cache keys a notebook by its code cells and its
  kernelspec only, so editing a ``d2l`` module would leave every page with
  outputs of the old code. A fingerprint of the helpers goes into the
  kernelspec, which is part of the key.

The two patches of myst-nb / jupyter-cache are written against the
versions pinned in requirements.txt (``PATCHED``); install() refuses
others, since each patch names the upstream code it works around.
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

from . import _compat, training_scale

#: Distributions whose internals install() patches (and whose reading and
#: caching of a page book/parallel_execution.py repeats), and the versions
#: the code was written against (pinned in requirements.txt).
PATCHED = {name: _compat.PINNED[name] for name in ("myst-nb", "jupyter-cache")}
#: Key added to myst-nb's per-page execution data.
STATUS = "d2l_status"

#: The helper package the chapters import. ``import d2l`` is cheap: its
#: modules (and MXNet) load on first use.
HELPERS = Path(importlib.util.find_spec("d2l").origin).parent


def helper_sources():
    """Return every Python file of the helper package, subpackages included."""
    return sorted(p for p in HELPERS.rglob("*.py")
                  if "__pycache__" not in p.parts)


#: Files outside d2l whose content shapes the outputs: the kernels' figure
#: hook and its label table (book/kernel_plots.py).
KERNEL_INPUTS = (Path(__file__).with_name("kernel_plots.py"),
                 Path(__file__).resolve().parents[1] / "docs" / "_data" /
                 "plot_labels.yml")


@functools.cache
def helpers_fingerprint():
    """Return a SHA-256 over the d2l helper modules and KERNEL_INPUTS."""
    digest = hashlib.sha256()
    for path in helper_sources():
        name = path.relative_to(HELPERS).as_posix()
        digest.update(name.encode() + b"\0" + path.read_bytes())
    for path in KERNEL_INPUTS:
        digest.update(path.name.encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()[:16]


#: What the build adds to each notebook's kernelspec, part of its cache key.
BUILD_KEYS = ("d2l_helpers", "d2l_scale")


def add_helpers_key(notebook):
    """Put the helpers' fingerprint and the training scale into the
    notebook's cache key (its kernelspec)."""
    kernelspec = notebook.setdefault("metadata", {}).setdefault(
        "kernelspec", {})
    kernelspec["d2l_helpers"] = helpers_fingerprint()
    kernelspec["d2l_scale"] = training_scale.configured()


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


def check_versions(installed=None):
    """Raise if a patched distribution is not at the version pinned."""
    _compat.check_versions(installed, pinned=PATCHED)


def survive_dead_kernel(execute):
    """Wrap jupyter-cache's single_nb_execution so a dead kernel fails the page.

    Upstream: ``jupyter_cache.executors.utils.single_nb_execution`` catches
    CellExecutionError and CellTimeoutError but lets nbclient's
    DeadKernelError escape, which aborts the whole build with an
    "Extension error" that names no page. Returned as a failed result, it
    is reported by cell_errors like any failing cell.
    """
    def single_nb_execution(nb, **kwargs):
        try:
            return execute(nb, **kwargs)
        except DeadKernelError as err:
            return ExecutionResult(nb, kwargs.get("cwd"), 0.0, err,
                                   f"{type(err).__name__}: {err}")

    single_nb_execution.d2l_wrapped = True
    return single_nb_execution


def keep_outputs_and_record_status(start_client):
    """Wrap NotebookClientCache.start_client: key, lock, merge, record.

    Upstream: on a cache hit ``myst_nb.core.execute.cache.NotebookClientCache
    .start_client`` renders a merged *copy* of the notebook, but
    ``myst_nb.sphinx_.Parser.parse`` writes the notebook it passed in, the
    unexecuted one, to jupyter_execute/, so the second language's
    downloadable .ipynb would have no outputs. Merge into the original.
    The wrapper also adds the helper fingerprint to the cache key, holds
    the cache lock, and records the page's status in ``exec_metadata``.
    """
    def start_client_keeping_outputs(self):
        original = self._notebook
        add_helpers_key(original)
        with cache_lock(self.nb_config.execution_cache_path):
            start_client(self)
        hit = self._notebook is not original
        if hit:
            original["cells"] = self._notebook["cells"]
            original["metadata"] = self._notebook["metadata"]
            self._notebook = original
        if self.exec_metadata is not None:
            self.exec_metadata = {**self.exec_metadata,
                                  STATUS: "cached" if hit else "executed"}

    start_client_keeping_outputs.d2l_wrapped = True
    return start_client_keeping_outputs


def install():
    """Patch myst-nb's cache client (once per process)."""
    if getattr(cache.single_nb_execution, "d2l_wrapped", False):
        return
    check_versions()
    cache.single_nb_execution = survive_dead_kernel(cache.single_nb_execution)
    cache.NotebookClientCache.start_client = keep_outputs_and_record_status(
        cache.NotebookClientCache.start_client)


def status(env, docname):
    """Return how this page got its outputs: executed, cached, or None."""
    data = NbMetadataCollector.get_exec_data(env, docname)
    return data.get(STATUS) if data else None


def _depend_on_helpers(app, doctree):
    # Re-read (and so re-key) executed pages when a helper module, or the
    # kernels' figure hook or its labels, changes.
    if NbMetadataCollector.get_exec_data(app.env, app.env.docname):
        for path in (*helper_sources(), *KERNEL_INPUTS):
            app.env.note_dependency(str(path))


def setup(app):
    install()
    app.connect("doctree-read", _depend_on_helpers)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
