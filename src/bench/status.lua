-- wrk script for the payment-status benchmark: random beneficiaries of the seed (national IDs and birth
-- dates follow cycles-seed.sql), and 20% IDs that exist nowhere (prefix 080), in one stream; 2% of the requests
-- ask for a one-time code (POST .../codes) instead of looking up (issue 18).
local count = tonumber(os.getenv("BENCH_COUNT") or "1000000")
math.randomseed(os.time())
request = function()
  local g = math.random(0, count - 1)
  local prefix = "079"
  if math.random() < 0.2 then prefix = "080" end
  local year = 1930 + g % 60
  local id = string.format("%s%d%02d%06d", prefix, g % 2, year % 100, g)
  local dob = string.format("%04d-%02d-%02d", year, 1 + g % 12, 1 + g % 28)
  local body = '{"nationalId":"' .. id .. '","dateOfBirth":"' .. dob .. '"}'
  local path = "/api/v1/public/payment-status"
  if math.random() < 0.02 then path = "/api/v1/public/payment-status/codes" end
  return wrk.format("POST", path, {["Content-Type"] = "application/json"}, body)
end
