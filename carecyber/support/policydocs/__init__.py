"""Policy templates filled in for one organisation, written out as Word and PDF documents.

Pure Python (no Django): the web app, the API and `carecyber policies render`
all use it, and it is tested on its own.
"""
