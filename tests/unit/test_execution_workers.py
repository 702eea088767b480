"""The parts of book/parallel_execution.py that need no kernel, and the
benchmark's CPU / wall figure."""

import nbformat
from jupyter_cache import get_cache
from jupyter_cache.base import CacheBundleIn

from benchmarks.build import Run, cpu_per_wall
from book.parallel_execution import Job, kernel_environment, missing


def job(name, *sources):
    nb = nbformat.v4.new_notebook(
        cells=[nbformat.v4.new_code_cell(s) for s in sources],
        metadata={"kernelspec": {"name": "python3", "display_name": "P"}})
    return Job(name, None, nb, None, None)


def test_missing_skips_cached_pages_and_runs_shared_code_once(tmp_path):
    cache = get_cache(tmp_path / "cache")
    done = job("done", "1 + 1")
    cache.cache_notebook_bundle(CacheBundleIn(done.notebook, "done.md"),
                                check_validity=False)
    jobs = [done, job("new", "2 + 2"), job("copy", "2 + 2"),
            job("other", "3 + 3")]
    assert [j.docname for j in missing(cache, jobs)] == ["new", "other"]


def test_each_kernel_gets_its_share_of_the_cores(monkeypatch):
    monkeypatch.delenv("OMP_NUM_THREADS", raising=False)
    assert kernel_environment(2, 2)["OMP_NUM_THREADS"] == "1"
    assert kernel_environment(3, 2)["OMP_NUM_THREADS"] == "1"
    assert kernel_environment(2, 8)["OMP_NUM_THREADS"] == "4"
    # A value the user set wins; the rest of the environment is kept.
    monkeypatch.setenv("OMP_NUM_THREADS", "3")
    monkeypatch.setenv("D2L_TEST_VARIABLE", "kept")
    env = kernel_environment(2, 2)
    assert env["OMP_NUM_THREADS"] == "3" and env["D2L_TEST_VARIABLE"] == "kept"


def test_benchmark_reports_cores_kept_busy():
    def run(seconds, cpu):
        return Run("zh", seconds, cpu, 0, 0, 0.0, [])

    assert run(100.0, 170.0).cpu_per_wall == 1.7
    # A step's figure weighs its builds by their wall time.
    assert cpu_per_wall([run(100.0, 170.0), run(20.0, 10.0)]) == 1.5
    assert cpu_per_wall([]) == 0.0
    # Side by side (make html builds zh and en at once): the step's wall.
    assert cpu_per_wall([run(100.0, 170.0), run(90.0, 10.0)], 100.0) == 1.8


def test_pages_that_measure_time_run_alone():
    import nbformat

    from book.parallel_execution import Job, measures_time

    def job(*tags):
        nb = nbformat.v4.new_notebook(cells=[
            nbformat.v4.new_code_cell("1", metadata={"tags": list(tags)})])
        return Job("page", None, nb, None, None)

    assert measures_time(job("timing"))
    assert not measures_time(job("remove-cell"))
