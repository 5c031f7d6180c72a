-- wrk script: cycles through pre-built, varied, correctly signed requests (one per line of the
-- requests file: method, path, headers, body, tab-separated) and writes what NBomber would report
-- as JSON: counts by status, bytes, latency percentiles. Arguments: <requests file> <result file>.
local requests = {}
local threads = {}

function setup(thread)
  table.insert(threads, thread)
end

function init(args)
  result_path = args[2] -- global: done() reads it from a thread
  for line in io.lines(args[1]) do
    local method, path, headers, body = line:match("^([^\t]*)\t([^\t]*)\t([^\t]*)\t(.*)$")
    local h = {}
    for name, value in headers:gmatch("([^|:]+):([^|]*)") do h[name] = value end
    table.insert(requests, wrk.format(method, path, h, body))
  end
  counter = math.random(#requests)
  statuses = {}
end

function request()
  counter = counter % #requests + 1
  return requests[counter]
end

-- The verification service answers "the population DB could not answer" as HTTP 200 with the
-- verdict UPSTREAM_UNAVAILABLE (never a false verdict): counted apart, not as a success.
function response(status, headers, body)
  local key = status
  if status == 200 and body and body:find("UPSTREAM_UNAVAILABLE", 1, true) then key = "UPSTREAM_UNAVAILABLE" end
  statuses[key] = (statuses[key] or 0) + 1
end

function done(summary, latency, requests)
  local counts = {}
  for _, t in ipairs(threads) do
    local s = t:get("statuses")
    for k, v in pairs(s or {}) do counts[tostring(k)] = (counts[tostring(k)] or 0) + v end
  end
  local parts = {}
  for k, v in pairs(counts) do table.insert(parts, string.format('"%s":%d', k, v)) end
  local e = summary.errors
  local f = io.open(threads[1]:get("result_path"), "w")
  f:write(string.format('{"requests":%d,"durationUs":%d,"bytes":%d,"socketErrors":%d,"statuses":{%s},' ..
    '"latencyUs":{"min":%d,"mean":%.1f,"max":%d,"p50":%d,"p75":%d,"p95":%d,"p99":%d}}',
    summary.requests, summary.duration, summary.bytes, e.connect + e.read + e.write + e.timeout, table.concat(parts, ","),
    latency.min, latency.mean, latency.max, latency:percentile(50), latency:percentile(75), latency:percentile(95), latency:percentile(99)))
  f:close()
end
