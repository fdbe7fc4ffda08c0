"""Tests of generator/plan: the model, loading, checks, the official text and the importer."""
