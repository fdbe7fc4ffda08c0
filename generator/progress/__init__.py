"""落实情况: the progress reports on the plan's tasks, one YAML file per reporting round.

``model`` is a round file's schema and the loaded :class:`~generator.progress.model.Progress` with
the questions pages ask of it (latest status, who has not reported, counts); ``load`` reads every
round against the plan (fast when well formed, every problem at once with positions when not);
``checks`` the rules an entry must meet (responsible body, dates, characters, web addresses);
``write`` the canonical YAML a round is written as; ``workbook`` the fill-in forms sent to bodies
and reading them back; ``report`` the round's Word 汇总; ``summary`` what changed in a round;
``opendata`` progress.json and progress.csv. Nothing here reads the clock.
"""
