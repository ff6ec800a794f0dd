"""Exact job-market answers: a typed query spec over the postings table (DuckDB), parsed from questions."""
