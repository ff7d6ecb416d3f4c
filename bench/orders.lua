-- wrk script for bench/orders.sh: every request places one order (POST /api/orders) with its own
-- Idempotency-Key and a random item, counts the 202 answers per thread, and prints one line at the end:
--   ORDERS requests=N accepted=N other=N duration_us=N p50_us=N p99_us=N max_us=N
--          connect=N read=N write=N timeout=N first_other=STATUS
-- Environment: ORDERS_RUN_ID (part of every key, unique per wrk run), ORDERS_ITEMS (item ids 1..N, default 100).
--   ORDERS_RUN_ID=x wrk -t2 -c16 -d10s --latency -s bench/orders.lua http://127.0.0.1:5090

local threads = {}

function setup(thread)
    table.insert(threads, thread)
    thread:set("tid", #threads)
end

function init(args)
    run_id = os.getenv("ORDERS_RUN_ID") or tostring(os.time())
    items = tonumber(os.getenv("ORDERS_ITEMS") or "") or 100
    counter = 0
    accepted = 0
    other = 0
    first_other = ""
    tid = tid or 0  -- set by setup(); wrk calls setup() before init()
    math.randomseed(os.time() * 1000 + tid)
    wrk.method = "POST"
    wrk.path = "/api/orders"
    wrk.headers["Content-Type"] = "application/json"
end

function request()
    counter = counter + 1
    -- Unique: run id, thread, per-thread counter; the random part only guards against a reused run id.
    wrk.headers["Idempotency-Key"] = string.format("bench-%s-%d-%d-%06d", run_id, tid, counter, math.random(0, 999999))
    local body = string.format('{"email":"bench@example.com","lines":[{"itemId":%d,"quantity":1}]}', math.random(1, items))
    return wrk.format(nil, nil, nil, body)
end

function response(status, headers, body)
    if status == 202 then
        accepted = accepted + 1
    else
        other = other + 1
        if first_other == "" then first_other = tostring(status) end
    end
end

function done(summary, latency, requests)
    local acc, oth, first = 0, 0, ""
    for _, t in ipairs(threads) do
        acc = acc + (t:get("accepted") or 0)
        oth = oth + (t:get("other") or 0)
        local f = t:get("first_other") or ""
        if first == "" then first = f end
    end
    local e = summary.errors
    io.write(string.format(
        "ORDERS requests=%d accepted=%d other=%d duration_us=%d p50_us=%d p99_us=%d max_us=%d connect=%d read=%d write=%d timeout=%d first_other=%s\n",
        summary.requests, acc, oth, summary.duration,
        math.floor(latency:percentile(50)), math.floor(latency:percentile(99)), latency.max,
        e.connect, e.read, e.write, e.timeout, first == "" and "-" or first))
end
