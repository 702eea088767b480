"""Measure a network: its layers' output shapes, its parameters and the
multiply-accumulates of one forward pass.

The modern-CNN chapters report these at the network's published input size
(for example 1x224x224 for AlexNet), whatever scale they train at. Each
function runs one forward pass of a single example through ``net``, which
initialises deferred parameters; call them before ``hybridize()``, since a
hybridised block runs its children as one graph and no per-layer hook
fires.
"""

import json
import math

from mxnet import nd
from mxnet.gluon import nn


def _example(shape):
    """A batch of one input of shape (channels, height, width)."""
    return nd.random.uniform(shape=(1, *shape))


def layer_shapes(net, shape):
    """Print the output shape of each top-level layer of ``net`` (a
    Sequential) for one input of ``shape`` (channels, height, width)."""
    X = _example(shape)
    for layer in net:
        X = layer(X)
        print(f"{layer.__class__.__name__:>18} output shape: {X.shape}")


def num_params(net):
    """Return how many trainable numbers net has (moving averages and
    other parameters without a gradient are not counted)."""
    return sum(math.prod(p.shape) for p in net.collect_params().values()
               if p.grad_req != "null")


def num_macs(net, shape):
    """Return the multiply-accumulates of one forward pass of one input of
    ``shape`` (channels, height, width): those of the convolutional and
    fully connected layers, which dominate everything else."""
    total = 0

    def count(block, inputs, output):
        nonlocal total
        # Each output number of a convolution or dense layer is a dot
        # product over all but the first axis of its weight: (out,
        # in/groups, kh, kw) or (units, in_units).
        per_output = math.prod(block.weight.shape[1:])
        total += (output.size // output.shape[0]) * per_output

    hooks = []
    net.apply(lambda block: hooks.append(block.register_forward_hook(count))
              if isinstance(block, (nn.Conv2D, nn.Dense)) else None)
    try:
        net(_example(shape))
    finally:
        for hook in hooks:
            hook.detach()
    return total


def network_summary(name, params, macs, input_shape, history, cfg):
    """Return, as a JSON string, what the modern-CNN comparison tabulates
    about one network: its size at the published input size (params,
    macs, input_shape) and what training it at cfg's scale gave (a
    d2l.History). A page glues it as ``network_summary``."""
    return json.dumps({
        "name": name, "params": params, "macs": macs,
        "input_shape": list(input_shape), "scale": cfg.scale,
        "settings": str(cfg),
        "epoch_time": sum(history.epoch_time) / len(history.epoch_time),
        "train_time": sum(history.epoch_time),
        "test_acc": history.test_acc[-1], "train_acc": history.train_acc[-1],
        "device": history.device})
