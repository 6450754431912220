#!/usr/bin/env bash
# Pre-upgrade gate for a 3CX server: run tcx-doctor, keep its reports, and run the
# upgrade command only when the gate passes.
#
#   pre-upgrade-gate.sh [TCX-DOCTOR RUN OPTIONS...] [-- UPGRADE COMMAND...]
#
#   sudo ./pre-upgrade-gate.sh -- sh -c 'apt-get update && apt-get install -y --only-upgrade 3cxpbx'
#   sudo ./pre-upgrade-gate.sh --install-dir /var/lib/3cxpbx --app-dir /opt/dialer -- apt-get install -y --only-upgrade 3cxpbx
#
# Environment:
#   TCX_DOCTOR   the tcx-doctor command (default: tcx-doctor; e.g. "node /opt/tcx-doctor/bin/run.js")
#   FAIL_ON      the lowest status that stops the upgrade (default: error; see docs/CI-GATE.md)
#   REPORT_DIR   where junit.xml, report.html and report.json go
#                (default: /var/log/tcx-doctor/pre-upgrade-YYYYMMDDTHHMMSSZ)
#
# Exit code: tcx-doctor's (1 warn, 2 fail, 3 error or usage problem) when the gate stops the
# upgrade; otherwise the upgrade command's own exit code (0 when none was given).
set -euo pipefail

TCX_DOCTOR=${TCX_DOCTOR:-tcx-doctor}
FAIL_ON=${FAIL_ON:-error}
REPORT_DIR=${REPORT_DIR:-/var/log/tcx-doctor/pre-upgrade-$(date -u +%Y%m%dT%H%M%SZ)}

doctor_args=()
while [ $# -gt 0 ] && [ "$1" != "--" ]; do
  doctor_args+=("$1")
  shift
done
[ "${1:-}" = "--" ] && shift

mkdir -p "$REPORT_DIR"
read -r -a doctor <<<"$TCX_DOCTOR"

set +e
"${doctor[@]}" run --fail-on "$FAIL_ON" \
  --output "$REPORT_DIR/junit.xml" --output "$REPORT_DIR/report.html" --output "$REPORT_DIR/report.json" \
  "${doctor_args[@]}"
rc=$?
set -e

if [ "$rc" -ne 0 ]; then
  echo "pre-upgrade gate: tcx-doctor exited $rc (--fail-on $FAIL_ON): NOT upgrading. Read $REPORT_DIR/report.html" >&2
  exit "$rc"
fi
echo "pre-upgrade gate: passed (--fail-on $FAIL_ON); reports in $REPORT_DIR"
if [ $# -gt 0 ]; then
  exec "$@"
fi
