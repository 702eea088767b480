#!/usr/bin/env bash
# Which Python builds the book's .venv. Used by the Makefile and its tests.
#
#   python.sh list                 every Python found: "3.11.7 /path" per line
#   python.sh select [PYTHON]      what makes the venv: "3.11.7 /path" or
#                                  "uv 3.12"; or the reasons, exit 1
#   python.sh fresh VENV [PYTHON]  prints "yes" if VENV was made by that choice
#   python.sh venv VENV [PYTHON]   (re)creates VENV with that choice
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

# "X.Y.Z /path/to/executable" of one interpreter, or nothing.
probe() {
    "$1" -c 'import sys; print("%d.%d.%d" % sys.version_info[:3], sys.executable)' 2>/dev/null
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

fresh() {  # fresh VENV [PYTHON]
    local choice
    choice=$(select_python "${2:-}" 2>/dev/null) || return 0
    [[ -x $1/bin/python && "$(cat "$1/$MARKER" 2>/dev/null)" == "$choice" ]] && echo yes
}

make_venv() {  # make_venv VENV [PYTHON]
    local venv=$1 choice old
    choice=$(select_python "${2:-}") || exit 1
    old=$(cat "$venv/$MARKER" 2>/dev/null)
    if [[ -e $venv && ( $old != "$choice" || ! -x $venv/bin/python ) ]]; then
        echo "Recreating $venv: it was made by ${old:-an unknown Python}, now: $choice." >&2
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
