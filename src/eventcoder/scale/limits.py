"""The defaults of `eventcoder run` (a module of its own so the CLI starts without Dask)."""

from __future__ import annotations

# Documents per partition: the unit of work, of progress and of resuming.
DEFAULT_BATCH = 256
# Far past any news article (a long report is ~50k characters), and small enough that parsing
# it stays well inside a worker's memory budget (see docs/scale.md); larger texts are refused
# with a reason. `eventcoder extract` keeps its own, larger limit.
RUN_MAX_CHARS = 200_000
# nlp.pipe holds a whole batch of Docs: bound it by characters as well as by documents.
BATCH_CHARS = 400_000
BATCH_DOCS = 32
