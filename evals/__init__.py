"""Evaluation: questions files in, `{question_id: {doc_id: score}}` runs out, metrics computed purely."""
