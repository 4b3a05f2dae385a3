"""The pure engines of Keep I.T. Confidential: no Django import anywhere below this package.

- `colour`: WCAG contrast, and a brand colour darkened until white text on it passes AA;
- `text`: word wrapping and font sizing that measure every line with the real font;
- `formats`: the sizes of every screensaver, banner and social graphic;
- `render`: one campaign image (Pillow), returning the boxes of everything it drew;
- `logo`: turning an uploaded PNG or SVG into a safe, re-encoded PNG, or a clear refusal;
- `poster`, `copy`, `pack`: the A4 PDF, the newsletter and intranet copy, the ZIP;
- `phishscale`, `scanner`, `results`: phishing exercises (difficulty, link-scanner filter, figures).
"""
