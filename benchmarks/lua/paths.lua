-- wrk script for the benchmarks and the soak test: requests paths from a list and writes what
-- happened as JSON for benchmarks/load.py.
--
-- Usage: wrk ... -s benchmarks/lua/paths.lua -- PATHS_FILE MODE   (RESULT_FILE in the env)
--   PATHS_FILE  one path per line ("/en/documents/365-qd-tw/")
--   MODE        same:   the first path, again and again (cache hits)
--               random: a path picked at random for every request (cold runs use it against
--                       a server without a page cache: benchmarks/servers.py, COLD_ENV)
-- The response hook counts statuses (2xx, 3xx, 304, 4xx, 5xx) and X-Cache hits and misses;
-- done() adds up every thread's counts and writes them with the latency percentiles.

local threads = {}

function setup(thread)
  table.insert(threads, thread)
  thread:set("thread_id", #threads)
end

function init(args)
  paths = {}
  for line in io.lines(args[1]) do
    if line ~= "" then
      paths[#paths + 1] = line
    end
  end
  mode = args[2] or "random"
  math.randomseed(os.time() * 1000 + thread_id)
  counts = { s2xx = 0, s3xx = 0, s304 = 0, s4xx = 0, s5xx = 0, s503 = 0, other = 0, hit = 0, miss = 0 }
end

function request()
  local path
  if mode == "same" then
    path = paths[1]
  else
    path = paths[math.random(#paths)]
  end
  return wrk.format(nil, path)
end

function response(status, headers, body)
  if status == 304 then
    counts.s304 = counts.s304 + 1
  elseif status >= 200 and status < 300 then
    counts.s2xx = counts.s2xx + 1
  elseif status >= 300 and status < 400 then
    counts.s3xx = counts.s3xx + 1
  elseif status >= 400 and status < 500 then
    counts.s4xx = counts.s4xx + 1
  elseif status >= 500 then
    counts.s5xx = counts.s5xx + 1
    if status == 503 then
      counts.s503 = counts.s503 + 1
    end
  else
    counts.other = counts.other + 1
  end
  local cache = headers["X-Cache"] or headers["x-cache"]
  if cache == "hit" then
    counts.hit = counts.hit + 1
  elseif cache == "miss" then
    counts.miss = counts.miss + 1
  end
end

function done(summary, latency, requests)
  local total = { s2xx = 0, s3xx = 0, s304 = 0, s4xx = 0, s5xx = 0, s503 = 0, other = 0, hit = 0, miss = 0 }
  for _, thread in ipairs(threads) do
    local thread_counts = thread:get("counts")
    for name, value in pairs(thread_counts) do
      total[name] = total[name] + value
    end
  end
  local seconds = summary.duration / 1000000
  local errors = summary.errors
  local parts = {
    string.format('"requests": %d', summary.requests),
    string.format('"seconds": %.3f', seconds),
    string.format('"rps": %.2f', summary.requests / seconds),
    string.format('"bytes": %d', summary.bytes),
    string.format('"latency_ms": {"p50": %.3f, "p95": %.3f, "p99": %.3f, "mean": %.3f, "max": %.3f}',
      latency:percentile(50) / 1000, latency:percentile(95) / 1000, latency:percentile(99) / 1000,
      latency.mean / 1000, latency.max / 1000),
    string.format('"socket_errors": {"connect": %d, "read": %d, "write": %d, "timeout": %d}',
      errors.connect, errors.read, errors.write, errors.timeout),
    string.format('"status_errors": %d', errors.status),
  }
  for name, value in pairs(total) do
    parts[#parts + 1] = string.format('"%s": %d', name, value)
  end
  local file = assert(io.open(os.getenv("RESULT_FILE"), "w"))
  file:write("{" .. table.concat(parts, ", ") .. "}\n")
  file:close()
end
