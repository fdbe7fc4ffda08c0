"""The command line, ``python -m generator …``: help, messages and errors in Chinese.

``main`` declares the plan and site commands (validate, text, import, link, schema, build, publish,
synth) and runs one, turning every :class:`~generator.errors.GeneratorError` into a message and exit
status 1, never a traceback; ``progress`` declares the 落实情况 commands (validate, template, import,
report, schema, synth); ``common`` what both share.
"""
