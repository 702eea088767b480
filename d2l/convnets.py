"""Convolutional networks that several chapters build.

Taught in "Convolutional neural networks (LeNet)"; the cell tagged ``save``
there holds the same code.
"""

from mxnet.gluon import nn


def lenet():
    """Return LeNet: two conv/sigmoid/avg-pool blocks, three dense layers."""
    net = nn.HybridSequential()
    net.add(nn.Conv2D(6, kernel_size=5, padding=2, activation='sigmoid'),
            nn.AvgPool2D(pool_size=2, strides=2),
            nn.Conv2D(16, kernel_size=5, activation='sigmoid'),
            nn.AvgPool2D(pool_size=2, strides=2),
            nn.Dense(120, activation='sigmoid'),
            nn.Dense(84, activation='sigmoid'),
            nn.Dense(10))
    return net
