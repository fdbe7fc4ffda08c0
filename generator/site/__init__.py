"""The website: a thin MkDocs plugin over pages that are a pure function of the plan.

``plugin`` adapts MkDocs' events; ``pages`` lists every page cheaply and renders a body on request,
from the Jinja ``templates/``; ``worker`` decides where bodies, downloads and reports are made (here
or in a second process, as the plugin's ``worker`` setting says); ``progress_views`` is what pages
show of 落实情况, ``changes`` what the page of changes from the year before shows; ``overviews``,
``nav``, ``urls`` and ``metadata`` place the pages; ``theme`` is the one seam to mkdocs-material
(one escaping regime) and ``htmlfix`` the counted corrections to its markup; ``search`` the
Chinese search index; ``downloads`` and ``feed`` the open data and the Atom feed; ``sources``
refuses links and special files in docs/; ``assets/`` is shipped by the plugin.
"""
