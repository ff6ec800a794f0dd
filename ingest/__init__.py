"""Ingestion: load the guide, chunk it, embed it and build a new index version."""
