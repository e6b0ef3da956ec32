"""The spaCy model, loaded once per process."""

from eventcoder.nlp.model import MODEL_NAME, doc_text, load_nlp, parse, parse_many

__all__ = ["MODEL_NAME", "doc_text", "load_nlp", "parse", "parse_many"]
