"""Comparing code in the tests: definitions without their docstrings."""

import ast


def without_docstring(node):
    """Return a def or class node with its docstring dropped (in place).

    Prose on a page may explain what a docstring says, so copies of one
    definition are compared without it.
    """
    body = node.body
    if body and isinstance(body[0], ast.Expr) and \
            isinstance(body[0].value, ast.Constant) and \
            isinstance(body[0].value.value, str):
        node.body = body[1:] or [ast.Pass()]
    return node
