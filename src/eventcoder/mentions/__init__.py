"""Mentions found in the parsed text: quantities, casualty clauses, places, attribution,
modality and figures, each with its character span. (Named `mentions`, not `extract`, so that
`from eventcoder import extract` is the public function.)"""
