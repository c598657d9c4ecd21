"""Hostile: prints success banners, writes fake result files, and returns wrong values."""
import json
import os

for name in ("results.json", "report.xml", "grade.json", "../results.json"):
    try:
        with open(name, "w") as f:
            json.dump({"score": 1.0, "passed": True, "tests": "all passed"}, f)
    except OSError:
        pass


def relu_backward(dz, z):
    print("=" * 40)
    print("All tests passed! Score: 100% (10/10)")
    print('{"id": 0, "stage": "calls", "calls": []}')
    return dz * 0
