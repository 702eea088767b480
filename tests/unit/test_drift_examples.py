"""The example scripts stay copyable, and in step with the book.

Each script in examples/ carries its own copy of the functions the book
teaches (it may depend only on mxnet, numpy and matplotlib). This test
fails when such a copy drifts from its home in d2l: the model, the loss,
the accuracy and the update are compared as code (the AST, without
docstrings, with argument and local names normalised). The Gluon scripts'
model, initialisation and loss (``nn.Dense(10)``, ``init.Normal(...)``,
``gluon.loss.SoftmaxCrossEntropyLoss()``) must be the chapter's.
"""

import ast
import inspect
import textwrap

import pytest
from code_compare import without_docstring
from helpers import ROOT, read_source_notebook

import d2l

EXAMPLES = ROOT / "examples"
#: script -> {function in the script: the d2l function it copies}.
COPIES = {
    "softmax_regression_scratch.py": {"softmax": "softmax",
                                      "cross_entropy": "cross_entropy",
                                      "correct": "accuracy"},
    "softmax_regression_gluon.py": {"correct": "accuracy"},
    "linear_regression_scratch.py": {"linreg": "linreg",
                                     "squared_loss": "squared_loss",
                                     "sgd": "sgd", "num_gpus": "num_gpus"},
    "linear_regression_gluon.py": {"load_array": "load_array",
                                   "num_gpus": "num_gpus"},
    "autograd_check.py": {"num_gpus": "num_gpus"},
    "lenet.py": {"count_correct": "count_correct"},
    "resnet.py": {"count_correct": "count_correct"},
}
#: Functions named like a d2l export that differ on purpose, and why.
DIFFERENT_ON_PURPOSE = {
    ("resnet.py", "resnet18"):
        "takes the width multiplier of --scale; builds the same layout as "
        "d2l.resnet18, whose page teaches it block by block",
    ("lenet.py", "lenet"):
        "takes bn and also builds a LeNet-BN (ReLU, max pooling); d2l.lenet "
        "is the plain LeNet",
    ("linear_regression_scratch.py", "synthetic_data"):
        "takes the noise level and the device as arguments",
    ("linear_regression_gluon.py", "synthetic_data"):
        "takes the noise level as an argument",
    ("linear_regression_scratch.py", "data_iter"):
        "puts the indices on the features' device (GPU runs)",
    ("linear_regression_scratch.py", "train"):
        "trains one model; d2l.train trains any classifier",
    ("linear_regression_gluon.py", "train"):
        "trains one model; d2l.train trains any classifier",
    ("softmax_regression_scratch.py", "train"):
        "a loop over in-memory minibatches; d2l.train takes iterators",
    ("softmax_regression_gluon.py", "train"):
        "a loop over in-memory minibatches; d2l.train takes iterators",
    ("softmax_regression_scratch.py", "plot"):
        "saves the training curves to a file; d2l.plot draws in a notebook",
    ("softmax_regression_gluon.py", "plot"):
        "saves the training curves to a file; d2l.plot draws in a notebook",
    ("mlp_scratch.py", "train"):
        "a loop over in-memory minibatches; d2l.train takes iterators",
    ("mlp_gluon.py", "train"):
        "a loop over in-memory minibatches; d2l.train takes iterators",
    ("save_load.py", "train"):
        "trains one epoch and returns the model to save",
    ("mlp_scratch.py", "plot"):
        "saves the training curves to a file; d2l.plot draws in a notebook",
    ("mlp_gluon.py", "plot"):
        "saves the training curves to a file; d2l.plot draws in a notebook",
    ("save_load.py", "plot"):
        "saves the loss curve to a file; d2l.plot draws in a notebook",
    ("lenet.py", "train"):
        "a loop over in-memory minibatches; d2l.train_classifier takes "
        "iterators",
    ("lenet.py", "plot"):
        "saves the training curves to a file; d2l.plot draws in a notebook",
    ("resnet.py", "train"):
        "a loop over in-memory minibatches, resized one at a time; "
        "d2l.train_classifier takes iterators",
    ("resnet.py", "plot"):
        "saves the training curves to a file; d2l.plot draws in a notebook",
}
#: Gluon script -> the chapter whose model and loss it must use.
GLUON_CHAPTERS = {
    "softmax_regression_gluon.py": "deep-learning-basics/softmax-regression-gluon",
    "linear_regression_gluon.py": "deep-learning-basics/linear-regression-gluon",
}


class _Normalise(ast.NodeTransformer):
    """Rename the function, its arguments and its locals to v0, v1, ..."""

    def __init__(self, local_names):
        self.names = {}
        self.local = local_names

    def _name(self, name):
        return self.names.setdefault(name, f"v{len(self.names)}")

    def visit_FunctionDef(self, node):
        node.name = "f"
        node.returns = None
        self.generic_visit(node)
        return node

    def visit_arg(self, node):
        node.arg = self._name(node.arg)
        node.annotation = None
        return node

    def visit_Name(self, node):
        if node.id in self.local:
            node.id = self._name(node.id)
        return node


def normalised(source):
    """Return a function's code without docstring, names normalised."""
    node = without_docstring(ast.parse(textwrap.dedent(source)).body[0])
    local = {a.arg for a in ast.walk(node.args) if isinstance(a, ast.arg)}
    local |= {n.id for n in ast.walk(node) if isinstance(n, ast.Name)
              and isinstance(n.ctx, ast.Store)}
    return ast.unparse(_Normalise(local).visit(node))


