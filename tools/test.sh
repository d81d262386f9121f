#!/usr/bin/env bash
# Runs the test suite on the oldest and the newest Python this machine has
# (pyenv's 3.7 to 3.13; a version that is absent is skipped), then once more
# on the oldest with the oldest requests, urllib3 (and, on 3.7,
# typing_extensions) the package allows. Each
# run has its own virtual environment under .venv-test/, set up from scratch
# when missing. Extra arguments go to pytest.
set -uo pipefail
cd "$(dirname "$0")/.."

pick_pythons() {
    local root found=()
    root=$(pyenv root 2>/dev/null || echo "$HOME/.pyenv")
    for minor in 7 8 9 10 11 12 13; do
        local candidate
        candidate=$(ls -d "$root"/versions/3."$minor".* 2>/dev/null | sort -V | tail -n 1)
        [ -n "$candidate" ] && [ -x "$candidate/bin/python" ] && found+=("$candidate/bin/python")
    done
    if [ ${#found[@]} -eq 0 ]; then
        command -v python3
    elif [ ${#found[@]} -eq 1 ]; then
        echo "${found[0]}"
    else
        echo "${found[0]}"
        echo "${found[-1]}"
    fi
}

# The lowest versions pyproject.toml allows, and the newest responses that
# works with them; responses that old warns about its own deprecated code.
# typing_extensions is a dependency on Python 3.7 only (pip ignores the pin
# elsewhere, as pyproject.toml's marker does).
OLDEST_DEPS=("requests==2.22.0" "urllib3==1.25.10" "responses==0.17.0"
    "typing_extensions==3.7.4; python_version < '3.8'")

status=0

# run NAME PYTHON [PIP-ARGS...] -- [PYTEST-ARGS...]
run() {
    local name=$1 python=$2 venv=".venv-test/$1"
    shift 2
    local pip_args=()
    while [ $# -gt 0 ] && [ "$1" != "--" ]; do pip_args+=("$1"); shift; done
    shift
    echo "=== $name ($python)"
    if [ ! -x "$venv/bin/python" ]; then
        "$python" -m venv "$venv" || { status=1; return; }
    fi
    if ! "$venv/bin/python" -m pip install -q --disable-pip-version-check -e ".[test]" "${pip_args[@]}"; then
        echo "could not install the package with its test extra for $name"
        status=1
        return
    fi
    "$venv/bin/python" -m pytest "$@"
    local code=$?
    if [ $code -eq 5 ]; then
        echo "pytest collected no tests for $name: that is a failure here"
        status=1
    elif [ $code -ne 0 ]; then
        status=1
    fi
}

pythons=($(pick_pythons))
for python in "${pythons[@]}"; do
    version=$("$python" -c 'import sys; print("%d.%d" % sys.version_info[:2])')
    run "py$version" "$python" -- "$@"
done
run "py-oldest-deps" "${pythons[0]}" "${OLDEST_DEPS[@]}" -- -W "ignore::DeprecationWarning:responses" "$@"
exit $status
