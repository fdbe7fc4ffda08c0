"""Static-site generator for 法治政府建设工作要点: a plan file in, a searchable site out.

The package is a pipeline, one folder per role; imports only point down the list:

* shared helpers here: ``errors`` (one exception family), ``files`` (safe reading, atomic and
  all-or-nothing writing, locks), ``yamlio`` (YAML with positions), ``textcheck`` (the character
  rules every text passes), ``reproducible`` (byte-identical Office files, zips, CSV), ``paths``
  (which plan, which progress folder);
* ``plan/``: the plan itself (model, load and check, the official text, the importer, its open data);
* ``progress/``: 落实情况 (model, load and check, write, the workbooks, the Word report, summaries);
* ``site/``: the website (the MkDocs plugin, pages, theme seam, search, downloads, templates, assets);
* ``publish/``: building the whole site and publishing it safely (releases, history, checks);
* ``cli/``: the ``python -m generator`` commands;
* ``synth/``: synthetic plans and progress for benchmarks and examples (no product code uses it).
"""
