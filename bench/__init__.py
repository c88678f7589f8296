"""Benchmarks: plain scripts, each printing a Markdown table and a headline line (see README)."""
