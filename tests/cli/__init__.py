"""Tests of generator/cli: the commands, their help and their errors in Chinese."""
