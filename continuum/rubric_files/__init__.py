"""An instrument version as a single JSON document ("workbench-instrument/1"), and back:
``writing`` exports a version, ``reading`` checks a file from outside, ``loading`` stores
a document as a new version. The shipped content in ``continuum/content/`` is written in
this format and loaded by a migration; site administrators exchange rubrics in it
(``export_rubric``, ``import_rubric``, the admin's upload).
"""
