"""Fill the book's venv: with uv when pip's settings carry over, else pip.

    python -m book.installer -r requirements.txt   (the venv's Python)

The Makefile's `make venv` runs this. Installing requirements.txt into a
fresh venv on 2 cores, warm caches: pip 33 s, uv 7 s plus 3 s to install
uv; compiling every package's bytecode too, pip 66 s, uv 29 s. `make test`
makes three such venvs.

uv does not read pip's configuration. A reader whose pip is pointed at a
mirror (pip.conf, or PIP_INDEX_URL and the like) must not be sent to
pypi.org behind their back, so the settings `pip config list` reports are
carried over to uv's options. If one of them has no counterpart here, or uv
itself cannot be installed or fails, pip does the whole install, as it did
before. D2L_INSTALLER=pip always uses pip.

Bytecode: where PYTHONDONTWRITEBYTECODE is set, Python never writes it
later, and every kernel would compile MXNet again at import; so then both
compile every package at install. Otherwise Python writes it at the first
import of each module, and compiling all ~110 packages up front (half of
pip's time) is skipped.
"""

import ast
import os
import subprocess
import sys
from pathlib import Path

#: The uv that installs the packages (the version tests/env pins too).
UV = "uv==0.13.9"

#: pip settings -> uv options that take one value each (pip: a list
#: separated by white space).
LIST_OPTIONS = {
    "extra-index-url": "--extra-index-url",
    "find-links": "--find-links",
    "trusted-host": "--allow-insecure-host",
    "constraint": "--constraint",
}
#: pip settings -> uv environment variables.
ENV_SETTINGS = {"cert": "SSL_CERT_FILE", "timeout": "UV_HTTP_TIMEOUT",
                "default-timeout": "UV_HTTP_TIMEOUT"}
#: pip settings that change nothing about what is installed from where.
IGNORED = {"disable-pip-version-check", "no-input", "no-color",
           "progress-bar", "root-user-action", "quiet", "verbose"}
#: The sections of pip's configuration that `pip install` reads, weakest
#: first: a setting of [install] overrides [global], and PIP_* variables
#: override both.
SECTIONS = ("global", "install", ":env:")


class NotTranslatable(Exception):
    """A pip setting that uv would not honour the same way."""


def parse_config_list(text):
    """{setting: value} from `pip config list` output (``section.key='v'``
    lines), with pip's precedence between the sections."""
    found = {}
    for line in text.splitlines():
        name, sep, value = line.partition("=")
        section, dot, key = name.rpartition(".")
        if not (sep and dot) or section not in SECTIONS:
            continue
        found[SECTIONS.index(section), key] = ast.literal_eval(value)
    return {key: value for (_, key), value in sorted(found.items())}


def truthy(value):
    return str(value).strip().lower() in ("1", "true", "yes", "on")


def uv_options(settings):
    """(options, environment) that make uv install from where pip would.

    Raises NotTranslatable naming a setting that has no counterpart here.
    """
    options, env = [], {}
    for key, value in settings.items():
        if key in IGNORED:
            continue
        if key == "index-url":
            options += ["--index-url", value]
        elif key == "no-index":
            if truthy(value):
                options.append("--no-index")
        elif key in LIST_OPTIONS:
            for item in str(value).split():
                options += [LIST_OPTIONS[key], item]
        elif key in ENV_SETTINGS:
            env[ENV_SETTINGS[key]] = str(value)
        else:
            raise NotTranslatable(f"{key} = {value}")
    # pip picks the best match across all its indexes; uv's default would
    # prefer the first index that has the package at all.
    return options + ["--index-strategy", "unsafe-best-match"], env


def pip_settings(python):
    done = subprocess.run([python, "-m", "pip", "config", "list"],
                          capture_output=True, text=True, check=True)
    return parse_config_list(done.stdout)


def no_bytecode_later():
    """Whether Python will not write bytecode when it imports a module."""
    return bool(os.environ.get("PYTHONDONTWRITEBYTECODE"))


def install_with_uv(python, args):
    """Install ``args`` with uv; return False (and say why) if pip must."""
    if os.environ.get("D2L_INSTALLER") == "pip":
        return False
    try:
        options, env = uv_options(pip_settings(python))
    except NotTranslatable as setting:
        print(f"installing with pip: its setting {setting} has no uv "
              "counterpart in book/installer.py", file=sys.stderr)
        return False
    got_uv = subprocess.run([python, "-m", "pip", "install", "--quiet", UV])
    uv = Path(python).parent / "uv"
    if got_uv.returncode != 0 or not uv.is_file():
        print(f"installing with pip: pip could not install {UV}",
              file=sys.stderr)
        return False
    compile_all = ["--compile-bytecode"] if no_bytecode_later() else []
    done = subprocess.run(
        [str(uv), "pip", "install", "--quiet", "--python", python,
         *compile_all, *options, *args],
        env={**os.environ, **env})
    if done.returncode != 0:
        print("installing with pip: uv failed (above)", file=sys.stderr)
        return False
    return True


def main(args):
    python = sys.executable
    if not install_with_uv(python, args):
        lazy = [] if no_bytecode_later() else ["--no-compile"]
        subprocess.run([python, "-m", "pip", "install", "--quiet", *lazy,
                        *args], check=True)


if __name__ == "__main__":
    try:
        main(sys.argv[1:])
    except subprocess.CalledProcessError as err:
        sys.exit(err.returncode)
