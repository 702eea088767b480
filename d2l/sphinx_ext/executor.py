"""Wrap myst-nb's notebook execution: count runs, survive dead kernels,
keep cached outputs.

* Counting: the number of real executions is the ground truth for "the
  second language executed 0 notebooks"; cache hits never get here.
* Dead kernels: jupyter-cache catches CellExecutionError and
  CellTimeoutError but lets DeadKernelError escape, which aborts the
  whole build with an "Extension error" that does not name the page.
  Returning it as a failed result lets cell_errors report it precisely.
* Cached outputs: on a cache hit myst-nb renders the merged notebook but
  writes the *unexecuted* one to jupyter_execute/, so the second language's
  downloadable .ipynb would have no outputs. Merge into the original.
"""

from jupyter_cache.executors.utils import ExecutionResult
from myst_nb.core.execute import cache
from nbclient.exceptions import DeadKernelError

#: Notebooks executed by this process so far.
count = 0


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
        start_client(self)
        if self._notebook is not original:  # a cache hit
            original["cells"] = self._notebook["cells"]
            original["metadata"] = self._notebook["metadata"]
            self._notebook = original

    cache.NotebookClientCache.start_client = start_client_keeping_outputs
