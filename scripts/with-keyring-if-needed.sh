#!/usr/bin/env bash
# On a desktop session the OS keychain is already there; on a bare Linux machine (no D-Bus
# session) start a throwaway one so the app can still be tried out.
if [ -n "${DBUS_SESSION_BUS_ADDRESS:-}" ] || [ "$(uname)" != "Linux" ]; then
  exec "$@"
fi
exec bash "$(dirname "$0")/with-keyring.sh" "$@"
