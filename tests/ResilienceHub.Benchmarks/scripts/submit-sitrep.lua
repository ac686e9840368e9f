-- submitSitrep for fresh periods: every request takes an (organisation, period) no other request takes,
-- so every return should be accepted. Arguments: the data file (organisations = { { before, between, after } }
-- around the period and the idempotency key; periods = { ISO instants }; key_prefix) and the number of threads.
dofile("common.lua")
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.headers["X-Submitted-By"] = "Benchmark feed"

local sent = 0

function init(args)
  load_data(args[1])
  thread_count = tonumber(args[2])
end

function request()
  -- Request n of thread t takes slot n * threads + t; slots run through the organisations, then the next period.
  local slot = sent * thread_count + thread_index
  sent = sent + 1
  local parts = organisations[slot % #organisations + 1]
  local period = periods[math.floor(slot / #organisations) + 1] or periods[#periods]
  return wrk.format(nil, "/graphql", nil, parts[1] .. period .. parts[2] .. key_prefix .. slot .. parts[3])
end

function response(status, headers, body)
  count_payload(body)
end
