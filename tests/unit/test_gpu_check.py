"""book.gpu_check: ldd says whether MXNet's CUDA build can load.

The GPU wheel (3 GB with its libraries) is not installed for the tests, so
these feed the checker ldd output of the kind it gave for mxnet-cu117 with
requirements-gpu.txt installed (`make check-gpu`), and run it for real on
the CPU build that is installed.
"""

from book import gpu_check

NVIDIA = "/venv/lib/python3.11/site-packages/nvidia"
LDD_GPU = f"""\
\tlinux-vdso.so.1 (0x00007ffd)
\tlibcudnn.so.8 => {NVIDIA}/cudnn/lib/libcudnn.so.8 (0x00007f1)
\tlibcuda.so.1 => not found
\tlibnccl.so.2 => {NVIDIA}/nccl/lib/libnccl.so.2 (0x00007f2)
\tlibcudart.so.11.0 => {NVIDIA}/cuda_runtime/lib/libcudart.so.11.0 (0x00007f3)
\tlibgomp.so.1 => /lib/x86_64-linux-gnu/libgomp.so.1 (0x00007f4)
\t/lib64/ld-linux-x86-64.so.2 (0x00007f5)
"""

def run(monkeypatch, capsys, ldd_text, *args):
    monkeypatch.setattr(gpu_check, "ldd", lambda lib, path: ldd_text)
    code = gpu_check.main(list(args))
    out = capsys.readouterr()
    return code, out.out + out.err

def test_needed_libraries_reads_resolved_and_missing():
    needed = gpu_check.needed_libraries(LDD_GPU)
    assert needed["libcuda.so.1"] is None
    assert needed["libcudnn.so.8"] == f"{NVIDIA}/cudnn/lib/libcudnn.so.8"
    assert "linux-vdso.so.1" not in needed

def test_only_the_driver_missing_passes_and_says_so(monkeypatch, capsys):
    code, out = run(monkeypatch, capsys, LDD_GPU)
    assert code == 0
    assert "3 come from the nvidia-*-cu11 packages" in out
    assert "no NVIDIA driver" in out

def test_a_build_needs_the_driver(monkeypatch, capsys):
    code, out = run(monkeypatch, capsys, LDD_GPU, "--require-driver")
    assert code == 1 and "error: no NVIDIA driver" in out

def test_a_missing_cuda_library_fails_naming_it(monkeypatch, capsys):
    broken = LDD_GPU.replace(f"{NVIDIA}/cudnn/lib/libcudnn.so.8 (0x00007f1)",
                             "not found")
    code, out = run(monkeypatch, capsys, broken)
    assert code == 1
    assert "libcudnn.so.8" in out and "make venv GPU=1" in out

def test_with_the_driver_everything_resolves(monkeypatch, capsys):
    with_driver = LDD_GPU.replace(
        "libcuda.so.1 => not found",
        "libcuda.so.1 => /lib/x86_64-linux-gnu/libcuda.so.1 (0x1)")
    code, out = run(monkeypatch, capsys, with_driver, "--require-driver")
    assert code == 0 and "the NVIDIA driver provides" in out

def test_the_installed_cpu_build_needs_no_cuda(capsys):
    assert gpu_check.main([]) == 0
    assert "CPU build" in capsys.readouterr().out

def test_lib_path_is_empty_without_the_cuda_packages(capsys):
    assert gpu_check.main(["--lib-path"]) == 0
    assert capsys.readouterr().out.strip() == ""
