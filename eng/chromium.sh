#!/usr/bin/env bash
# Makes Debian's chromium available to the dashboard's browser tests (tests/StochasticMutatorTuner.Cli.Tests drive
# /usr/bin/chromium headless; no test tool ever downloads a browser of its own). Installs the `chromium` package
# when missing (needs root). Meant to be sourced: `source eng/chromium.sh`.

smt_chromium_setup() {
  if [ -x /usr/bin/chromium ]; then
    echo "chromium: $(/usr/bin/chromium --version 2>/dev/null | head -n 1)"
    return 0
  fi

  local sudo=""
  if [ "$(id -u)" -ne 0 ]; then
    if command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then sudo="sudo -n"; else
      echo "chromium: not installed and no root to install it; the dashboard's browser tests will fail. Install the 'chromium' package." >&2
      return 0
    fi
  fi

  echo "chromium: installing the chromium package"
  $sudo apt-get update -qq >/dev/null
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq chromium >/dev/null || echo "chromium: apt-get install chromium failed; the dashboard's browser tests will fail." >&2
}

smt_chromium_setup
