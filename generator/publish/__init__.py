"""Building the whole site and putting it online without breaking what is live.

``build`` loads the MkDocs configuration strictly, builds the offline copy and then the site with it,
and answers which plan and progress folder a project builds; ``release`` publishes a checked build
as a new release beside the live one, switches a symbolic link atomically, keeps a history and rolls
back; ``checks`` verifies a built site (internal links, downloads, only regular files).
"""
