"""Read articles from files and streams into `Document` records, refusing bad input clearly."""

from eventcoder.ingest.readers import InputProblem, document_from_text, read_inputs

__all__ = ["InputProblem", "document_from_text", "read_inputs"]
