-- wrk script: every request is a distinct, valid form-encoded contact submission.
-- Arguments after "--": a run name and the body template with @@ID@@ where the unique id goes.
-- Prints one line "WRKJSON {...}" with counts and latency percentiles (microseconds).
local threads = {}

function setup(thread)
  thread:set("tid", #threads + 1)
  table.insert(threads, thread)
end

function init(args)
  run_name = args[1]
  template = args[2]
  counter = 0
  acknowledged = 0
  refused = 0
  headers = { ["Content-Type"] = "application/x-www-form-urlencoded" }
end

function request()
  counter = counter + 1
  local id = run_name .. "-" .. tid .. "-" .. counter
  local body = string.gsub(template, "@@ID@@", id)
  return wrk.format("POST", nil, headers, body)
end

function response(status, headers, body)
  if status >= 200 and status < 400 then
    acknowledged = acknowledged + 1
  else
    refused = refused + 1
  end
end

function done(summary, latency, requests)
  local ok, bad = 0, 0
  for _, thread in ipairs(threads) do
    ok = ok + thread:get("acknowledged")
    bad = bad + thread:get("refused")
  end
  local errors = summary.errors
  io.write(string.format(
    'WRKJSON {"requests": %d, "duration_us": %d, "acknowledged": %d, "refused": %d, ' ..
    '"p50_us": %d, "p99_us": %d, "socket_errors": %d}\n',
    summary.requests, summary.duration, ok, bad, latency:percentile(50), latency:percentile(99),
    errors.connect + errors.read + errors.write + errors.timeout))
end
