"""The answer layer: condense a follow-up, build numbered sources, generate or quote, check citations."""