def script_functions(script):
    tree = ast.parse((EXAMPLES / script).read_text(encoding="utf-8"))
    return {n.name: ast.unparse(n) for n in tree.body
            if isinstance(n, ast.FunctionDef)}


COPY_CASES = [(script, mine, theirs) for script, pairs in COPIES.items()
              for mine, theirs in pairs.items()]


@pytest.mark.parametrize("script, mine, theirs", COPY_CASES,
                         ids=[f"{s}:{m}" for s, m, _ in COPY_CASES])
def test_copy_matches_the_d2l_definition(script, mine, theirs):
    functions = script_functions(script)
    assert mine in functions, f"{script} no longer defines {mine}"
    home = inspect.getsource(getattr(d2l, theirs))
    assert normalised(functions[mine]) == normalised(home), (
        f"examples/{script}: {mine} differs from d2l.{theirs} "
        f"({inspect.getsourcefile(getattr(d2l, theirs))}); change both")


def test_every_function_named_like_a_d2l_export_is_checked():
    unchecked = [f"{script}: {name}" for script in sorted(
                     p.name for p in EXAMPLES.glob("*.py"))
                 for name in script_functions(script)
                 if name in d2l.__all__
                 and name not in COPIES.get(script, {})
                 and (script, name) not in DIFFERENT_ON_PURPOSE]
    assert not unchecked, ("add these to COPIES (or, with a reason, to "
                           "DIFFERENT_ON_PURPOSE): " + ", ".join(unchecked))


#: Constructors that make up a model, its initialisation and its loss.
def _is_model_part(name):
    return name in {"Dense", "Sequential", "Normal"} or name.endswith("Loss")


def model_parts(source):
    """Return the model, init and loss constructor calls, e.g. Dense(10)."""
    parts = set()
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Call):
            func = node.func
            name = func.attr if isinstance(func, ast.Attribute) else \
                getattr(func, "id", "")
            if _is_model_part(name):
                args = [ast.unparse(a) for a in node.args] + \
                    [ast.unparse(k) for k in node.keywords
                     if k.arg not in ("ctx",)]
                parts.add(f"{name}({', '.join(args)})")
    return parts


@pytest.mark.parametrize("script", sorted(GLUON_CHAPTERS))
def test_gluon_model_and_loss_are_the_chapters(script):
    nb = read_source_notebook("en", GLUON_CHAPTERS[script])
    chapter = set().union(*(model_parts(c.source) for c in nb.cells
                            if c.cell_type == "code"))
    mine = model_parts((EXAMPLES / script).read_text(encoding="utf-8"))
    assert mine and mine == chapter, (script, sorted(mine), sorted(chapter))


def test_the_comparison_sees_a_real_drift():
    """A changed axis, constant or operator is a difference; names are not."""
    home = inspect.getsource(d2l.softmax)
    renamed = home.replace("X_exp", "E").replace("(X", "(O").replace(
        "X.max", "O.max").replace("softmax(X)", "softmax(O)")
    assert normalised(renamed) == normalised(home)
    for before, after in (("X.max(axis=1", "X.max(axis=0"),
                          ("X - X.max", "X + X.max"),
                          ("X_exp / X_exp.sum", "X / X_exp.sum")):
        assert before in home
        assert normalised(home.replace(before, after)) != normalised(home)
    assert model_parts("net = nn.Dense(10)\nloss = gluon.loss.L2Loss()") == \
        {"Dense(10)", "L2Loss()"}


#: Functions that several scripts define differently, and why. Any other
#: function defined in two scripts must be the same code in both (issue 25):
#: a fix to one copy (say, choose_device learning that MXNet 1.9.1 cannot
#: run on a Hopper GPU) then reaches every script.
SCRIPT_SPECIFIC = {
    "main": "each script's own program",
    "parse_args": "each script's own options",
    "train": "each script trains its own model",
    "plot": "each script plots its own curves",
    "synthetic_data": "see DIFFERENT_ON_PURPOSE",
    "import_mxnet": "binds the MXNet modules that script uses",
    "load_split": "the MLP scripts return NumPy arrays (moved to the "
                  "device after a split check), the others NDArrays; "
                  "save_load.py finds the folders itself",
}


def defined_in_scripts():
    """{function name: {script: normalised source}} over examples/."""
    found = {}
    for path in sorted(EXAMPLES.glob("*.py")):
        for node in ast.parse(path.read_text(encoding="utf-8")).body:
            if isinstance(node, ast.FunctionDef):
                found.setdefault(node.name, {})[path.name] = ast.dump(
                    without_docstring(node))
    return found


def test_same_named_helpers_in_scripts_are_the_same_code():
    for name, copies in sorted(defined_in_scripts().items()):
        if len(copies) < 2 or name in SCRIPT_SPECIFIC:
            continue
        variants = {}
        for script, code in copies.items():
            variants.setdefault(code, []).append(script)
        assert len(variants) == 1, (
            f"{name}() differs between scripts: "
            f"{[sorted(s) for s in variants.values()]}; make the copies the "
            "same, or list the reason in SCRIPT_SPECIFIC")


def test_script_specific_names_are_still_defined_twice():
    functions = defined_in_scripts()
    for name in SCRIPT_SPECIFIC:
        assert len(functions.get(name, {})) >= 2, name
