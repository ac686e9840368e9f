-- The director's dashboard, every field, for one incident at a fixed asOf. Arguments: the data file (body = the
-- GraphQL request). A response with a GraphQL error, or one that is not a 200, counts as failed.
dofile("common.lua")
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"

function init(args)
  load_data(args[1])
  wrk.body = body
end

function request()
  return wrk.format(nil, "/graphql", nil, body)
end

-- The API writes an answer's errors before its data, so its first bytes tell: searching the whole answer (852 KB for
-- the national incident) would cost wrk more than the API spends giving it.
function response(status, headers, body)
  if status ~= 200 or body:sub(1, 10) == '{"errors":' then
    refused = refused + 1
  end
end
