"""Lints every resolved IAM policy of the integ templates with parliament.

Reads the files scripts/resolved-policies.ts writes (intrinsics already
resolved by the deployment rehearsal) and runs parliament (PyPI, pinned by
scripts/iam-lint.sh), which knows every service's actions, resource types
and condition keys from AWS's Service Authorization Reference, on each
statement.

A statement is the library's when it names a CodeConnections action
(either prefix), or when it belongs to a role the library creates (the
status reporter's, the health publisher's, a StackSync's Git sync role).
Its findings must be none, or listed with a reason in
scripts/iam-lint-allowed.json. Findings on aws-cdk-lib's own statements
(pipelines, CodeBuild, CDK Pipelines) and on integ-tests-alpha's assertion
roles are printed, not failed: they are not the library's to change.

    python3 scripts/iam-lint.py [DIR]      # default .tmp/iam-lint
"""
import glob
import json
import os
import re
import sys

import parliament

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
LIBRARY_ROLES = re.compile(r"^CodeConnections(StatusReporter|HealthPublisher)Role[0-9A-F]{8}$")
CODECONNECTIONS_ACTION = re.compile(r"^(codeconnections|codestar-connections):", re.I)


def as_list(value):
    return value if isinstance(value, list) else [value]


def is_library(policy, statement):
    # integ-tests-alpha's assertion roles (the integ apps' awsApiCall checks):
    # test machinery, never part of a user's stack.
    if "DeployAssert" in policy["stack"]:
        return False
    if any(CODECONNECTIONS_ACTION.match(a) for a in as_list(statement.get("Action", []))):
        return True
    if any(LIBRARY_ROLES.match(r) for r in policy["roles"]):
        return True
    # StackSync's role: an inline policy named GitSync (src/git-sync/stack-sync.ts).
    return policy["type"] == "AWS::IAM::Role (inline)" and policy["policyName"] == "GitSync"


def findings_of(statement):
    doc = {"Version": "2012-10-17", "Statement": [statement]}
    policy = parliament.analyze_policy_string(json.dumps(doc))
    return [(f.issue, f.detail) for f in policy.findings]


def allowed(allow, issue, detail):
    text = json.dumps(detail, sort_keys=True)
    for entry in allow:
        if entry["issue"] == issue and re.search(entry["detail"], text):
            return entry
    return None


def main():
    folder = sys.argv[1] if len(sys.argv) > 1 else os.path.join(ROOT, ".tmp", "iam-lint")
    with open(os.path.join(ROOT, "scripts", "iam-lint-allowed.json")) as f:
        allow = json.load(f)["allowed"]
    files = sorted(glob.glob(os.path.join(folder, "*.policies.json")))
    if not files:
        sys.exit(f"iam-lint: no *.policies.json in {folder}: run scripts/resolved-policies.ts first")
    counts = {"policies": 0, "statements": 0, "library": 0}
    used = {}
    failures, others = [], []
    for file in files:
        for policy in json.load(open(file)):
            counts["policies"] += 1
            for statement in as_list(policy["document"]["Statement"]):
                counts["statements"] += 1
                ours = is_library(policy, statement)
                counts["library"] += ours
                where = f'{policy["stack"]}/{policy["logicalId"]} ({policy["policyName"]}) {statement.get("Sid", "")}'.strip()
                for issue, detail in findings_of(statement):
                    line = f"{issue} {json.dumps(detail)} at {where}"
                    if not ours:
                        others.append(line)
                        continue
                    entry = allowed(allow, issue, detail)
                    if entry:
                        used[entry["reason"]] = used.get(entry["reason"], 0) + 1
                    else:
                        failures.append(line)
    print(f"parliament {parliament.__version__} over {counts['policies']} policies, {counts['statements']} statements "
          f"({counts['library']} the library's) of {len(files)} integ templates")
    for reason, n in used.items():
        print(f"  allowed ({n}): {reason}")
    print(f"  aws-cdk-lib's and integ-tests-alpha's statements: {len(others)} finding(s), not the library's to change")
    for line in others:
        print(f"    {line}")
    if failures:
        print(f"{len(failures)} finding(s) on the library's statements, not in scripts/iam-lint-allowed.json:", file=sys.stderr)
        for line in failures:
            print(f"  {line}", file=sys.stderr)
        sys.exit(1)
    print("  the library's statements: no finding left")


if __name__ == "__main__":
    main()
