-- wrk script for benchmarks/endpoint_benchmark.py: cycles through the request paths in WRK_PATHS
-- (one "?query=..." line each) under the endpoint path WRK_BASE, asks for SPARQL JSON results,
-- (WRK_ACCEPT another media type), and prints one JSON summary line at the end.
local base = os.getenv("WRK_BASE") or "/sparql"
local paths = {}
for line in io.lines(os.getenv("WRK_PATHS")) do paths[#paths + 1] = base .. line end
local accept = os.getenv("WRK_ACCEPT") or "application/sparql-results+json"
local counter = 0

request = function()
  counter = counter + 1
  return wrk.format("GET", paths[(counter % #paths) + 1], {Accept = accept})
end

done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    '{"requests": %d, "seconds": %.6f, "p50_ms": %.3f, "p99_ms": %.3f, "errors": %d}\n',
    summary.requests, summary.duration / 1e6, latency:percentile(50) / 1000, latency:percentile(99) / 1000,
    e.connect + e.read + e.write + e.status + e.timeout))
end
