"""glossary.yml and references.bib: checks with one-line messages, and the
zh glossary's pinyin order (fast; no book build)."""

import textwrap

import pytest

from book import data_checks, glossary, glossary_data

GOOD = """\
- zh: 截尾均值
  en: trimmed mean
  zh_aliases: [裁剪平均值]
  zh_def: "去掉最高和最低的值后再求平均。"
  en_def: "The mean after dropping the extremes."
- zh: 调参
  en: hyperparameter tuning
  zh_pinyin: tiao2 can1
  zh_def: "选择超参数。"
  en_def: "Choosing hyperparameters."
"""


def load(tmp_path, text):
    path = tmp_path / "glossary.yml"
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    return path, lambda: glossary_data.load(path)


def error_of(tmp_path, text):
    path, run = load(tmp_path, text)
    with pytest.raises(glossary_data.GlossaryError) as info:
        run()
    assert str(info.value).startswith(f"{path}:{info.value.line}: ")
    assert "\n" not in str(info.value)
    return info.value


def test_the_book_glossary_and_bibliography_are_clean():
    assert len(glossary_data.load()) > 60
    bib = glossary_data.GLOSSARY.parent / "references.bib"
    assert data_checks.bib_problem(bib) is None


def test_a_good_glossary_loads(tmp_path):
    _, run = load(tmp_path, GOOD)
    assert [e["zh"] for e in run()] == ["截尾均值", "调参"]


def test_yaml_slip_names_the_line(tmp_path):
    # An unquoted ': ' inside a value: the YAML parser stops at line 4.
    err = error_of(tmp_path, GOOD.replace(
        'en_def: "The mean after dropping the extremes."',
        "en_def: Note: the mean after dropping the extremes."))
    assert err.line == 5 and "not valid YAML" in err.message
    assert "double quotes" in err.message  # what to do


def test_entry_without_en_names_its_line(tmp_path):
    err = error_of(tmp_path, GOOD.replace("  en: hyperparameter tuning\n", ""))
    assert err.line == 6
    assert "'调参' lacks en; add it" in err.message


def test_duplicate_term_names_both_lines(tmp_path):
    err = error_of(tmp_path, GOOD + GOOD.split("- zh: 调参")[0])
    assert err.line == 11
    assert "'截尾均值' is a term" in err.message and "line 1" in err.message


def test_synonym_claimed_by_two_entries(tmp_path):
    text = GOOD.replace("  zh_pinyin: tiao2 can1\n",
                        "  zh_pinyin: tiao2 can1\n  zh_aliases: [裁剪平均值]\n")
    err = error_of(tmp_path, text)
    assert err.line == 6
    assert "'裁剪平均值' is a synonym of '调参'" in err.message
    assert "synonym of '截尾均值' at line 1" in err.message


def test_synonym_that_is_another_entrys_term(tmp_path):
    err = error_of(tmp_path, GOOD.replace("[裁剪平均值]", "[调参]"))
    assert err.line == 6 and "'调参' is a term of '调参'" in err.message


def test_misspelt_field_is_named(tmp_path):
    err = error_of(tmp_path, GOOD.replace("zh_aliases", "zh_alias"))
    assert "unknown field zh_alias" in err.message


def test_bib_syntax_error_names_the_line(tmp_path):
    bib = tmp_path / "refs.bib"
    bib.write_text("@article{a,\n  title = {A},\n  year = {2000}\n}\n\n"
                   "@article{b,\n  title = {Unclosed,\n  year = {2001}\n}\n",
                   encoding="utf-8")
    line, message = data_checks.bib_problem(bib)
    assert line == 10 and "not valid BibTeX" in message


def test_bib_duplicate_key_names_the_second_entry(tmp_path):
    bib = tmp_path / "refs.bib"
    bib.write_text("@article{a,\n  title = {A}\n}\n\n@book{a,\n"
                   "  title = {B}\n}\n", encoding="utf-8")
    line, message = data_checks.bib_problem(bib)
    assert line == 5 and "first at line 1" in message and "unique" in message


def test_zh_glossary_is_in_pinyin_order():
    entries = sorted(glossary_data.load(), key=lambda e: glossary.sort_key(e, "zh"))
    order = [e["zh"] for e in entries]
    # 标签 (biao) < 参数 (can) < 调参 (tiao, not diao) < 张量 (zhang)
    positions = [order.index(t) for t in ("标签", "参数", "调参", "张量")]
    assert positions == sorted(positions), order
    assert glossary.initial(entries[order.index("调参")], "zh") == "T"
    assert glossary.initial(entries[order.index("softmax 回归")], "zh") == "S"
    letters = [glossary.initial(e, "zh") for e in entries]
    assert letters == sorted(letters)


def test_the_glossary_is_parsed_once_per_version(tmp_path, monkeypatch):
    import yaml

    from book import glossary_data

    path = tmp_path / "glossary.yml"
    path.write_text('- zh: 梯度\n  en: gradient\n  zh_def: "甲"\n'
                    '  en_def: "a"\n', encoding="utf-8")
    calls = []
    real = yaml.safe_load
    monkeypatch.setattr(yaml, "safe_load",
                        lambda text: calls.append(1) or real(text))
    first = glossary_data.load(path)
    assert glossary_data.load(path) is first and len(calls) == 1
    import os
    os.utime(path, ns=(path.stat().st_atime_ns,
                       path.stat().st_mtime_ns + 10**9))
    assert glossary_data.load(path) == first and len(calls) == 2
