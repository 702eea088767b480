"""Training and evaluating classifiers: softmax, cross-entropy, accuracy.

Taught in "Softmax regression from scratch"; the cells tagged ``save``
there hold the same code. The concise implementation reuses it.
"""

from matplotlib import pyplot as plt
from mxnet import autograd, nd


def softmax(X):
    """Turn each row of scores into probabilities that sum to 1."""
    X_exp = nd.exp(X - X.max(axis=1, keepdims=True))
    return X_exp / X_exp.sum(axis=1, keepdims=True)


def cross_entropy(y_hat, y):
    """Cross-entropy loss of predicted probabilities and class indices."""
    return -nd.pick(y_hat, y).log()


def accuracy(y_hat, y):
    """Return the number of rows whose largest score is the true class."""
    return float((y_hat.argmax(axis=1) == y).sum().asscalar())


def evaluate_accuracy(net, data_iter):
    """Return the fraction of examples in data_iter that net gets right."""
    correct, n = 0.0, 0
    for X, y in data_iter:
        correct += accuracy(net(X), y)
        n += len(y)
    return correct / n


def train_epoch(net, train_iter, loss, updater):
    """Train net for one epoch; return the mean loss and accuracy.

    updater(batch_size) updates the parameters from their gradients.
    """
    loss_sum, correct, n = 0.0, 0.0, 0
    for X, y in train_iter:
        with autograd.record():
            y_hat = net(X)
            l = loss(y_hat, y)
        l.backward()
        updater(len(y))
        loss_sum += float(l.sum().asscalar())
        correct += accuracy(y_hat, y)
        n += len(y)
    return loss_sum / n, correct / n


def train(net, train_iter, test_iter, loss, num_epochs, updater):
    """Train net, printing and returning the loss and accuracies."""
    history = {"train loss": [], "train acc": [], "test acc": []}
    for epoch in range(num_epochs):
        train_loss, train_acc = train_epoch(net, train_iter, loss, updater)
        test_acc = evaluate_accuracy(net, test_iter)
        for key, value in zip(history, (train_loss, train_acc, test_acc)):
            history[key].append(value)
        print(f"epoch {epoch + 1}: loss {train_loss:.4f}, "
              f"train acc {train_acc:.3f}, test acc {test_acc:.3f}")
    return history


def plot_history(history, xlabel="epoch"):
    """Plot one curve per entry of history against the epoch number."""
    _, ax = plt.subplots()
    for key, values in history.items():
        ax.plot(range(1, len(values) + 1), values, label=key)
    ax.set_xlabel(xlabel)
    ax.legend()
    return ax
