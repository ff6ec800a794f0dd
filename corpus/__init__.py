"""Where the guide comes from: `manifest.toml` (the pinned repository and commit, and which of its
files are ingested) ships with the code as package data. A fetched checkout lands in
`corpus/field-guide/` (never committed)."""
