"""Tests of generator/publish: whole builds, publishing and rollback, nginx, installing offline."""
