"""Exporters: pure functions, one module per format, each with a round-trip test."""
