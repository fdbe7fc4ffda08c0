"""Tests of generator/progress: round files, workbooks, the Word report, and their hostile inputs."""
