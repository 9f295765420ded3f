"""The tables of `scripts/bench server` from its results lines (see wrk_summary.py)."""
import statistics
import sys

rows = {}
for line in open(sys.argv[1]):
    label, rps, p50, p99, errors = line.split("\t")
    rows.setdefault(label, []).append((float(rps), float(p50), float(p99), int(errors)))
postgres = sys.argv[2] if len(sys.argv) > 2 else ""


def median(label, field=0):
    return statistics.median(run[field] for run in rows[label])


def row(name, label):
    runs = rows[label]
    return (f"| {name} | {median(label):.0f} | {median(label, 1):.2f} ms | {median(label, 2):.2f} ms | "
            f"{sum(run[3] for run in runs)} |")


def per_round(numerator, denominator):
    return ", ".join(f"{n[0] / d[0] * 100:.0f}%" for n, d in zip(rows[numerator], rows[denominator]))


print("| route | requests/s | p50 | p99 | non-2xx |")
print("|---|---|---|---|---|")
print(row("`GET /hello` (hello world)", "hello"))
print(row("`GET /v2/account/usage` (JWT, account check, usage row)", "usage"))
print(f"\nThe authenticated route serves {median('usage') / median('hello') * 100:.0f}% of hello world's requests per "
      f"second (per round: {per_round('usage', 'hello')}).")
if not postgres:
    print("\n(PostgreSQL unavailable: no PostgreSQL rows)")
    sys.exit(0)
print(f"\nWith the accounts in PostgreSQL {postgres} (same machine, fsync off as in the tests); the one-replica row ran")
print("in the same alternating rounds as the rows above:\n")
print("| server | requests/s | p50 | p99 | non-2xx |")
print("|---|---|---|---|---|")
print(row("one replica, `GET /v2/account/usage`", "pg-usage"))
two = sum(runs[0][0] for label, runs in rows.items() if label.startswith("pg-two-"))
two_errors = sum(runs[0][3] for label, runs in rows.items() if label.startswith("pg-two-"))
print(f"| two replicas, wrk on each at once (summed) | {two:.0f} | | | {two_errors} |")
print(row("`GET /hello`, rate limit off", "pg-hello"))
print(row("`GET /hello`, rate limit counted in PostgreSQL", "pg-hello-limited"))
print(f"\nOne replica over PostgreSQL serves {median('pg-usage') / median('usage') * 100:.0f}% of the SQLite server's "
      f"requests per second on the authenticated route (per round: {per_round('pg-usage', 'usage')}); two replicas "
      f"on the same cores serve {two / median('pg-usage'):.2f}x one; counting the rate limit in PostgreSQL leaves "
      f"`/hello` {median('pg-hello-limited') / median('pg-hello') * 100:.0f}% of its requests per second.")
