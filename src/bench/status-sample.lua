-- wrk script: payment-status lookups of people sampled from the database under test (any data set, the
-- generator's included). BENCH_SAMPLE names a file of "nationalId dateOfBirth" lines (service.sh writes
-- it); a fifth of the lookups change the ID's last digits to one nobody holds, as mistyped IDs do.
local path = os.getenv("BENCH_SAMPLE") or "target/bench-status-sample.txt"
local people = {}
for line in io.lines(path) do
  local id, dob = line:match("^(%d+)%s+([%d-]+)$")
  if id then people[#people + 1] = { id, dob } end
end
math.randomseed(os.time())
request = function()
  local p = people[math.random(1, #people)]
  local id = p[1]
  if math.random() < 0.2 then id = "099" .. id:sub(4) end
  local body = '{"nationalId":"' .. id .. '","dateOfBirth":"' .. p[2] .. '"}'
  return wrk.format("POST", "/api/v1/public/payment-status", {["Content-Type"] = "application/json"}, body)
end
