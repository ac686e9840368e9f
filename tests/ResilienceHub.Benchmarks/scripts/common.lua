-- Shared by every scenario: numbers the threads, counts accepted and refused writes, and prints one
-- machine-readable result line that the driver (Running/Wrk.cs) reads.
local threads = {}

-- Every request carries the run's director token (the driver signs it and passes it in BENCH_TOKEN).
local token = os.getenv("BENCH_TOKEN")
if token then
  wrk.headers["Authorization"] = "Bearer " .. token
end

function setup(thread)
  thread:set("thread_index", #threads)
  table.insert(threads, thread)
end

accepted, refused = 0, 0

-- A mutation payload whose error list is empty is an accepted write; anything else was refused.
function count_payload(body)
  if body:find('"errors":[]', 1, true) then
    accepted = accepted + 1
  else
    refused = refused + 1
  end
end

-- The driver writes each scenario's data (incident id, request templates, periods) as a Lua file.
function load_data(path)
  dofile(path)
end

function done(summary, latency, requests)
  local ok, no = 0, 0
  for _, thread in ipairs(threads) do
    ok = ok + (thread:get("accepted") or 0)
    no = no + (thread:get("refused") or 0)
  end
  local e = summary.errors
  io.write(string.format(
    'BENCH-RESULT {"requests":%d,"durationUs":%d,"socketErrors":%d,"non2xx":%d,"p50Us":%d,"p95Us":%d,"p99Us":%d,"maxUs":%d,"accepted":%d,"refused":%d,"clientCpuUs":%d}\n',
    summary.requests, summary.duration, e.connect + e.read + e.write + e.timeout, e.status,
    math.floor(latency:percentile(50)), math.floor(latency:percentile(95)), math.floor(latency:percentile(99)),
    math.floor(latency.max), ok, no, math.floor(os.clock() * 1e6)))
end
