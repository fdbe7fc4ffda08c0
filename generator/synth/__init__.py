"""Synthetic data for measuring the generator at scale and for the examples: never real.

``plan`` makes a plausible plan of any size (sections, tasks, bodies, targets); ``progress`` makes
fictional rounds for a plan, every entry marked as an example. The product never imports this
package; the command line and the benchmarks do.
"""
