#!/usr/bin/env python3
"""Random statistics API queries over a generated history, for `keruen loadgen --get-file`.

The mix is what the explorer and the API are asked: one or two groupings (period, flow, partner, code at
2/4/6/10 digits, procedure, office, transport), up to three filters, over a month, a year, five years or
any range in between. Partners and codes are drawn from those the history holds, so filters find data.

    Scripts/statistics-queries.py --first 2021-11 --last 2026-10 --count 500 > /tmp/queries.txt
"""
import argparse
import random

parser = argparse.ArgumentParser()
parser.add_argument("--first", required=True, help="first month of the history, YYYY-MM")
parser.add_argument("--last", required=True, help="last month of the history, YYYY-MM")
parser.add_argument("--count", type=int, default=500)
parser.add_argument("--seed", type=int, default=1)
args = parser.parse_args()
random.seed(args.seed)

def months(first, last):
    y, m = map(int, first.split("-"))
    ly, lm = map(int, last.split("-"))
    out = []
    while (y, m) <= (ly, lm):
        out.append(f"{y:04d}-{m:02d}")
        y, m = (y + 1, 1) if m == 12 else (y, m + 1)
    return out

all_months = months(args.first, args.last)
partners = ["RU", "CN", "DE", "KR", "TR", "US", "UZ", "IT", "NL", "KG", "FR", "BY", "IN", "AF", "TJ"]
codes = ["84", "85", "87", "27", "72", "26", "10", "8471", "8517", "8703", "2709", "7202", "2601", "1001",
         "847130", "851713", "870323", "270900", "720241", "100199", "3004", "300490"]
offices = ["55201010", "55202020", "55101030", "55201020", "55301010"]
groupings = ["period", "flow", "partner", "code2", "code4", "code6", "code10", "procedure", "office", "transport"]

for _ in range(args.count):
    span = random.random()
    if span < 0.2:
        first, last = all_months[0], all_months[-1]
    elif span < 0.5:
        year = random.choice(sorted({m[:4] for m in all_months}))
        first, last = max(all_months[0], year + "-01"), min(all_months[-1], year + "-12")
    elif span < 0.8:
        first = last = random.choice(all_months)
    else:
        a, b = sorted(random.sample(range(len(all_months)), 2))
        first, last = all_months[a], all_months[b]
    params = [f"from={first}", f"to={last}"]
    if random.random() < 0.5:
        params.append("flow=" + random.choice(["import", "export"]))
    if random.random() < 0.3:
        params.append("partner=" + random.choice(partners))
    if random.random() < 0.3:
        params.append("code=" + random.choice(codes))
    if random.random() < 0.1:
        params.append("office=" + random.choice(offices))
    if random.random() < 0.1:
        params.append("procedure=" + random.choice(["40", "10"]))
    if random.random() < 0.1:
        params.append("transport=" + random.choice(["20", "30"]))
    params.append("groupBy=" + ",".join(random.sample(groupings, 1 if random.random() < 0.7 else 2)))
    print("/api/v1/statistics?" + "&".join(params))
