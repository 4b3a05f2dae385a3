"""Our written content as data: Markdown files with a YAML header, turned into safe HTML and plain text.

Pure Python (no Django), so loading and checking content is fast and tested on its own.
"""
