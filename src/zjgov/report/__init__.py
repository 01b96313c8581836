"""Shared rendering for every report zjgov writes: HTML (``report.html``), Markdown (``report.markdown``)
and JSON (``report.json``). No dependency beyond the standard library, no network assets.

>>> from zjgov.report import html
>>> str(html.escape("<b>"))
'&lt;b&gt;'
"""
