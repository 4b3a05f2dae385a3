"""Reads for support pages and the API, each scoped to what the actor may see (split by noun)."""
