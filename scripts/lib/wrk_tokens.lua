-- wrk: spreads the requests over several accounts, one bearer token per line of $TOKENS.
local tokens = {}
for line in io.lines(os.getenv("TOKENS")) do tokens[#tokens + 1] = line end
local counter = 0
request = function()
  counter = counter + 1
  return wrk.format(nil, nil, { Authorization = "Bearer " .. tokens[counter % #tokens + 1] })
end
