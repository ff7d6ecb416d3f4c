#!/usr/bin/env python3
"""CPU seconds per process kind between two snapshots of /proc, for the bench scripts (standard library only).
  cpu_by_process.py snap FILE           write a snapshot
  cpu_by_process.py diff BEFORE AFTER N print one Markdown row per process kind: CPU s and CPU ms per unit (N units)
"""
import json
import os
import sys

KINDS = [("Api/bin", "Api"), ("Worker/bin", "Worker"), ("Web/bin", "Web"), ("postgres", "PostgreSQL"),
         ("redis-server", "Redis"), ("azurite", "Azurite"), ("payment", "payment simulator"),
         ("Aspire.Dashboard", "Aspire dashboard"), ("/dcp", "DCP"), ("AppHost", "AppHost"),
         ("wrk ", "load generator (wrk)"), ("order_latency", "load generator"), ("pgbench", "load generator")]
TICKS = os.sysconf("SC_CLK_TCK")


def snapshot():
    out = {}
    for pid in filter(str.isdigit, os.listdir("/proc")):
        try:
            with open(f"/proc/{pid}/stat") as f:
                fields = f.read().rsplit(")", 1)[1].split()
            with open(f"/proc/{pid}/cmdline", "rb") as f:
                cmd = f.read().replace(b"\0", b" ").decode(errors="replace")
        except OSError:
            continue
        kind = next((name for key, name in KINDS if key in cmd), "other (kernel threads, tools)")
        out[pid] = [int(fields[11]) + int(fields[12]), kind]
    return out


def main():
    if sys.argv[1] == "snap":
        with open(sys.argv[2], "w") as f:
            json.dump(snapshot(), f)
        return
    with open(sys.argv[2]) as f:
        before = json.load(f)
    with open(sys.argv[3]) as f:
        after = json.load(f)
    units = max(float(sys.argv[4]), 1)
    totals = {}
    for pid, (ticks, kind) in after.items():
        totals[kind] = totals.get(kind, 0) + ticks - before.get(pid, [0])[0]
    for kind, ticks in sorted(totals.items(), key=lambda kv: -kv[1]):
        if ticks > 0:
            print(f"| {kind} | {ticks / TICKS:.1f} | {1000 * ticks / TICKS / units:.2f} |")
    total = sum(totals.values())
    print(f"| **all** | {total / TICKS:.1f} | {1000 * total / TICKS / units:.2f} |")


if __name__ == "__main__":
    main()
