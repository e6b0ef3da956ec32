"""The defaults of `eventcoder run` (a module of its own so the CLI starts without Dask)."""

from __future__ import annotations

# Documents per partition: the unit of work, of progress and of resuming.
DEFAULT_BATCH = 256
# Past nearly any news article (~15,000 words), and small enough that a worker stays well under
# 1 GB while parsing it (measured: ~500 MB peak for a 100,000-character text, see docs/scale.md);
# larger texts are refused with a reason. `eventcoder extract` keeps its own, larger limit.
RUN_MAX_CHARS = 100_000
# nlp.pipe holds a whole batch of Docs: bound it by characters as well as by documents
# (a typical batch is 32 articles of ~3,000 characters).
BATCH_CHARS = 100_000
BATCH_DOCS = 32
