"""The modern convolutional networks of the part "Modern convolutional
neural networks", one function per network.

Each function takes a width multiplier: channel counts and hidden dense
units are multiplied by ``width`` and rounded (at least 1), so that
``width=1`` is the published network and a smaller width trains at the
book's CPU scale. The cell tagged ``save`` on each network's page holds
the same code.
"""

from mxnet.gluon import nn


# AlexNet ("Deep convolutional neural networks (AlexNet)")
def alexnet(width=1):
    """Return AlexNet for 1-channel images and 10 classes: five conv
    layers, three max-pooling layers, two dense layers with dropout."""
    def c(n):
        return max(1, round(n * width))
    net = nn.HybridSequential()
    net.add(nn.Conv2D(c(96), kernel_size=11, strides=4, activation='relu'),
            nn.MaxPool2D(pool_size=3, strides=2),
            nn.Conv2D(c(256), kernel_size=5, padding=2, activation='relu'),
            nn.MaxPool2D(pool_size=3, strides=2),
            nn.Conv2D(c(384), kernel_size=3, padding=1, activation='relu'),
            nn.Conv2D(c(384), kernel_size=3, padding=1, activation='relu'),
            nn.Conv2D(c(256), kernel_size=3, padding=1, activation='relu'),
            nn.MaxPool2D(pool_size=3, strides=2),
            nn.Dense(c(4096), activation='relu'), nn.Dropout(0.5),
            nn.Dense(c(4096), activation='relu'), nn.Dropout(0.5),
            nn.Dense(10))
    return net


# VGG ("Networks using blocks (VGG)")
def vgg_block(num_convs, num_channels):
    """Return a VGG block: num_convs 3x3 conv layers (padding 1, ReLU)
    with num_channels each, then a 2x2 max pooling of stride 2."""
    blk = nn.HybridSequential()
    for _ in range(num_convs):
        blk.add(nn.Conv2D(num_channels, kernel_size=3, padding=1,
                          activation='relu'))
    blk.add(nn.MaxPool2D(pool_size=2, strides=2))
    return blk


def vgg(conv_arch=((1, 64), (1, 128), (2, 256), (2, 512), (2, 512)),
        width=1):
    """Return a VGG network, one block per (num_convs, num_channels) of
    conv_arch (by default VGG-11), then three dense layers."""
    def c(n):
        return max(1, round(n * width))
    net = nn.HybridSequential()
    for num_convs, num_channels in conv_arch:
        net.add(vgg_block(num_convs, c(num_channels)))
    net.add(nn.Dense(c(4096), activation='relu'), nn.Dropout(0.5),
            nn.Dense(c(4096), activation='relu'), nn.Dropout(0.5),
            nn.Dense(10))
    return net
