"""One line per wrk run: label, requests/s, p50 and p99 in ms, non-2xx responses."""
import re
import sys

label, path = sys.argv[1], sys.argv[2]
text = open(path).read()
rps = float(re.search(r"Requests/sec:\s+([\d.]+)", text).group(1))


def latency(percentile):
    match = re.search(rf"\s{percentile}%\s+([\d.]+)(us|ms|s)", text)
    value, unit = float(match.group(1)), match.group(2)
    return value / 1000 if unit == "us" else (value * 1000 if unit == "s" else value)


errors = re.search(r"Non-2xx or 3xx responses: (\d+)", text)
print(f"{label}\t{rps:.0f}\t{latency(50):.2f}\t{latency(99):.2f}\t{errors.group(1) if errors else 0}")
