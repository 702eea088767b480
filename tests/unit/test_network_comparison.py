"""The modern-CNN comparison (book/network_comparison.py) reads what each
network's page glued and names the most accurate, fastest and largest."""

import json
from types import SimpleNamespace

import d2l
from book.network_comparison import read_summary, summary_sentence


def glued(path, summary):
    # What myst-nb writes for glue("network_summary", text, display=False).
    path.write_text(json.dumps({"network_summary": {
        "data": {"text/plain": repr(summary)},
        "metadata": {"scrapbook": {"name": "network_summary"}},
        "output_type": "display_data"}}), encoding="utf-8")
    return path


def record(name, params, acc, seconds):
    history = d2l.History(test_acc=[acc / 2, acc], train_acc=[0.5, 0.6],
                          epoch_time=[seconds, seconds], device="cpu(0)")
    cfg = SimpleNamespace(scale="cpu", __str__=lambda: "cpu scale")
    return d2l.network_summary(name, params, params * 100, (1, 96, 96),
                               history, cfg)


def test_a_glued_summary_is_read_back(tmp_path):
    text = record("ResNet", 11_000_000, 0.8, 12.0)
    summary = read_summary(glued(tmp_path / "p.glue.json", text))
    assert summary == json.loads(text)
    assert summary["epoch_time"] == 12.0 and summary["train_time"] == 24.0
    assert summary["input_shape"] == [1, 96, 96]
    assert read_summary(tmp_path / "missing.glue.json") is None
    (tmp_path / "other.glue.json").write_text("{}", encoding="utf-8")
    assert read_summary(tmp_path / "other.glue.json") is None


def test_the_sentence_names_the_best_fastest_and_largest():
    rows = [("a", json.loads(record("AlexNet", 46_000_000, 0.7, 9.0))),
            ("r", json.loads(record("ResNet", 11_000_000, 0.85, 20.0))),
            ("n", json.loads(record("NiN", 2_000_000, 0.6, 5.5)))]
    en = summary_sentence("en", rows)
    assert "ResNet reached the highest test accuracy (0.850)" in en
    assert "NiN trained fastest (5.5 s per epoch)" in en
    assert "AlexNet has the most parameters (46.0 million)" in en
    assert "ResNet 的测试准确率最高（0.850）" in summary_sentence("zh", rows)
