"""Field Guide Chat: retrieval and answering over the AI Engineering Field Guide."""
