-- A page of 50 returns with their measures, from a random period of the national incident.
-- Arguments: the data file (page = { before, after } around the "from" instant; periods = { ISO instants }).
dofile("common.lua")
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"

function init(args)
  load_data(args[1])
  -- A fixed seed per thread keeps runs comparable.
  math.randomseed(7919 + thread_index)
end

function request()
  local from = periods[math.random(#periods)]
  return wrk.format(nil, "/graphql", nil, page[1] .. from .. page[2])
end

function response(status, headers, body)
  if status ~= 200 or body:find('"errors":[{', 1, true) then
    refused = refused + 1
  end
end
