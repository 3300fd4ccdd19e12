-- wrk script for bench/fund_webhooks.py: POSTs pre-signed Stripe events, each once.
--
-- Environment (set by fund_webhooks.py):
--   BENCH_EVENTS  file of events, one a line: "<Stripe-Signature>\t<JSON body>"
--   BENCH_HOST    Host header (the community's webhook host)
--   BENCH_RATE    events/s for this thread, 0 = as fast as the connections go (closed loop)
--   BENCH_OUT     file the summary is written to (JSON)
-- Run with one thread (-t 1): every event is sent by it, once. With BENCH_RATE the sending is
-- open loop: event i is due at start + i / rate, whatever the answers' latency (a connection
-- that is free waits for the next due time; one late sends at once). Once every event is
-- answered the thread stops and fund_webhooks.py interrupts wrk.

local ffi = require("ffi")
ffi.cdef([[
typedef struct { long tv_sec; long tv_nsec; } timespec_t;
int clock_gettime(int clock_id, timespec_t *tp);
]])
local ts = ffi.new("timespec_t")
local function now_ms()
  ffi.C.clock_gettime(1, ts) -- CLOCK_MONOTONIC
  return tonumber(ts.tv_sec) * 1000 + tonumber(ts.tv_nsec) / 1e6
end

local requests, count = {}, 0
sent, answered, non2xx, behind = 0, 0, 0, 0
local rate, start, next_due, scheduled = 0, nil, 0, 0
first_ms, last_ms = 0, 0

function init(args)
  local host = os.getenv("BENCH_HOST")
  rate = tonumber(os.getenv("BENCH_RATE") or "0")
  for line in io.lines(os.getenv("BENCH_EVENTS")) do
    local signature, body = line:match("^([^\t]+)\t(.*)$")
    count = count + 1
    requests[count] = wrk.format("POST", "/fund/webhooks/stripe/", {
      ["Host"] = host,
      ["Content-Type"] = "application/json",
      ["Stripe-Signature"] = signature,
    }, body)
  end
end

-- Called before every request of every connection (wrk calls it whenever the script has one).
function delay()
  if scheduled >= count then
    return 1e9 -- nothing left: this connection stays idle till the thread stops
  end
  scheduled = scheduled + 1
  if rate <= 0 then
    return 0
  end
  if start == nil then
    start = now_ms()
  end
  local due = start + next_due * 1000 / rate
  next_due = next_due + 1
  local wait = due - now_ms()
  if wait < 0 then
    behind = math.max(behind, -wait)
    return 0
  end
  return wait
end

function request()
  if scheduled == 0 then
    -- wrk's check of the script, before any connection: not sent.
    return requests[1]
  end
  sent = sent + 1
  if sent == 1 then
    first_ms = now_ms()
  end
  return requests[sent]
end

function response(status, headers, body)
  answered = answered + 1
  if status < 200 or status > 299 then
    non2xx = non2xx + 1
  end
  if answered == count then
    last_ms = now_ms()
    -- Tells fund_webhooks.py to interrupt wrk (whose main thread sleeps out -d otherwise).
    io.open(os.getenv("BENCH_OUT") .. ".finished", "w"):close()
    wrk.thread:stop()
  end
end

local threads = {}

function setup(thread)
  table.insert(threads, thread)
end

function done(summary, latency, requests_)
  local thread = threads[1]
  local out = io.open(os.getenv("BENCH_OUT"), "w")
  out:write(string.format(
    '{"requests": %d, "duration_us": %d, "non2xx": %d, "answered": %d, "sent": %d, '
      .. '"connect": %d, "read": %d, "write": %d, "timeout": %d, "status": %d, '
      .. '"behind_ms": %.1f, "seconds": %.4f, "p50_us": %d, "p95_us": %d, "p99_us": %d, "max_us": %d}\n',
    summary.requests, summary.duration, thread:get("non2xx"), thread:get("answered"),
    thread:get("sent"), summary.errors.connect, summary.errors.read, summary.errors.write,
    summary.errors.timeout, summary.errors.status, thread:get("behind"),
    (thread:get("last_ms") - thread:get("first_ms")) / 1000,
    latency:percentile(50), latency:percentile(95), latency:percentile(99), latency.max
  ))
  out:close()
end
