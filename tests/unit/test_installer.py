"""book/installer.py: pip's settings carried over to uv, or pip itself.

`make venv` runs the installer for real (tests/env/test_makefile.py, with
this machine's pip.conf: find-links, two extra indexes, a certificate, a
constraints file and a timeout).
"""

import os
import subprocess
import sys

import pytest

from book import installer

MIRROR = "https://mirrors.example.edu.cn/pypi/simple"


def test_config_list_lines_are_read_with_pips_precedence():
    text = ("global.index-url='https://a.example/simple'\n"
            "install.index-url='https://b.example/simple'\n"
            ":env:.default-timeout='60'\n"
            "global.default-timeout='15'\n"
            "list.format='columns'\n"
            "not a setting\n")
    assert installer.parse_config_list(text) == {
        "index-url": "https://b.example/simple", "default-timeout": "60"}


def test_a_mirror_and_its_companions_reach_uv():
    options, env = installer.uv_options({
        "index-url": MIRROR,
        "extra-index-url": "file:///opt/pypi/simple\nfile:///opt/more/simple",
        "find-links": "/opt/wheels", "trusted-host": "mirrors.example.edu.cn",
        "constraint": "/etc/pip/constraints.txt", "cert": "/etc/ca.pem",
        "default-timeout": "180", "disable-pip-version-check": "1"})
    assert options == [
        "--index-url", MIRROR,
        "--extra-index-url", "file:///opt/pypi/simple",
        "--extra-index-url", "file:///opt/more/simple",
        "--find-links", "/opt/wheels",
        "--allow-insecure-host", "mirrors.example.edu.cn",
        "--constraint", "/etc/pip/constraints.txt",
        "--index-strategy", "unsafe-best-match"]
    assert env == {"SSL_CERT_FILE": "/etc/ca.pem", "UV_HTTP_TIMEOUT": "180"}


def test_no_index_is_passed_only_when_set():
    assert "--no-index" in installer.uv_options({"no-index": "true"})[0]
    assert "--no-index" not in installer.uv_options({"no-index": "0"})[0]


@pytest.mark.parametrize("setting", ["proxy", "client-cert", "user", "pre"])
def test_a_setting_uv_would_not_honour_leaves_the_install_to_pip(setting):
    with pytest.raises(installer.NotTranslatable, match=setting):
        installer.uv_options({"index-url": MIRROR, setting: "x"})


def test_pip_config_list_is_what_the_installer_reads(tmp_path):
    """The real `pip config list`, from a config file and a PIP_ variable."""
    conf = tmp_path / "pip.conf"
    conf.write_text(f"[global]\nindex-url = {MIRROR}\n"
                    "[install]\nfind-links = /opt/a /opt/b\n")
    env = {k: v for k, v in os.environ.items() if not k.startswith("PIP_")}
    env.update(PIP_CONFIG_FILE=str(conf), PIP_DEFAULT_TIMEOUT="42")
    done = subprocess.run([sys.executable, "-m", "pip", "config", "list"],
                          capture_output=True, text=True, env=env, check=True)
    settings = installer.parse_config_list(done.stdout)
    assert settings["index-url"] == MIRROR
    assert settings["find-links"] == "/opt/a /opt/b"
    assert settings["default-timeout"] == "42"


def test_an_untranslatable_setting_installs_with_pip_and_says_so(tmp_path):
    """A proxy in pip.conf: uv is not even installed, pip does the work."""
    conf = tmp_path / "pip.conf"
    conf.write_text("[global]\nproxy = http://proxy.example:3128\n"
                    "no-index = true\n")
    env = {**os.environ, "PIP_CONFIG_FILE": str(conf)}
    done = subprocess.run(
        [sys.executable, "-m", "book.installer", "--dry-run", "--no-deps",
         str(tmp_path / "missing.whl")],
        capture_output=True, text=True, env=env)
    assert "installing with pip: its setting proxy" in done.stderr
    assert "missing.whl" in done.stderr  # pip's own complaint
    assert done.returncode != 0
