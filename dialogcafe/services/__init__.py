"""Application commands both edges call: one unit of work, emits after commit."""
