#!/usr/bin/env python3
"""Accept -> Confirmed latency at a fixed order rate, for bench/orders.sh (standard library only).

Places orders (POST /api/orders, one Idempotency-Key each, random item) at a steady RATE per second
for SECONDS from WORKERS threads with keep-alive connections (open loop: order i is due at
t0 + i/RATE, whatever the earlier answers did). Then fetches every accepted order
(GET /api/orders/{id}) until all are final or WAIT seconds have passed, and takes the latency from
the order's own history: `at` of the Confirmed entry minus `at` of the Placed entry. Server-side
timestamps, so the fetch interval does not bias the figure.

Prints progress to stderr and one line to stdout (times in ms, p = nearest rank):
  LATENCY rate=R seconds=S placed=N accepted=N post_errors=N achieved_rate=R late=N max_late_ms=X
          post_p50_ms=X post_p99_ms=X confirmed=N failed=N not_final=N
          confirm_p50_ms=X confirm_p99_ms=X confirm_max_ms=X
Orders not final after WAIT count as infinitely late in the confirm percentiles (printed as inf);
Rejected / PaymentFailed orders are counted in `failed` and left out of them.

  python3 bench/order_latency.py --rate 500 --seconds 15 [--url http://127.0.0.1:5090] [--csv FILE]
"""

import argparse
import calendar
import concurrent.futures
import csv
import http.client
import itertools
import json
import math
import random
import re
import sys
import threading
import time
import uuid
from urllib.parse import urlsplit

FINAL = {"Confirmed", "Rejected", "PaymentFailed"}
# Shop.Ordering.OrderStatus in declaration order, in case the Api serialises the enum as a number.
STATUS_NAMES = ["Placed", "StockReserved", "Paid", "Confirmed", "Rejected", "PaymentFailed"]
LATE_MS = 10.0  # a send this much after its due time counts as late (the generator did not keep up)

_ISO = re.compile(r"^(\d{4})-(\d\d)-(\d\d)[T ](\d\d):(\d\d):(\d\d)(?:[.,](\d+))?(Z|[+-]\d\d:?\d\d)?$")


def log(msg):
    print(f"[order_latency] {msg}", file=sys.stderr, flush=True)


def parse_time(text):
    """ISO-8601 -> epoch seconds (float). .NET writes 7 fractional digits, which
    datetime.fromisoformat of older Pythons rejects, hence the regex."""
    m = _ISO.match(text.strip())
    if not m:
        raise ValueError(f"not an ISO-8601 timestamp: {text!r}")
    y, mo, d, h, mi, s, frac, tz = m.groups()
    t = calendar.timegm((int(y), int(mo), int(d), int(h), int(mi), int(s), 0, 0, 0))
    if frac:
        t += int(frac) / 10 ** len(frac)
    if tz and tz != "Z":
        sign = 1 if tz[0] == "+" else -1
        digits = tz[1:].replace(":", "")
        t -= sign * (int(digits[:2]) * 3600 + int(digits[2:]) * 60)
    return t


def status_name(value):
    if isinstance(value, int) and 0 <= value < len(STATUS_NAMES):
        return STATUS_NAMES[value]
    return str(value)


def percentile(sorted_values, p):
    """Nearest rank; None for an empty list."""
    if not sorted_values:
        return None
    rank = max(1, math.ceil(p / 100 * len(sorted_values)))
    return sorted_values[rank - 1]


def fmt_ms(value):
    if value is None:
        return "nan"
    if math.isinf(value):
        return "inf"
    return f"{value:.2f}"


class Client:
    """One keep-alive HTTP/1.1 connection; reconnects once when the connection broke."""

    def __init__(self, host, port, timeout):
        self.host, self.port, self.timeout = host, port, timeout
        self.conn = None

    def request(self, method, path, body=None, headers=None):
        for attempt in (1, 2):
            if self.conn is None:
                self.conn = http.client.HTTPConnection(self.host, self.port, timeout=self.timeout)
            try:
                self.conn.request(method, path, body=body, headers=headers or {})
                resp = self.conn.getresponse()
                data = resp.read()
                if resp.getheader("Connection", "").lower() == "close":
                    self.conn.close()
                    self.conn = None
                return resp.status, data
            except (http.client.HTTPException, OSError):
                # A POST repeated with the same Idempotency-Key is safe: the Api replays its answer.
                self.conn.close()
                self.conn = None
                if attempt == 2:
                    raise
        raise AssertionError("unreachable")


