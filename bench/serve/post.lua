-- wrk: POST one valid submission, with the browser's cookie and the form's token.
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/x-www-form-urlencoded"
wrk.headers["Cookie"] = os.getenv("HELDER_COOKIE")
local file = io.open(os.getenv("HELDER_BODY"), "r")
wrk.body = "_csrf=" .. os.getenv("HELDER_TOKEN") .. "&" .. file:read("*a")
file:close()

function done(summary, latency, requests)
    local status = summary.errors.status
    io.write(string.format("non-2xx/3xx: %d\n", status))
end
