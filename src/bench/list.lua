-- wrk script: an authenticated list, the registry's beneficiaries of one commune a page at a time, as a
-- province officer's screen asks for it. BENCH_TOKEN is the bearer token; BENCH_COMMUNES names a file
-- of commune codes (one per line) in the token's area; pages 0-3 of 50.
local token = os.getenv("BENCH_TOKEN")
local communes = {}
for line in io.lines(os.getenv("BENCH_COMMUNES") or "target/bench-communes.txt") do
  if line:match("^%d%d%d%d%d$") then communes[#communes + 1] = line end
end
math.randomseed(os.time())
request = function()
  local path = string.format("/api/v1/beneficiaries?commune=%s&page=%d&size=50",
    communes[math.random(1, #communes)], math.random(0, 3))
  return wrk.format("GET", path, {["Authorization"] = "Bearer " .. token})
end
