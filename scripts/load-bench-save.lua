-- wrk script for the closed-loop score-save benchmark (scripts/load-bench.py drives it).
-- Every request is a single-change batch to the sync_visit server function, as a tablet sends it,
-- with a change id no other request carries: "<prefix>-<thread>-<counter>". Answers whose body
-- says the change was stored ("Stored") are counted as acknowledged; done() prints one JSON line.
-- Settings come from the environment: BENCH_CYCLE, BENCH_COOKIE, BENCH_CODES (comma-separated
-- indicator codes), BENCH_PREFIX. With BENCH_PAIRS_FILE (lines "<cycle> <cookie>", one per
-- assessor and open visit), request n is sent as the n-th assessor, in turn, to that visit: many
-- assessors on many visits at once instead of one assessor on one.

local threads = {}
local thread_count = 0

function setup(thread)
   thread_count = thread_count + 1
   thread:set("tid", thread_count)
   table.insert(threads, thread)
end

function init(args)
   cycle = os.getenv("BENCH_CYCLE")
   prefix = os.getenv("BENCH_PREFIX")
   codes = {}
   for code in string.gmatch(os.getenv("BENCH_CODES"), "[^,]+") do
      table.insert(codes, code)
   end
   visits = {}
   local file = os.getenv("BENCH_PAIRS_FILE")
   if file and file ~= "" then
      for line in io.lines(file) do
         local c, cookie = string.match(line, "^(%S+) (.+)$")
         if c then table.insert(visits, { cycle = c, cookie = cookie }) end
      end
   end
   n = 0
   acked = 0
   other = 0
   wrk.method = "POST"
   wrk.headers["Content-Type"] = "application/json"
   wrk.headers["Cookie"] = os.getenv("BENCH_COOKIE")
end

function request()
   n = n + 1
   local code = codes[(n % #codes) + 1]
   local to, headers = cycle, nil
   if #visits > 0 then
      local pair = visits[(n % #visits) + 1]
      to, headers = pair.cycle, { ["Cookie"] = pair.cookie, ["Content-Type"] = "application/json" }
   end
   local body = string.format(
      '{"cycle_id":"%s","changes":[{"change_id":"%s-%d-%d","code":"%s","score":%d,"note":"","check_on_site":false}]}',
      to, prefix, tid, n, code, n % 5)
   return wrk.format(nil, nil, headers, body)
end

function response(status, headers, body)
   if status == 200 and string.find(body, "Stored", 1, true) then
      acked = acked + 1
   else
      other = other + 1
   end
end

function done(summary, latency, requests)
   local sent, ok, bad = 0, 0, 0
   for _, t in ipairs(threads) do
      sent = sent + t:get("n")
      ok = ok + t:get("acked")
      bad = bad + t:get("other")
   end
   local e = summary.errors
   io.write(string.format(
      'WRKJSON {"requests":%d,"duration_us":%d,"bytes":%d,"sent":%d,"acked":%d,"not_acked":%d,' ..
      '"connect_errors":%d,"read_errors":%d,"write_errors":%d,"status_errors":%d,"timeouts":%d,' ..
      '"p50_us":%d,"p95_us":%d,"p99_us":%d,"max_us":%d}\n',
      summary.requests, summary.duration, summary.bytes, sent, ok, bad,
      e.connect, e.read, e.write, e.status, e.timeout,
      latency:percentile(50), latency:percentile(95), latency:percentile(99), latency.max))
end
