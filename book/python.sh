#!/usr/bin/env bash
# Which Python builds the book's .venv. Used by the Makefile and its tests.
#
#   python.sh list                 every Python found: "3.11.7 /path" per line
#   python.sh select [PYTHON]      what makes the venv: "3.11.7 /path" or
#                                  "uv 3.12"; or the reasons, exit 1
#   python.sh fresh VENV [PYTHON]  prints "yes" if VENV can be kept
#   python.sh venv VENV [PYTHON]   creates VENV, or recreates it if it cannot
#
# A venv's own interpreter (an activated .venv, another venv) is never
# chosen: every Python is resolved to its base install first, so running
# make with .venv activated cannot delete the interpreter it runs on. An
# existing VENV is kept while its Python runs and is supported; with
# PYTHON=..., also while its X.Y.Z matches that Python's.
#
# MXNet 1.9.1 runs on Python 3.11 and 3.12 (numpy 1.26.4 plus the aliases of
# d2l/numpy_compat.py); numpy < 2 has no wheels for 3.13+, and Sphinx 8.2
# needs 3.11. Pythons are looked for by name on PATH (python3.11, python3.12,
# ..., python3, python; pyenv's shims stand for pyenv's versions, oldest
# first), then in `pyenv root`/versions; the first 3.11 or 3.12 is chosen.
set -u

MIN=3.11
MAX=3.12   # newest supported minor version
MARKER=.d2l-python

# "X.Y.Z /path/to/executable" of one interpreter, or nothing. Inside a
# venv the executable is the base install's (sys._base_executable).
probe() {
    "$1" -c 'import sys
exe = sys.executable
if sys.prefix != sys.base_prefix:
    exe = getattr(sys, "_base_executable", "") or exe
print("%d.%d.%d" % sys.version_info[:3], exe)' 2>/dev/null
}

# X.Y.Z of the Python that made VENV (pyvenv.cfg; uv writes version_info).
venv_version() {
    local key value
    [[ -x $1/bin/python ]] || return 1
    while IFS=' =' read -r key value; do
        [[ $key == version || $key == version_info ]] && { echo "$value"; return 0; }
    done < "$1/pyvenv.cfg" 2>/dev/null
    "$1/bin/python" -c 'import sys; print("%d.%d.%d" % sys.version_info[:3])' 2>/dev/null
}

