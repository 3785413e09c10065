-- wrk script: every request queues a one-second text job on the free preview route (with the poller off, nothing renders)
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.body = '{"model":"local/preview","prompt":"A red kite climbing over a windy beach at dusk","duration":1,"resolution":"480p","aspect_ratio":"16:9"}'

local counts = {}
response = function(status, headers, body)
  counts[status] = (counts[status] or 0) + 1
end

done = function(summary, latency, requests)
  io.write(string.format("requests=%d rps=%.0f p50_ms=%.1f p99_ms=%.1f non2xx=%d\n",
    summary.requests, summary.requests / (summary.duration / 1e6),
    latency:percentile(50) / 1000, latency:percentile(99) / 1000,
    (summary.errors.status or 0)))
end
