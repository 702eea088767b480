"""Helpers shared by the chapters of Dive into Deep Learning (MXNet).

Each function here is taught once in a chapter and imported by later ones:
``import d2l`` then ``d2l.sgd(...)``. Modules load on first use, so that
``import d2l`` (and the book's Sphinx extension in ``book/``) does
not pay for importing MXNet and matplotlib until a helper is needed.
"""

import importlib

#: Module (one per topic) -> the public names it defines. No module is
#: named like one of its names: importing a submodule binds its name on
#: the package, which would hide a function of the same name.
_EXPORTS = {
    "classification": ["accuracy", "cross_entropy", "evaluate_accuracy",
                       "plot_history", "softmax", "train", "train_epoch"],
    "convnets": ["lenet"],
    "convolution": ["corr2d", "corr2d_multi_in", "corr2d_multi_in_out",
                    "pool2d"],
    "device": ["DeviceError", "describe", "get_device", "num_gpus",
               "try_all_gpus"],
    "fashion_mnist": ["ArrayLoader", "DataError", "ResizedLoader",
                      "fashion_mnist_labels", "load_data_at_scale",
                      "load_data_fashion_mnist", "load_fashion_mnist",
                      "read_split", "show_images"],
    "modern_cnns": ["DenseBlock", "Inception", "Residual", "alexnet",
                    "bn_relu_conv", "densenet", "googlenet", "nin",
                    "nin_block", "resnet18", "resnet_block",
                    "transition_block", "vgg", "vgg_block"],
    "model_size": ["layer_shapes", "network_summary", "num_macs",
                   "num_params"],
    "optimizer_runs": ["LossCurve", "initial_params", "least_squares_loss",
                       "penguin_regression_data", "record_training",
                       "shuffled_batches", "train_from_scratch",
                       "train_with_trainer"],
    "optimizers": ["adadelta", "adagrad", "adam", "init_adadelta_states",
                   "init_adagrad_states", "init_adam_states",
                   "init_momentum_states", "init_rmsprop_states", "rmsprop",
                   "sgd_momentum", "sgd_plain"],
    "perceptron": ["relu"],
    "plotting": ["plot", "set_axes", "use_book_style"],
    "runinfo": ["provenance"],
    "scaling": ["ScaleError", "scale", "scale_settings"],
    "regression": ["data_iter", "linreg", "load_array", "sgd",
                   "squared_loss", "synthetic_data"],
    "regularization": ["dropout_layer", "l2_penalty", "poly_features"],
    "timer": ["Timer"],
    "training": ["History", "count_correct", "evaluate_accuracy_on_device",
                 "sgd_trainer", "train_classifier", "train_epoch_on_device"],
    "tabular": ["k_fold_indices", "load_penguins"],
    "trajectories": ["elongated_bowl", "elongated_bowl_grad",
                     "show_trace_2d", "trace_2d"],
}
_HOME = {name: module for module, names in _EXPORTS.items() for name in names}

__all__ = sorted(_HOME)
__version__ = "0.1.0"


def __getattr__(name):
    if name in _EXPORTS:  # a submodule, e.g. d2l.device
        return importlib.import_module(f".{name}", __name__)
    if name not in _HOME:
        raise AttributeError(f"module 'd2l' has no attribute {name!r}")
    value = getattr(importlib.import_module(f".{_HOME[name]}", __name__), name)
    globals()[name] = value  # later lookups skip this function
    return value


def __dir__():
    return sorted(set(globals()) | set(_HOME))