supported() {  # supported X.Y.Z
    local minor=${1#3.}; minor=${minor%%.*}
    [[ $1 == 3.* ]] && (( minor >= ${MIN#3.} && minor <= ${MAX#3.} ))
}

candidates() {
    local name path dir root="" pyenv_done=""
    command -v pyenv >/dev/null 2>&1 && root=$(pyenv root 2>/dev/null)
    for name in python3.11 python3.12 python3.13 python3.14 python3 python; do
        while read -r path; do
            [[ -n $path ]] || continue
            if [[ -n $root && $path == "$root"/shims/* ]]; then
                # A shim is slow and may fail; list pyenv's versions instead.
                [[ -n $pyenv_done ]] && continue
                pyenv_done=1
                for dir in "$root"/versions/3.1[1-9]*; do
                    [[ -x $dir/bin/python3 ]] && echo "$dir/bin/python3"
                done
            else
                echo "$path"
            fi
        done < <(type -ap "$name" 2>/dev/null)
    done
    if [[ -n $root && -z $pyenv_done ]]; then
        for dir in "$root"/versions/3.1[1-9]*; do
            [[ -x $dir/bin/python3 ]] && echo "$dir/bin/python3"
        done
    fi
}

list() {
    local path line real seen=" "
    while read -r path; do
        line=$(probe "$path") || continue
        [[ -n $line ]] || continue
        real=$(readlink -f "${line#* }")
        [[ $seen == *" $real "* ]] && continue
        seen+="$real "
        echo "$line"
    done < <(candidates)
}

refuse() {
    {
        echo "error: $1"
        echo "  The book needs Python 3.11 or 3.12: MXNet 1.9.1 needs numpy < 2,"
        echo "  which has no wheels for Python 3.13 or newer. Any one of these works:"
        echo "    uv        pipx install uv; uv python install 3.12   (make then runs: uv venv --python 3.12)"
        echo "    Homebrew  brew install python@3.12"
        echo "    Ubuntu    deadsnakes PPA: sudo add-apt-repository ppa:deadsnakes/ppa; sudo apt install python3.12-venv"
        echo "    pyenv     pyenv install 3.12"
        echo "  then run make again (it finds them), or name one: make html PYTHON=/path/to/python3.12"
    } >&2
    exit 1
}

select_python() {
    local want=${1:-} line
    if [[ -n $want ]]; then
        line=$(probe "$want")
        [[ -n $line ]] || refuse "PYTHON=$want is not an executable Python."
        supported "${line%% *}" && { echo "$line"; return; }
        command -v uv >/dev/null 2>&1 && { echo "uv $MAX"; return; }
        refuse "PYTHON=$want is Python ${line%% *}."
    fi
    while read -r line; do
        supported "${line%% *}" && { echo "$line"; return; }
    done < <(list)
    command -v uv >/dev/null 2>&1 && { echo "uv $MAX"; return; }
    refuse "no Python $MIN or $MAX found$(list | awk '{s = s (NR>1?", ":" (found: ") $1} END {if (s) print s ")"}')."
}

# "Python 3.11.7 (/path)" for a choice "3.11.7 /path"; "uv's Python 3.12".
describe() {
    if [[ $1 == uv* ]]; then echo "uv's Python ${1#uv }"; else echo "Python ${1%% *} (${1#* })"; fi
}

# The folder of the Python that made VENV (pyvenv.cfg's home).
venv_home() {
    local key value
    while IFS=' =' read -r key value; do
        [[ $key == home ]] && { echo "$value"; return; }
    done < "$1/pyvenv.cfg" 2>/dev/null
    echo "unknown home"
}

# Succeeds if VENV can be kept: its Python runs and is supported, and it
# has PYTHON's version when PYTHON is given (3.12 when that means uv). No
# Python on the PATH is probed without PYTHON, so this is cheap.
keep() {  # keep VENV [PYTHON]
    local have choice
    have=$(venv_version "$1") || return 1
    supported "$have" || return 1
    [[ -z ${2:-} ]] && return 0
    choice=$(select_python "$2" 2>/dev/null) || return 1
    if [[ $choice == uv* ]]; then
        [[ $have == "$MAX".* ]]
    else
        [[ $have == "${choice%% *}" ]]
    fi
}

fresh() {  # fresh VENV [PYTHON]
    keep "$@" && echo yes
    return 0
}

make_venv() {  # make_venv VENV [PYTHON]
    local venv=$1 choice old
    keep "$venv" "${2:-}" && return 0
    choice=$(select_python "${2:-}") || exit 1
    if [[ $choice != uv* && "$(readlink -f "${choice#* }")" == "$(readlink -f "$venv")"/* ]]; then
        refuse "the chosen Python ${choice#* } lives inside $venv, which would be recreated."
    fi
    if [[ -e $venv ]]; then
        if old=$(venv_version "$venv"); then
            old="Python $old ($(venv_home "$venv"))"
        else
            old="a Python that no longer runs"
        fi
        echo "Recreating $venv: it was made by $old, now $(describe "$choice")." >&2
        rm -rf "$venv"
    fi
    if [[ ! -x $venv/bin/python ]]; then
        if [[ $choice == uv* ]]; then
            echo "Creating $venv with a Python $MAX that uv provides: uv venv --seed --python $MAX" >&2
            uv venv --quiet --seed --python "$MAX" "$venv" ||
                refuse "uv venv --python $MAX failed (above): uv found no Python $MAX and could not download one."
        else
            "${choice#* }" -m venv "$venv" || exit 1
        fi
        echo "$choice" > "$venv/$MARKER"
    fi
}

case ${1:-} in
    list) list ;;
    select) select_python "${2:-}" ;;
    fresh) fresh "${2:?VENV}" "${3:-}" ;;
    venv) make_venv "${2:?VENV}" "${3:-}" ;;
    *) echo "usage: $0 list | select [PYTHON] | fresh VENV [PYTHON] | venv VENV [PYTHON]" >&2; exit 2 ;;
esac
