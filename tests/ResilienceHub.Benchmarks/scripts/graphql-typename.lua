-- Baseline: the smallest GraphQL POST, the same server's ceiling for GraphQL requests.
dofile("common.lua")
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.body = '{"query":"{ __typename }"}'
