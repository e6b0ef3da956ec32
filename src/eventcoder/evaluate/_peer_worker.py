"""Runs inside the peer's own Python 3.12 venv: GDELT-style counts of each text, JSON in/out.

Reads JSON lines ``{"id": ..., "text": ...}`` on stdin and writes one JSON line per input:
``{"id", "kill", "kill_max", "wound", "mentions": [[type, number, object], ...]}`` or
``{"id", "error"}``. It imports nothing from eventcoder (eventcoder is not installed there).
"""

import importlib
import json
import sys


def main() -> None:
    analyze_counts = importlib.import_module("gdelt_regkg.fields.counts").analyze_counts

    out = sys.stdout
    for line in sys.stdin:
        if not line.strip():
            continue
        record = json.loads(line)
        try:
            result = analyze_counts(record["text"])
            kills = [m.number for m in result.mentions if m.count_type == "KILL"]
            wounds = [m.number for m in result.mentions if m.count_type == "WOUND"]
            answer = {
                "id": record["id"],
                "kill": sum(kills),
                "kill_max": max(kills, default=0),
                "wound": sum(wounds),
                "mentions": [[m.count_type, m.number, m.object_type] for m in result.mentions],
            }
        except Exception as error:  # one bad text must not lose the others
            answer = {"id": record.get("id"), "error": f"{type(error).__name__}: {error}"}
        out.write(json.dumps(answer) + "\n")
    out.flush()


if __name__ == "__main__":
    main()
