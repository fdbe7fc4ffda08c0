"""Tests of generator/site: the built pages (BeautifulSoup), the theme seam, search, and the site in Chromium."""
