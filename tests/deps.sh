#!/bin/sh
# Installs slaboard's build and test dependencies when missing (Debian/Ubuntu), else names them.
pkgs="gcc make pkg-config gettext libncurses-dev libsqlite3-dev sqlite3 libiniparser-dev libcriterion-dev libcsv-dev libsodium-dev tmux cppcheck clang-tidy"
# Wanted by tests, installed when possible: the minutes' browser check opens
# the HTML in Chromium, and skips, saying so, when it cannot be had.
optional="chromium"
missing=""
if command -v dpkg-query >/dev/null 2>&1; then
  installed() { dpkg-query -W -f='${Status}' "$1" 2>/dev/null | grep -q 'ok installed'; }
  for p in $pkgs; do installed "$p" || missing="$missing $p"; done
  opt=""
  for p in $optional; do installed "$p" || opt="$opt $p"; done
  [ -z "$missing$opt" ] && exit 0
  if [ "$(id -u)" = 0 ]; then SUDO=""; elif command -v sudo >/dev/null 2>&1; then SUDO="sudo"; else
    [ -n "$missing" ] || { echo "deps: optional$opt not installed: tests that need it will be skipped"; exit 0; }
    echo "deps: run as root: apt-get install$missing$opt" >&2; exit 1; fi
  $SUDO apt-get update -qq >/dev/null 2>&1 || true
  if [ -n "$missing" ]; then
    echo "deps: installing$missing"
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq $missing >/dev/null || {
      echo "deps: apt-get install$missing failed" >&2; exit 1; }
  fi
  if [ -n "$opt" ]; then
    echo "deps: installing$opt (for the browser checks)"
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq $opt >/dev/null 2>&1 ||
      echo "deps: apt-get install$opt failed: the browser checks will be skipped"
  fi
else
  for lib in ncursesw sqlite3 criterion libsodium; do
    pkg-config --exists "$lib" 2>/dev/null || missing="$missing $lib"
  done
  [ -f /usr/include/iniparser/iniparser.h ] || [ -f /usr/include/iniparser.h ] || missing="$missing iniparser"
  [ -f /usr/include/csv.h ] || missing="$missing libcsv"
  for tool in cppcheck clang-tidy; do command -v "$tool" >/dev/null 2>&1 || missing="$missing $tool"; done
  [ -z "$missing" ] && exit 0
  echo "deps: not a Debian system; install these with your package manager:$missing" >&2
  exit 1
fi
