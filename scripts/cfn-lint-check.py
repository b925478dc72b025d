"""Reads cfn-lint's JSON output (stdin) and the allow-list, prints findings by
rule, and exits 1 if any finding is not on the allow-list.

    cfn-lint --format json ... | python scripts/cfn-lint-check.py scripts/cfn-lint-allowed.json N_TEMPLATES
"""
import collections
import json
import re
import sys


def main() -> int:
    allowed = json.load(open(sys.argv[1]))["allowed"]
    n_templates = sys.argv[2] if len(sys.argv) > 2 else "?"
    findings = json.load(sys.stdin)
    by_rule = collections.Counter()
    used = collections.Counter()
    bad = []
    for f in findings:
        rule = f["Rule"]["Id"]
        by_rule[rule] += 1
        path = f["Location"].get("Path") or []
        resource = path[1] if len(path) > 1 and path[0] == "Resources" else ""
        match = next((i for i, a in enumerate(allowed)
                      if a["rule"] == rule
                      and re.search(a["resource"], str(resource))
                      and re.search(a["message"], f["Message"])), None)
        if match is None:
            bad.append(f)
        else:
            used[match] += 1
    summary = ", ".join(f"{rule}={n}" for rule, n in sorted(by_rule.items())) or "none"
    print(f"cfn-lint findings in {n_templates} templates, by rule: {summary}")
    for i, a in enumerate(allowed):
        print(f"  allowed {a['rule']} on /{a['resource']}/: {used[i]} finding(s)"
              + ("" if used[i] else " (entry matched nothing: remove it if the finding is gone)"))
    for f in bad:
        loc = f["Location"]["Start"]
        print(f"NOT ALLOWED {f['Level']} {f['Rule']['Id']} {f['Filename']}:{loc['LineNumber']}:{loc['ColumnNumber']}"
              f" {'/'.join(map(str, f['Location'].get('Path') or []))}: {f['Message']}")
    if bad:
        print(f"{len(bad)} cfn-lint finding(s) not fixed and not in {sys.argv[1]}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
