"""The pilot, feedback, aggregates and the evaluation report (to come)."""
