"""The market eval: exact figures from an independent reference, and routing."""
