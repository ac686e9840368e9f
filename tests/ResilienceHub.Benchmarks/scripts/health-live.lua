-- The HTTP ceiling: liveness answers without touching GraphQL or the database.
dofile("common.lua")
