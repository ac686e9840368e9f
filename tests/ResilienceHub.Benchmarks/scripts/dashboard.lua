-- The director's dashboard, every field, for one incident at a fixed asOf. Arguments: the data file (body = the
-- GraphQL request). A response with a GraphQL error, or one that is not a 200, counts as failed.
dofile("common.lua")
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"

-- Gzip accepted, as the screen's browser asks, unless the driver passes "identity" (a client that takes the bytes as
-- they are).
function init(args)
  load_data(args[1])
  if args[2] ~= "identity" then
    wrk.headers["Accept-Encoding"] = "gzip"
  end
  wrk.body = body
end

function request()
  return wrk.format(nil, "/graphql", nil, body)
end

-- The API gzips only shared answers, which never hold an error; it writes any other answer's errors before its data,
-- so its first bytes tell (searching the whole 836 KB of the national incident's would cost wrk more than the API
-- spends giving it).
function response(status, headers, body)
  if status ~= 200 or (headers["Content-Encoding"] ~= "gzip" and body:sub(1, 10) == '{"errors":') then
    refused = refused + 1
  end
end
