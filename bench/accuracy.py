"""Accuracy of eventcoder against gold data: the same as ``eventcoder bench accuracy``.

Run from the repository::

    python bench/accuracy.py                                   # all of ../shared/data/dev.csv
    python bench/accuracy.py --limit 500 --sample-seed 1       # the fast path: a fixed sample
    python bench/accuracy.py ../shared/examples/mosul-2016-12-25.gold.json
    python bench/accuracy.py --source acled --no-peer

It prints a table per source and overall with the goals and a pass/fail mark, a peer table
(GDELT's counts via gdelt-regkg, in its own Python 3.12 venv) and a speed line, and writes
``bench/out/<run>/report.json``, ``errors.txt`` and ``errors.jsonl``. The scoring lives in
``eventcoder.evaluate`` (see its modules for the conventions).
"""

from __future__ import annotations

import typer

from eventcoder.evaluate.cli import accuracy

if __name__ == "__main__":
    typer.run(accuracy)
