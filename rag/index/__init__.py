"""The index layer: embedder, BM25 and vector indexes, index versions, filters, retrieval, relevance."""
