"""Tests of generator/synth: synthetic plans and progress."""