def place_orders(args, host, port):
    total = max(1, round(args.rate * args.seconds))
    interval = 1.0 / args.rate
    run_id = uuid.uuid4().hex[:12]
    next_index = itertools.count()  # next() on it is atomic in CPython
    results = [None] * total
    errors = []
    t0 = time.monotonic() + 0.5  # time for the workers to start

    def worker(seed):
        client = Client(host, port, args.timeout)
        rnd = random.Random(seed)
        while True:
            i = next(next_index)
            if i >= total:
                return
            due = t0 + i * interval
            delay = due - time.monotonic()
            if delay > 0:
                time.sleep(delay)
            body = json.dumps({"email": args.email, "lines": [{"itemId": rnd.randint(1, args.items), "quantity": 1}]})
            headers = {"Content-Type": "application/json", "Idempotency-Key": f"bench-lat-{run_id}-{i}"}
            sent = time.monotonic()
            order_id = None
            try:
                status, data = client.request("POST", "/api/orders", body, headers)
                if status == 202:
                    order_id = json.loads(data)["id"]
                elif len(errors) < 5:
                    errors.append(f"HTTP {status}: {data[:200]!r}")
            except Exception as exc:  # noqa: BLE001 - any failure is a failed placement
                status = 0
                if len(errors) < 5:
                    errors.append(f"{type(exc).__name__}: {exc}")
            results[i] = (due, sent, time.monotonic(), status, order_id, headers["Idempotency-Key"])

    log(f"placing {total} orders at {args.rate:g}/s for {args.seconds:g} s with {args.workers} workers ...")
    threads = [threading.Thread(target=worker, args=(random.random(),), daemon=True) for _ in range(args.workers)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    for e in errors:
        log(f"placement error: {e}")
    return results, t0


def fetch_until_final(args, host, port, ids):
    """Returns {id: order JSON} for the orders that became final within args.wait seconds."""
    local = threading.local()
    final = {}
    pending = list(ids)
    deadline = time.monotonic() + args.wait

    def fetch(order_id):
        if not hasattr(local, "client"):
            local.client = Client(host, port, args.timeout)
        try:
            status, data = local.client.request("GET", f"/api/orders/{order_id}")
        except Exception:  # noqa: BLE001 - try again in the next pass
            return order_id, None
        if status != 200:
            return order_id, None
        return order_id, json.loads(data)

    time.sleep(min(1.0, args.wait))
    with concurrent.futures.ThreadPoolExecutor(max_workers=min(args.workers, 16)) as pool:
        while pending:
            still = []
            for order_id, order in pool.map(fetch, pending):
                if order is not None and status_name(order.get("status")) in FINAL:
                    final[order_id] = order
                else:
                    still.append(order_id)
            pending = still
            if not pending or time.monotonic() >= deadline:
                break
            log(f"{len(pending)} orders not final yet ...")
            time.sleep(0.5)
    return final


def confirm_ms(order):
    """Confirmed `at` minus Placed `at` (createdAt when there is no Placed entry), in ms; None if not Confirmed."""
    placed = confirmed = None
    for entry in order.get("history") or []:
        name = status_name(entry.get("status"))
        if name == "Placed" and placed is None:
            placed = parse_time(entry["at"])
        elif name == "Confirmed":
            confirmed = parse_time(entry["at"])
    if confirmed is None:
        return None
    if placed is None:
        placed = parse_time(order["createdAt"])
    return (confirmed - placed) * 1000.0


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--url", default="http://127.0.0.1:5090", help="Api base URL")
    ap.add_argument("--rate", type=float, required=True, help="orders per second")
    ap.add_argument("--seconds", type=float, default=15.0, help="how long to place orders")
    ap.add_argument("--wait", type=float, default=30.0, help="seconds to wait for the orders to be final")
    ap.add_argument("--workers", type=int, default=32, help="sending threads (one connection each)")
    ap.add_argument("--items", type=int, default=100, help="item ids 1..N")
    ap.add_argument("--email", default="bench@example.com")
    ap.add_argument("--timeout", type=float, default=30.0, help="HTTP timeout, seconds")
    ap.add_argument("--csv", help="write one row per order to this file")
    args = ap.parse_args()
    if args.rate <= 0 or args.seconds <= 0 or args.workers < 1:
        ap.error("--rate, --seconds and --workers must be positive")

    url = urlsplit(args.url)
    if url.scheme != "http" or not url.hostname:
        ap.error("--url must be http://host[:port]")
    host, port = url.hostname, url.port or 80

    results, t0 = place_orders(args, host, port)
    placed = [r for r in results if r is not None]
    accepted = [r for r in placed if r[3] == 202 and r[4]]
    post_ms = sorted((r[2] - r[1]) * 1000.0 for r in accepted)
    late_ms = [(r[1] - r[0]) * 1000.0 for r in placed]
    late = sum(1 for v in late_ms if v > LATE_MS)
    last_send = max((r[1] for r in placed), default=t0)
    span = max(last_send - t0, 1e-9)
    # Orders sent in [t0, last_send]: n orders span n-1 intervals.
    achieved = (len(accepted) - 1) / span if len(accepted) > 1 else float(len(accepted))
    log(f"accepted {len(accepted)} of {len(placed)} ({achieved:.0f}/s achieved, {late} sent > {LATE_MS:g} ms late); "
        f"waiting up to {args.wait:g} s for them to be final ...")

    final = fetch_until_final(args, host, port, [r[4] for r in accepted])
    confirm = {}
    failed = {}
    for order_id, order in final.items():
        ms = confirm_ms(order)
        if ms is None:
            name = status_name(order.get("status"))
            failed[name] = failed.get(name, 0) + 1
        else:
            confirm[order_id] = ms
    not_final = len(accepted) - len(final)
    # Not final within the wait = later than anything measured: they count as infinite.
    values = sorted(list(confirm.values()) + [math.inf] * not_final)
    if failed:
        log("final but not Confirmed: " + ", ".join(f"{k} {v}" for k, v in sorted(failed.items())))

    if args.csv:
        with open(args.csv, "w", newline="") as f:
            w = csv.writer(f)
            w.writerow(["index", "idempotency_key", "http_status", "order_id", "late_ms", "post_ms", "final_status", "confirm_ms"])
            for i, r in enumerate(results):
                if r is None:
                    continue
                due, sent, done, status, order_id, key = r
                order = final.get(order_id) if order_id else None
                w.writerow([i, key, status, order_id or "", f"{(sent - due) * 1000:.3f}", f"{(done - sent) * 1000:.3f}",
                            status_name(order.get("status")) if order else ("" if not order_id else "not final"),
                            f"{confirm[order_id]:.3f}" if order_id in confirm else ""])

    fields = {
        "rate": f"{args.rate:g}",
        "seconds": f"{args.seconds:g}",
        "placed": len(placed),
        "accepted": len(accepted),
        "post_errors": len(placed) - len(accepted),
        "achieved_rate": f"{achieved:.1f}",
        "late": late,
        "max_late_ms": fmt_ms(max(late_ms, default=0.0)),
        "post_p50_ms": fmt_ms(percentile(post_ms, 50)),
        "post_p99_ms": fmt_ms(percentile(post_ms, 99)),
        "confirmed": len(confirm),
        "failed": sum(failed.values()),
        "not_final": not_final,
        "confirm_p50_ms": fmt_ms(percentile(values, 50)),
        "confirm_p99_ms": fmt_ms(percentile(values, 99)),
        "confirm_max_ms": fmt_ms(values[-1] if values else None),
    }
    print("LATENCY " + " ".join(f"{k}={v}" for k, v in fields.items()), flush=True)
    return 0 if accepted else 1


if __name__ == "__main__":
    sys.exit(main())
