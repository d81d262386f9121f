#!/usr/bin/env bash
# Runs the test suite on the oldest and the newest Python this machine has
# (pyenv's 3.8 to 3.13; a version that is absent is skipped), each in its own
# virtual environment under .venv-test/, set up from scratch when missing.
# Extra arguments go to pytest.
set -uo pipefail
cd "$(dirname "$0")/.."

pick_pythons() {
    local root found=()
    root=$(pyenv root 2>/dev/null || echo "$HOME/.pyenv")
    for minor in 8 9 10 11 12 13; do
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

status=0
for python in $(pick_pythons); do
    version=$("$python" -c 'import sys; print("%d.%d" % sys.version_info[:2])')
    venv=".venv-test/py$version"
    echo "=== Python $version ($python)"
    if [ ! -x "$venv/bin/python" ]; then
        "$python" -m venv "$venv" || { status=1; continue; }
    fi
    if ! "$venv/bin/python" -m pip install -q --disable-pip-version-check -e ".[test]"; then
        echo "could not install the package with its test extra on Python $version"
        status=1
        continue
    fi
    "$venv/bin/python" -m pytest "$@"
    code=$?
    if [ $code -eq 5 ]; then
        echo "pytest collected no tests on Python $version: that is a failure here"
        status=1
    elif [ $code -ne 0 ]; then
        status=1
    fi
done
exit $status
