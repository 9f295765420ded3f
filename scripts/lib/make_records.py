#!/usr/bin/env python3
"""Writes a JSON array of API-like account records of about the given size (MB) to stdout.

usage: make_records.py MEGABYTES [SEED]
"""
import json
import random
import sys

TIERS = ["free", "paid", "partner", "unverified"]
WORDS = ["alpha", "bravo", "charlie", "delta", "echo", "foxtrot", "golf", "hotel", "india", "juliet"]
ALPHABET = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz"


def record(rng, index):
    user = f"{rng.choice(WORDS)}{index}"
    keys = []
    for number in range(rng.randint(0, 3)):
        keys.append({
            "name": f"{user}-key{number}",
            "type": rng.choice(["ed25519", "rsa"]),
            "peer_id": "12D3KooW" + "".join(rng.choice(ALPHABET) for _ in range(44)),
        })
    return {
        "id": index,
        "name": user,
        "email": f"{user}@example.com",
        "tier": rng.choice(TIERS),
        "verified": rng.random() < 0.9,
        "credits": round(rng.uniform(0, 500), 2),
        "created_at": f"20{rng.randint(18, 20)}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}T12:00:00Z",
        "keys": keys,
        "usage": {
            "MonthlyDataLimitBytes": rng.choice([1099511627776, 107374182400, 5368709120]),
            "CurrentDataUsedBytes": rng.randint(0, 5368709120),
            "KeysAllowed": rng.choice([5, 100, 1000]),
            "KeysCreated": len(keys),
            "note": "Ünïcødé ✓ \"quoted\"" if index % 97 == 0 else None,
        },
    }


def main():
    megabytes = float(sys.argv[1])
    rng = random.Random(int(sys.argv[2]) if len(sys.argv) > 2 else 2021)
    target = int(megabytes * 1_000_000)
    out = sys.stdout
    out.write("[\n")
    written = 2
    index = 0
    while written < target:
        text = json.dumps(record(rng, index), ensure_ascii=False)
        if index:
            out.write(",\n")
            written += 2
        out.write(text)
        written += len(text.encode("utf-8"))
        index += 1
    out.write("\n]\n")


if __name__ == "__main__":
    main()
